import type { EngineConfig } from './config';
import type { LevelBook } from './levelBook';
import type { HeatGrid } from './types';

/**
 * The heat grid's geometry and column storage.
 *
 * Rows: the view bin is a whole multiple (`factor`) of the level book's bin, so a column is summed
 * straight from the book's bins with no resampling. The price range is the window's
 * [min low, max high] widened by a pad that reaches the levels near the window's prices (see
 * EngineConfig.grid), snapped outward to a coarse quantum; factor = ceil(bins / maxRows), so rows
 * never exceed `maxRows` (500 by default).
 *
 * Columns: one per bar while the window has ≤ maxColumns bars; otherwise each column spans
 * ceil(bars / maxColumns) bar intervals, aligned to multiples of that span since the epoch (so a
 * live session and a full recomputation cut columns identically). A column shows the book as it
 * stood after the column's last bar: a band ends in the column where price crossed it, as a
 * trader reading the chart expects. A column without a bar (a gap) repeats the book as it stood,
 * with a flat candle at the previous close.
 */

/** Rounds to the nearest of 1, 2, 5 × 10^k (in log terms), so bins are round dollar amounts. */
export function niceBinSize(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`bin size must be positive, got ${x}`);
  const exp = Math.floor(Math.log10(x));
  const unit = 10 ** exp;
  let best = unit;
  for (const m of [1, 2, 5, 10]) {
    if (Math.abs(Math.log(m * unit) - Math.log(x)) < Math.abs(Math.log(best) - Math.log(x))) best = m * unit;
  }
  return best;
}

/**
 * The level book's bin for a reference price: niceBinSize(price × binPct), never finer than the
 * symbol's price step (tickSize, when known): a bin narrower than a tick would hold no price at all
 * on one side of every tick, so it is raised to the smallest multiple of the tick that is at least
 * the nice size.
 */
export function bookBinSize(price: number, binPct: number, tickSize?: number): number {
  const nice = niceBinSize(price * binPct);
  if (tickSize === undefined || !(tickSize > 0) || !Number.isFinite(tickSize)) return nice;
  const ticks = Math.max(1, Math.ceil(nice / tickSize - 1e-9));
  // Rounded to the tick's own decimals: 3 × 0.1 is 0.30000000000000004 in binary.
  return Number((ticks * tickSize).toPrecision(12));
}

export interface RowLayout {
  /** Absolute book bin where row 0 starts. */
  rowBaseBin: number;
  /** Book bins per row. */
  factor: number;
  rows: number;
}

/**
 * Rows for a window whose bars span [lo, hi] with the current price `price`; `quantumBins` is the
 * snapping quantum in book bins (fixed for a session).
 */
export function rowLayout(
  lo: number,
  hi: number,
  price: number,
  bookBin: number,
  quantumBins: number,
  grid: EngineConfig['grid'],
): RowLayout {
  const pad = Math.min(
    grid.padMaxPct * price,
    Math.max(grid.padMinPct * price, grid.padSpanFactor * (hi - lo)),
  );
  const q = quantumBins * bookBin;
  const loBin = Math.max(0, Math.floor((lo - pad) / q) * quantumBins);
  const hiBin = Math.max(loBin + quantumBins, Math.ceil((hi + pad) / q) * quantumBins);
  // Rows start on a multiple of the factor, so layouts with the same factor share row boundaries
  // and a live session can crop a wider stored band instead of replaying.
  for (let factor = Math.max(1, Math.ceil((hiBin - loBin) / grid.maxRows)); ; factor++) {
    const base = Math.floor(loBin / factor) * factor;
    const rows = Math.ceil((hiBin - base) / factor);
    if (rows <= grid.maxRows) return { rowBaseBin: base, factor, rows };
  }
}

/** The layout widened by `margin` rows on each side (never below price 0). */
export function widenLayout(layout: RowLayout, margin: number): RowLayout {
  const below = Math.min(margin, Math.floor(layout.rowBaseBin / layout.factor));
  return {
    rowBaseBin: layout.rowBaseBin - below * layout.factor,
    factor: layout.factor,
    rows: layout.rows + below + margin,
  };
}

/** Whether `inner` is `outer` cropped: same factor, rows inside. */
export function layoutWithin(inner: RowLayout, outer: RowLayout): boolean {
  return (
    inner.factor === outer.factor &&
    inner.rowBaseBin >= outer.rowBaseBin &&
    inner.rowBaseBin + inner.rows * inner.factor <= outer.rowBaseBin + outer.rows * outer.factor
  );
}

/** Milliseconds one column spans: a whole number of bar intervals, ≤ maxColumns per window. */
export function columnSpanMs(windowMs: number, intervalMs: number, maxColumns: number): number {
  if (!(intervalMs > 0)) return Math.max(60_000, Math.ceil(windowMs / maxColumns / 60_000) * 60_000);
  return intervalMs * Math.max(1, Math.ceil(windowMs / intervalMs / maxColumns));
}

/**
 * A ring of per-column snapshots of one book, long and short, `rows` Float32 values each. Column c
 * lives in slot c mod capacity; the ring holds more slots than a window has columns.
 */
