import * as z from 'zod/mini';
import { DEPTH_COLUMN_MS } from '../depth/depthColumns';
import type { DepthColumn, Wall } from '../depth/types';
import { EXCHANGE_IDS, type ExchangeId } from '../exchanges/types';
import type { HeatBandsDatabase, StoredDepthColumn } from './db';
import { DEFAULT_RETENTION_DAYS, isQuotaExceeded } from './liquidations';

/**
 * Recorded order-book depth in IndexedDB: `depthColumns` holds one record per exchange per 10 s
 * column, `depthWalls` one per wall (keyed by exchange, symbol, side, price and start, so saving a
 * wall again updates it).
 *
 * Why a record per column rather than a minute chunk: a column is written once, when it closes,
 * and never read back to be extended, so a save is puts only — no read-modify-write of a half-full
 * chunk in the write path — and a worker killed mid-save leaves every stored column whole (each
 * save is one transaction). The cost is ~75 bytes a record beyond its cells as V8 serialises it
 * (8 % of a full-reach column, 40 % of a shallow one): well inside the budget either way.
 * Everything that closed at one 10 s boundary, all exchanges, is one transaction: at most one
 * every 10 s.
 *
 * Encoding (`cells`, little-endian): a 30-byte header, then one Uint16 per bin and side where the
 * side has some size: bids from loBin up to the highest bin with a bid, asks from the lowest bin
 * with an ask up to hiBin (the two overlap only where the mid moved within the column). A code
 * packs: bits 15–8 the largest size on a log scale ($10 … $10^10 in 254 steps, 0 = none); bits
 * 7–4 the time-weighted mean as fifteenths of that largest size; bits 3–0 the seconds stood.
 * Precision after a round trip (tested): the largest size within ±4.2 %; the mean within 3.5 % of
 * the largest size plus 4.2 % of itself; seconds stood exact (0…15); sizes under $10 read as $10. Enough for
 * a log colour scale of 256 steps and for a 95th-percentile wall threshold.
 *
 * Size budget (stated, and tested in depth.test.ts and tools/bench/depth-record.ts): a column
 * keeps at most 501 bins (±5 %, ≤ 250 bins a side: core/depth/depthBins.ts), so at most 30 +
 * 2 × 501 bytes of cells plus ~2 bytes per bin where the mid moved. Twelve hours of three
 * exchanges (12,960 columns) of BTCUSDT with books reaching the whole ±5 % store in ≤ 15 MB
 * (measured as V8's structured-clone size of the records, which is what Chrome's IndexedDB
 * writes; measured 13.0 MB); with realistic reach (Binance's 1,000 levels ±1.5 %, Bybit's 200
 * ±0.3 %, OKX's 400 ±0.6 %) 3.2 MB.
 * Beyond the retention (settings.retentionDays, as liquidations) and a byte budget
 * (DEFAULT_DEPTH_BUDGET_BYTES), the oldest columns are pruned.
 */

/** Depth kept at most, bytes of encoded cells: 2 days of three books at full ±5 % reach, 10 at realistic reach. */
export const DEFAULT_DEPTH_BUDGET_BYTES = 60_000_000;
const DAY_MS = 86_400_000;

const FORMAT = 1;
const HEADER_BYTES = 30;
/** log10 of the smallest size coded ($10), and the step per code (254 steps to $10^10). */
const LOG_MIN = 1;
const LOG_STEP = 9 / 254;
const MAX_STOOD = 15;

/** A stored column that cannot be decoded: named, so a reader can skip it and say so. */
export class DepthRecordError extends Error {
  override name = 'DepthRecordError';
}

const storedColumnSchema = z.object({
  exchange: z.enum(EXCHANGE_IDS),
  symbol: z.string().check(z.minLength(1)),
  time: z.number(),
  bytes: z.number(),
  cells: z.instanceof(ArrayBuffer),
});

