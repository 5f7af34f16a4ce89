import type { ExchangeAdapter } from '../adapter';
import * as endpoints from './endpoints';
import * as mapper from './mapper';
import { parseServerTime, serverTimeRequest } from './serverTime';

/**
 * Binance USDⓈ-M futures, public data only. Binance has no public REST liquidation history, only
 * the forceOrder stream.
 *
 * The futures/data statistics are kept for 30 days before the range's end, which the caller
 * takes from the exchange's own clock (serverTime), not the local one.
 */
export const binance: ExchangeAdapter = {
  id: 'binance',
  rateLimits: endpoints.rateLimits,

  candleRequests: endpoints.klinesRequests,
  parseCandles: mapper.parseCandles,

  openInterestHistoryRequests: endpoints.openInterestHistRequests,
  parseOpenInterestHistory: mapper.parseOpenInterestHistory,

  takerFlowRequests: endpoints.takerBuySellRequests,
  parseTakerFlow: mapper.parseTakerFlow,

  statsReachMs: () => endpoints.FUTURES_DATA_RETENTION_MS,

  longShortRatioRequests: endpoints.longShortAccountRequests,
  parseLongShortRatio: mapper.parseLongShortRatio,

  // exchangeInfo has no symbol filter on USDⓈ-M: the whole list, weight 1, read once a day.
  tickSizeRequest: () => endpoints.exchangeInfoRequest(),
  parseTickSize: mapper.parseExchangeInfoTickSize,

  serverTimeRequest,
  parseServerTime,
};

/** The live request-weight limit, for a caller that wants to refresh the published default. */
export { exchangeInfoRequest } from './endpoints';
export { parseExchangeInfoRateLimits } from './mapper';
