import type http from 'node:http';
import type net from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { BinanceStreamSession } from './binance-stream';
import { BybitStreamSession } from './bybit-stream';
import { DepthStreams } from './depth-streams';
import { OKX_WS_PATHS, OkxStreamSession } from './okx-stream';
import { allowed, logRequest, type ReplaySources, requestUrl } from './requests';

/** How often stream subscribers get what happened since the last push (wall-clock ms). */
const TICK_MS = 100;

const BINANCE_WS_HOSTS = new Set(['fstream.binance.com']);
const BYBIT_WS_HOSTS = new Set(['stream.bybit.com']);
const OKX_WS_HOSTS = new Set(['ws.okx.com']);

interface StreamSession {
  readonly path: string;
  halfOpen: boolean;
  streamNames(): string[];
  tick(now: number): void;
  onMessage(text: string): void;
}

/** Close codes a server may put in a close frame (1005, 1006 and 1015 only ever describe one that never came). */
function sendableCloseCode(code: number): boolean {
  return Number.isInteger(code) && code >= 1000 && code <= 4999 && ![1004, 1005, 1006, 1015].includes(code);
}

export interface StreamHub {
  /** For the HTTP servers' 'upgrade' event: accepts Binance, Bybit and OKX stream URLs, 404 otherwise. */
  onUpgrade(req: http.IncomingMessage, socket: net.Socket, head: Buffer): void;
  close(): void;
}

/**
 * The WebSocket side: one session per connection (Binance market streams, Bybit's public linear
 * stream, OKX's /ws/v5/public and /ws/v5/business), all pushed every TICK_MS from the replay clock, with the ws-drop and ws-half-open faults.
 */
export function startStreamHub(sources: ReplaySources): StreamHub {
  const { market, depth, clock, faults, liquidations, requests, liquidationPushes } = sources;
  const sessions = new Map<WebSocket, StreamSession>();
  const wss = new WebSocketServer({ noServer: true, autoPong: false });

  const onUpgrade = (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const url = requestUrl(req);
    const record = logRequest(requests, req, url, 101, true);
    const { host } = record;
    // OKX's two paths first: on 127.0.0.1 Binance's /ws/<streams> would read them as streams.
    const okxEndpoint = allowed(OKX_WS_HOSTS, host) ? OKX_WS_PATHS[url.pathname] : undefined;
    const binanceUrl =
      !okxEndpoint && allowed(BINANCE_WS_HOSTS, host)
        ? BinanceStreamSession.parseUrl(url.pathname, url.searchParams)
        : undefined;
    const bybit = url.pathname === '/v5/public/linear' && allowed(BYBIT_WS_HOSTS, host);
    if (!binanceUrl && !bybit && !okxEndpoint) {
      record.status = 404;
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const now = clock.now();
      const depthStreams = (exchange: 'binance' | 'bybit' | 'okx') =>
        new DepthStreams(exchange, depth, faults, url.pathname);
      const session: StreamSession = binanceUrl
        ? new BinanceStreamSession(
            ws,
            url.pathname,
            binanceUrl.route,
            binanceUrl.combined,
            binanceUrl.streams,
            market,
            liquidations,
            liquidationPushes,
            now,
            depthStreams('binance'),
          )
        : bybit
          ? new BybitStreamSession(
              ws,
              url.pathname,
              market,
              liquidations,
              liquidationPushes,
              now,
              depthStreams('bybit'),
            )
          : new OkxStreamSession(
              ws,
              url.pathname,
              okxEndpoint!,
              market,
              liquidations,
              liquidationPushes,
              now,
              depthStreams('okx'),
            );
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
    sources.streamPush.lastAt = now;
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

  return {
    onUpgrade,
    close() {
      clearInterval(tick);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
