import type { ExchangeId } from '../exchanges/types';
import type { RowLayout } from '../model/heatGrid';
import { binOf, depthSpanBins, MAX_DEPTH_BINS_PER_SIDE, reachBins, rowsOnDepthBins } from './depthBins';
import type { BookSample, DepthColumn } from './types';

/**
 * Depth heat, folded: one book sample a second becomes one `DepthColumn` per 10 s (columns start at
 * multiples of 10 s since the epoch, so the worker, a replay and a reload cut them alike).
 *
 * Time weighting: the book is taken to stand as sampled until the next sample, but a sample holds
 * at most MAX_HOLD_MS; a longer gap (a book out of sync, a worker asleep) counts for nothing, so
 * the mean is over the time the book was actually seen. A hold that runs over a column boundary is
 * split between the two columns. Per bin a column keeps the largest size seen, the time-weighted
 * mean, and the seconds some size stood there. A bin is known only if every sample held in the
 * column knew it (within the span kept and the book's reach): `loBin..hiBin`.
 *
 * Memory: the builder keeps only the open column and the last sample, binned (seven arrays of
 * 2·MAX_DEPTH_BINS_PER_SIDE + 1 float64 bins, 28 KB), never the samples themselves: half an hour of
 * samples costs the same as ten seconds (`retainedBytes`, tested).
 */
export const DEPTH_COLUMN_MS = 10_000;
/** A sample stands for the book until the next one, but no longer than this. */
export const MAX_HOLD_MS = 3_000;

const WIDTH = 2 * MAX_DEPTH_BINS_PER_SIDE + 1;

/** A sample the builder cannot fold (wrong book, out of order, impossible numbers). */
export class DepthSampleError extends RangeError {
  override name = 'DepthSampleError';
}

/** The last sample on depth bins: index i is absolute bin base + i. */
interface HeldBook {
  time: number;
  mid: number;
  base: number;
  /** Absolute bins known (span ∩ reach), inclusive. */
  lo: number;
  hi: number;
  bid: Float64Array;
  ask: Float64Array;
  /** Time up to which this sample's hold has been folded. */
  doneUntil: number;
  /** Whether it has been counted in its column's `samples`. */
  counted: boolean;
}

interface OpenColumn {
  start: number;
  base: number;
  lo: number;
  hi: number;
  samples: number;
  mid: number;
  countedMs: number;
  bidSum: Float64Array;
  askSum: Float64Array;
  bidMax: Float64Array;
  askMax: Float64Array;
  stoodMs: Float64Array;
}

export class DepthColumnBuilder {
  private held: HeldBook | undefined;
  private open: OpenColumn | undefined;
  /** End of the newest column closed: a sample before it would reopen (and re-emit) that column. */
  private closedUntil = Number.NEGATIVE_INFINITY;
  /** Arrays reused for every sample and column: no allocation per second but the closed columns. */
  private readonly heldBid = new Float64Array(WIDTH);
  private readonly heldAsk = new Float64Array(WIDTH);
  private readonly colArrays = Array.from({ length: 5 }, () => new Float64Array(WIDTH));

  constructor(
    readonly exchange: ExchangeId,
    readonly symbol: string,
    readonly binSize: number,
  ) {
    if (!(binSize > 0) || !Number.isFinite(binSize))
      throw new RangeError(`depth bin size must be positive, got ${binSize}`);
  }

  /** Folds one sample; returns the columns it closed (oldest first). Throws on a bad sample, changing nothing. */
  add(sample: BookSample): DepthColumn[] {
    this.check(sample);
    const out: DepthColumn[] = [];
    const held = this.held;
    if (held) this.fold(Math.min(sample.time, held.time + MAX_HOLD_MS), out);
    if (this.open && this.open.start + DEPTH_COLUMN_MS <= sample.time) this.close(out);
    this.hold(sample);
    return out;
  }

  /**
   * The clock says `now`: folds the last sample's hold up to the last column boundary before now
   * and closes the columns that ended there (a book that stopped sampling still gets its column).
   * The column now in progress stays open.
   */
  flush(now: number): DepthColumn[] {
    const out: DepthColumn[] = [];
    const boundary = Math.floor(now / DEPTH_COLUMN_MS) * DEPTH_COLUMN_MS;
    const held = this.held;
    if (held) this.fold(Math.min(boundary, held.time + MAX_HOLD_MS), out);
    if (this.open && this.open.start + DEPTH_COLUMN_MS <= boundary) this.close(out);
    return out;
  }

  /** Bytes the builder holds, whatever the number of samples folded. */
  retainedBytes(): number {
    let bytes = this.heldBid.byteLength + this.heldAsk.byteLength;
    for (const a of this.colArrays) bytes += a.byteLength;
    return bytes;
  }

