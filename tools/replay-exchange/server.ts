import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { binanceError, binanceRest, isBinanceRestPath } from './binance-rest';
import { BinanceStreamSession } from './binance-stream';
import { bybitRest, isBybitRestPath } from './bybit-rest';
import { BybitStreamSession } from './bybit-stream';
import { replayCertificate } from './certificate';
import type { ReplayClock } from './clock';
import type { FaultBook, FaultRule } from './faults';
import type { RecordedLiquidation } from './liquidations';
import type { ReplayMarket } from './market';
import { isOkxRestPath, okxError, okxRest } from './okx-rest';
import type { Reply } from './reply';

/**
 * One TCP port that answers both TLS (the browser, reaching the real hostnames through
 * --host-resolver-rules) and plain HTTP (Node-side tests): the first byte of a connection
 * decides (0x16 opens a TLS handshake). Requests are routed by Host header and path, so a
 * Binance path asked of api.bybit.com is a 404, as it would be for real.
 */

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

export interface ServerParts {
  market: ReplayMarket;
  clock: ReplayClock;
  faults: FaultBook;
  liquidations: readonly RecordedLiquidation[];
  port?: number;
}

export interface RunningServer {
  port: number;
  requests: RequestRecord[];
  close(): Promise<void>;
}

/** How often stream subscribers get what happened since the last push (wall-clock ms). */
export const TICK_MS = 100;

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);
const BINANCE_REST_HOSTS = new Set(['fapi.binance.com']);
const BINANCE_WS_HOSTS = new Set(['fstream.binance.com']);
const BYBIT_REST_HOSTS = new Set(['api.bybit.com']);
const BYBIT_WS_HOSTS = new Set(['stream.bybit.com']);
const OKX_REST_HOSTS = new Set(['www.okx.com']);

type Exchange = 'binance' | 'bybit' | 'okx';

interface StreamSession {
  readonly path: string;
  halfOpen: boolean;
  streamNames(): string[];
  tick(now: number): void;
  onMessage(text: string): void;
}

export function hostName(header: string | undefined): string {
  if (!header) return '';
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  return h.replace(/:\d+$/, '');
}

function allowed(hosts: ReadonlySet<string>, host: string): boolean {
  return hosts.has(host) || LOCAL_HOSTS.has(host);
}

function restExchange(host: string, path: string): Exchange | undefined {
  if (isBinanceRestPath(path) && allowed(BINANCE_REST_HOSTS, host)) return 'binance';
  if (isBybitRestPath(path) && allowed(BYBIT_REST_HOSTS, host)) return 'bybit';
  if (isOkxRestPath(path) && allowed(OKX_REST_HOSTS, host)) return 'okx';
  return undefined;
}

function htmlPage(status: number, title: string, text: string): Reply {
  return {
    status,
    body: `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${title}</title></head>\n<body><h1>${title}</h1><p>${text}</p></body></html>\n`,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
  };
}

/**
 * Bybit answers an IP over its limit with HTTP 403 and an HTML page from its CDN (not JSON), and
 * keeps the IP blocked for about 10 minutes. The wording here is ours; the point is the shape:
 * status 403, text/html, a <title>.
 */
function bybitBanPage(): Reply {
  return {
    status: 403,
    body:
      '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">\n' +
      '<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">\n' +
      '<TITLE>ERROR: The request could not be satisfied</TITLE>\n</HEAD><BODY>\n<H1>403 ERROR</H1>\n' +
      '<H2>The request could not be satisfied.</H2>\n<HR noshade size="1px">\n' +
      'Request blocked: access too frequent from this IP. Try again later.\n<BR clear="all">\n</BODY></HTML>\n',
    headers: { 'Content-Type': 'text/html' },
  };
}

/** The error an exchange sends for a status fault, shaped like that exchange's own. */
export function statusFaultReply(exchange: Exchange | undefined, rule: FaultRule): Reply {
  const status = rule.status ?? 429;
  const retryAfter = rule.retryAfterSec ?? (status === 429 ? 1 : status === 418 ? 60 : undefined);
  let reply: Reply;
  if (exchange === 'binance' && status === 429) {
    reply = binanceError(
      429,
      -1003,
      'Too many requests; current limit of IP(127.0.0.1) request weight is 2400 per minute. Please use WebSocket Streams for live updates to avoid polling the API.',
    );
  } else if (exchange === 'binance' && status === 418) {
    const until = Date.now() + (retryAfter ?? 60) * 1000;
    reply = binanceError(
      418,
      -1003,
      `Way too many requests; IP(127.0.0.1) banned until ${until}. Please use WebSocket Streams for live updates to avoid bans.`,
    );
  } else if (exchange === 'binance' && status === 500) {
    reply = binanceError(500, -1001, 'Internal error; unable to process your request. Please try again.');
  } else if (exchange === 'binance' && status === 503) {
    reply = binanceError(
      503,
      -1008,
      'Server is currently overloaded with other requests. Please try again in a few minutes.',
    );
  } else if (exchange === 'okx' && status === 429) {
    reply = okxError(429, '50011', 'Too Many Requests');
  } else if (exchange === 'okx' && status === 500) {
    reply = okxError(500, '50026', 'System error. Try again later');
  } else if (exchange === 'okx' && status === 503) {
    reply = okxError(503, '50001', 'Service temporarily unavailable. Please try again later.');
  } else if (exchange === 'bybit' && status === 403) {
    reply = bybitBanPage();
  } else if (exchange === 'bybit' && status === 429) {
    reply = {
      status: 429,
      body: JSON.stringify({
        retCode: 10006,
        retMsg: 'Too many visits!',
        result: {},
        retExtInfo: {},
        time: Date.now(),
      }),
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    };
  } else {
    reply = htmlPage(
      status,
      `${status} ${http.STATUS_CODES[status] ?? 'Error'}`,
      'The server could not answer.',
    );
  }
  if (retryAfter !== undefined) reply.headers['Retry-After'] = String(retryAfter);
  return reply;
}

