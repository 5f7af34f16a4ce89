import { serialize } from 'node:v8';
import { depthBinSize } from '../../core/depth/depthBins';
import { DEPTH_COLUMN_MS, DepthColumnBuilder } from '../../core/depth/depthColumns';
import type { BookSample, DepthColumn } from '../../core/depth/types';
import type { ExchangeId } from '../../core/exchanges/types';
import { DB_NAME, openHeatBandsDb } from '../../core/storage/db';
import {
  DepthBuffer,
  type DepthStore,
  encodeDepthColumn,
  indexedDbDepthStore,
} from '../../core/storage/depth';
import { fullGc, usedBytes } from '../cli/timing';

/**
 * The depth recording's budgets over a simulated run (issue 16): one book sample a second per
 * exchange (BTCUSDT around $91k) folded by DepthColumnBuilder, the closed columns of each 10 s
 * boundary written by DepthBuffer into IndexedDB (fake-indexeddb, so `import 'fake-indexeddb/auto'`
 * first), flushed once per boundary as the worker is meant to.
 *
 * The books: Binance 1,000 levels, Bybit 200, OKX 400, evenly spaced out to their reach
 * (`realistic`: ±1.5 %, ±0.3 %, ±0.6 %; `full`: ±5 % on all three), each level's USD log-normal
 * around $1.5M per $20 of price (BTCUSDT's several million per 0.05 %), a fifth of the levels
 * re-drawn every second, the mid walking ±0.01 % a second. Bytes are measured as stored (cells)
 * and as V8 serialises the records (Chrome's IndexedDB value format), then scaled to 12 hours.
 */
export interface DepthRecordFigures {
  reach: 'realistic' | 'full';
  simulatedSec: number;
  samples: number;
  columns: number;
  /** Encoded cells, and whole records as V8 serialises them, scaled to 12 h of three exchanges. */
  cellsPer12h: number;
  serializedPer12h: number;
  /** Budget: 12 h of three exchanges ≤ 15 MB. */
  budgetBytes: number;
  /** Write transactions per 10 s boundary: the most at any boundary, and the mean. */
  maxTransactionsPer10s: number;
  meanTransactionsPer10s: number;
  /** What the three builders hold (typed arrays), whatever the run's length. */
  builderBytes: number;
  /** Heap + array buffers after a full GC, before and after the run (database deleted). */
  heapBeforeBytes: number;
  heapAfterBytes: number;
  /** Wall time per sample folded (binning included), ms. */
  foldMsPerSample: number;
  wallMs: number;
}

const REACH: Record<'realistic' | 'full', Record<ExchangeId, number>> = {
  realistic: { binance: 0.015, bybit: 0.003, okx: 0.006 },
  full: { binance: 0.05, bybit: 0.05, okx: 0.05 },
};
const LEVELS: Record<ExchangeId, number> = { binance: 1_000, bybit: 200, okx: 400 };
const EXCHANGES: readonly ExchangeId[] = ['binance', 'bybit', 'okx'];
const TWELVE_HOURS_SEC = 12 * 3_600;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One exchange's synthetic book: sizes per level offset from the mid, re-drawn in part each second. */
class SyntheticBook {
  private readonly bidUsd: Float64Array;
  private readonly askUsd: Float64Array;
  private readonly spacingPct: number;

  constructor(
    readonly exchange: ExchangeId,
    reachPct: number,
    private readonly random: () => number,
  ) {
    const n = LEVELS[exchange];
    this.spacingPct = reachPct / n;
    this.bidUsd = new Float64Array(n);
    this.askUsd = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.bidUsd[i] = this.draw();
      this.askUsd[i] = this.draw();
    }
  }

  private draw(): number {
    const gauss = Math.sqrt(-2 * Math.log(1 - this.random())) * Math.cos(2 * Math.PI * this.random());
    // $1.5M per $20 of price at $91k, shared by the levels in it.
    const perLevel = (1.5e6 * this.spacingPct * 91_000) / 20;
    return perLevel * Math.exp(gauss) * (this.random() < 0.01 ? 20 : 1);
  }

  sample(time: number, mid: number): BookSample {
    const n = this.bidUsd.length;
    for (let i = 0; i < n; i++) {
      if (this.random() < 0.2) this.bidUsd[i] = this.draw();
      if (this.random() < 0.2) this.askUsd[i] = this.draw();
    }
    const step = mid * this.spacingPct;
    const bids: Array<readonly [number, number]> = [];
    const asks: Array<readonly [number, number]> = [];
    for (let i = 0; i < n; i++) {
      bids.push([mid - 0.05 - i * step, this.bidUsd[i]!]);
      asks.push([mid + 0.05 + i * step, this.askUsd[i]!]);
    }
    return {
      exchange: this.exchange,
      symbol: 'BTCUSDT',
      time,
      mid,
      bids,
      asks,
      reachLow: bids[n - 1]![0],
      reachHigh: asks[n - 1]![0],
    };
  }
}

