import { err, type Result as SharedResult } from '../result';
import type { ExchangeId } from './types';

export { ok } from '../result';

/**
 * What went wrong, as a value. Adapters never throw past their layer: every failure becomes one
 * of these, naming the exchange, the endpoint and (for bad data) the field at fault.
 */
export type ExchangeErrorKind =
  | 'rate-limited' // HTTP 429: slow down
  | 'banned' // HTTP 418 (Binance IP ban) or 403 (Bybit over its IP limit)
  | 'server' // HTTP 5xx
  | 'http' // any other non-2xx status
  | 'timeout'
  | 'network' // connection refused, reset, DNS, dropped socket
  | 'malformed' // not JSON, HTML error page, empty or truncated body, wrong shape or values
  | 'exchange'; // a well-formed error reply from the exchange (Bybit retCode, OKX code, Binance {code,msg})

export interface ExchangeError {
  kind: ExchangeErrorKind;
  exchange: ExchangeId;
  /** The endpoint's path or stream name, e.g. "/fapi/v1/klines" or "forceOrder". */
  endpoint: string;
  /** For malformed data: the path of the field at fault, e.g. "[3][2]" or "result.list[0].openInterest". */
  field?: string;
  status?: number;
  /** How long the exchange asked us to wait (Retry-After), when it said. */
  retryAfterMs?: number;
  message: string;
}

/** The project's one result type (core/result.ts), failing with an ExchangeError. */
export type ExchangeResult<T> = SharedResult<T, ExchangeError>;

export const fail = <T = never>(error: ExchangeError): ExchangeResult<T> => err(error);

export function describeError(e: ExchangeError): string {
  const where = `${e.exchange} ${e.endpoint}${e.field ? ` (${e.field})` : ''}`;
  const status = e.status !== undefined ? ` HTTP ${e.status}` : '';
  return `${where}: ${e.kind}${status}: ${e.message}`;
}
