import { DEFAULT_CONFIG, type EngineConfig } from '../model/config';
import { niceBinSize, type RowLayout } from '../model/heatGrid';

/**
 * Where recorded depth sits in price: fixed absolute bins (bin k covers [k·binSize, (k+1)·binSize)),
 * the same bins the liquidation level book uses, so the depth heat and the liquidation heat share
 * their rows with no resampling.
 *
 * The link: the level book's bin is niceBinSize(refPrice · config.grid.bookBinPct[window])
 * (core/model/heatEngine.ts), and a grid row is a whole number of book bins (rowLayout). Depth is
 * recorded once for every window, so its bin is the book bin of the finest window (12h, 24h and 3d
 * at 0.02 % of price: $20 for BTC at $91k). Every coarser book bin (0.1 %, 0.2 %, 0.5 %) rounds to
 * a whole multiple of it, so a row of any window covers whole depth bins. The one exception is
 * the 7d window (0.03 %) when the finest rounds to 2·10^k and the 7d bin to 5·10^k (BTC between
 * about $105k and $158k): a row of an odd number of $50 book bins then cuts a $20 depth bin, and
 * `rowsOnDepthBins` says so (undefined) rather than guess.
 */

/** The depth bin for a symbol trading at `price` (fixed for a session, like the book bin). */
export function depthBinSize(price: number, config: EngineConfig = DEFAULT_CONFIG): number {
  if (!(price > 0) || !Number.isFinite(price)) throw new RangeError(`price must be positive, got ${price}`);
  const finest = Math.min(...Object.values(config.grid.bookBinPct));
  return niceBinSize(price * finest);
}

/**
 * The span kept around the mid: ±5 % of price (as Hyblock's and MM Flow's depth bands), and at most
 * 250 bins each side. The cap is what bounds a column's size whatever the price: ±5 % is 455 bins
 * of $20 at $91k, but would be 790 at $158k (see the size budget in core/storage/depth.ts).
 */
export const DEPTH_SPAN_PCT = 0.05;
export const MAX_DEPTH_BINS_PER_SIDE = 250;

/** Division of prices into bins, tolerant of float noise (86,440 / 0.1 is not exactly 864,400). */
const EPS = 1e-9;

/** Inclusive absolute bins [lo, hi] kept around `mid`: wholly inside ±DEPTH_SPAN_PCT, capped. */
export function depthSpanBins(mid: number, binSize: number): { lo: number; hi: number } {
  const midBin = Math.floor(mid / binSize + EPS);
  const lo = Math.max(
    Math.ceil((mid * (1 - DEPTH_SPAN_PCT)) / binSize - EPS),
    midBin - MAX_DEPTH_BINS_PER_SIDE,
  );
  const hi = Math.min(
    Math.floor((mid * (1 + DEPTH_SPAN_PCT)) / binSize + EPS) - 1,
    midBin + MAX_DEPTH_BINS_PER_SIDE,
  );
  return { lo, hi };
}

/**
 * Inclusive absolute bins the book's reach covers whole: a bin is known only when every price in
 * it lies within [reachLow, reachHigh]. A bin the reach cuts is unknown, never a partial (too
 * small) size. Empty (lo > hi) when the reach covers no whole bin.
 */
export function reachBins(reachLow: number, reachHigh: number, binSize: number): { lo: number; hi: number } {
  if (!(reachLow > 0) || !(reachHigh >= reachLow)) return { lo: 1, hi: 0 };
  return {
    lo: Math.ceil(reachLow / binSize - EPS),
    hi: Math.floor(reachHigh / binSize + EPS) - 1,
  };
}

/** The absolute bin holding `price`. */
export const binOf = (price: number, binSize: number): number => Math.floor(price / binSize + EPS);

/**
 * How a grid's rows lie on depth bins: row r covers depth bins [firstBin + r·perRow, firstBin +
 * (r+1)·perRow). Undefined when a row is not a whole number of depth bins or does not start on
 * one (the 7d case above, or depth recorded at another bin size after a large price move).
 */
export function rowsOnDepthBins(
  layout: RowLayout,
  bookBin: number,
  depthBin: number,
): { firstBin: number; perRow: number } | undefined {
  const perRow = (layout.factor * bookBin) / depthBin;
  const firstBin = (layout.rowBaseBin * bookBin) / depthBin;
  const whole = (x: number) => Math.abs(x - Math.round(x)) < 1e-6;
  if (!whole(perRow) || !whole(firstBin) || Math.round(perRow) < 1) return undefined;
  return { firstBin: Math.round(firstBin), perRow: Math.round(perRow) };
}
