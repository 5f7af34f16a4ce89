import { pathToFileURL } from 'node:url';
import { BookSync } from '../../core/depth/bookSync';
import { depthFeed } from '../../core/depth/depthFeeds';
import { SyntheticBook, type WireLevel } from '../../core/depth/syntheticBook';
import type { ExchangeId } from '../../core/exchanges/types';

/**
 * The worker's cost of keeping the three local books (issue 16): for each exchange, N stream frames
 * at 10 a second of market time go through the feed's parser and BookSync, and the book is sampled
 * once per simulated second, as the worker will do. CPU time from process.cpuUsage (this thread's
 * user + system time), so the figure is what the work costs, not how long the run waited.
 * Budget: all three books together ≤ 2 % of one core = 20 ms of CPU per second of market time.
 *
 * Frames are made beforehand by SyntheticBook in each exchange's wire format, sized like a liquid
 * BTCUSDT book (assumptions, not measurements): Binance 1000 levels a side in the REST snapshot and
 * 60 level changes per 100 ms event; Bybit 200 levels and 30 changes per delta; OKX 400 levels and
 * 20 changes per update. Changes fall near the top of the book more often than deep in it.
 *
 * Alone: tsx tools/bench/depth-books.ts [updates per exchange, default 36000 = 1 h of market time].
 */

export const DEPTH_BUDGET_CPU_MS_PER_SEC = 20;

export interface DepthBookFigures {
  exchange: ExchangeId;
  updates: number;
  levelsPerSide: number;
  changesPerUpdate: number;
  simulatedSec: number;
  /** Parse + sync + sample, ms of CPU. */
  cpuMs: number;
  /** Of which sampling (sorting and USD conversion once a second). */
  sampleCpuMs: number;
  cpuMsPerSimSec: number;
  /** Levels held at the end (base book size). */
  levelsHeld: number;
  /** The book equals the synthetic exchange's at the end (a bench of a wrong book measures nothing). */
  matchesReference: boolean;
}

export interface DepthBooksBench {
  books: DepthBookFigures[];
  totalCpuMsPerSimSec: number;
  /** Share of one core for the three books together, %. */
  percentOfCore: number;
  withinBudget: boolean;
}

/** Each exchange's book as these benches size it (shared with tools/bench/depth-memory.ts). */
export const BOOK_SHAPES: Record<
  ExchangeId,
  { levelsPerSide: number; changesPerUpdate: number; tick: number }
> = {
  binance: { levelsPerSide: 1_000, changesPerUpdate: 60, tick: 0.1 },
  bybit: { levelsPerSide: 200, changesPerUpdate: 30, tick: 0.1 },
  okx: { levelsPerSide: 400, changesPerUpdate: 20, tick: 0.1 },
};

