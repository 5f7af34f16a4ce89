import type { ExchangeId } from './types';

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
