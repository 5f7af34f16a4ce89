import { REST_ORIGINS } from './hosts';
import type { ExchangeId, TimeRange } from './types';

/**
 * One HTTP GET against a public endpoint, as the endpoint builders describe it. The transport
 * (core/exchanges/http.ts) spends `weight` from the named rate-limit `pool` before sending it.
 */
export interface RequestSpec {
  exchange: ExchangeId;
  /** The endpoint's path, used in errors and logs: "/fapi/v1/klines". */
  endpoint: string;
  /** Full URL including the query string. */
  url: string;
  /** Which of the exchange's published limits this request counts against. */
  pool: string;
  /** Cost against that pool (Binance request weight; 1 where the exchange counts requests). */
  weight: number;
}

/** A published rate limit: at most `capacity` units of weight per `windowMs`, per IP. */
export interface RateLimitPool {
  exchange: ExchangeId;
  pool: string;
  capacity: number;
  windowMs: number;
  /** Where the figure comes from (the exchange's docs page). */
  source: string;
}

/** Builds a URL from an origin, a path and query parameters, leaving out undefined ones. */
export function buildUrl(
  origin: string,
  path: string,
  query: Record<string, string | number | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const qs = params.toString();
  return `${origin}${path}${qs ? `?${qs}` : ''}`;
}

/** One public GET on the exchange's REST origin, costing `weight` from `pool`. */
export function getRequest(
  exchange: ExchangeId,
  endpoint: string,
  query: Record<string, string | number | undefined>,
  pool: string,
  weight = 1,
): RequestSpec {
  return { exchange, endpoint, url: buildUrl(REST_ORIGINS[exchange], endpoint, query), pool, weight };
}

/** One page of bar-aligned times: every `stepMs` from `first` to `last`, both inclusive. */
export interface Page {
  first: number;
  last: number;
  count: number;
}

/**
 * Splits the bar times inside `range` (multiples of `stepMs` since the epoch, which is how all
 * three exchanges align bars and statistics periods) into consecutive pages of at most `perPage`
 * times. Pages share no time and leave none out; an empty, reversed or non-finite range has none.
 */
export function pageTimes(range: TimeRange, stepMs: number, perPage: number): Page[] {
  const { startTime, endTime } = range;
  if (!Number.isFinite(startTime) || !Number.isFinite(endTime) || endTime < startTime) return [];
  if (!(stepMs > 0) || !(perPage >= 1)) return [];
  const first = Math.ceil(startTime / stepMs) * stepMs;
  const last = Math.floor(endTime / stepMs) * stepMs;
  const pages: Page[] = [];
  for (let from = first; from <= last; from += perPage * stepMs) {
    const to = Math.min(last, from + (perPage - 1) * stepMs);
    pages.push({ first: from, last: to, count: (to - from) / stepMs + 1 });
  }
  return pages;
}
