import { type SummedDepth, sumLiveDepth } from '../depth/liveBins';
import type { LiveDepth, Wall } from '../depth/types';
import type { ExchangeId } from '../exchanges/types';
import { LOG_SCALE_MODE, type PaneMapping, priceToY, timeToX } from './chartGeometry';
import type { OverlayDepth } from './overlayScene';

/**
 * The live depth profile at the exchange chart pane's right edge, as geometry: the depth bins in
 * view turned into pixel rows with the same price → y mapping as the bands (chartGeometry.ts), so
 * it moves with them, pixel for pixel, as the trader pans and zooms. Pure: the overlay view only
 * paints what this returns.
 *
 * - Rows: each row covers at least one device pixel. Bins thinner than that (zoomed out) are
 *   merged into the row they fall in and their USD summed, so a bar says the USD resting in the
 *   prices that row shows. Rows are clipped to the pane.
 * - Unknown: prices in view that no counted book reaches are returned as runs of y (drawn hatched),
 *   never as rows of zero.
 * - Scale: a bar's length is its USD over the largest row in view (`maxUsd`), times the longest bar.
 */
export interface DepthProfile {
  /** Pixel rows in CSS px, top to bottom as the bins come (either order on an inverted scale). */
  rows: DepthProfileRow[];
  /** Stretches of the pane's height whose prices no counted book reaches, CSS px. */
  unknown: Array<{ y: number; height: number }>;
  /** Known bins in view, and unknown ones (beyond every counted book's reach). */
  knownBins: number;
  unknownBins: number;
  /** The largest row in view (bid or ask), USD: the full-length bar. */
  maxUsd: number;
}

export interface DepthProfileRow {
  y: number;
  height: number;
  bidUsd: number;
  askUsd: number;
  /** Some counted book does not reach these prices: the sum is over fewer books than the others. */
  partial: boolean;
}

/**
 * The longest bar: 15 % of the pane's width, at most 120 px. The newest candles sit at the right
 * edge too; bars longer than this hid them on the stand-in Binance chart (1,140 px pane).
 */
export function profileBarMaxPx(paneWidth: number): number {
  return Math.min(120, paneWidth * 0.15);
}

/** The price shown at pane row `y` (the inverse of priceToY). */
export function yToPrice(mapping: PaneMapping, y: number): number {
  const { mode, top, bottom, bottomRow } = mapping.price;
  const share = y / bottomRow;
  if (mode === LOG_SCALE_MODE) return Math.exp(Math.log(top) - share * (Math.log(top) - Math.log(bottom)));
  return top - share * (top - bottom);
}

/** The bins [first, last] the pane shows, or undefined when no positive price is in view. */
export function binsInView(
  mapping: PaneMapping,
  binSize: number,
): { first: number; last: number } | undefined {
  const a = yToPrice(mapping, 0);
  const b = yToPrice(mapping, mapping.height);
  const high = Math.max(a, b);
  if (!(high > 0) || !(binSize > 0)) return undefined;
  const low = Math.max(0, Math.min(a, b));
  return { first: Math.floor(low / binSize), last: Math.floor(high / binSize) };
}

/** A price range's rows in device pixels [r0, r1), at least one pixel tall. */
function deviceRows(mapping: PaneMapping, low: number, high: number, ratio: number): [number, number] {
  const ya = priceToY(mapping, high) * ratio;
  const yb = priceToY(mapping, low) * ratio;
  const y0 = Math.min(ya, yb);
  const y1 = Math.max(ya, yb);
  let r0 = Math.round(y0);
  let r1 = Math.round(y1);
  if (r1 <= r0) {
    // Thinner than a pixel: the row its middle falls in, by the same rounding as the edges above
    // (row j shows y in [j − ½, j + ½)), so a thin bin joins the row a thick neighbour ends on.
    r0 = Math.floor((y0 + y1) / 2 + 0.5);
    r1 = r0 + 1;
  }
  return [r0, r1];
}

