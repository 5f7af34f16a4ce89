import type http from 'node:http';
import type { ReplayClock } from './clock';
import type { SyntheticDepth } from './depth-book';
import type { FaultBook } from './faults';
import type { LiquidationPushRecord, ReplayLiquidation } from './liquidations';
import type { ReplayMarket } from './market';

/** What the REST and stream handlers answer from, and the log they both write. */
export interface ReplaySources {
  market: ReplayMarket;
  /** The synthetic order books (depth-book.ts) behind the depth REST and streams. */
  depth: SyntheticDepth;
  clock: ReplayClock;
  faults: FaultBook;
  liquidations: readonly ReplayLiquidation[];
  requests: RequestRecord[];
  /** Every liquidation pushed on a stream, in push order. */
  liquidationPushes: LiquidationPushRecord[];
  /**
   * Replay time of the last stream push (every connection is pushed at the same instant): above
   * ×10 the depth REST snapshots are served as of it, where every depth stream's message ends.
   */
  streamPush: { lastAt: number | undefined };
}

/** One request the replay exchange saw: the evidence tests and the demo read of who asked for what. */
export interface RequestRecord {
  /** Wall-clock time the request arrived, epoch ms. */
  time: number;
  method: string;
  /** Host header without the port: "fapi.binance.com". */
  host: string;
  path: string;
  /** Query string without the "?". */
  query: string;
  /** HTTP status sent; 0 while unanswered (a 'timeout' fault never answers); 101 for an accepted WebSocket. */
  status: number;
  ws?: boolean;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

function hostName(header: string | undefined): string {
  if (!header) return '';
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  return h.replace(/:\d+$/, '');
}

/**
 * Requests are routed by Host header and path, so a Binance path asked of api.bybit.com is a 404,
 * as it would be for real; 127.0.0.1 and localhost reach everything.
 */
export function allowed(hosts: ReadonlySet<string>, host: string): boolean {
  return hosts.has(host) || LOCAL_HOSTS.has(host);
}

/** Appends the request to the log and returns its record, for the handler to fill in the status. */
export function logRequest(
  log: RequestRecord[],
  req: http.IncomingMessage,
  url: URL,
  status: number,
  ws?: true,
): RequestRecord {
  const record: RequestRecord = {
    time: Date.now(),
    method: req.method ?? 'GET',
    host: hostName(req.headers.host),
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    status,
    ...(ws ? { ws } : {}),
  };
  log.push(record);
  return record;
}

/** The request's URL; the host part is a placeholder (routing reads the Host header). */
export function requestUrl(req: http.IncomingMessage): URL {
  return new URL(req.url ?? '/', 'http://replay.invalid');
}
