import type { TimeRange } from '../adapter';
import { REST_ORIGINS } from '../hosts';
import { buildUrl, type RateLimitPool, type RequestSpec } from '../request';
import { toExchangeSymbol } from '../symbols';
import { INTERVAL_MS, type Interval } from '../types';

/**
 * Request builders for the Binance USDⓈ-M public REST endpoints, paged to Binance's own per-request
 * limits and priced in the rate-limit pool each one counts against. Builders are pure; they throw
 * only on a symbol that is not a neutral USDT-perpetual name (a caller bug, see symbols.ts).
 */

const DOCS = 'https://developers.binance.com/docs/derivatives/usds-margined-futures';

export const ENDPOINTS = {
  klines: '/fapi/v1/klines',
  openInterestHist: '/futures/data/openInterestHist',
  openInterest: '/fapi/v1/openInterest',
  takerBuySell: '/futures/data/takerlongshortRatio',
  longShortAccounts: '/futures/data/globalLongShortAccountRatio',
  premiumIndex: '/fapi/v1/premiumIndex',
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

/** Most klines one request may ask for (docs: "Default 500; max 1500"). */
export const KLINES_MAX_LIMIT = 1500;

/**
 * Bars per kline request. Weight grows by steps with `limit` (1 below 100, 2 below 500, 5 up to
 * 1000, 10 above), so 499-bar pages fetch the most bars per unit of weight: 250 per weight against
 * 150 for 1500-bar pages. Backfills are weight-bound, not latency-bound, in a shared-IP browser.
 */
export const KLINES_PAGE_BARS = 499;

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

/** Binance's futures/data periods start at 5m: a 1m request gets 5m points, the finest there is. */
const FUTURES_DATA_PERIOD: Record<Interval, Exclude<Interval, '1m'>> = {
  '1m': '5m',
  '5m': '5m',
  '15m': '15m',
  '30m': '30m',
  '1h': '1h',
  '4h': '4h',
  '1d': '1d',
};

/** The period futures/data statistics will actually come back in for a requested interval. */
export function futuresDataPeriod(interval: Interval): Exclude<Interval, '1m'> {
  return FUTURES_DATA_PERIOD[interval];
}

/** One page of bar-aligned times: every `stepMs` from `first` to `last`, both inclusive. */
export interface Page {
  first: number;
  last: number;
  count: number;
}

/**
 * Splits the bar times inside `range` (multiples of `stepMs` since the epoch, which is how Binance
 * aligns 1m…1d bars and statistics periods) into consecutive pages of at most `perPage` times.
 * Pages share no time and leave none out.
 */
export function pageTimes(range: TimeRange, stepMs: number, perPage: number): Page[] {
  const { startTime, endTime } = range;
  if (!Number.isFinite(startTime) || !Number.isFinite(endTime) || stepMs <= 0 || perPage < 1) return [];
  const first = Math.ceil(startTime / stepMs) * stepMs;
  const last = Math.floor(endTime / stepMs) * stepMs;
  const pages: Page[] = [];
  for (let pageFirst = first; pageFirst <= last; pageFirst += perPage * stepMs) {
    const pageLast = Math.min(last, pageFirst + (perPage - 1) * stepMs);
    pages.push({ first: pageFirst, last: pageLast, count: (pageLast - pageFirst) / stepMs + 1 });
  }
  return pages;
}

const origin = REST_ORIGINS.binance;

/**
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Kline-Candlestick-Data
 * Weight by limit (see klinesWeight), pool request-weight. endTime is the last page bar's close
 * time, so the page holds exactly its own bars whether Binance compares endTime to open or close.
 */
export function klinesRequests(symbol: string, interval: Interval, range: TimeRange): RequestSpec[] {
  const exchangeSymbol = toExchangeSymbol('binance', symbol);
  const step = INTERVAL_MS[interval];
  return pageTimes(range, step, KLINES_PAGE_BARS).map((page) => ({
    exchange: 'binance',
    endpoint: ENDPOINTS.klines,
    url: buildUrl(origin, ENDPOINTS.klines, {
      symbol: exchangeSymbol,
      interval,
      startTime: page.first,
      endTime: page.last + step - 1,
      limit: page.count,
    }),
    pool: POOLS.requestWeight,
    weight: klinesWeight(page.count),
  }));
}

/** Shared paging for the /futures/data/* statistics: same parameters, same limits, same pool. */
function futuresDataRequests(
  endpoint: string,
  symbol: string,
  interval: Interval,
  range: TimeRange,
  now: number,
): RequestSpec[] {
  const exchangeSymbol = toExchangeSymbol('binance', symbol);
  const period = futuresDataPeriod(interval);
  const step = INTERVAL_MS[period];
  // Asking for older data only spends the futures-data budget on empty answers.
  const clipped = {
    startTime: Math.max(range.startTime, now - FUTURES_DATA_RETENTION_MS),
    endTime: range.endTime,
  };
  return pageTimes(clipped, step, FUTURES_DATA_MAX_LIMIT).map((page) => ({
    exchange: 'binance',
    endpoint,
    url: buildUrl(origin, endpoint, {
      symbol: exchangeSymbol,
      period,
      startTime: page.first,
      endTime: page.last + step - 1,
      limit: page.count,
    }),
    pool: POOLS.futuresData,
    weight: 1,
  }));
}

/**
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Open-Interest-Statistics
 * Request weight 0; "IP rate limit 1000 requests/5min" (pool futures-data). Range clipped to the
 * last 30 days before `now`.
 */
export function openInterestHistRequests(
  symbol: string,
  interval: Interval,
  range: TimeRange,
  now: number = Date.now(),
): RequestSpec[] {
  return futuresDataRequests(ENDPOINTS.openInterestHist, symbol, interval, range, now);
}

/**
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Taker-BuySell-Volume
 * Request weight 0; "IP rate limit 1000 requests/5min" (pool futures-data).
 */
export function takerBuySellRequests(
  symbol: string,
  interval: Interval,
  range: TimeRange,
  now: number = Date.now(),
): RequestSpec[] {
  return futuresDataRequests(ENDPOINTS.takerBuySell, symbol, interval, range, now);
}

/**
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Long-Short-Ratio
 * Request weight 0; same futures/data limit and 30-day retention.
 */
export function longShortAccountRequests(
  symbol: string,
  interval: Interval,
  range: TimeRange,
  now: number = Date.now(),
): RequestSpec[] {
  return futuresDataRequests(ENDPOINTS.longShortAccounts, symbol, interval, range, now);
}

/** https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Open-Interest — weight 1. */
export function openInterestRequest(symbol: string): RequestSpec {
  return {
    exchange: 'binance',
    endpoint: ENDPOINTS.openInterest,
    url: buildUrl(origin, ENDPOINTS.openInterest, { symbol: toExchangeSymbol('binance', symbol) }),
    pool: POOLS.requestWeight,
    weight: 1,
  };
}

/**
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Mark-Price
 * Weight 1 with a symbol (the all-symbols form costs more; we never send it).
 */
export function premiumIndexRequest(symbol: string): RequestSpec {
  return {
    exchange: 'binance',
    endpoint: ENDPOINTS.premiumIndex,
    url: buildUrl(origin, ENDPOINTS.premiumIndex, { symbol: toExchangeSymbol('binance', symbol) }),
    pool: POOLS.requestWeight,
    weight: 1,
  };
}

/** https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Exchange-Information — weight 1. */
export function exchangeInfoRequest(): RequestSpec {
  return {
    exchange: 'binance',
    endpoint: ENDPOINTS.exchangeInfo,
    url: buildUrl(origin, ENDPOINTS.exchangeInfo, {}),
    pool: POOLS.requestWeight,
    weight: 1,
  };
}
