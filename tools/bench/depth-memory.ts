import { BookSync } from '../../core/depth/bookSync';
import { depthBinSize } from '../../core/depth/depthBins';
import { DepthColumnBuilder } from '../../core/depth/depthColumns';
import { depthFeed } from '../../core/depth/depthFeeds';
import { SyntheticBook, type WireLevel } from '../../core/depth/syntheticBook';
import { WallTracker } from '../../core/depth/walls';
import type { ExchangeId } from '../../core/exchanges/types';
import { fullGc, usedBytes } from '../cli/timing';
import { BOOK_SHAPES, prng } from './depth-books';

/**
 * What the worker's depth service holds and what its once-a-second fold costs (issue 16), in Node:
 * three BookSync books sized as tools/bench/depth-books.ts sizes them (Binance 1,000 levels a
 * side, Bybit 200, OKX 400) kept in step by 10 stream frames a second each, and each book sampled
 * once a second (LocalBook.sample, USD per level) into a DepthColumnBuilder and a WallTracker, as
 * utils/depthStreams.ts does, for `seconds` of market time (30 minutes by default).
 *
 * Memory: heap plus array buffers after a forced full GC, before anything is built and at the end
 * with the books, builders and trackers still referenced: what they retain, not what passed through.
 * The builders' own figure (`retainedBytes`, typed arrays) is reported beside it. These books span
 * a few depth bins (±$100 at most), too few for any bin to clear the walls' 95th percentile: the
 * tracker's histogram and candidates are held, standing walls are not (`wallsSeen` says so).
 * CPU: process.cpuUsage around DepthColumnBuilder.add and WallTracker.push only (the sample itself
 * is in depth-books' figure), per second of market time for the three books.
 */
export interface DepthMemoryFigures {
  seconds: number;
  samples: number;
  columnsClosed: number;
  wallsSeen: number;
  /** Heap + array buffers retained by the three synced books alone, bytes. */
  booksBytes: number;
  /** Retained by the books plus `seconds` of samples through builders and trackers, bytes. */
  retainedBytes: number;
  /** DepthColumnBuilder.retainedBytes() of the three builders. */
  builderBytes: number;
  /** CPU of DepthColumnBuilder.add + WallTracker.push per second of market time, three books, ms. */
  foldCpuMsPerSec: number;
  addCpuMs: number;
  pushCpuMs: number;
  /** Levels held by the three books at the end. */
  levelsHeld: number;
}

const EXCHANGES: readonly ExchangeId[] = ['binance', 'bybit', 'okx'];
const SYMBOL = 'BTCUSDT';

const cpuMsNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** One exchange's synced book and the stream that moves it (frames made as they are needed). */
function syncedBook(exchange: ExchangeId, seed: number) {
  const { levelsPerSide, changesPerUpdate, tick } = BOOK_SHAPES[exchange];
  const random = prng(seed);
  const mid = 66_000;
  const price = (side: 'bid' | 'ask', i: number) =>
    Math.round((side === 'bid' ? mid - (i + 1) * tick : mid + i * tick) * 10) / 10;
  const quantity = () => (random() < 0.2 ? 0 : Math.round(1 + random() * 4_999) / 1_000);
  const index = () => Math.floor(random() * random() * (levelsPerSide - 1)) + 1;
  const sim = new SyntheticBook(exchange, SYMBOL, { ctVal: 0.01 });
  const seedSide = (side: 'bid' | 'ask'): WireLevel[] =>
    Array.from({ length: levelsPerSide }, (_, i) => [price(side, i), 1 + (i % 7)] as const);
  sim.push({ bids: seedSide('bid'), asks: seedSide('ask') });
  const feed = depthFeed(exchange, SYMBOL, { okxCtVal: 0.01 });
  const sync = new BookSync(exchange, SYMBOL);
  const messages = (frame: string) => {
    const parsed = feed.parseFrame(frame);
    if (!parsed.ok) throw new Error(`bench: ${JSON.stringify(parsed.error)}`);
    return parsed.value;
  };
  const next = () => {
    const bids: WireLevel[] = [];
    const asks: WireLevel[] = [];
    for (let c = 0; c < changesPerUpdate; c++) {
      (c % 2 === 0 ? bids : asks).push([price(c % 2 === 0 ? 'bid' : 'ask', index()), quantity()]);
    }
    return sim.push({ bids, asks });
  };
  let now = 0;
  sync.onSocketOpen(now);
  if (exchange === 'binance') {
    const opening = sim.restSnapshot();
    for (const m of messages(next())) sync.onStreamMessage(m, now);
    const snapshot = feed.parseSnapshot(opening);
    if (!snapshot.ok) throw new Error(`bench: ${JSON.stringify(snapshot.error)}`);
    sync.onSnapshot(snapshot.value, now);
  } else {
    for (const m of messages(sim.streamSnapshot())) sync.onStreamMessage(m, now);
  }
  return {
    exchange,
    sync,
    /** One stream frame, 100 ms after the last. */
    step(at: number) {
      now = at;
      for (const m of messages(next())) sync.onStreamMessage(m, now);
    },
  };
}

export function benchDepthMemory(seconds = 1_800): DepthMemoryFigures {
  const gc = fullGc();
  gc();
  const before = usedBytes();
  const books = EXCHANGES.map((e, i) => syncedBook(e, 16 + i));
  for (const b of books) b.step(100);
  gc();
  const booksBytes = usedBytes() - before;
  const t0 = Date.UTC(2026, 11, 6, 0, 0, 0);
  const binSize = depthBinSize(66_000);
  const builders = EXCHANGES.map((e) => new DepthColumnBuilder(e, SYMBOL, binSize));
  const trackers = EXCHANGES.map((e) => new WallTracker(e, SYMBOL, { binSize }));
  let addCpuMs = 0;
  let pushCpuMs = 0;
  let samples = 0;
  let columnsClosed = 0;
  const wallKeys = new Set<string>();
  for (let s = 0; s < seconds; s++) {
    for (let f = 1; f <= 10; f++) for (const b of books) b.step(s * 1000 + f * 100);
    const time = t0 + s * 1000 + 137;
    for (let i = 0; i < books.length; i++) {
      const book = books[i]!;
      if (book.sync.health.state !== 'live') throw new Error(`bench: ${book.exchange} book not live`);
      const sample = book.sync.book.sample(time, book.exchange, SYMBOL);
      const a0 = cpuMsNow();
      columnsClosed += builders[i]!.add(sample).length;
      const a1 = cpuMsNow();
      trackers[i]!.push(sample);
      const a2 = cpuMsNow();
      addCpuMs += a1 - a0;
      pushCpuMs += a2 - a1;
      samples++;
    }
    if (s % 60 === 59)
      for (const t of trackers)
        for (const w of t.walls(time)) wallKeys.add(`${t.exchange}:${w.side}:${w.price}:${w.from}`);
  }
  gc();
  const retainedBytes = usedBytes() - before;
  const builderBytes = builders.reduce((sum, b) => sum + b.retainedBytes(), 0);
  const levelsHeld = books.reduce((sum, b) => {
    const l = b.sync.book.snapshotLevels();
    return sum + l.bids.length + l.asks.length;
  }, 0);
  // Keep everything referenced until after the measure.
  if (trackers.length !== 3 || books.length !== 3) throw new Error('unreachable');
  return {
    seconds,
    samples,
    columnsClosed,
    wallsSeen: wallKeys.size,
    booksBytes,
    retainedBytes,
    builderBytes,
    foldCpuMsPerSec: (addCpuMs + pushCpuMs) / seconds,
    addCpuMs,
    pushCpuMs,
    levelsHeld,
  };
}
