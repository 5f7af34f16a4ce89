import type { ExchangeAdapter } from '../adapter';
import * as endpoints from './endpoints';
import * as mapper from './mapper';
import { parseServerTime, serverTimeRequest } from './serverTime';

/**
 * Bybit v5, USDT perpetuals (category=linear), public endpoints only.
 *
 * No taker flow: Bybit v5's public market endpoints (kline, mark/index/premium kline, instruments,
 * orderbook, tickers, funding history, recent trades, open interest, historical volatility,
 * insurance, risk limit, delivery price, long/short ratio) include no taker buy/sell volume, and the
 * klines carry none either, so takerFlowRequests/parseTakerFlow are left undefined. It could only be
 * rebuilt from the publicTrade stream, which is not this adapter's job.
 * No REST liquidation history either: Bybit publishes liquidations only on the allLiquidation stream.
 */
export const bybit: ExchangeAdapter = {
  id: 'bybit',
  rateLimits: endpoints.BYBIT_RATE_LIMITS,

  candleRequests: endpoints.klineRequests,
  parseCandles: mapper.parseCandles,

  openInterestHistoryRequests: endpoints.openInterestRequests,
  parseOpenInterestHistory: mapper.parseOpenInterestHistory,

  longShortRatioRequests: endpoints.accountRatioRequests,
  parseLongShortRatio: mapper.parseLongShortRatio,

  tickSizeRequest: endpoints.instrumentsInfoRequest,
  parseTickSize: mapper.parseTickSize,

  serverTimeRequest,
  parseServerTime,
};
