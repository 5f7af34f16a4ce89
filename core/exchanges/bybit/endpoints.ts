import { getRequest, pageTimes, type RateLimitPool, type RequestSpec } from '../request';
import { toExchangeSymbol } from '../symbols';
import { INTERVAL_MS, type Interval, type StatsInterval, statsPeriod, type TimeRange } from '../types';

/**
 * Request builders for Bybit v5 public market data (category=linear, USDT perpetuals). Each builder
 * splits a time range into requests that fit Bybit's per-request limit, so no request needs the
 * cursor: a window never holds more rows than the limit allows.
 */

export const ENDPOINTS = {
  kline: '/v5/market/kline',
  openInterest: '/v5/market/open-interest',
  accountRatio: '/v5/market/account-ratio',
  instrumentsInfo: '/v5/market/instruments-info',
} as const;

/** Per-request row limits, from each endpoint's docs page. */
export const PAGE_LIMITS = {
  kline: 1000, // https://bybit-exchange.github.io/docs/v5/market/kline ("[1, 1000]")
  openInterest: 200, // https://bybit-exchange.github.io/docs/v5/market/open-interest ("[1, 200]")
  accountRatio: 500, // https://bybit-exchange.github.io/docs/v5/market/long-short-ratio ("[1, 500]")
} as const;

/**
 * "You are allowed to send 600 requests within a 5-second window per IP ... If you encounter the
 * error '403, access too frequent' ... wait for at least 10 minutes." Every public GET costs 1.
 * The 403 (an HTML page, not JSON) and its 10-minute wait are handled by the transport (../http.ts).
 */
export const IP_POOL = 'ip';
export const BYBIT_RATE_LIMITS: readonly RateLimitPool[] = [
  {
    exchange: 'bybit',
    pool: IP_POOL,
    capacity: 600,
    windowMs: 5_000,
    source: 'https://bybit-exchange.github.io/docs/v5/rate-limit',
  },
];
/** Kline intervals: https://bybit-exchange.github.io/docs/v5/market/kline (1,3,5,15,30,60,120,240,360,720,D,W,M). */
const KLINE_INTERVAL: Record<Interval, string> = {
  '1m': '1',
  '5m': '5',
  '15m': '15',
  '30m': '30',
  '1h': '60',
  '4h': '240',
  '1d': 'D',
};

/**
 * Open-interest intervalTime and account-ratio period share one set: 5min,15min,30min,1h,4h,1d.
 * There is no 1-minute series, so 1m asks for the finest one Bybit has (5min).
 */
const STATS_NAME: Record<StatsInterval, string> = {
  '5m': '5min',
  '15m': '15min',
  '30m': '30min',
  '1h': '1h',
  '4h': '4h',
  '1d': '1d',
};

/** One request's slice of a range: both ends inclusive, on the interval grid. */
export interface Window {
  start: number;
  end: number;
  rows: number;
}

/**
 * Splits [range.startTime, range.endTime] into consecutive windows of at most `limit` rows on the
 * `stepMs` grid (the first window starts at the row containing startTime, which Bybit returns for a
 * start inside it). Windows touch without overlapping: the next starts one step after the previous
 * one's last row. The last window ends at endTime itself.
 */
export function pageWindows(range: TimeRange, stepMs: number, limit: number): Window[] {
  if (!(range.startTime <= range.endTime) || !(stepMs > 0)) return [];
  const aligned = { startTime: Math.floor(range.startTime / stepMs) * stepMs, endTime: range.endTime };
  return pageTimes(aligned, stepMs, limit).map((page) => ({
    start: page.first,
    end: Math.min(page.first + (limit - 1) * stepMs, range.endTime),
    rows: page.count,
  }));
}

/** One request per window, naming its bounds `startKey`/`endKey` as the endpoint does. */
function pagedRequests(
  endpoint: string,
  query: Record<string, string>,
  range: TimeRange,
  stepMs: number,
  limit: number,
  [startKey, endKey]: readonly [string, string],
): RequestSpec[] {
  return pageWindows(range, stepMs, limit).map((w) =>
    getRequest(
      'bybit',
      endpoint,
      { category: 'linear', ...query, [startKey]: w.start, [endKey]: w.end, limit: w.rows },
      IP_POOL,
    ),
  );
}

/** GET /v5/market/kline — https://bybit-exchange.github.io/docs/v5/market/kline */
export function klineRequests(symbol: string, interval: Interval, range: TimeRange): RequestSpec[] {
  const query = { symbol: toExchangeSymbol('bybit', symbol), interval: KLINE_INTERVAL[interval] };
  return pagedRequests(ENDPOINTS.kline, query, range, INTERVAL_MS[interval], PAGE_LIMITS.kline, [
    'start',
    'end',
  ]);
}

/** The statistics endpoints name a window's bounds startTime/endTime (the kline: start/end). */
const STATS_BOUNDS = ['startTime', 'endTime'] as const;

/** GET /v5/market/open-interest — https://bybit-exchange.github.io/docs/v5/market/open-interest */
export function openInterestRequests(symbol: string, interval: Interval, range: TimeRange): RequestSpec[] {
  const { period, stepMs } = statsPeriod(interval, STATS_NAME);
  const query = { symbol: toExchangeSymbol('bybit', symbol), intervalTime: period };
  return pagedRequests(ENDPOINTS.openInterest, query, range, stepMs, PAGE_LIMITS.openInterest, STATS_BOUNDS);
}

/** GET /v5/market/account-ratio — https://bybit-exchange.github.io/docs/v5/market/long-short-ratio */
export function accountRatioRequests(symbol: string, interval: Interval, range: TimeRange): RequestSpec[] {
  const { period, stepMs } = statsPeriod(interval, STATS_NAME);
  const query = { symbol: toExchangeSymbol('bybit', symbol), period };
  return pagedRequests(ENDPOINTS.accountRatio, query, range, stepMs, PAGE_LIMITS.accountRatio, STATS_BOUNDS);
}

/**
 * GET /v5/market/instruments-info?category=linear&symbol=BTCUSDT —
 * https://bybit-exchange.github.io/docs/v5/market/instrument (priceFilter.tickSize, the price step).
 */
export const instrumentsInfoRequest = (symbol: string): RequestSpec =>
  symbolRequest(ENDPOINTS.instrumentsInfo, symbol);

function symbolRequest(endpoint: string, symbol: string): RequestSpec {
  return getRequest(
    'bybit',
    endpoint,
    { category: 'linear', symbol: toExchangeSymbol('bybit', symbol) },
    IP_POOL,
  );
}
