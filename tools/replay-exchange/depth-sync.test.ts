import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ClientOptions, WebSocket } from 'ws';
import { parseBarCsv } from '../../core/data/bars';
import { BookSync, type BookSyncEffect, type BookSyncOptions } from '../../core/depth/bookSync';
import { type DepthFeed, depthFeed } from '../../core/depth/depthFeeds';
import type { SortedLevels } from '../../core/depth/localBook';
import type { BaseLevel, BookHealth, BookMessage } from '../../core/depth/types';
import { REST_ORIGINS } from '../../core/exchanges/hosts';
import type { ExchangeId } from '../../core/exchanges/types';
import { DEPTH_STEP_MS, topOf } from './depth-book';
import { baseLevels } from './depth-wire';
import type { FaultRule } from './faults';
import { type ReplayExchange, startReplayExchange } from './index';
import { get, getJson, sleep } from './test-support';

/**
 * The extension's own depth code (core/depth: depthFeed's URLs and parsers, BookSync, LocalBook)
 * run against the replay over real sockets and REST, each effect carried out as the worker
 * (utils/depthStreams.ts) carries it out; the book it keeps is compared, level by level, with the
 * replay's truth at the same 100 ms step, before and after each depth fault.
 */

const demo = parseBarCsv(
  readFileSync(new URL('../demo-data/btcusdt-5m-2026-06-01_2026-06-03.csv', import.meta.url), 'utf8'),
);
if (!demo.ok) throw new Error(demo.error);
const START = Date.UTC(2026, 5, 2, 9, 30, 0);
/** The levels each feed serves: Binance's snapshot of 1000 (its diffs cover that window), Bybit orderbook.200, OKX books 400. */
const FEED_LEVELS: Record<ExchangeId, number> = { binance: 1000, bybit: 200, okx: 400 };
/** The stream-name fragment the depth faults match. */
const STREAM_MATCH: Record<ExchangeId, string> = { binance: 'depth@100ms', bybit: 'orderbook', okx: 'books' };
const TICK_MS = 250;

let rx: ReplayExchange;
let okxCtVal: number;

/**
 * One book kept as the worker keeps it: socket events and REST answers go into BookSync, its
 * effects are carried out (fetch-snapshot → GET snapshotPath → onSnapshot/onSnapshotFailed;
 * reconnect → close, onSocketClosed, reopen, onSocketOpen), onTick every 250 ms. A socket that
 * drops is reported closed and reopened 200 ms later, as the stream runner does.
 */
class WorkerBook {
  readonly sync: BookSync;
  readonly healthLog: BookHealth[] = [];
  readonly problems: string[] = [];
  readonly effects: BookSyncEffect['type'][] = [];
  /** Book messages handed to BookSync. */
  messages = 0;
  /** Test-only sabotage: hand the next delta to BookSync with its levels removed (ids kept). */
  blankNextDelta = false;
  /** Withhold the stream's snapshots from BookSync, as OKX sometimes drops its initial one. */
  withholdStreamSnapshots = false;
  private ws: WebSocket | undefined;
  private generation = 0;
  private readonly ticker: ReturnType<typeof setInterval>;
  private stopped = false;

  constructor(
    readonly feed: DepthFeed,
    options: Partial<BookSyncOptions> = {},
  ) {
    this.sync = new BookSync(feed.exchange, feed.symbol, options);
    this.ticker = setInterval(() => this.run(this.sync.onTick(Date.now())), TICK_MS);
    this.open();
  }