/** The 0…255 log code of a size (0: none). */
export function sizeCode(usd: number): number {
  if (!(usd > 0)) return 0;
  const c = 1 + Math.round((Math.log10(usd) - LOG_MIN) / LOG_STEP);
  return Math.max(1, Math.min(255, c));
}

export const sizeOfCode = (code: number): number =>
  code === 0 ? 0 : 10 ** (LOG_MIN + (code - 1) * LOG_STEP);

/** Encodes a column for storage (only the bins within its known range, only the sides present). */
export function encodeDepthColumn(c: DepthColumn): StoredDepthColumn {
  const n = Math.max(0, c.hiBin - c.loBin + 1);
  if (c.bidMax.length !== n || c.askMax.length !== n || c.stoodSec.length !== n)
    throw new RangeError(`${c.exchange} ${c.symbol} depth column at ${c.time}: arrays do not match its bins`);
  let bidCount = 0;
  for (let x = n - 1; x >= 0; x--)
    if (c.bidMax[x]! > 0) {
      bidCount = x + 1;
      break;
    }
  let askStart = n;
  for (let x = 0; x < n; x++)
    if (c.askMax[x]! > 0) {
      askStart = x;
      break;
    }
  const bytes = HEADER_BYTES + 2 * (bidCount + n - askStart);
  const cells = new ArrayBuffer(bytes);
  const v = new DataView(cells);
  v.setUint8(0, FORMAT);
  v.setUint8(1, Math.min(255, c.samples));
  v.setUint16(2, Math.round(c.spanMs / 1000), true);
  v.setFloat64(4, c.binSize, true);
  v.setFloat64(12, c.mid, true);
  v.setInt32(20, c.loBin, true);
  v.setUint16(24, n, true);
  v.setUint16(26, bidCount, true);
  v.setUint16(28, askStart, true);
  let o = HEADER_BYTES;
  for (let x = 0; x < bidCount; x++, o += 2)
    v.setUint16(o, code(c.bidMax[x]!, c.bidMean[x]!, c.stoodSec[x]!), true);
  for (let x = askStart; x < n; x++, o += 2)
    v.setUint16(o, code(c.askMax[x]!, c.askMean[x]!, c.stoodSec[x]!), true);
  return { exchange: c.exchange, symbol: c.symbol, time: c.time, bytes, cells };
}

function code(max: number, mean: number, stood: number): number {
  const m = sizeCode(max);
  const f = m === 0 ? 0 : Math.min(15, Math.max(0, Math.round((15 * mean) / max)));
  return (m << 8) | (f << 4) | Math.min(MAX_STOOD, stood);
}

/**
 * Decodes a stored column; throws DepthRecordError on a record that is not one. A record as read
 * back (Binance, a shallow book: 44 bins, bids in 23 of them, asks in 22):
 *   { exchange: 'binance', symbol: 'BTCUSDT', time: 1796558400000, bytes: 120,
 *     cells: ArrayBuffer { 01 0a 0a 00 | 00 00 00 00 00 00 34 40 (binSize 20) | 00 00 00 00 80 37 f6 40
 *     (mid 91,000) | b0 11 00 00 (loBin 4,528) | 2c 00 (44 bins) | 17 00 (23 bid codes) | 16 00
 *     (asks from bin +22) | bid codes… e.g. c8 94 = size code 0x94 ($1.6M), mean 12/15 of it, stood 8 s | ask codes… } }
 */
