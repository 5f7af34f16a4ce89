import * as binance from '../exchanges/binance/depth';
import * as bybit from '../exchanges/bybit/depth';
import { PING as BYBIT_PING } from '../exchanges/bybit/stream';
import { type ExchangeResult, fail, ok } from '../exchanges/errors';
import * as okx from '../exchanges/okx/depth';
import { OKX_PING } from '../exchanges/okx/stream';
import { impossible } from '../exchanges/parse';
import type { ExchangeId } from '../exchanges/types';
import type { BookMessage } from './types';

/**
 * What the worker needs to keep one exchange's book for one symbol: the socket to open and what to
 * send on it, how to keep it alive, when silence means it is half-open, where the REST snapshot
 * is, and how to read both. Built from core/exchanges/<exchange>/depth.ts, which own the URLs and
 * parsers; core/depth/bookSync.ts decides when to fetch and reconnect.
 */
export interface DepthFeed {
  exchange: ExchangeId;
  symbol: string;
  url: string;
  /** Sent once, in order, as soon as the socket opens (Binance subscribes by URL: none). */
  subscribeMessages: string[];
  /** An application-level ping, or undefined where the server pings at the protocol level (Binance). */
  heartbeat: { message: string; intervalMs: number } | undefined;
  /** No frame at all for this long while open = half-open: close and reconnect. */
  silenceMs: number;
  /** Path and query of the REST snapshot, relative to REST_ORIGINS[exchange] (core/exchanges/hosts.ts). */
  snapshotPath: string;
  /** One text frame → book messages of this feed's symbol; acks, pongs and other streams → []. */
  parseFrame(text: string): ExchangeResult<BookMessage[]>;
  /** The REST snapshot's body → one snapshot message. */
  parseSnapshot(bodyText: string): ExchangeResult<BookMessage>;
}

export interface DepthFeedOptions {
  /** OKX base units per contract for this symbol (ctVal × ctMult from /public/instruments). */
  okxCtVal?: number;
}

/**
 * Silence limits. Binance's server pings are protocol frames JavaScript never sees, so only data
 * counts: a liquid book changes every 100 ms, but a quiet symbol's diff stream can pause for
 * seconds, so 30 s rather than the 10 s of the mark-price stream (which pushes every second).
 * Bybit and OKX: our ping every 20 s is answered, so 30 s leaves 10 s for a slow pong (as in
 * core/streams/streamProfiles.ts).
 */
export const DEPTH_SILENCE_MS: Record<ExchangeId, number> = { binance: 30_000, bybit: 30_000, okx: 30_000 };

/** Keeps only the messages of `symbol` (a shared connection may carry others). */
function only(symbol: string, res: ExchangeResult<BookMessage[]>): ExchangeResult<BookMessage[]> {
  return res.ok && res.value.some((m) => m.symbol !== symbol)
    ? ok(res.value.filter((m) => m.symbol === symbol))
    : res;
}

/**
 * The depth feed of `symbol` (neutral, "BTCUSDT") on `exchange`. Throws on caller bugs: a symbol that
 * is not neutral, or OKX without a positive contract size (sizes would be off by ctVal).
 */
export function depthFeed(exchange: ExchangeId, symbol: string, options: DepthFeedOptions = {}): DepthFeed {
  switch (exchange) {
    case 'binance':
      return {
        exchange,
        symbol,
        url: binance.depthStreamUrl(symbol),
        subscribeMessages: [],
        heartbeat: undefined,
        silenceMs: DEPTH_SILENCE_MS.binance,
        snapshotPath: binance.depthSnapshotPath(symbol),
        parseFrame: (text) => only(symbol, binance.parseDepthFrame(text)),
        parseSnapshot: (body) => binance.parseDepthSnapshot(symbol, body),
      };
    case 'bybit':
      return {
        exchange,
        symbol,
        url: bybit.depthStreamUrl(),
        subscribeMessages: bybit.depthSubscribeMessages(symbol),
        heartbeat: { message: BYBIT_PING.message, intervalMs: BYBIT_PING.intervalMs },
        silenceMs: DEPTH_SILENCE_MS.bybit,
        snapshotPath: bybit.depthSnapshotPath(symbol),
        parseFrame: (text) => only(symbol, bybit.parseDepthFrame(text)),
        parseSnapshot: (body) => {
          const res = bybit.parseDepthSnapshot(body);
          if (!res.ok || res.value.symbol === symbol) return res;
          return fail(
            impossible(
              'bybit',
              '/v5/market/orderbook',
              'result.s',
              `a book of ${res.value.symbol}, not ${symbol}`,
            ),
          );
        },
      };
    case 'okx': {
      const ctVal = options.okxCtVal;
      if (ctVal === undefined || !Number.isFinite(ctVal) || ctVal <= 0) {
        throw new Error(`okx depth feed: okxCtVal must be a number > 0, got ${ctVal}`);
      }
      return {
        exchange,
        symbol,
        url: okx.depthStreamUrl(),
        subscribeMessages: okx.depthSubscribeMessages(symbol),
        heartbeat: { message: OKX_PING.message, intervalMs: OKX_PING.intervalMs },
        silenceMs: DEPTH_SILENCE_MS.okx,
        snapshotPath: okx.depthSnapshotPath(symbol),
        parseFrame: (text) => only(symbol, okx.parseDepthFrame(text, ctVal)),
        parseSnapshot: (body) => okx.parseDepthSnapshot(symbol, body, ctVal),
      };
    }
  }
}