const deleteDb = () =>
  new Promise<void>((done) => {
    const req = indexedDB.deleteDatabase(DB_NAME);
    req.onsuccess = () => done();
    req.onerror = () => done();
  });

export async function benchDepthRecord(
  reach: 'realistic' | 'full' = 'realistic',
  simulatedSec = 1_800,
): Promise<DepthRecordFigures> {
  const gc = fullGc();
  await deleteDb();
  gc();
  const heapBeforeBytes = usedBytes();
  const started = performance.now();
  const db = await openHeatBandsDb();
  const inner = indexedDbDepthStore(db);
  let writes = 0;
  const counted: DepthStore = {
    write: (columns, walls) => {
      writes++;
      return inner.write(columns, walls);
    },
    prune: inner.prune,
  };
  const t0 = Date.UTC(2026, 11, 6, 0, 0, 0);
  const buffer = new DepthBuffer(counted, { now: () => t0 + simulatedSec * 1000 });
  const random = rng(16);
  const books = EXCHANGES.map((e) => new SyntheticBook(e, REACH[reach][e], random));
  const binSize = depthBinSize(91_000);
  const builders = EXCHANGES.map((e) => new DepthColumnBuilder(e, 'BTCUSDT', binSize));
  let mid = 91_000;
  let samples = 0;
  let columns = 0;
  let cells = 0;
  let serialized = 0;
  let foldMs = 0;
  const perBoundary: number[] = [];
  for (let s = 0; s < simulatedSec; s++) {
    // Sampled a little after each second, as a timer would.
    const time = t0 + s * 1000 + 137;
    mid *= 1 + (random() - 0.5) * 0.0002;
    const closed: DepthColumn[] = [];
    for (let i = 0; i < books.length; i++) {
      const sample = books[i]!.sample(time, mid);
      const f0 = performance.now();
      closed.push(...builders[i]!.add(sample));
      foldMs += performance.now() - f0;
      samples++;
    }
    if (closed.length === 0) continue;
    for (const c of closed) {
      const record = encodeDepthColumn(c);
      cells += record.bytes;
      serialized += serialize(record).byteLength;
    }
    columns += closed.length;
    buffer.add(closed);
    const before = writes;
    const result = await buffer.flush();
    if (!result.ok) throw new Error(`depth flush failed: ${result.message}`);
    perBoundary.push(writes - before);
  }
  const builderBytes = builders.reduce((sum, b) => sum + b.retainedBytes(), 0);
  db.close();
  await deleteDb();
  const wallMs = performance.now() - started;
  gc();
  // Scaled by the columns closed (the last ones are still open at the end of the run).
  const scale = (EXCHANGES.length * TWELVE_HOURS_SEC * 1000) / DEPTH_COLUMN_MS / Math.max(1, columns);
  return {
    reach,
    simulatedSec,
    samples,
    columns,
    cellsPer12h: cells * scale,
    serializedPer12h: serialized * scale,
    budgetBytes: 15_000_000,
    maxTransactionsPer10s: Math.max(0, ...perBoundary),
    meanTransactionsPer10s: perBoundary.length
      ? perBoundary.reduce((a, b) => a + b, 0) / perBoundary.length
      : 0,
    builderBytes,
    heapBeforeBytes,
    heapAfterBytes: usedBytes(),
    foldMsPerSample: foldMs / samples,
    wallMs,
  };
}

/** The figures as one line each, for the bench's report. */
export function depthRecordLines(f: DepthRecordFigures): string[] {
  const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;
  return [
    `depth record (${f.reach} reach, ${f.simulatedSec} s simulated, ${f.columns} columns): 12 h × 3 exchanges ≈ ` +
      `${mb(f.serializedPer12h)} as stored (cells ${mb(f.cellsPer12h)}) · budget ${mb(f.budgetBytes)}`,
    `depth transactions per 10 s: at most ${f.maxTransactionsPer10s}, mean ${f.meanTransactionsPer10s.toFixed(2)} · ` +
      `builders hold ${(f.builderBytes / 1024).toFixed(0)} KB for three books · fold ${f.foldMsPerSample.toFixed(3)} ms a sample · ` +
      `heap ${mb(f.heapBeforeBytes)} → ${mb(f.heapAfterBytes)}`,
  ];
}