  private check(s: BookSample): void {
    const fail = (why: string) => {
      throw new DepthSampleError(`${s.exchange} ${s.symbol} depth sample at ${s.time}: ${why}`);
    };
    if (s.exchange !== this.exchange || s.symbol !== this.symbol)
      fail(`this builder folds ${this.exchange} ${this.symbol}`);
    if (!Number.isFinite(s.time)) fail('time is not a number');
    if (!(s.mid > 0) || !Number.isFinite(s.mid)) fail(`mid ${s.mid} is not a positive price`);
    const held = this.held;
    if (held && s.time <= held.time) fail(`not after the previous sample (${held.time})`);
    if (held && s.time < held.doneUntil) fail(`before time already folded (${held.doneUntil})`);
    if (s.time < this.closedUntil) fail(`in a column already closed (up to ${this.closedUntil})`);
    for (const levels of [s.bids, s.asks]) {
      for (const [price, usd] of levels) {
        if (!(price > 0) || !Number.isFinite(price) || !(usd >= 0) || !Number.isFinite(usd))
          fail(`level [${price}, ${usd}] is not a price and a USD size`);
      }
    }
  }

  /** Bins a sample as the book that now stands. */
  private hold(s: BookSample): void {
    const span = depthSpanBins(s.mid, this.binSize);
    const reach = reachBins(s.reachLow, s.reachHigh, this.binSize);
    const base = span.lo;
    const bid = this.heldBid;
    const ask = this.heldAsk;
    bid.fill(0);
    ask.fill(0);
    const last = Math.min(span.hi - base, WIDTH - 1);
    for (const [price, usd] of s.bids) {
      const i = binOf(price, this.binSize) - base;
      if (i >= 0 && i <= last) bid[i]! += usd;
    }
    for (const [price, usd] of s.asks) {
      const i = binOf(price, this.binSize) - base;
      if (i >= 0 && i <= last) ask[i]! += usd;
    }
    this.held = {
      time: s.time,
      mid: s.mid,
      base,
      lo: Math.max(span.lo, reach.lo),
      hi: Math.min(base + last, reach.hi),
      bid,
      ask,
      doneUntil: s.time,
      counted: false,
    };
  }

  /** Folds the held book from where it was folded to `to`, split at column boundaries. */
  private fold(to: number, out: DepthColumn[]): void {
    const held = this.held!;
    let from = held.doneUntil;
    while (from < to) {
      const start = Math.floor(from / DEPTH_COLUMN_MS) * DEPTH_COLUMN_MS;
      const end = Math.min(to, start + DEPTH_COLUMN_MS);
      if (this.open && this.open.start !== start) this.close(out);
      const col = this.open ?? this.openColumn(start, held.base);
      this.segment(col, held, end - from);
      from = end;
    }
    held.doneUntil = Math.max(held.doneUntil, to);
  }

  private openColumn(start: number, base: number): OpenColumn {
    const [bidSum, askSum, bidMax, askMax, stoodMs] = this.colArrays as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    for (const a of this.colArrays) a.fill(0);
    this.open = {
      start,
      base,
      lo: base,
      hi: base + WIDTH - 1,
      samples: 0,
      mid: 0,
      countedMs: 0,
      bidSum,
      askSum,
      bidMax,
      askMax,
      stoodMs,
    };
    return this.open;
  }

  private segment(col: OpenColumn, held: HeldBook, dt: number): void {
    if (!held.counted) {
      held.counted = true;
      col.samples++;
      col.mid = held.mid;
    }
    col.countedMs += dt;
    col.lo = Math.max(col.lo, held.lo);
    col.hi = Math.min(col.hi, held.hi);
    const from = Math.max(held.lo, col.base);
    const to = Math.min(held.hi, col.base + WIDTH - 1);
    for (let k = from; k <= to; k++) {
      const i = k - held.base;
      const j = k - col.base;
      const b = held.bid[i]!;
      const a = held.ask[i]!;
      if (b === 0 && a === 0) continue;
      col.bidSum[j]! += b * dt;
      col.askSum[j]! += a * dt;
      if (b > col.bidMax[j]!) col.bidMax[j] = b;
      if (a > col.askMax[j]!) col.askMax[j] = a;
      col.stoodMs[j]! += dt;
    }
  }

