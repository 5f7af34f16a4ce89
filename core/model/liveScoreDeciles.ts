import type { PositionSide } from '../exchanges/types';

/**
 * The rows of a bar's price range in the engine's grid, and the deciles of them an event is scored
 * against: the engine's hottest decile and the baseline's decile at the side's extreme.
 */

/** Rows in a bar's decile: ceil(rows / 10), at least one. */
export const decileSize = (rows: number): number => Math.max(1, Math.ceil(rows / 10));

/** The grid rows a bar's range spans: row k covers [priceMin + k·binSize, priceMin + (k+1)·binSize). */
export function rangeRows(
  priceMin: number,
  binSize: number,
  low: number,
  high: number,
): { first: number; count: number } {
  const first = Math.floor((low - priceMin) / binSize);
  const last = Math.max(first, Math.ceil((high - priceMin) / binSize) - 1);
  return { first, count: last - first + 1 };
}

/**
 * The hottest decile of `heat` (one value per row of a bar's range) as weights per row that sum to
 * decileSize(rows): 1 for rows strictly hotter than the decile's coolest row; the rows tied at that
 * heat share the remaining places equally (the expectation of breaking the tie at random, so a
 * range without heat is scored as a random pick, never a lucky one).
 */
export function hottestDecileWeights(heat: ArrayLike<number>): Float64Array {
  const n = heat.length;
  const k = decileSize(n);
  const weights = new Float64Array(n);
  const sorted = Float64Array.from(heat).sort().reverse();
  const cut = sorted[k - 1]!;
  let above = 0;
  let tied = 0;
  for (let i = 0; i < n; i++) {
    if (heat[i]! > cut) above++;
    else if (heat[i]! === cut) tied++;
  }
  const share = (k - above) / tied;
  for (let i = 0; i < n; i++) weights[i] = heat[i]! > cut ? 1 : heat[i]! === cut ? share : 0;
  return weights;
}

/**
 * The share of the bar's price range [low, high] each of its rows covers (summing to 1): the end
 * rows are usually cut by the bar's low and high. A flat bar (low = high) is one row covering all.
 */
export function rowCoverage(priceMin: number, binSize: number, low: number, high: number): Float64Array {
  const { first, count } = rangeRows(priceMin, binSize, low, high);
  const cover = new Float64Array(count);
  if (!(high > low)) {
    cover.fill(1 / count);
    return cover;
  }
  for (let i = 0; i < count; i++) {
    const bottom = priceMin + (first + i) * binSize;
    cover[i] = Math.max(0, Math.min(high, bottom + binSize) - Math.max(low, bottom)) / (high - low);
  }
  return cover;
}

/**
 * The baseline that knows only the price path: the decile of a bar's range at the side's extreme,
 * the lowest decileSize(rows) rows for longs and the highest for shorts.
 */
export function extremeDecileWeights(rows: number, side: PositionSide): Float64Array {
  const k = decileSize(rows);
  const weights = new Float64Array(rows);
  if (side === 'long') weights.fill(1, 0, k);
  else weights.fill(1, rows - k, rows);
  return weights;
}

/**
 * The chance of `weights` (a decile's weights per row) among the rows outside `baseline` (the
 * baseline decile's 0/1 weights): Σ weight·(1 − baseline)·coverage / Σ (1 − baseline)·coverage, the
 * share an event placed uniformly at random in the part of the bar's range the baseline's decile
 * leaves out would score. 0 when the baseline's decile covers the whole range.
 */
export function chanceOutside(
  weights: ArrayLike<number>,
  baseline: ArrayLike<number>,
  coverage: ArrayLike<number>,
): number {
  let inside = 0;
  let outside = 0;
  for (let i = 0; i < coverage.length; i++) {
    const out = (1 - baseline[i]!) * coverage[i]!;
    outside += out;
    inside += weights[i]! * out;
  }
  return outside > 1e-12 ? inside / outside : 0;
}
