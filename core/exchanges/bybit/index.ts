import type { ExchangeAdapter } from '../adapter';
import {
  accountRatioRequests,
  BYBIT_RATE_LIMITS,
  klineRequests,
  openInterestRequests,
  riskLimitRequest,
  tickersRequest,
} from './endpoints';
import {
  parseCandles,
  parseLongShortRatio,
  parseMarginTiers,
  parseMarkPrice,
  parseOpenInterest,
  parseOpenInterestHistory,
} from './mapper';
import { parseServerTime, serverTimeRequest } from './serverTime';
import { PING, parseStreamMessage, streamUrl, subscribeMessages } from './stream';

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
  rateLimits: BYBIT_RATE_LIMITS,

  candleRequests: klineRequests,
  parseCandles,

  openInterestHistoryRequests: openInterestRequests,
  parseOpenInterestHistory,

  // Current open interest comes from the ticker (live, with its USD value): see parseOpenInterest.
  openInterestRequest: tickersRequest,
  parseOpenInterest,

  longShortRatioRequests: accountRatioRequests,
  parseLongShortRatio,

  marginTiersRequest: riskLimitRequest,
  parseMarginTiers,

  markPriceRequest: tickersRequest,
  parseMarkPrice,

  serverTimeRequest,
  parseServerTime,

  stream: {
    url: streamUrl,
    subscribeMessages,
    ping: PING,
    parseMessage: parseStreamMessage,
  },
};