export function decodeDepthColumn(record: unknown): DepthColumn {
  const parsed = storedColumnSchema.safeParse(record);
  if (!parsed.success)
    throw new DepthRecordError(`not a stored depth column: ${z.prettifyError(parsed.error)}`);
  const r = parsed.data;
  const fail = (why: string): never => {
    throw new DepthRecordError(`${r.exchange} ${r.symbol} depth column at ${r.time}: ${why}`);
  };
  if (r.cells.byteLength < HEADER_BYTES) fail(`${r.cells.byteLength} bytes, shorter than its header`);
  const v = new DataView(r.cells);
  if (v.getUint8(0) !== FORMAT) fail(`format ${v.getUint8(0)}, expected ${FORMAT}`);
  const n = v.getUint16(24, true);
  const bidCount = v.getUint16(26, true);
  const askStart = v.getUint16(28, true);
  if (bidCount > n || askStart > n || r.cells.byteLength !== HEADER_BYTES + 2 * (bidCount + n - askStart))
    fail(`${r.cells.byteLength} bytes do not fit ${n} bins`);
  const loBin = v.getInt32(20, true);
  const c: DepthColumn = {
    exchange: r.exchange,
    symbol: r.symbol,
    time: r.time,
    spanMs: v.getUint16(2, true) * 1000 || DEPTH_COLUMN_MS,
    binSize: v.getFloat64(4, true),
    loBin,
    hiBin: loBin + n - 1,
    mid: v.getFloat64(12, true),
    samples: v.getUint8(1),
    bidMax: new Float32Array(n),
    bidMean: new Float32Array(n),
    askMax: new Float32Array(n),
    askMean: new Float32Array(n),
    stoodSec: new Uint8Array(n),
  };
  let o = HEADER_BYTES;
  for (let x = 0; x < bidCount; x++, o += 2) {
    const k = v.getUint16(o, true);
    c.bidMax[x] = sizeOfCode(k >> 8);
    c.bidMean[x] = (c.bidMax[x]! * ((k >> 4) & 15)) / 15;
    c.stoodSec[x] = k & 15;
  }
  for (let x = askStart; x < n; x++, o += 2) {
    const k = v.getUint16(o, true);
    c.askMax[x] = sizeOfCode(k >> 8);
    c.askMean[x] = (c.askMax[x]! * ((k >> 4) & 15)) / 15;
    c.stoodSec[x] = Math.max(c.stoodSec[x]!, k & 15);
  }
  return c;
}

/** What identifies a wall: saving the same wall again (it grew, it ended) replaces it. */
export const wallKey = (w: Wall): [ExchangeId, string, Wall['side'], number, number] => [
  w.exchange,
  w.symbol,
  w.side,
  w.price,
  w.from,
];

/**
 * Writes columns and walls in ONE transaction: all of them land or none does, and what was stored
 * before stays whole either way.
 */
export async function saveDepth(
  db: HeatBandsDatabase,
  columns: readonly DepthColumn[],
  walls: readonly Wall[] = [],
): Promise<void> {
  if (columns.length === 0 && walls.length === 0) return;
  // Encode first: a column that cannot be encoded fails the save before anything is queued.
  const records = columns.map(encodeDepthColumn);
  const tx = db.transaction(['depthColumns', 'depthWalls'], 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    const store = tx.objectStore('depthColumns');
    for (const r of records) writes.push(store.put(r));
    const wallStore = tx.objectStore('depthWalls');
    for (const w of walls) writes.push(wallStore.put({ ...w }));
  } catch (e) {
    // A bad key throws synchronously; abort so the puts already queued do not commit half a save.
    tx.abort();
    await Promise.allSettled([...writes, tx.done]);
    throw e;
  }
  await Promise.all([...writes, tx.done]);
}

/** Saves the columns that closed at one boundary, every exchange's, in one transaction. */
export const saveDepthColumns = (db: HeatBandsDatabase, columns: readonly DepthColumn[]) =>
  saveDepth(db, columns);

/** Saves walls, standing or ended; a wall saved before (same key) is updated. */
export const saveWalls = (db: HeatBandsDatabase, walls: readonly Wall[]) => saveDepth(db, [], walls);

/** One exchange's columns of one symbol starting within [from, to], oldest first. */
export async function readDepthColumns(
  db: HeatBandsDatabase,
  exchange: ExchangeId,
  symbol: string,
  from: number,
  to: number,
): Promise<DepthColumn[]> {
  const rows = await db.getAll(
    'depthColumns',
    IDBKeyRange.bound([exchange, symbol, from], [exchange, symbol, to]),
  );
  return rows.map(decodeDepthColumn);
}