  get state(): BookHealth['state'] {
    return this.sync.health.state;
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.ticker);
    this.generation++;
    this.ws?.terminate();
  }

  private open(): void {
    if (this.stopped) return;
    const generation = ++this.generation;
    const url = new URL(this.feed.url);
    // ws hands `servername` on to tls.connect (SNI); the replay's certificate is self-signed.
    const options: ClientOptions & { servername: string } = {
      headers: { host: url.hostname },
      servername: url.hostname,
      rejectUnauthorized: false,
    };
    const ws = new WebSocket(`wss://127.0.0.1:${rx.port}${url.pathname}${url.search}`, options);
    this.ws = ws;
    const current = () => generation === this.generation;
    ws.on('open', () => {
      if (!current()) return;
      this.run(this.sync.onSocketOpen(Date.now()));
      for (const m of this.feed.subscribeMessages) ws.send(m);
    });
    ws.on('message', (data) => {
      if (current()) this.onFrame(data.toString());
    });
    ws.on('close', (code) => {
      if (!current()) return;
      this.run(this.sync.onSocketClosed(Date.now(), `closed with ${code}`));
      setTimeout(() => this.open(), 200);
    });
    ws.on('error', () => {});
  }

  private onFrame(text: string): void {
    const parsed = this.feed.parseFrame(text);
    if (!parsed.ok) {
      this.problems.push(parsed.error.message);
      return;
    }
    for (const m of parsed.value) {
      if (this.withholdStreamSnapshots && m.kind === 'snapshot') continue;
      this.messages++;
      let message: BookMessage = m;
      if (this.blankNextDelta && m.kind === 'delta' && m.bids.length + m.asks.length > 0) {
        this.blankNextDelta = false;
        message = { ...m, bids: [], asks: [] };
      }
      this.run(this.sync.onStreamMessage(message, Date.now()));
    }
  }

  private run(effects: BookSyncEffect[]): void {
    for (const effect of effects) {
      this.effects.push(effect.type);
      switch (effect.type) {
        case 'fetch-snapshot':
          void this.fetchSnapshot();
          break;
        case 'reconnect': {
          this.generation++;
          this.ws?.terminate();
          this.run(this.sync.onSocketClosed(Date.now(), effect.reason));
          this.open();
          break;
        }
        case 'health':
          this.healthLog.push(effect.health);
          break;
      }
    }
  }

  private async fetchSnapshot(): Promise<void> {
    const host = new URL(REST_ORIGINS[this.feed.exchange]).hostname;
    try {
      const res = await get(rx.port, host, this.feed.snapshotPath, { tls: true, timeoutMs: 5000 });
      if (this.stopped) return;
      const parsed =
        res.status === 200
          ? this.feed.parseSnapshot(res.body)
          : { ok: false as const, error: new Error(`HTTP ${res.status}`) };
      if (parsed.ok) this.run(this.sync.onSnapshot(parsed.value, Date.now()));
      else this.run(this.sync.onSnapshotFailed(Date.now(), parsed.error.message));
    } catch (e) {
      if (!this.stopped) this.run(this.sync.onSnapshotFailed(Date.now(), String(e)));
    }
  }
}