export function depthProfile(summed: SummedDepth, mapping: PaneMapping, pixelRatio = 1): DepthProfile {
  const out: DepthProfile = { rows: [], unknown: [], knownBins: 0, unknownBins: 0, maxUsd: 0 };
  const view = binsInView(mapping, summed.binSize);
  if (!view) return out;
  const { binSize, loBin, books, bid, ask } = summed;
  const ratio = pixelRatio;
  const limit = Math.round(mapping.height * ratio);
  const all = summed.counted.length;
  const unknownRuns: Array<[number, number]> = [];
  const addUnknown = (first: number, last: number) => {
    if (last < first) return;
    out.unknownBins += last - first + 1;
    const prev = unknownRuns[unknownRuns.length - 1];
    if (prev && prev[1] === first - 1) prev[1] = last;
    else unknownRuns.push([first, last]);
  };
  const hiBin = loBin + books.length - 1;
  addUnknown(view.first, Math.min(view.last, loBin - 1));
  // The current row in device pixels, merged while bins fall in it.
  let row: { r0: number; r1: number; bid: number; ask: number; partial: boolean } | undefined;
  const flush = () => {
    if (!row) return;
    const r0 = Math.max(0, row.r0);
    const r1 = Math.min(limit, row.r1);
    if (r1 > r0) {
      out.rows.push({
        y: r0 / ratio,
        height: (r1 - r0) / ratio,
        bidUsd: row.bid,
        askUsd: row.ask,
        partial: row.partial,
      });
      out.maxUsd = Math.max(out.maxUsd, row.bid, row.ask);
    }
    row = undefined;
  };
  let gapFrom = -1;
  for (let k = Math.max(view.first, loBin); k <= Math.min(view.last, hiBin); k++) {
    const at = k - loBin;
    const count = books[at]!;
    if (count === 0) {
      if (gapFrom < 0) gapFrom = k;
      flush();
      continue;
    }
    if (gapFrom >= 0) {
      addUnknown(gapFrom, k - 1);
      gapFrom = -1;
    }
    out.knownBins++;
    const [r0, r1] = deviceRows(mapping, k * binSize, (k + 1) * binSize, ratio);
    if (row && r0 < row.r1 && r1 > row.r0) {
      row.r0 = Math.min(row.r0, r0);
      row.r1 = Math.max(row.r1, r1);
      row.bid += bid[at]!;
      row.ask += ask[at]!;
      row.partial ||= count < all;
    } else {
      flush();
      row = { r0, r1, bid: bid[at]!, ask: ask[at]!, partial: count < all };
    }
  }
  flush();
  if (gapFrom >= 0) addUnknown(gapFrom, Math.min(view.last, hiBin));
  addUnknown(Math.max(view.first, hiBin + 1), view.last);
  for (const [first, last] of unknownRuns) {
    const [r0, r1] = deviceRows(mapping, first * binSize, (last + 1) * binSize, ratio);
    const y0 = Math.max(0, r0);
    const y1 = Math.min(limit, r1);
    if (y1 > y0) out.unknown.push({ y: y0 / ratio, height: (y1 - y0) / ratio });
  }
  return out;
}

/** A wall's outline on the pane: its price bin from when it started to when it was last seen. */
export interface WallRect {
  wall: Wall;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The walls in view as rectangles, CSS px, clipped to the pane: the wall's bin (at least 3 px tall
 * so the outline reads), from its first sample to its last (a standing wall reaches the pane's
 * right edge, as a live band does). Walls wholly outside the pane are left out.
 */
export function wallRects(
  walls: readonly Wall[],
  binSize: number,
  mapping: PaneMapping,
  pixelRatio = 1,
): WallRect[] {
  const rects: WallRect[] = [];
  const snap = (v: number) => Math.round(v * pixelRatio) / pixelRatio;
  for (const wall of walls) {
    const bin = Math.floor(wall.price / binSize);
    const ya = priceToY(mapping, (bin + 1) * binSize);
    const yb = priceToY(mapping, bin * binSize);
    let y0 = snap(Math.min(ya, yb));
    let y1 = snap(Math.max(ya, yb));
    if (y1 - y0 < 3) {
      const mid = (y0 + y1) / 2;
      y0 = snap(mid - 1.5);
      y1 = y0 + 3;
    }
    const x0 = Math.max(0, snap(timeToX(mapping, wall.from)));
    const x1 =
      wall.fate === 'standing' ? mapping.width : Math.min(mapping.width, snap(timeToX(mapping, wall.until)));
    const top = Math.max(0, y0);
    const bottom = Math.min(mapping.height, y1);
    if (bottom <= top || x1 <= x0 || x0 >= mapping.width) continue;
    // At least 2 px wide, so a wall that stood a minute on a zoomed-out chart is still a mark.
    rects.push({ wall, x: x0, y: top, width: Math.max(2, x1 - x0), height: bottom - top });
  }
  return rects;
}

/** The worker publishes once a second: a depth this old means its streams stopped. */
export const DEPTH_STALE_MS = 10_000;

/**
 * What the overlay draws of a published live depth, under the trader's switches: the profile's bins
 * summed over the followed exchanges (core/depth/liveBins.ts), the followed exchanges' walls of that
 * market. Made once per published depth or settings change, not per frame. Undefined when both
 * switches are off or nothing was published.
 */
export function overlayDepthOf(
  live: LiveDepth | undefined,
  choice: { profile: boolean; walls: boolean; exchanges: readonly ExchangeId[] },
): OverlayDepth | undefined {
  if (!live || (!choice.profile && !choice.walls)) return undefined;
  return {
    symbol: live.symbol,
    time: live.time,
    binSize: live.binSize,
    ...(choice.profile ? { profile: sumLiveDepth(live, choice.exchanges) } : {}),
    ...(choice.walls
      ? { walls: live.walls.filter((w) => w.symbol === live.symbol && choice.exchanges.includes(w.exchange)) }
      : {}),
  };
}

/** The depth with `stale` set when the worker has not published for DEPTH_STALE_MS at `now`. */
export function withStaleness(depth: OverlayDepth | undefined, now: number): OverlayDepth | undefined {
  if (!depth || now - depth.time <= DEPTH_STALE_MS) return depth;
  const at = new Date(depth.time).toISOString().slice(11, 19);
  return { ...depth, stale: `depth: no update since ${at} UTC (the depth streams stopped)` };
}