  /**
   * Closes the open column into `out`. A column that only carries the tail of an earlier sample's
   * hold (no sample of its own: the book stopped sampling) is dropped: at most MAX_HOLD_MS of it.
   */
  private close(out: DepthColumn[]): void {
    const col = this.open!;
    this.open = undefined;
    this.closedUntil = col.start + DEPTH_COLUMN_MS;
    if (col.samples === 0) return;
    const n = Math.max(0, col.hi - col.lo + 1);
    const column: DepthColumn = {
      exchange: this.exchange,
      symbol: this.symbol,
      time: col.start,
      spanMs: DEPTH_COLUMN_MS,
      binSize: this.binSize,
      loBin: col.lo,
      hiBin: col.lo + n - 1,
      mid: col.mid,
      samples: col.samples,
      bidMax: new Float32Array(n),
      bidMean: new Float32Array(n),
      askMax: new Float32Array(n),
      askMean: new Float32Array(n),
      stoodSec: new Uint8Array(n),
    };
    for (let x = 0; x < n; x++) {
      const j = col.lo - col.base + x;
      column.bidMax[x] = col.bidMax[j]!;
      column.askMax[x] = col.askMax[j]!;
      column.bidMean[x] = col.bidSum[j]! / col.countedMs;
      column.askMean[x] = col.askSum[j]! / col.countedMs;
      column.stoodSec[x] = Math.round(col.stoodMs[j]! / 1000);
    }
    out.push(column);
  }
}

/**
 * Depth on a heat grid's cells, laid out like HeatGrid: index [column · rows + row], row 0 the
 * lowest price. A cell no folded column knew whole is unknown: known = 0 and every value NaN.
 */
export interface DepthRows {
  rows: number;
  cols: number;
  /** Per row, the sum of its bins' largest sizes (each bin's largest, not necessarily at one time). */
  bidMax: Float32Array;
  askMax: Float32Array;
  /** Per row, the time-weighted mean size (exact: a sum of means is the mean of sums). */
  bidMean: Float32Array;
  askMean: Float32Array;
  /** Seconds some size stood in the row (its longest-standing bin), summed over the folded columns. */
  stood: Float32Array;
  known: Uint8Array;
  /** Columns left out because their bins do not fit the rows (see rowsOnDepthBins). */
  misfit: number;
}

/** The grid's columns: column j covers [times[j], times[j] + spanMs). */
export interface TargetColumns {
  times: ArrayLike<number>;
  spanMs: number;
}

/**
 * Re-bins 10 s depth columns onto a heat grid: onto its rows (a row is `layout.factor` book bins
 * of `bookBin`, and must be whole depth bins) and onto its columns when they are coarser than 10 s
 * (largest of the largest, mean of the means weighted by samples, sum of the seconds stood). A
 * source column counts for a row only if it knew every bin of the row. One exchange's book at a
 * time (the layers of several exchanges are summed, or shown side by side, by the caller).
 */
export function depthOnRows(
  columns: readonly DepthColumn[],
  layout: RowLayout,
  bookBin: number,
  target: TargetColumns,
): DepthRows {
  const rows = layout.rows;
  const cols = target.times.length;
  const cells = rows * cols;
  const bidMax = new Float32Array(cells);
  const askMax = new Float32Array(cells);
  const stood = new Float32Array(cells);
  const bidMeanSum = new Float64Array(cells);
  const askMeanSum = new Float64Array(cells);
  const weight = new Float64Array(cells);
  const fits = new Map<number, ReturnType<typeof rowsOnDepthBins>>();
  let misfit = 0;
  const first = columns[0];
  for (const c of columns) {
    if (c.exchange !== first!.exchange || c.symbol !== first!.symbol)
      throw new RangeError(
        `depthOnRows folds one book at a time: got ${first!.exchange} ${first!.symbol} and ${c.exchange} ${c.symbol}`,
      );
    if (target.spanMs < c.spanMs || target.spanMs % c.spanMs !== 0) {
      throw new RangeError(`grid columns of ${target.spanMs} ms cannot hold ${c.spanMs} ms depth columns`);
    }
    const j = columnAt(target, c.time);
    if (j < 0 || c.time + c.spanMs > target.times[j]! + target.spanMs) continue;
    if (!fits.has(c.binSize)) fits.set(c.binSize, rowsOnDepthBins(layout, bookBin, c.binSize));
    const fit = fits.get(c.binSize);
    if (!fit) {
      misfit++;
      continue;
    }
    const { firstBin, perRow } = fit;
    const r0 = Math.max(0, Math.ceil((c.loBin - firstBin) / perRow));
    const r1 = Math.min(rows - 1, Math.floor((c.hiBin + 1 - firstBin) / perRow) - 1);
    const w = c.samples;
    if (w <= 0) continue;
    for (let r = r0; r <= r1; r++) {
      let bMax = 0;
      let aMax = 0;
      let bMean = 0;
      let aMean = 0;
      let st = 0;
      for (let x = firstBin + r * perRow - c.loBin, end = x + perRow; x < end; x++) {
        bMax += c.bidMax[x]!;
        aMax += c.askMax[x]!;
        bMean += c.bidMean[x]!;
        aMean += c.askMean[x]!;
        if (c.stoodSec[x]! > st) st = c.stoodSec[x]!;
      }
      const cell = j * rows + r;
      if (bMax > bidMax[cell]!) bidMax[cell] = bMax;
      if (aMax > askMax[cell]!) askMax[cell] = aMax;
      bidMeanSum[cell]! += bMean * w;
      askMeanSum[cell]! += aMean * w;
      stood[cell]! += st;
      weight[cell]! += w;
    }
  }
  const known = new Uint8Array(cells);
  const bidMean = new Float32Array(cells);
  const askMean = new Float32Array(cells);
  for (let i = 0; i < cells; i++) {
    const w = weight[i]!;
    if (w > 0) {
      known[i] = 1;
      bidMean[i] = bidMeanSum[i]! / w;
      askMean[i] = askMeanSum[i]! / w;
    } else {
      bidMax[i] = Number.NaN;
      askMax[i] = Number.NaN;
      bidMean[i] = Number.NaN;
      askMean[i] = Number.NaN;
      stood[i] = Number.NaN;
    }
  }
  return { rows, cols, bidMax, askMax, bidMean, askMean, stood, known, misfit };
}

