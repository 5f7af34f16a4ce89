import type { ExchangeId } from '../../core/exchanges/types';
import {
  binanceUpdateId,
  bookDiff,
  bybitUpdateId,
  DEPTH_STEP_MS,
  okxSeqId,
  type SyntheticBook,
  type SyntheticDepth,
  topOf,
} from './depth-book';
import {
  binanceDepthEvent,
  bybitOrderbookFrame,
  okxBooksKeepAlive,
  okxBooksPush,
  okxInstId,
  withBrokenId,
} from './depth-wire';
import type { FaultBook } from './faults';

/**
 * The depth streams of one connection: per subscribed depth stream (Binance `<sym>@depth@100ms`
 * on /public, Bybit `orderbook.200.<SYM>`, OKX `books` on /ws/v5/public), what the synthetic book
 * did since the last push, one message per 100 ms step of replay time.
 *
 * - Binance: no snapshot on the stream (clients take GET /fapi/v1/depth); each event covers the
 *   steps since the previous one: u = the id of its last step, pu = the previous event's u, U = pu + 1.
 *   The first event covers the step the connection opened in, so a client can sync from REST even
 *   while the replay is paused (speed 0; nothing more comes until replay time moves).
 * - Bybit: a snapshot first, then a delta per step; `u` counts the subscription's messages (the
 *   snapshot's u is the step's id, each delta one more), as Bybit's u on orderbook.200 does.
 * - OKX: a snapshot first (prevSeqId −1), then an update per step (prevSeqId = the seqId of the
 *   previous message sent), and an empty keep-alive (prevSeqId = seqId = the last seqId sent) each
 *   time replay time passes a whole minute.
 *
 * When replay time runs faster than MAX_STEPS_PER_PUSH steps per push (×10 and up), one message
 * covers all the steps since the last: Binance's u and OKX's seqId then jump (their links still
 * name the previous message), Bybit's u still goes up by one. A step without a change sends nothing
 * and consumes no id that a later message would link to.
 * When the clock is set back, Bybit and OKX get a fresh snapshot; Binance's next event (ending at the
 * new step) names a `pu` the client never saw, so the client resynchronises from REST, as it must
 * after any gap. A jump forward is one message covering every step jumped.
 *
 * Faults (faults.ts), matched like ws-drop against the stream name: 'depth-gap' drops one message
 * (its ids are skipped), 'depth-malformed' sends one with a broken id field.
 */

const MAX_STEPS_PER_PUSH = 10;
const OKX_KEEP_ALIVE_MS = 60_000;

export type DepthFrame = Record<string, unknown>;

interface FeedState {
  /** The window last sent (top N), and its step. */
  book?: SyntheticBook;
  step: number;
  /**
   * The final id of the last message sent (Binance u, Bybit u, OKX seqId), or dropped by
   * 'depth-gap' (its ids are skipped): what the next message links to.
   */
  lastId: number;
}

export class DepthStreams {
  private readonly feeds = new Map<string, FeedState>();

  constructor(
    private readonly exchange: ExchangeId,
    private readonly depth: SyntheticDepth | undefined,
    private readonly faults: FaultBook | undefined,
    private readonly path: string,
  ) {}

  /** Binance: `btcusdt@depth@100ms` for the replay's symbol. */
  static isBinanceStream(stream: string, symbol: string): boolean {
    return stream === `${symbol.toLowerCase()}@depth@100ms`;
  }

  /** Bybit: `orderbook.200.BTCUSDT` (the only depth served). */
  static isBybitTopic(topic: string): boolean {
    return /^orderbook\.200\.[A-Z0-9]+$/.test(topic);
  }

  forget(name: string): void {
    this.feeds.delete(name);
  }

  /**
   * Pushes, through `send`, what the book did on stream `name` since the last call. `streams` are
   * the connection's stream names (for the faults' match); `arg` is OKX's subscription arg.
   */
  push(
    name: string,
    now: number,
    streams: readonly string[],
    send: (frame: DepthFrame) => void,
    arg?: Record<string, string>,
  ): void {
    const depth = this.depth;
    if (!depth?.has(this.exchange)) return;
    const levels = this.exchange === 'bybit' ? 200 : depth.levels(this.exchange);
    const step = Math.floor(now / DEPTH_STEP_MS);
    const state = this.feeds.get(name) ?? { step, lastId: Number.NaN };
    this.feeds.set(name, state);
    const window = (s: number) => {
      const b = depth.bookAtStep(this.exchange, s);
      return b && topOf(b, levels);
    };

    if (!state.book || step < state.step) {
      // Binance clients take their snapshot by REST: start from the step before, so the first event
      // (ending at this step) lets a client sync even while the replay is paused.
      const from = this.exchange === 'binance' ? step - 1 : step;
      const book = window(from);
      if (!book) return;
      state.book = book;
      state.step = from;
      // Bybit and OKX start (and restart) with a snapshot.
      if (this.exchange === 'binance') state.lastId = binanceUpdateId(from);
      if (this.exchange === 'bybit') {
        state.lastId = bybitUpdateId(from);
        send(bybitOrderbookFrame(name, book, undefined, now, state.lastId));
      }
      if (this.exchange === 'okx') {
        state.lastId = okxSeqId(from);
        send(okxBooksPush(arg ?? this.okxArg(depth), book, undefined, undefined));
      }
      if (from === step) return;
    }
    if (step === state.step) return;
    const startStep = state.step;
    const targets: number[] = [];
    if (step - state.step <= MAX_STEPS_PER_PUSH) for (let s = state.step + 1; s <= step; s++) targets.push(s);
    else targets.push(step);
    for (const s of targets) {
      const next = window(s);
      if (!next) return;
      const prev = state.book;
      state.book = next;
      state.step = s;
      const diff = bookDiff(prev, next);
      if (diff.bids.length + diff.asks.length === 0) continue;
      const prevId = state.lastId;
      state.lastId =
        this.exchange === 'binance'
          ? binanceUpdateId(s)
          : this.exchange === 'bybit'
            ? prevId + 1
            : okxSeqId(s);
      if (this.faults?.takeWs('depth-gap', this.path, streams)) continue;
      let frame =
        this.exchange === 'binance'
          ? binanceDepthEvent(next, prevId, diff, now)
          : this.exchange === 'bybit'
            ? bybitOrderbookFrame(name, next, diff, now, state.lastId)
            : okxBooksPush(arg ?? this.okxArg(depth), next, prevId, diff);
      if (this.faults?.takeWs('depth-malformed', this.path, streams)) frame = withBrokenId(frame);
      send(frame);
    }
    const minute = (s: number) => Math.floor((s * DEPTH_STEP_MS) / OKX_KEEP_ALIVE_MS);
    if (this.exchange === 'okx' && minute(startStep) < minute(step))
      send(okxBooksKeepAlive(arg ?? this.okxArg(depth), state.lastId, now));
  }

  private okxArg(depth: SyntheticDepth): Record<string, string> {
    return { channel: 'books', instId: okxInstId(depth.symbol) };
  }
}
