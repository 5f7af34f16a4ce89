import type http from 'node:http';
import { binanceRest, isBinanceRestPath } from './binance-rest';
import { bybitRest, isBybitRestPath } from './bybit-rest';
import { DEPTH_REST_PATHS, depthRest, isReplayTruthPath, replayTruth } from './depth-rest';
import { htmlPage, type RestExchange, statusFaultReply, withWrongTypes } from './fault-replies';
import { isOkxRestPath, okxRest } from './okx-rest';
import type { Reply } from './reply';
import { allowed, logRequest, type ReplaySources, requestUrl } from './requests';

const BINANCE_REST_HOSTS = new Set(['fapi.binance.com']);
const BYBIT_REST_HOSTS = new Set(['api.bybit.com']);
const OKX_REST_HOSTS = new Set(['www.okx.com']);
/** The replay's own paths answer on 127.0.0.1 and localhost only. */
const LOCAL_ONLY: ReadonlySet<string> = new Set();

function restExchange(host: string, path: string): RestExchange | undefined {
  if (isBinanceRestPath(path) && allowed(BINANCE_REST_HOSTS, host)) return 'binance';
  if (isBybitRestPath(path) && allowed(BYBIT_REST_HOSTS, host)) return 'bybit';
  if (isOkxRestPath(path) && allowed(OKX_REST_HOSTS, host)) return 'okx';
  return undefined;
}

/** Binance's X-MBX-USED-WEIGHT-1M: weight spent in the current wall-clock minute. */
class WeightMeter {
  private minute = -1;
  private used = 0;
  spend(weight: number): number {
    const m = Math.floor(Date.now() / 60_000);
    if (m !== this.minute) {
      this.minute = m;
      this.used = 0;
    }
    this.used += weight;
    return this.used;
  }
}

export interface RestTiming {
  /** A wait that `close()` cuts short. */
  sleep(ms: number): Promise<void>;
  isClosed(): boolean;
}

/**
 * Answers every exchange's REST paths from the recording as of the replay clock, logging each
 * request and applying the first matching HTTP fault (status, slow, timeout, html, truncated,
 * malformed).
 */
export function restHandler(
  sources: ReplaySources,
  timing: RestTiming,
): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const { market, depth, clock, faults, liquidations, requests } = sources;
  const weight = new WeightMeter();

  /**
   * Above ×10 a stream message covers many steps and holds only their net change, so a snapshot
   * from inside one could not be joined to the stream exactly; the snapshot is then the book at
   * the last push, where every depth stream's message ends (at most 100 ms of wall time old).
   */
  const depthBookTime = (now: number): number => {
    const last = sources.streamPush.lastAt;
    return clock.speed > 10 && last !== undefined && last <= now ? last : now;
  };

  const answer = (exchange: RestExchange | undefined, host: string, url: URL, ageMs = 0): Reply => {
    const now = clock.now();
    if (exchange !== undefined && DEPTH_REST_PATHS[url.pathname] === exchange)
      return depthRest(exchange, url.searchParams, depth, now, ageMs, depthBookTime(now));
    if (isReplayTruthPath(url.pathname) && allowed(LOCAL_ONLY, host))
      return replayTruth(url.pathname, url.searchParams, depth, now);
    if (exchange === 'binance') return binanceRest(url.pathname, url.searchParams, market, now);
    if (exchange === 'bybit') return bybitRest(url.pathname, url.searchParams, market, now);
    if (exchange === 'okx') return okxRest(url.pathname, url.searchParams, market, liquidations, now);
    return {
      status: 404,
      body: `replay-exchange: nothing is served at ${host}${url.pathname}\n`,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    };
  };

  const onRequest = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = requestUrl(req);
    const record = logRequest(requests, req, url, 0);
    const { host } = record;
    const exchange = restExchange(host, url.pathname);
    const fault = faults.takeHttp(url.pathname);
    if (fault?.kind === 'timeout') return; // never answered; the socket is destroyed on close()
    if (fault?.kind === 'slow') {
      await timing.sleep(fault.delayMs ?? 3000);
      if (timing.isClosed() || res.destroyed) return;
    }
    let reply: Reply;
    if (fault?.kind === 'status') reply = statusFaultReply(exchange, fault);
    else if (fault?.kind === 'html') {
      const status = fault.status ?? 200;
      reply = htmlPage(
        status,
        'Service temporarily unavailable',
        'The service is under maintenance. Please try again later.',
      );
    } else reply = answer(exchange, host, url, fault?.kind === 'depth-stale' ? (fault.ageMs ?? 60_000) : 0);
    if (fault?.kind === 'truncated')
      reply = { ...reply, body: reply.body.slice(0, Math.max(1, Math.floor(reply.body.length / 2))) };
    if (fault?.kind === 'malformed') reply = { ...reply, body: withWrongTypes(reply.body) };
    const headers: Record<string, string> = { ...reply.headers };
    if (exchange === 'binance') headers['X-MBX-USED-WEIGHT-1M'] = String(weight.spend(reply.weight ?? 1));
    headers['Content-Length'] = String(Buffer.byteLength(reply.body));
    record.status = reply.status;
    res.writeHead(reply.status, headers);
    res.end(reply.body);
  };

  return (req, res) => {
    onRequest(req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('replay-exchange: internal error\n');
      }
    });
  };
}
