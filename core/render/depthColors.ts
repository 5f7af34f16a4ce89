import type { DepthRows, DepthValue } from '../depth/depthRows';
import type { Rgb } from './heatColors';

/**
 * The colours of order-book depth, one per side, shared by the exchange chart's profile and walls
 * and the side panel's depth layer. Blue for bids and orange for asks: apart from the liquidation
 * heat's ramp (near black, purple, teal, green, yellow: core/render/heatColors.ts), from the sites'
 * and the panel's green/red candles (#2ebd85 / #f6465d) and from the zones' mint/pink outlines; the
 * blue/orange pair also stays apart for red–green colour-blind readers.
 */
export const DEPTH_BID_RGB: Rgb = [77, 163, 255];
export const DEPTH_ASK_RGB: Rgb = [255, 159, 67];

/** `rgba(…)` of a side's colour at `alpha`. */
export function depthRgba(side: 'bid' | 'ask', alpha: number): string {
  const [r, g, b] = side === 'bid' ? DEPTH_BID_RGB : DEPTH_ASK_RGB;
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/**
 * The side panel's depth layer colours, Bookmap's way: a log scale between per-side percentile
 * cut-offs of the known, non-empty cells (5th and 95th by default). A cell at or under its side's
 * lower cut-off is not drawn (the background shows), one at or over the upper is the side's full
 * colour, lifted towards white; between, the side's colour grows more opaque with log USD. Unknown
 * cells (beyond every book's reach) are never drawn. Where a cell holds both bids and asks (the row
 * price crossed in that column) the side that ranks higher paints it.
 */
export const DEPTH_CUTOFF_PERCENTILES = [5, 95] as const;

export interface DepthSideScale {
  /** USD at the lower and upper cut-off; both 0 when the side has no known non-empty cell. */
  lowUsd: number;
  highUsd: number;
}

export interface DepthColorScale {
  bid: DepthSideScale;
  ask: DepthSideScale;
  value: DepthValue;
  percentiles: readonly [number, number];
}

function percentileOf(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  // Nearest rank: the smallest value with at least p % of the values at or under it.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

export function depthColorScale(
  depth: DepthRows,
  value: DepthValue = 'mean',
  percentiles: readonly [number, number] = DEPTH_CUTOFF_PERCENTILES,
): DepthColorScale {
  const side = (values: ArrayLike<number>): DepthSideScale => {
    let n = 0;
    for (let i = 0; i < values.length; i++) if (depth.known[i] === 1 && values[i]! > 0) n++;
    const sorted = new Float64Array(n);
    n = 0;
    for (let i = 0; i < values.length; i++)
      if (depth.known[i] === 1 && values[i]! > 0) sorted[n++] = values[i]!;
    sorted.sort();
    return { lowUsd: percentileOf(sorted, percentiles[0]), highUsd: percentileOf(sorted, percentiles[1]) };
  };
  return {
    bid: side(value === 'max' ? depth.bidMax : depth.bidMean),
    ask: side(value === 'max' ? depth.askMax : depth.askMean),
    value,
    percentiles,
  };
}

/** A size's place on its side's log scale, 0…1; 0 at or under the lower cut-off (not drawn). */
export function depthLevel(usd: number, scale: DepthSideScale): number {
  if (!(usd > scale.lowUsd) || !(usd > 0)) return 0;
  if (!(scale.highUsd > scale.lowUsd) || usd >= scale.highUsd) return 1;
  const low = Math.log(Math.max(scale.lowUsd, Number.MIN_VALUE));
  return (Math.log(usd) - low) / (Math.log(scale.highUsd) - low);
}

/** RGBA of a side at a level > 0: the layer's one colour rule (also the legend's swatches). */
export function depthColor(side: 'bid' | 'ask', level: number): [number, number, number, number] {
  const [r, g, b] = side === 'bid' ? DEPTH_BID_RGB : DEPTH_ASK_RGB;
  const t = Math.min(1, Math.max(0, level));
  // The top fifth lifts towards white, so the strongest walls stand out from merely deep books.
  const lift = Math.max(0, (t - 0.8) / 0.2) * 0.5;
  return [
    Math.round(r + (255 - r) * lift),
    Math.round(g + (255 - g) * lift),
    Math.round(b + (255 - b) * lift),
    Math.round(255 * (0.15 + 0.8 * t)),
  ];
}

/**
 * The layer as image pixels, RGBA: column c is pixel column c, the grid's highest row is pixel row
 * 0 (as the heat image, core/render/heatImage.ts and components/study/heatmapPrimitive.ts).
 * Transparent where a cell is unknown or under its side's lower cut-off.
 */
export function depthPixels(depth: DepthRows, scale: DepthColorScale): Uint8ClampedArray {
  const { rows, cols } = depth;
  const out = new Uint8ClampedArray(rows * cols * 4);
  const bids = scale.value === 'max' ? depth.bidMax : depth.bidMean;
  const asks = scale.value === 'max' ? depth.askMax : depth.askMean;
  // Levels quantised to 256 steps through one palette per side: no colour is made per cell.
  const palette = { bid: depthPalette('bid'), ask: depthPalette('ask') };
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) {
      const cell = c * rows + r;
      if (depth.known[cell] !== 1) continue;
      const bid = depthLevel(bids[cell]!, scale.bid);
      const ask = depthLevel(asks[cell]!, scale.ask);
      if (bid === 0 && ask === 0) continue;
      const side = bid >= ask ? palette.bid : palette.ask;
      const at = Math.max(1, Math.round(Math.max(bid, ask) * 255)) * 4;
      const to = ((rows - 1 - r) * cols + c) * 4;
      out[to] = side[at]!;
      out[to + 1] = side[at + 1]!;
      out[to + 2] = side[at + 2]!;
      out[to + 3] = side[at + 3]!;
    }
  }
  return out;
}

/** A side's colours at levels 0/255 … 255/255, RGBA. */
function depthPalette(side: 'bid' | 'ask'): Uint8ClampedArray {
  const palette = new Uint8ClampedArray(256 * 4);
  for (let i = 1; i < 256; i++) palette.set(depthColor(side, i / 255), i * 4);
  return palette;
}