/** Walls of a symbol (every exchange) that stood at some time within [from, to], by start. */
export async function readWalls(
  db: HeatBandsDatabase,
  symbol: string,
  from: number,
  to: number,
): Promise<Wall[]> {
  const rows = await db.getAllFromIndex(
    'depthWalls',
    'bySymbolFrom',
    IDBKeyRange.bound([symbol, Number.NEGATIVE_INFINITY], [symbol, to]),
  );
  return rows.filter((w) => w.until >= from);
}

export interface DepthPruneResult {
  /** Columns deleted: older than `before`, then the oldest beyond the byte budget. */
  columns: number;
  walls: number;
  /** Encoded bytes of the columns kept. */
  bytesKept: number;
}

/**
 * Deletes columns older than `before` (and walls that ended before it), then the oldest columns
 * until the rest fit `budgetBytes`. One transaction; sizes come from index keys, so no column is
 * read.
 */
export async function pruneDepth(
  db: HeatBandsDatabase,
  before: number,
  budgetBytes = DEFAULT_DEPTH_BUDGET_BYTES,
): Promise<DepthPruneResult> {
  const tx = db.transaction(['depthColumns', 'depthWalls'], 'readwrite');
  const columns = tx.objectStore('depthColumns');
  const doomed: IDBValidKey[] = [];
  let bytesKept = 0;
  let full = false;
  for (let c = await columns.index('byTime').openKeyCursor(null, 'prev'); c; c = await c.continue()) {
    const [time, bytes] = c.key;
    // Newest first: once one column does not fit, every older one goes, so what is kept has no holes.
    if (!full && time >= before && bytesKept + bytes <= budgetBytes) bytesKept += bytes;
    else {
      full = true;
      doomed.push(c.primaryKey);
    }
  }
  for (const key of doomed) await columns.delete(key as [ExchangeId, string, number]);
  let walls = 0;
  const wallStore = tx.objectStore('depthWalls');
  for (
    let c = await wallStore.index('byUntil').openCursor(IDBKeyRange.upperBound(before, true));
    c;
    c = await c.continue()
  ) {
    await c.delete();
    walls++;
  }
  await tx.done;
  return { columns: doomed.length, walls, bytesKept };
}

/** Where depth batches go: IndexedDB in the extension; a wrapper in tests. */
export interface DepthStore {
  write(columns: readonly DepthColumn[], walls: readonly Wall[]): Promise<void>;
  prune(before: number, budgetBytes: number): Promise<DepthPruneResult>;
}

export const indexedDbDepthStore = (db: HeatBandsDatabase): DepthStore => ({
  write: (columns, walls) => saveDepth(db, columns, walls),
  prune: (before, budgetBytes) => pruneDepth(db, before, budgetBytes),
});

export interface DepthBufferOptions {
  /** The retention setting (settings.retentionDays); depth older than this is pruned. */
  retentionDays?: number;
  budgetBytes?: number;
  now?: () => number;
  /** Columns held while writes keep failing (oldest dropped beyond): 1,080 is an hour of three books. */
  maxBuffered?: number;
}

export type DepthFlushResult =
  | { ok: true; columns: number; walls: number; quotaRecovered?: { pruned: number } }
  | {
      ok: false;
      /** 'quota': still full after pruning to the retention and budget; 'error': anything else. */
      reason: 'quota' | 'error';
      message: string;
      pruned: number;
      /** Columns kept for the next flush. */
      kept: number;
    };

export interface DepthBufferStats {
  /** Write transactions attempted (one per flush, two when the quota path retried). */
  transactions: number;
  columns: number;
  walls: number;
  quotaRecoveries: number;
  /** Columns lost because writes kept failing and the buffer was full. */
  dropped: number;
}

/**
 * Collects closed depth columns and wall updates and writes them together in one transaction per
 * flush (the worker flushes at each 10 s boundary). A failed write keeps its batch for the next
 * flush; a full disk prunes to the retention and byte budget, retries once, and reports.
 */