/** Deterministic 32-bit PRNG (mulberry32), so runs compare. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const cpuMsNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** One exchange's book: prepare frames, then time parse + sync + sample. */
export function benchDepthBook(exchange: ExchangeId, updates: number, seed = 16): DepthBookFigures {
  const { levelsPerSide, changesPerUpdate, tick } = BOOK_SHAPES[exchange];
  const random = prng(seed);
  const mid = 66_000;
  const price = (side: 'bid' | 'ask', i: number) =>
    Math.round((side === 'bid' ? mid - (i + 1) * tick : mid + i * tick) * 10) / 10;
  // The quantity a change sets: 0 (removal) a fifth of the time, else 0.001–5 in 0.001 steps.
  const quantity = () => (random() < 0.2 ? 0 : Math.round(1 + random() * 4_999) / 1_000);
  // Level index: the top of the book changes most (squared uniform leans to 0).
  const index = () => Math.floor(random() * random() * (levelsPerSide - 1)) + 1;

  const sim = new SyntheticBook(exchange, 'BTCUSDT', { ctVal: 0.01 });
  const seedSide = (side: 'bid' | 'ask'): WireLevel[] =>
    Array.from({ length: levelsPerSide }, (_, i) => [price(side, i), 1 + (i % 7)] as const);
  // The farthest level of each side never changes: the reach stays the same all run.
  sim.push({ bids: seedSide('bid'), asks: seedSide('ask') });
  const opening = exchange === 'binance' ? sim.restSnapshot() : sim.streamSnapshot();
  const frames: string[] = new Array(updates);
  for (let n = 0; n < updates; n++) {
    const bids: WireLevel[] = [];
    const asks: WireLevel[] = [];
    for (let c = 0; c < changesPerUpdate; c++) {
      (c % 2 === 0 ? bids : asks).push([price(c % 2 === 0 ? 'bid' : 'ask', index()), quantity()]);
    }
    frames[n] = sim.push({ bids, asks });
  }

  const feed = depthFeed(exchange, 'BTCUSDT', { okxCtVal: 0.01 });
  const sync = new BookSync(exchange, 'BTCUSDT');
  let now = 0;
  sync.onSocketOpen(now);
  const messages = (frame: string) => {
    const parsed = feed.parseFrame(frame);
    if (!parsed.ok) throw new Error(`bench: ${JSON.stringify(parsed.error)}`);
    return parsed.value;
  };

  const start = cpuMsNow();
  let sampleCpuMs = 0;
  let startAt = 0;
  if (exchange === 'binance') {
    // The first event asks for the REST snapshot, which answers at once.
    for (const m of messages(frames[0]!)) sync.onStreamMessage(m, now);
    const snapshot = feed.parseSnapshot(opening);
    if (!snapshot.ok) throw new Error(`bench: ${JSON.stringify(snapshot.error)}`);
    sync.onSnapshot(snapshot.value, now);
    startAt = 1;
  } else {
    for (const m of messages(opening)) sync.onStreamMessage(m, now);
  }
  for (let n = startAt; n < updates; n++) {
    now += 100;
    for (const m of messages(frames[n]!)) sync.onStreamMessage(m, now);
    if (n % 10 === 9) {
      const s0 = cpuMsNow();
      sync.book.sample(now, exchange, 'BTCUSDT');
      sync.onTick(now);
      sampleCpuMs += cpuMsNow() - s0;
    }
  }
  const cpuMs = cpuMsNow() - start;
  const simulatedSec = updates / 10;
  const levels = sync.book.snapshotLevels();
  return {
    exchange,
    updates,
    levelsPerSide,
    changesPerUpdate,
    simulatedSec,
    cpuMs,
    sampleCpuMs,
    cpuMsPerSimSec: cpuMs / simulatedSec,
    levelsHeld: levels.bids.length + levels.asks.length,
    matchesReference:
      sync.health.state === 'live' && JSON.stringify(levels) === JSON.stringify(sim.reference()),
  };
}

/** The three books, `updates` frames each (10 per second of market time). */
export function benchDepthBooks(updates = 36_000): DepthBooksBench {
  // A short run first, so code compiled on first use is not counted.
  for (const exchange of ['binance', 'bybit', 'okx'] as const) benchDepthBook(exchange, 500, 1);
  const books = (['binance', 'bybit', 'okx'] as const).map((exchange) => benchDepthBook(exchange, updates));
  const totalCpuMsPerSimSec = books.reduce((sum, b) => sum + b.cpuMsPerSimSec, 0);
  return {
    books,
    totalCpuMsPerSimSec,
    percentOfCore: totalCpuMsPerSimSec / 10,
    withinBudget:
      totalCpuMsPerSimSec <= DEPTH_BUDGET_CPU_MS_PER_SEC && books.every((b) => b.matchesReference),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const updates = Number(process.argv[2] ?? 36_000);
  const r = benchDepthBooks(updates);
  for (const b of r.books) {
    process.stdout.write(
      `${b.exchange}: ${b.updates} updates (${b.simulatedSec} s, ${b.changesPerUpdate} changes each, ` +
        `${b.levelsHeld} levels held): ${b.cpuMs.toFixed(0)} ms CPU (sampling ${b.sampleCpuMs.toFixed(0)} ms) = ` +
        `${b.cpuMsPerSimSec.toFixed(2)} ms per market second · book ${b.matchesReference ? 'equals' : 'DIFFERS from'} the reference\n`,
    );
  }
  process.stdout.write(
    `three books: ${r.totalCpuMsPerSimSec.toFixed(2)} ms CPU per market second = ${r.percentOfCore.toFixed(2)} % of a core ` +
      `(budget ${DEPTH_BUDGET_CPU_MS_PER_SEC} ms = 2 %) ${r.withinBudget ? '✓' : '✗'}\n`,
  );
}