/** The target column whose start is the last at or before `time`; −1 before the first. */
function columnAt(target: TargetColumns, time: number): number {
  const t = target.times;
  let lo = 0;
  let hi = t.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid]! <= time) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The longest folded column: `stoodSec` is a Uint8Array (core/depth/types.ts). */
export const MAX_FOLD_SPAN_MS = 240_000;

/**
 * Folds 10 s columns into coarser ones of `spanMs` (a multiple of 10 s, at most 240 s), per exchange
 * and symbol, for a depth export a trader can open: 12 h of three books is 226 MB of CSV at 10 s and
 * a sixth of it at 60 s. Per bin: the largest of the largest, the mean of the means weighted by
 * samples, the sum of the seconds stood. A bin is known in the folded column only if every folded
 * column knew it (the intersection of their ranges), so unknown never reads as empty; a span whose
 * columns share no known bin is left out. The mid is the last column's. Columns must be of one bin size
 * per exchange and symbol.
 */
export function foldDepthColumns(columns: readonly DepthColumn[], spanMs: number): DepthColumn[] {
  if (!(spanMs >= DEPTH_COLUMN_MS) || spanMs % DEPTH_COLUMN_MS !== 0 || spanMs > MAX_FOLD_SPAN_MS)
    throw new RangeError(`fold span must be a multiple of 10 s up to 240 s, got ${spanMs} ms`);
  const groups = new Map<string, DepthColumn[]>();
  for (const c of columns) {
    const key = `${c.exchange}|${c.symbol}|${Math.floor(c.time / spanMs)}`;
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  const out: DepthColumn[] = [];
  for (const group of groups.values()) {
    group.sort((a, b) => a.time - b.time);
    const first = group[0]!;
    const last = group[group.length - 1]!;
    const lo = Math.max(...group.map((c) => c.loBin));
    const hi = Math.min(...group.map((c) => c.hiBin));
    if (hi < lo || group.some((c) => c.binSize !== first.binSize)) continue;
    const n = hi - lo + 1;
    const folded: DepthColumn = {
      exchange: first.exchange,
      symbol: first.symbol,
      time: Math.floor(first.time / spanMs) * spanMs,
      spanMs,
      binSize: first.binSize,
      loBin: lo,
      hiBin: hi,
      mid: last.mid,
      samples: 0,
      bidMax: new Float32Array(n),
      bidMean: new Float32Array(n),
      askMax: new Float32Array(n),
      askMean: new Float32Array(n),
      stoodSec: new Uint8Array(n),
    };
    const stood = new Float64Array(n);
    for (const c of group) {
      const w = c.samples;
      folded.samples += w;
      for (let x = 0; x < n; x++) {
        const i = lo + x - c.loBin;
        folded.bidMax[x] = Math.max(folded.bidMax[x]!, c.bidMax[i]!);
        folded.askMax[x] = Math.max(folded.askMax[x]!, c.askMax[i]!);
        folded.bidMean[x]! += c.bidMean[i]! * w;
        folded.askMean[x]! += c.askMean[i]! * w;
        stood[x]! += c.stoodSec[i]!;
      }
    }
    for (let x = 0; x < n; x++) {
      folded.bidMean[x] = folded.samples > 0 ? folded.bidMean[x]! / folded.samples : 0;
      folded.askMean[x] = folded.samples > 0 ? folded.askMean[x]! / folded.samples : 0;
      folded.stoodSec[x] = Math.min(255, stood[x]!);
    }
    out.push(folded);
  }
  return out.sort((a, b) => a.time - b.time || a.exchange.localeCompare(b.exchange));
}
