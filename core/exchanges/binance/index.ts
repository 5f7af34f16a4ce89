import type { ExchangeAdapter } from '../adapter';
import {
  klinesRequests,
  longShortAccountRequests,
  openInterestHistRequests,
  openInterestRequest,
  premiumIndexRequest,
  rateLimits,
  takerBuySellRequests,
} from './endpoints';
import {
  parseCandles,
  parseLongShortRatio,
  parseMarkPrice,
  parseOpenInterest,
  parseOpenInterestHistory,
  parseTakerFlow,
} from './mapper';
import { binanceDefaultTiers } from './marginTiers';
import { parseServerTime, serverTimeRequest } from './serverTime';
import { stream } from './stream';

/**
 * The futures/data statistics are kept for 30 days before the range's end, which the caller
 * takes from the exchange's own clock (serverTime), not the local one.
 *
 * Binance USDⓈ-M futures, public data only. Margin tiers need a key, so they come from the dated
 * built-in table; Binance has no public REST liquidation history, only the forceOrder stream.
 */
export const binance: ExchangeAdapter = {
  id: 'binance',
  rateLimits,

  candleRequests: klinesRequests,
  parseCandles,

  openInterestHistoryRequests: (symbol, interval, range) =>
    openInterestHistRequests(symbol, interval, range, range.endTime),
  parseOpenInterestHistory,

  openInterestRequest,
  parseOpenInterest,

  takerFlowRequests: (symbol, interval, range) =>
    takerBuySellRequests(symbol, interval, range, range.endTime),
  parseTakerFlow,

  longShortRatioRequests: (symbol, interval, range) =>
    longShortAccountRequests(symbol, interval, range, range.endTime),
  parseLongShortRatio,

  defaultMarginTiers: binanceDefaultTiers,

  markPriceRequest: premiumIndexRequest,
  parseMarkPrice,

  serverTimeRequest,
  parseServerTime,

  stream,
};

export { exchangeInfoRequest, POOLS, rateLimits } from './endpoints';
export { parseExchangeInfoRateLimits } from './mapper';
export { binanceDefaultTiers } from './marginTiers';
