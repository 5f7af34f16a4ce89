import type { StreamEvent, StreamTopic } from '../exchanges/adapter';
import { streamUrl as binanceStreamUrl, parseMessage as parseBinance } from '../exchanges/binance/stream';
import {
  PING as BYBIT_PING,
  streamUrl as bybitStreamUrl,
  subscribeMessages as bybitSubscribeMessages,
  parseStreamMessage as parseBybit,
} from '../exchanges/bybit/stream';
import type { ExchangeResult } from '../exchanges/errors';
import { type ContractSizes, DEFAULT_CONTRACT_SIZES } from '../exchanges/okx/contracts';
import {
  OKX_PING,
  streamConnections as okxStreamConnections,
  parseStreamMessage as parseOkx,
} from '../exchanges/okx/stream';
import type { ExchangeId } from '../exchanges/types';

/**
 * What one WebSocket connection to one exchange needs: where to connect, what to send once open,
 * how to keep it alive, when silence means the socket is half-open, how to read its frames, and
 * whether REST can refill the liquidations it missed. Built from the adapters' stream modules
 * (core/exchanges/<exchange>/stream.ts), which own the URLs, subscribe messages and parsers.
 */
export interface StreamProfile {
  exchange: ExchangeId;
  url: string;
  topics: StreamTopic[];
  /** Sent once, in order, as soon as the socket opens. */
  subscribeMessages: string[];
  /** An application-level ping, or undefined where the server pings at the protocol level (Binance). */
  heartbeat: { message: string; intervalMs: number } | undefined;
  /** No frame at all for this long while open = half-open: close and reconnect. */
  silenceMs: number;
  /** Whether a REST endpoint can refill the liquidations of a gap (only OKX publishes one). */
  liquidationsRestAvailable: boolean;
  parse(text: string): ExchangeResult<StreamEvent[]>;
}

/**
 * Silence limits, each above the longest quiet spell a live socket can have:
 * - Binance: markPrice@1s pushes every second and kline_1m every 250 ms; the server's pings are
 *   protocol-level frames JavaScript never sees, so only data counts. 10 s = ten missed mark prices.
 *   (Without markPrice or candles a forceOrder-only stream can be quiet for minutes; the worker
 *   always subscribes markPrice, and `streamProfiles` refuses a liquidations-only Binance stream.)
 * - Bybit and OKX: our ping every 20 s is answered by a pong, so a live socket is never quiet for
 *   more than 20 s plus a round trip; 30 s leaves 10 s for a slow pong. OKX itself drops a
 *   connection after 30 s without data, so waiting longer would gain nothing.
 */
export const SILENCE_MS: Record<ExchangeId, number> = {
  binance: 10_000,
  bybit: 30_000,
  okx: 30_000,
};

export interface StreamProfileOptions {
  /** OKX's liquidation channel counts contracts; sizes per neutral symbol (default: the built-in table). */
  okxContractSizes?: ContractSizes;
}

/**
 * The connections that carry `topics` for `symbol` on `exchange`: one for Binance (a combined
 * stream under /market) and Bybit (one subscribe message), two for OKX when candles are wanted
 * with anything else (candles live on /ws/v5/business, the rest on /ws/v5/public).
 * Throws on caller bugs: no topics, or a Binance stream without a topic that pushes every second.
 */
export function streamProfiles(
  exchange: ExchangeId,
  symbol: string,
  topics: readonly StreamTopic[],
  options: StreamProfileOptions = {},
): StreamProfile[] {
  const wanted = [...new Set(topics)];
  if (wanted.length === 0) throw new Error(`${exchange} stream: at least one topic is needed`);
  switch (exchange) {
    case 'binance':
      if (!wanted.some((t) => t !== 'liquidations')) {
        throw new Error(
          'binance stream: add markPrice or candles1m, else silence cannot reveal a dead socket',
        );
      }
      return [
        {
          exchange,
          url: binanceStreamUrl(symbol, wanted),
          topics: wanted,
          subscribeMessages: [],
          heartbeat: undefined,
          silenceMs: SILENCE_MS.binance,
          liquidationsRestAvailable: false,
          parse: parseBinance,
        },
      ];
    case 'bybit':
      return [
        {
          exchange,
          url: bybitStreamUrl(symbol, wanted),
          topics: wanted,
          subscribeMessages: bybitSubscribeMessages(symbol, wanted),
          heartbeat: { message: BYBIT_PING.message, intervalMs: BYBIT_PING.intervalMs },
          silenceMs: SILENCE_MS.bybit,
          liquidationsRestAvailable: false,
          parse: parseBybit,
        },
      ];
    case 'okx': {
      const sizes = options.okxContractSizes ?? DEFAULT_CONTRACT_SIZES.sizes;
      return okxStreamConnections(symbol, wanted).map((c) => ({
        exchange,
        url: c.url,
        topics: c.topics,
        subscribeMessages: c.subscribeMessages,
        heartbeat: { message: OKX_PING.message, intervalMs: OKX_PING.intervalMs },
        silenceMs: SILENCE_MS.okx,
        liquidationsRestAvailable: c.topics.includes('liquidations'),
        parse: (text: string) => parseOkx(text, sizes),
      }));
    }
  }
}