export class ColumnRing {
  readonly capacity: number;
  readonly rows: number;
  readonly long: Float32Array;
  readonly short: Float32Array;
  /** The newest column written, and the book's state there is what later empty columns repeat. */
  lastCol = Number.NEGATIVE_INFINITY;

  constructor(capacity: number, rows: number) {
    this.capacity = capacity;
    this.rows = rows;
    this.long = new Float32Array(capacity * rows);
    this.short = new Float32Array(capacity * rows);
  }

  slotOffset(col: number): number {
    return (((col % this.capacity) + this.capacity) % this.capacity) * this.rows;
  }

  /** Writes the book's current levels as column `col`. */
  snapshot(book: LevelBook, col: number, layout: RowLayout, tierMask: Uint8Array | null): void {
    const o = this.slotOffset(col);
    this.long.fill(0, o, o + this.rows);
    this.short.fill(0, o, o + this.rows);
    book.addToRows('long', this.long, o, layout.rowBaseBin, layout.factor, layout.rows, tierMask);
    book.addToRows('short', this.short, o, layout.rowBaseBin, layout.factor, layout.rows, tierMask);
    if (col > this.lastCol) this.lastCol = col;
  }

  /** Copies column `from` into columns from+1 … to (a stretch without bars), newest `capacity − 1` only. */
  repeat(from: number, to: number): void {
    const first = Math.max(from + 1, to - this.capacity + 2);
    const src = this.slotOffset(from);
    for (let c = first; c <= to; c++) {
      const dst = this.slotOffset(c);
      this.long.copyWithin(dst, src, src + this.rows);
      this.short.copyWithin(dst, src, src + this.rows);
    }
    if (to > this.lastCol) this.lastCol = to;
  }

  /** The slot column `col` reads from: a column past the newest written repeats the newest. */
  readOffset(col: number): number {
    return this.slotOffset(Math.min(col, this.lastCol));
  }
}

/** Per-column candles of the reference market, in a ring like ColumnRing. */
export class CandleRing {
  readonly capacity: number;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  lastCol = Number.NEGATIVE_INFINITY;
  /** Close of the newest bar seen: the flat candle of a column without bars. */
  lastClose = Number.NaN;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.open = new Float64Array(capacity);
    this.high = new Float64Array(capacity);
    this.low = new Float64Array(capacity);
    this.close = new Float64Array(capacity);
  }

  private slot(col: number): number {
    return ((col % this.capacity) + this.capacity) % this.capacity;
  }

  add(col: number, open: number, high: number, low: number, close: number): void {
    if (col > this.lastCol) {
      if (Number.isFinite(this.lastCol) && Number.isFinite(this.lastClose)) {
        for (let c = Math.max(this.lastCol + 1, col - this.capacity + 1); c < col; c++)
          this.setFlat(c, this.lastClose);
      }
      const s = this.slot(col);
      this.open[s] = open;
      this.high[s] = high;
      this.low[s] = low;
      this.close[s] = close;
      this.lastCol = col;
    } else {
      const s = this.slot(col);
      if (high > this.high[s]!) this.high[s] = high;
      if (low < this.low[s]!) this.low[s] = low;
      this.close[s] = close;
    }
    this.lastClose = close;
  }

  private setFlat(col: number, price: number): void {
    const s = this.slot(col);
    this.open[s] = price;
    this.high[s] = price;
    this.low[s] = price;
    this.close[s] = price;
  }

  /** Candle of column `col` into the grid arrays at index i; columns without bars are flat. */
  read(col: number, i: number, grid: HeatGrid, fallback: number): void {
    if (col > this.lastCol || !Number.isFinite(this.lastCol) || col <= this.lastCol - this.capacity) {
      const p = col > this.lastCol && Number.isFinite(this.lastClose) ? this.lastClose : fallback;
      grid.open[i] = p;
      grid.high[i] = p;
      grid.low[i] = p;
      grid.close[i] = p;
      return;
    }
    const s = this.slot(col);
    grid.open[i] = this.open[s]!;
    grid.high[i] = this.high[s]!;
    grid.low[i] = this.low[s]!;
    grid.close[i] = this.close[s]!;
  }

  /** State needed to undo the newest bar (a bar that replaces the in-progress bar). */
  save(): [number, number, number, number, number, number, number] {
    const col = this.lastCol;
    const s = this.slot(Number.isFinite(col) ? col : 0);
    return [col, this.lastClose, this.open[s]!, this.high[s]!, this.low[s]!, this.close[s]!, s];
  }

  restore(state: readonly [number, number, number, number, number, number, number]): void {
    const [col, lastClose, o, h, l, c, s] = state;
    this.lastCol = col;
    this.lastClose = lastClose;
    this.open[s] = o;
    this.high[s] = h;
    this.low[s] = l;
    this.close[s] = c;
  }
}

export function emptyHeatGrid(columns: number, rows: number): HeatGrid {
  return {
    columns,
    rows,
    priceMin: 0,
    priceMax: 0,
    binSize: 0,
    timeStart: 0,
    timeEnd: 0,
    columnTimes: new Float64Array(columns),
    long: new Float32Array(columns * rows),
    short: new Float32Array(columns * rows),
    maxCell: 0,
    open: new Float64Array(columns),
    high: new Float64Array(columns),
    low: new Float64Array(columns),
    close: new Float64Array(columns),
  };
}
