import type { PaneMapping } from './bridgeProtocol';

export type { PaneMapping };

/**
 * Where things go on the exchange's chart pane, in CSS px from the pane's top-left corner, from the
 * mapping the bridge calibrated against the chart library (core/overlay/calibrate.ts). Pure
 * arithmetic: never NaN for a mapping that parsed (bridgeProtocol.ts guarantees a non-empty price
 * range, positive prices on a log scale, and a positive bar spacing).
 */

export const LOG_SCALE_MODE = 1;

/** Price-scale modes whose visible range is in prices, so price → y is known: regular and log. */
export function canMapPrices(scaleMode: number): boolean {
  return scaleMode === 0 || scaleMode === LOG_SCALE_MODE;
}

/**
 * x of the left edge of the chart bar that contains `timeMs`: bands start and end on bar
 * boundaries, as the candles do. Times before the loaded data extrapolate on the same bar grid.
 */
export function barLeftX(mapping: PaneMapping, timeMs: number): number {
  const { anchorX, anchorTime, spacing, intervalS } = mapping.time;
  // A hair of tolerance so a time exactly on a boundary never floors into the bar before it.
  const bars = Math.floor((timeMs / 1000 - anchorTime) / intervalS + 1e-9);
  return anchorX + bars * spacing;
}

/** x of an instant on the bar grid (not snapped to a bar edge): where an event happened. */
export function timeToX(mapping: PaneMapping, timeMs: number): number {
  const { anchorX, anchorTime, spacing, intervalS } = mapping.time;
  return anchorX + ((timeMs / 1000 - anchorTime) / intervalS) * spacing;
}

/** y of a price: row 0 shows `top`, row `bottomRow` shows `bottom` (so inversion needs no flip). */
export function priceToY(mapping: PaneMapping, price: number): number {
  const { mode, top, bottom, bottomRow } = mapping.price;
  let share: number;
  if (mode === LOG_SCALE_MODE) {
    // A price at or under zero has no place on a log scale: pin it past the lower edge.
    share = price > 0 ? (Math.log(top) - Math.log(price)) / (Math.log(top) - Math.log(bottom)) : 2;
  } else {
    share = (top - price) / (top - bottom);
  }
  return share * bottomRow;
}

export interface PaneRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A band's rectangle clipped to the pane, or undefined when none of it is in view. A band starts
 * at the left edge of the bar its positions were opened in and ends at the left edge of the bar
 * where price crossed it; one still live at `asOf` reaches the pane's right edge. Edges sit on
 * whole pixels of the given `pixelRatio`, so adjacent bands neither overlap nor leave a seam.
 */
export function bandRect(
  mapping: PaneMapping,
  band: { priceLow: number; priceHigh: number; timeStart: number; timeEnd: number },
  asOf: number,
  pixelRatio = 1,
): PaneRect | undefined {
  const snap = (v: number) => Math.round(v * pixelRatio) / pixelRatio;
  const x0 = Math.max(0, snap(barLeftX(mapping, band.timeStart)));
  const x1 =
    band.timeEnd >= asOf ? mapping.width : Math.min(mapping.width, snap(barLeftX(mapping, band.timeEnd)));
  const ya = priceToY(mapping, band.priceHigh);
  const yb = priceToY(mapping, band.priceLow);
  const y0 = Math.max(0, snap(Math.min(ya, yb)));
  const y1 = Math.min(mapping.height, snap(Math.max(ya, yb)));
  if (!(x1 > x0) || !(y1 >= y0) || y0 >= mapping.height || Math.max(ya, yb) < 0) return undefined;
  // At least a device pixel tall, so a thin band stays visible when zoomed out.
  const height = Math.max(1 / pixelRatio, y1 - y0);
  return { x: x0, y: Math.min(y0, mapping.height - height), width: x1 - x0, height };
}