/** Same JSON, wrong types: numeric strings become booleans and numbers become non-numeric strings. */
export function withWrongTypes(body: string): string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return body;
  }
  const flip = (v: unknown): unknown => {
    if (typeof v === 'number') return `${v}?`;
    if (typeof v === 'string') return /^-?\d+(\.\d+)?$/.test(v) ? true : v;
    if (Array.isArray(v)) return v.map(flip);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, flip(x)]));
    return v;
  };
  return JSON.stringify(flip(json));
}

/** Close codes a server may put in a close frame (1005, 1006 and 1015 only ever describe one that never came). */
function sendableCloseCode(code: number): boolean {
  return Number.isInteger(code) && code >= 1000 && code <= 4999 && ![1004, 1005, 1006, 1015].includes(code);
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

export async function startServer(parts: ServerParts): Promise<RunningServer> {
  const { market, clock, faults, liquidations } = parts;
  const requests: RequestRecord[] = [];
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const sessions = new Map<WebSocket, StreamSession>();
  const weight = new WeightMeter();
  let closed = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const answer = (exchange: Exchange | undefined, host: string, url: URL): Reply => {
    const now = clock.now();
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
    const url = new URL(req.url ?? '/', 'http://replay.invalid');
    const host = hostName(req.headers.host);
    const record: RequestRecord = {
      time: Date.now(),
      method: req.method ?? 'GET',
      host,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      status: 0,
    };
    requests.push(record);
    const exchange = restExchange(host, url.pathname);
    const fault = faults.takeHttp(url.pathname);
    if (fault?.kind === 'timeout') return; // never answered; the socket is destroyed on close()
    if (fault?.kind === 'slow') {
      await sleep(fault.delayMs ?? 3000);
      if (closed || res.destroyed) return;
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
    } else reply = answer(exchange, host, url);
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

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    onRequest(req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('replay-exchange: internal error\n');
      }
    });
  };

  const wss = new WebSocketServer({ noServer: true, autoPong: false });

  const onUpgrade = (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://replay.invalid');
    const host = hostName(req.headers.host);
    const record: RequestRecord = {
      time: Date.now(),
      method: req.method ?? 'GET',
      host,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      status: 101,
      ws: true,
    };
    requests.push(record);
    const binanceUrl = allowed(BINANCE_WS_HOSTS, host)
      ? BinanceStreamSession.parseUrl(url.pathname, url.searchParams)
      : undefined;
    const bybit = url.pathname === '/v5/public/linear' && allowed(BYBIT_WS_HOSTS, host);
    if (!binanceUrl && !bybit) {
      record.status = 404;
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const now = clock.now();
      const session: StreamSession = binanceUrl
        ? new BinanceStreamSession(
            ws,
            url.pathname,
            binanceUrl.route,
            binanceUrl.combined,
            binanceUrl.streams,
            market,
            liquidations,
            now,
          )
        : new BybitStreamSession(ws, url.pathname, market, liquidations, now);
      sessions.set(ws, session);
      ws.on('message', (data) => session.onMessage(data.toString()));
      // Pongs are answered by hand so a half-open connection can ignore pings.
      ws.on('ping', (data) => {
        if (!session.halfOpen) ws.pong(data);
      });
      ws.on('close', () => sessions.delete(ws));
      ws.on('error', () => sessions.delete(ws));
    });
  };

  const tick = setInterval(() => {
    const now = clock.now();
    for (const [ws, session] of sessions) {
      if (!session.halfOpen) {
        const drop = faults.takeWs('ws-drop', session.path, session.streamNames());
        if (drop) {
          sessions.delete(ws);
          if (drop.status !== undefined && sendableCloseCode(drop.status))
            ws.close(drop.status, 'replay-exchange: dropped');
          else ws.terminate();
          continue;
        }
        if (faults.takeWs('ws-half-open', session.path, session.streamNames())) {
          session.halfOpen = true;
          continue;
        }
      }
      session.tick(now);
    }
  }, TICK_MS);
  tick.unref();

  const { key, cert } = await replayCertificate();
  const tlsServer = https.createServer({ key, cert }, handler);
  const plainServer = http.createServer(handler);
  for (const s of [tlsServer, plainServer]) {
    s.on('upgrade', onUpgrade);
    s.on('clientError', (_err, socket) => socket.destroy());
    s.on('tlsClientError', (_err: Error, socket: net.Socket) => socket.destroy());
  }

  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.once('readable', () => {
      const first = socket.read(1) as Buffer | null;
      if (!first) {
        socket.destroy();
        return;
      }
      socket.unshift(first);
      (first[0] === 0x16 ? tlsServer : plainServer).emit('connection', socket);
    });
  });

  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(parts.port ?? 0, '127.0.0.1', () => {
      tcp.off('error', reject);
      resolve();
    });
  });
  const address = tcp.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    requests,
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(tick);
      for (const t of timers) clearTimeout(t);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}