async function until(what: string, test: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Prices whose quantity differs between the book and the replay's truth (or that only one side has). */
function mismatches(book: SortedLevels, truth: { bids: BaseLevel[]; asks: BaseLevel[] }): number {
  const side = (mine: readonly BaseLevel[], theirs: readonly BaseLevel[]) => {
    // Prices are compared at 1e-8 (ticks are 0.1); OKX sizes are contracts × ctVal, so quantities
    // are compared to far below the smallest lot (1e-4 BTC).
    const key = (price: number) => Math.round(price * 1e8);
    const want = new Map(theirs.map(([p, q]) => [key(p), q]));
    let bad = 0;
    for (const [p, q] of mine) {
      const t = want.get(key(p));
      if (t === undefined || Math.abs(t - q) > 1e-9) bad++;
      want.delete(key(p));
    }
    return bad + want.size;
  };
  return side(book.bids, truth.bids) + side(book.asks, truth.asks);
}

/**
 * Pauses the replay, lets the last pushes land, and counts the book's levels that differ from the
 * replay's top N at the paused step; then the clock runs on at ×1.
 */
async function mismatchesWhenPaused(w: WorkerBook): Promise<{ bad: number; levels: number }> {
  rx.clock.setSpeed(0);
  const step = Math.floor(rx.clock.now() / DEPTH_STEP_MS);
  await sleep(400);
  const truthBook = rx.depth.bookAtStep(w.feed.exchange, step)!;
  const top = baseLevels(topOf(truthBook, FEED_LEVELS[w.feed.exchange]));
  // Binance's book knows only the span of its REST snapshot (LocalBook's 'snapshot' reach): a
  // level the diff stream brings in beyond it is not kept, so the truth is cut to that span.
  const { low, high } = w.sync.book.reach();
  const inReach = (l: BaseLevel) => w.feed.exchange !== 'binance' || (l[0] >= low && l[0] <= high);
  const truth = { bids: top.bids.filter(inReach), asks: top.asks.filter(inReach) };
  const book = w.sync.book.snapshotLevels();
  const state = w.state;
  rx.clock.setSpeed(1);
  expect(state).toBe('live');
  return { bad: mismatches(book, truth), levels: truth.bids.length + truth.asks.length };
}

/** Waits until the book is live with `n` more messages applied since. */
async function liveFor(w: WorkerBook, n: number): Promise<void> {
  await until(`${w.feed.exchange} live`, () => w.state === 'live');
  const seen = w.messages;
  await until(`${n} messages`, () => w.messages >= seen + n && w.state === 'live');
}

/** Adds the fault, waits until the book has left 'live' and come back, and returns what it went through. */
async function throughFault(w: WorkerBook, rule: FaultRule): Promise<BookHealth[]> {
  await liveFor(w, 3);
  const from = w.healthLog.length;
  rx.faults.add(rule);
  await until(`${w.feed.exchange} leaving live after ${rule.kind}`, () =>
    w.healthLog.slice(from).some((h) => h.state !== 'live'),
  );
  await liveFor(w, 5);
  return w.healthLog.slice(from);
}

const books: WorkerBook[] = [];
const start = (exchange: ExchangeId, options: Partial<BookSyncOptions> = {}) => {
  const w = new WorkerBook(depthFeed(exchange, 'BTCUSDT', { okxCtVal }), options);
  books.push(w);
  return w;
};

beforeAll(async () => {
  rx = await startReplayExchange({ bars: demo.value.bars, start: START, speed: 1 });
  const instruments = await getJson<{ data: { ctVal: string }[] }>(
    rx.port,
    'www.okx.com',
    '/api/v5/public/instruments?instType=SWAP&instId=BTC-USDT-SWAP',
  );
  okxCtVal = Number(instruments.data[0]!.ctVal);
});
afterAll(async () => {
  await rx.close();
});
beforeEach(() => {
  rx.clock.setSpeed(1);
  rx.clock.set(START);
});
afterEach(() => {
  rx.faults.clear();
  for (const w of books.splice(0)) w.stop();
});

describe.each(['binance', 'bybit', 'okx'] as const)(
  '%s: the extension’s book against the replay',
  (exchange) => {
    it('goes live and equals the replay’s book; after a gap, a dropped socket and a malformed frame it leaves live and comes back equal', async () => {
      const w = start(exchange);
      await liveFor(w, 5);
      const first = await mismatchesWhenPaused(w);
      // Binance: the snapshot's span, less what the mid's drift has moved beyond it since.
      expect(first.levels).toBeGreaterThan(2 * FEED_LEVELS[exchange] - 20);
      expect(first.bad).toBe(0);

      // A sequence gap: Binance rebuilds from REST, Bybit and OKX resubscribe.
      const gap = await throughFault(w, { match: STREAM_MATCH[exchange], kind: 'depth-gap', times: 1 });
      expect(gap.some((h) => h.state === 'out-of-sync' && /gap/.test(h.reason))).toBe(true);
      expect((await mismatchesWhenPaused(w)).bad).toBe(0);

      // The socket drops (1006): out-of-sync until the reopened socket has synced again.
      const drop = await throughFault(w, { match: STREAM_MATCH[exchange], kind: 'ws-drop', times: 1 });
      expect(drop.some((h) => h.state === 'out-of-sync' && /socket dropped/.test(h.reason))).toBe(true);
      expect((await mismatchesWhenPaused(w)).bad).toBe(0);

      // A frame whose id is no number: the parser refuses it, so the next message does not link.
      const problemsBefore = w.problems.length;
      const malformed = await throughFault(w, {
        match: STREAM_MATCH[exchange],
        kind: 'depth-malformed',
        times: 1,
      });
      expect(w.problems.length).toBe(problemsBefore + 1);
      expect(malformed.some((h) => h.state === 'out-of-sync')).toBe(true);
      expect((await mismatchesWhenPaused(w)).bad).toBe(0);
    }, 40_000);

    it('the comparison catches a book that missed one message’s levels', async () => {
      const w = start(exchange);
      await liveFor(w, 5);
      // Paused, then one 100 ms step forward: its one message reaches BookSync with its ids but
      // none of its levels, and no later message repairs them while the clock stands.
      rx.clock.setSpeed(0);
      await sleep(300);
      w.blankNextDelta = true;
      rx.clock.set(rx.clock.now() + DEPTH_STEP_MS);
      await until('the blanked delta', () => !w.blankNextDelta);
      const { bad } = await mismatchesWhenPaused(w);
      expect(w.state).toBe('live');
      expect(bad).toBeGreaterThan(0);
    }, 20_000);
  },
);

describe('binance: a stale REST snapshot', () => {
  it('is refused (older than the buffered stream) and fetched again; the book goes live equal to the replay’s', async () => {
    rx.faults.add({ match: '/fapi/v1/depth', kind: 'depth-stale', ageMs: 30_000, times: 1 });
    const w = start('binance');
    await liveFor(w, 5);
    expect(w.healthLog.some((h) => h.state !== 'live' && /stale snapshot/.test(h.reason))).toBe(true);
    expect(w.effects.filter((e) => e === 'fetch-snapshot')).toHaveLength(2);
    expect((await mismatchesWhenPaused(w)).bad).toBe(0);
  }, 20_000);
});

describe('okx: no snapshot on the stream, so the book is built from REST', () => {
  it('a stale REST book is refused, a fresh one is joined to the buffered updates by time; equal to the replay’s', async () => {
    rx.faults.add({ match: '/api/v5/market/books', kind: 'depth-stale', ageMs: 30_000, times: 1 });
    // The wait for the stream's snapshot is cut from 5 s to 1 s to keep the test short.
    const w = start('okx', { firstSnapshotWaitMs: 1_000 });
    w.withholdStreamSnapshots = true;
    await liveFor(w, 5);
    const reasons = w.healthLog.map((h) => (h.state === 'live' ? 'live' : h.reason));
    expect(reasons.some((r) => /building the book from REST/.test(r))).toBe(true);
    expect(reasons.some((r) => /REST snapshot .* is older than the first buffered update/.test(r))).toBe(
      true,
    );
    expect(w.effects.filter((e) => e === 'fetch-snapshot')).toHaveLength(2);
    expect((await mismatchesWhenPaused(w)).bad).toBe(0);
  }, 20_000);
});

describe.each(['binance', 'bybit', 'okx'] as const)('%s at the demo’s speed (×600)', (exchange) => {
  it('stays live without a resubscription and equals the replay’s book when paused', async () => {
    // Synced at ×600 too: Binance's REST snapshot is taken while events cover ~600 steps each.
    rx.clock.setSpeed(600);
    const w = start(exchange);
    await liveFor(w, 3);
    const reconnects = () => w.effects.filter((e) => e === 'reconnect').length;
    const before = reconnects();
    await sleep(1500);
    expect(reconnects()).toBe(before);
    expect(w.state).toBe('live');
    expect((await mismatchesWhenPaused(w)).bad).toBe(0);
  }, 20_000);
});
