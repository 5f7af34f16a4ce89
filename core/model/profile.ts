import type { HeatGrid, LiquidationProfile } from './types';

/**
 * The liquidation map beside the heatmap: the newest column of the grid (the live book at the
 * snapshot), per row, and cumulated from the current price outwards — longs downwards from the
 * row holding the price, shorts upwards from it. Long levels above the price (and shorts below)
 * cannot exist in the book, since the bar that crossed them triggered them; the row holding the
 * price counts for both sides.
 */
export function liquidationProfile(grid: HeatGrid, price: number): LiquidationProfile {
  const { rows, columns } = grid;
  if (columns === 0) {
    const none = new Float32Array(rows);
    return columnProfile(none, none, 0, rows, grid.priceMin, grid.binSize, price);
  }
  return columnProfile(grid.long, grid.short, (columns - 1) * rows, rows, grid.priceMin, grid.binSize, price);
}

/** The same map from one column given as rows [offset, offset + rows) of `long` and `short`. */
export function columnProfile(
  longCells: Float32Array,
  shortCells: Float32Array,
  offset: number,
  rows: number,
  priceMin: number,
  binSize: number,
  price: number,
): LiquidationProfile {
  const long = new Float64Array(rows);
  const short = new Float64Array(rows);
  const cumulativeLong = new Float64Array(rows);
  const cumulativeShort = new Float64Array(rows);
  const profile: LiquidationProfile = {
    price,
    priceMin,
    binSize,
    rows,
    long,
    short,
    cumulativeLong,
    cumulativeShort,
  };
  if (rows === 0 || !(binSize > 0)) return profile;
  for (let r = 0; r < rows; r++) {
    long[r] = longCells[offset + r]!;
    short[r] = shortCells[offset + r]!;
  }
  const priceRow = Math.min(rows - 1, Math.max(-1, Math.floor((price - priceMin) / binSize)));
  let acc = 0;
  for (let r = Math.min(priceRow, rows - 1); r >= 0; r--) {
    acc += long[r]!;
    cumulativeLong[r] = acc;
  }
  acc = 0;
  for (let r = Math.max(priceRow, 0); r < rows; r++) {
    acc += short[r]!;
    cumulativeShort[r] = acc;
  }
  return profile;
}