export class DepthBuffer {
  private columns: DepthColumn[] = [];
  private walls = new Map<string, Wall>();
  private flushing: Promise<DepthFlushResult> | undefined;
  private readonly retentionMs: number;
  private readonly budgetBytes: number;
  private readonly now: () => number;
  private readonly maxBuffered: number;
  readonly stats: DepthBufferStats = {
    transactions: 0,
    columns: 0,
    walls: 0,
    quotaRecoveries: 0,
    dropped: 0,
  };

  constructor(
    private readonly store: DepthStore,
    options: DepthBufferOptions = {},
  ) {
    this.retentionMs = (options.retentionDays ?? DEFAULT_RETENTION_DAYS) * DAY_MS;
    this.budgetBytes = options.budgetBytes ?? DEFAULT_DEPTH_BUDGET_BYTES;
    this.now = options.now ?? Date.now;
    this.maxBuffered = options.maxBuffered ?? 1_080;
  }

  get size(): number {
    return this.columns.length + this.walls.size;
  }

  add(columns: readonly DepthColumn[]): void {
    this.columns.push(...columns);
    this.trim();
  }

  /** A wall's latest state; an earlier update of the same wall not yet written is replaced. */
  addWalls(walls: readonly Wall[]): void {
    for (const w of walls) this.walls.set(JSON.stringify(wallKey(w)), w);
  }

  /** Writes what is buffered in one transaction; resolves once stored (or kept after a failure). */
  flush(): Promise<DepthFlushResult> {
    const run = (this.flushing ?? Promise.resolve()).then(() => this.writeOnce());
    this.flushing = run;
    void run.finally(() => {
      if (this.flushing === run) this.flushing = undefined;
    });
    return run;
  }

  /** Applies the retention setting and the byte budget. */
  prune(): Promise<DepthPruneResult> {
    return this.store.prune(this.now() - this.retentionMs, this.budgetBytes);
  }

  private async writeOnce(): Promise<DepthFlushResult> {
    if (this.columns.length === 0 && this.walls.size === 0) return { ok: true, columns: 0, walls: 0 };
    const columns = this.columns;
    const walls = this.walls;
    this.columns = [];
    this.walls = new Map();
    const wallList = [...walls.values()];
    try {
      this.stats.transactions++;
      await this.store.write(columns, wallList);
      return this.done(columns.length, wallList.length);
    } catch (first) {
      if (!isQuotaExceeded(first)) return this.keep(columns, walls, 'error', first, 0);
      let pruned = 0;
      try {
        pruned = (await this.prune()).columns;
        this.stats.transactions++;
        await this.store.write(columns, wallList);
      } catch (second) {
        return this.keep(columns, walls, isQuotaExceeded(second) ? 'quota' : 'error', second, pruned);
      }
      this.stats.quotaRecoveries++;
      return { ...this.done(columns.length, wallList.length), quotaRecovered: { pruned } };
    }
  }

  private done(columns: number, walls: number): { ok: true; columns: number; walls: number } {
    this.stats.columns += columns;
    this.stats.walls += walls;
    return { ok: true, columns, walls };
  }

  private keep(
    columns: DepthColumn[],
    walls: Map<string, Wall>,
    reason: 'quota' | 'error',
    e: unknown,
    pruned: number,
  ): DepthFlushResult {
    // What arrived during the failed write goes after the batch; a newer wall state wins.
    this.columns = [...columns, ...this.columns];
    for (const [key, w] of this.walls) walls.set(key, w);
    this.walls = walls;
    this.trim();
    return {
      ok: false,
      reason,
      message: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      pruned,
      kept: this.columns.length,
    };
  }

  private trim(): void {
    const over = this.columns.length - this.maxBuffered;
    if (over > 0) {
      this.columns.splice(0, over);
      this.stats.dropped += over;
    }
  }
}
