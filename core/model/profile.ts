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
  const long = new Float64Array(rows);
  const short = new Float64Array(rows);
  const cumulativeLong = new Float64Array(rows);
  const cumulativeShort = new Float64Array(rows);
  const profile: LiquidationProfile = {
    price,
    priceMin: grid.priceMin,
    binSize: grid.binSize,
    rows,
    long,
    short,
    cumulativeLong,
    cumulativeShort,
  };
  if (columns === 0 || rows === 0 || !(grid.binSize > 0)) return profile;
  const o = (columns - 1) * rows;
  for (let r = 0; r < rows; r++) {
    long[r] = grid.long[o + r]!;
    short[r] = grid.short[o + r]!;
  }
  const priceRow = Math.min(rows - 1, Math.max(-1, Math.floor((price - grid.priceMin) / grid.binSize)));
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
