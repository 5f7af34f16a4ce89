import { getRequest, pageTimes, type RateLimitPool, type RequestSpec } from '../request';
import { toExchangeSymbol } from '../symbols';
import { INTERVAL_MS, type Interval, statsInterval, type TimeRange } from '../types';

/**
 * Request builders for the Binance USDⓈ-M public REST endpoints, paged to Binance's own per-request
 * limits and priced in the rate-limit pool each one counts against. Builders are pure; they throw
 * only on a symbol that is not a neutral USDT-perpetual name (a caller bug, see symbols.ts).
 */

const DOCS = 'https://developers.binance.com/docs/derivatives/usds-margined-futures';

export const ENDPOINTS = {
  klines: '/fapi/v1/klines',
  openInterestHist: '/futures/data/openInterestHist',
  takerBuySell: '/futures/data/takerlongshortRatio',
  longShortAccounts: '/futures/data/globalLongShortAccountRatio',
  exchangeInfo: '/fapi/v1/exchangeInfo',
} as const;

/**
 * The two per-IP budgets our public requests draw from. /fapi/v1/* spends request weight; the
 * /futures/data/* statistics cost 0 weight but have their own limit counted in requests.
 */
export const POOLS = {
  requestWeight: 'request-weight',
  futuresData: 'futures-data',
} as const;

/**
 * Published defaults, used until exchangeInfo tells us the live REQUEST_WEIGHT limit.
 * - 2400 weight per minute: exchangeInfo's documented rateLimits (and Binance's "Rate Limits on
 *   Binance Futures" FAQ: "The default rate limit per IP is 2,400/min").
 * - 1000 requests per 5 minutes: "IP rate limit 1000 requests/5min", stated on each
 *   /futures/data/* page. Binance does not say whether that limit is per endpoint or shared, so we
 *   treat it as one shared pool (the cautious reading).
 */
export const rateLimits: readonly RateLimitPool[] = [
  {
    exchange: 'binance',
    pool: POOLS.requestWeight,
    capacity: 2400,
    windowMs: 60_000,
    source: `${DOCS}/market-data/rest-api/Exchange-Information`,
  },
  {
    exchange: 'binance',
    pool: POOLS.futuresData,
    capacity: 1000,
    windowMs: 300_000,
    source: `${DOCS}/market-data/rest-api/Open-Interest-Statistics`,
  },
];

/**
 * Bars per kline request. Weight grows by steps with `limit` (1 below 100, 2 below 500, 5 up to
 * 1000, 10 above), so 499-bar pages fetch the most bars per unit of weight: 250 per weight against
 * 150 for 1500-bar pages. Backfills are weight-bound, not latency-bound, in a shared-IP browser.
 */
const KLINES_PAGE_BARS = 499;

/** Most points one /futures/data/* request may ask for (docs: "default 30, max 500"). */
export const FUTURES_DATA_MAX_LIMIT = 500;

/** /futures/data/* only keeps the latest 30 days ("Only the data of the latest 30 days is available"). */
export const FUTURES_DATA_RETENTION_MS = 30 * 86_400_000;

/** Request weight of GET /fapi/v1/klines for a given `limit` (docs: "Request Weight based on parameter LIMIT"). */
export function klinesWeight(limit: number): number {
  if (limit < 100) return 1;
  if (limit < 500) return 2;
  if (limit <= 1000) return 5;
  return 10;
}

/** A GET costing `weight` from `pool` (request weight unless said otherwise). */
const get = (
  endpoint: string,
  query: Record<string, string | number>,
  pool: string = POOLS.requestWeight,
  weight = 1,
): RequestSpec => getRequest('binance', endpoint, query, pool, weight);

/**
 * Pages of bar times from `range`, each asking for exactly its own bars: endTime is the last bar's
 * close time, so a page holds its bars whether Binance compares endTime to open or close times.
 */
function pagedRequests(
  endpoint: string,
  query: Record<string, string>,
  range: TimeRange,
  step: number,
  perPage: number,
  pool: string,
  weightOf: (limit: number) => number,
): RequestSpec[] {
  return pageTimes(range, step, perPage).map((page) =>
    get(
      endpoint,
      { ...query, startTime: page.first, endTime: page.last + step - 1, limit: page.count },
      pool,
      weightOf(page.count),
    ),
  );
}

/**
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Kline-Candlestick-Data
 * Weight by limit (see klinesWeight), pool request-weight.
 */
export function klinesRequests(symbol: string, interval: Interval, range: TimeRange): RequestSpec[] {
  const query = { symbol: toExchangeSymbol('binance', symbol), interval };
  const step = INTERVAL_MS[interval];
  return pagedRequests(
    ENDPOINTS.klines,
    query,
    range,
    step,
    KLINES_PAGE_BARS,
    POOLS.requestWeight,
    klinesWeight,
  );
}

/**
 * Paging for one /futures/data/* statistic: same parameters, same limits, same pool (request
 * weight 0; "IP rate limit 1000 requests/5min"). The range is clipped to the 30 days before `now`:
 * asking for older data only spends the futures-data budget on empty answers. `now` is Binance's
 * clock; without one the range's end stands for it, which callers take from serverTime.
 */
const futuresDataRequests =
  (endpoint: string) =>
  (symbol: string, interval: Interval, range: TimeRange, now: number = range.endTime): RequestSpec[] => {
    const period = statsInterval(interval);
    const clipped = {
      startTime: Math.max(range.startTime, now - FUTURES_DATA_RETENTION_MS),
      endTime: range.endTime,
    };
    const query = { symbol: toExchangeSymbol('binance', symbol), period };
    const step = INTERVAL_MS[period];
    return pagedRequests(endpoint, query, clipped, step, FUTURES_DATA_MAX_LIMIT, POOLS.futuresData, () => 1);
  };

/** https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Open-Interest-Statistics */
export const openInterestHistRequests = futuresDataRequests(ENDPOINTS.openInterestHist);

/** https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Taker-BuySell-Volume */
export const takerBuySellRequests = futuresDataRequests(ENDPOINTS.takerBuySell);

/** https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Long-Short-Ratio */
export const longShortAccountRequests = futuresDataRequests(ENDPOINTS.longShortAccounts);

/** https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Exchange-Information — weight 1. */
export function exchangeInfoRequest(): RequestSpec {
  return get(ENDPOINTS.exchangeInfo, {});
}
