import type { TimeRange } from '../adapter';
import { REST_ORIGINS } from '../hosts';
import { buildUrl, type RateLimitPool, type RequestSpec } from '../request';
import { toExchangeSymbol } from '../symbols';
import { INTERVAL_MS, type Interval } from '../types';

/**
 * Request builders for Bybit v5 public market data (category=linear, USDT perpetuals). Each builder
 * splits a time range into requests that fit Bybit's per-request limit, so no request needs the
 * cursor: a window never holds more rows than the limit allows.
 */

export const ENDPOINTS = {
  kline: '/v5/market/kline',
  openInterest: '/v5/market/open-interest',
  accountRatio: '/v5/market/account-ratio',
  riskLimit: '/v5/market/risk-limit',
  tickers: '/v5/market/tickers',
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
export const KLINE_INTERVAL: Record<Interval, string> = {
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
export const STATS_PERIOD: Record<Interval, { period: string; ms: number }> = {
  '1m': { period: '5min', ms: INTERVAL_MS['5m'] },
  '5m': { period: '5min', ms: INTERVAL_MS['5m'] },
  '15m': { period: '15min', ms: INTERVAL_MS['15m'] },
  '30m': { period: '30min', ms: INTERVAL_MS['30m'] },
  '1h': { period: '1h', ms: INTERVAL_MS['1h'] },
  '4h': { period: '4h', ms: INTERVAL_MS['4h'] },
  '1d': { period: '1d', ms: INTERVAL_MS['1d'] },
};

/** One request's slice of a range: both ends inclusive, on the interval grid. */
export interface Window {
  start: number;
  end: number;
  rows: number;
}

/**
 * Splits [range.startTime, range.endTime] into consecutive windows of at most `limit` rows on the
 * `stepMs` grid (the first window starts at the row containing startTime). Windows touch without
 * overlapping: the next starts one step after the previous one's last row.
 */
export function pageWindows(range: TimeRange, stepMs: number, limit: number): Window[] {
  const { startTime, endTime } = range;
  if (
    !Number.isFinite(startTime) ||
    !Number.isFinite(endTime) ||
    startTime > endTime ||
    !(stepMs > 0) ||
    !(limit >= 1)
  )
    return [];
  const first = Math.floor(startTime / stepMs) * stepMs;
  const windows: Window[] = [];
  for (let start = first; start <= endTime; start += limit * stepMs) {
    const end = Math.min(start + (limit - 1) * stepMs, endTime);
    windows.push({ start, end, rows: Math.floor((end - start) / stepMs) + 1 });
  }
  return windows;
}

const get = (endpoint: string, query: Record<string, string | number | undefined>): RequestSpec => ({
  exchange: 'bybit',
  endpoint,
  url: buildUrl(REST_ORIGINS.bybit, endpoint, query),
  pool: IP_POOL,
  weight: 1,
});

/** GET /v5/market/kline — https://bybit-exchange.github.io/docs/v5/market/kline */
export function klineRequests(symbol: string, interval: Interval, range: TimeRange): RequestSpec[] {
  const instrument = toExchangeSymbol('bybit', symbol);
  return pageWindows(range, INTERVAL_MS[interval], PAGE_LIMITS.kline).map((w) =>
    get(ENDPOINTS.kline, {
      category: 'linear',
      symbol: instrument,
      interval: KLINE_INTERVAL[interval],
      start: w.start,
      end: w.end,
      limit: w.rows,
    }),
  );
}

/** GET /v5/market/open-interest — https://bybit-exchange.github.io/docs/v5/market/open-interest */
export function openInterestRequests(symbol: string, interval: Interval, range: TimeRange): RequestSpec[] {
  const instrument = toExchangeSymbol('bybit', symbol);
  const { period, ms } = STATS_PERIOD[interval];
  return pageWindows(range, ms, PAGE_LIMITS.openInterest).map((w) =>
    get(ENDPOINTS.openInterest, {
      category: 'linear',
      symbol: instrument,
      intervalTime: period,
      startTime: w.start,
      endTime: w.end,
      limit: w.rows,
    }),
  );
}

/** GET /v5/market/account-ratio — https://bybit-exchange.github.io/docs/v5/market/long-short-ratio */
export function accountRatioRequests(symbol: string, interval: Interval, range: TimeRange): RequestSpec[] {
  const instrument = toExchangeSymbol('bybit', symbol);
  const { period, ms } = STATS_PERIOD[interval];
  return pageWindows(range, ms, PAGE_LIMITS.accountRatio).map((w) =>
    get(ENDPOINTS.accountRatio, {
      category: 'linear',
      symbol: instrument,
      period,
      startTime: w.start,
      endTime: w.end,
      limit: w.rows,
    }),
  );
}

/**
 * GET /v5/market/risk-limit — https://bybit-exchange.github.io/docs/v5/market/risk-limit
 * Without a symbol Bybit pages through all symbols by cursor; with one it returns that symbol's tiers.
 */
export function riskLimitRequest(symbol: string): RequestSpec {
  return get(ENDPOINTS.riskLimit, { category: 'linear', symbol: toExchangeSymbol('bybit', symbol) });
}

/** GET /v5/market/tickers — https://bybit-exchange.github.io/docs/v5/market/tickers */
export function tickersRequest(symbol: string): RequestSpec {
  return get(ENDPOINTS.tickers, { category: 'linear', symbol: toExchangeSymbol('bybit', symbol) });
}
