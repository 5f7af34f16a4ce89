import type { ExchangeId } from '../exchanges/types';
import type { ColumnRing, RowLayout } from './heatGrid';
import type { HeatFilter } from './types';

/** One market's stored columns. */
export interface StoredColumns {
  exchange: ExchangeId;
  ring: ColumnRing;
}

/** What a read of the stored columns covers: the sides and markets shown, and the rows. */
export interface View<M extends StoredColumns = StoredColumns> {
  long: boolean;
  short: boolean;
  feeds: M[];
  /** Rows of the stored band below the shown rows. */
  crop: number;
  /** Identifies what a column maximum was computed over. */
  key: string;
}

/** The markets and sides a filter selects, over rows `layout` cropped from the stored `band`. */
export function viewOf<M extends StoredColumns>(
  markets: readonly M[],
  filter: Omit<HeatFilter, 'leverages'> | undefined,
  layout: RowLayout,
  band: RowLayout,
): View<M> {
  const long = filter?.sides === undefined || filter.sides.includes('long');
  const short = filter?.sides === undefined || filter.sides.includes('short');
  const feeds = markets.filter(
    (f) => filter?.exchanges === undefined || filter.exchanges.includes(f.exchange),
  );
  const crop = (layout.rowBaseBin - band.rowBaseBin) / layout.factor;
  const key = `${crop}/${layout.rows}/${long}/${short}/${feeds.map((f) => f.exchange).join(',')}`;
  return { long, short, feeds, crop, key };
}

/**
 * Column `col` as the view shows it, written to long[o..o+rows) and short[o..o+rows): a Float32
 * sum of the markets, rounded per market as the grid's cells are. A side not shown is left as is.
 */
export function readColumn(
  view: View,
  col: number,
  rows: number,
  long: Float32Array,
  short: Float32Array,
  o: number,
): void {
  for (let k = 0; k < view.feeds.length; k++) {
    const ring = view.feeds[k]!.ring;
    const src = ring.readOffset(col) + view.crop;
    if (view.long) addColumn(long, o, ring.long, src, rows, k === 0);
    if (view.short) addColumn(short, o, ring.short, src, rows, k === 0);
  }
}

/** dst[o..o+rows) = src[s..s+rows) for the first market, += (Float32-rounded) for the others. */
function addColumn(
  dst: Float32Array,
  o: number,
  src: Float32Array,
  s: number,
  rows: number,
  first: boolean,
): void {
  if (first) {
    dst.set(src.subarray(s, s + rows), o);
    return;
  }
  for (let r = 0; r < rows; r++) dst[o + r] = dst[o + r]! + src[s + r]!;
}

/** Per column: the largest long + short cell, and the largest long and short cell apart. */
interface ColumnMaxima {
  cell: number;
  long: number;
  short: number;
}

/** Column `col`'s maxima as readColumn lays it out, read from the rings. */
function columnMaxima(view: View, col: number, rows: number, out: ColumnMaxima): void {
  const n = view.feeds.length;
  let max = 0;
  let maxLong = 0;
  let maxShort = 0;
  if (n === 1) {
    const ring = view.feeds[0]!.ring;
    const s = ring.readOffset(col) + view.crop;
    const L = ring.long;
    const S = ring.short;
    for (let r = 0; r < rows; r++) {
      const l = view.long ? L[s + r]! : 0;
      const sh = view.short ? S[s + r]! : 0;
      if (l + sh > max) max = l + sh;
      if (l > maxLong) maxLong = l;
      if (sh > maxShort) maxShort = sh;
    }
  } else {
    for (let r = 0; r < rows; r++) {
      let l = 0;
      let sh = 0;
      for (let k = 0; k < n; k++) {
        const ring = view.feeds[k]!.ring;
        const s = ring.readOffset(col) + view.crop + r;
        if (view.long) l = Math.fround(l + ring.long[s]!);
        if (view.short) sh = Math.fround(sh + ring.short[s]!);
      }
      if (l + sh > max) max = l + sh;
      if (l > maxLong) maxLong = l;
      if (sh > maxShort) maxShort = sh;
    }
  }
  out.cell = max;
  out.long = maxLong;
  out.short = maxShort;
}

/**
 * Largest cells over a window's columns: long + short (the grid's maxCell) and each side apart (what
 * zones are shares of). Each column's maxima are kept per ring slot and recomputed only for the
 * columns an append touched (or all, when the rows or the view changed), so a live session does
 * O(rows) here per bar instead of O(columns × rows).
 */
export class ColumnMaxCache {
  private readonly capacity: number;
  private colMax = new Float64Array(0);
  private colLong = new Float64Array(0);
  private colShort = new Float64Array(0);
  private key = '';
  /** Columns up to `valid` were computed; those from `staleFrom` on changed since. */
  private valid = Number.NEGATIVE_INFINITY;
  private staleFrom = Number.NEGATIVE_INFINITY;
  private readonly scratch: ColumnMaxima = { cell: 0, long: 0, short: 0 };

  /** `capacity`: the ring's slots. */
  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** Every column changed (the columns were rebuilt). */
  invalidateAll(): void {
    this.staleFrom = Number.NEGATIVE_INFINITY;
  }

  /** Columns from `col` on changed. */
  invalidateFrom(col: number): void {
    this.staleFrom = Math.min(this.staleFrom, col);
  }

  windowMax(view: View, firstCol: number, lastCol: number, rows: number): ColumnMaxima {
    const capacity = this.capacity;
    if (this.colMax.length !== capacity || view.key !== this.key) {
      this.colMax = new Float64Array(capacity);
      this.colLong = new Float64Array(capacity);
      this.colShort = new Float64Array(capacity);
      this.key = view.key;
      this.valid = Number.NEGATIVE_INFINITY;
    }
    const out: ColumnMaxima = { cell: 0, long: 0, short: 0 };
    for (let col = firstCol; col <= lastCol; col++) {
      const slot = (((col % capacity) + capacity) % capacity) | 0;
      if (col >= this.staleFrom || col > this.valid || col <= this.valid - capacity) {
        columnMaxima(view, col, rows, this.scratch);
        this.colMax[slot] = this.scratch.cell;
        this.colLong[slot] = this.scratch.long;
        this.colShort[slot] = this.scratch.short;
      }
      if (this.colMax[slot]! > out.cell) out.cell = this.colMax[slot]!;
      if (this.colLong[slot]! > out.long) out.long = this.colLong[slot]!;
      if (this.colShort[slot]! > out.short) out.short = this.colShort[slot]!;
    }
    this.valid = lastCol;
    this.staleFrom = Number.POSITIVE_INFINITY;
    return out;
  }
}
