import type { ReadyChartReading } from './bridgeProtocol';

/**
 * Where things go on the exchange's chart pane: time → x through the visible time range, price → y
 * through the visible price range (linear, or logarithmic when the chart's price scale is in log
 * mode), both in CSS px from the pane's top-left corner. Pure arithmetic; never NaN for a valid
 * reading (bridgeProtocol.ts guarantees non-empty ranges and positive prices on a log scale).
 */
export type PaneMapping = Pick<ReadyChartReading, 'time' | 'price' | 'scaleMode' | 'inverted'> & {
  width: number;
  height: number;
};

export const LOG_SCALE_MODE = 1;

/** Price-scale modes whose visible range is in prices, so price → y is known: regular and log. */
export function canMapPrices(scaleMode: number): boolean {
  return scaleMode === 0 || scaleMode === LOG_SCALE_MODE;
}

/** x of an epoch-ms time; chart times are UNIX seconds. */
export function timeToX(mapping: PaneMapping, timeMs: number): number {
  const { from, to } = mapping.time;
  return ((timeMs / 1000 - from) / (to - from)) * mapping.width;
}

export function priceToY(mapping: PaneMapping, price: number): number {
  const { from, to } = mapping.price;
  let share: number;
  if (mapping.scaleMode === LOG_SCALE_MODE) {
    // A price at or under zero has no place on a log scale: pin it below the pane.
    share = price > 0 ? (Math.log(to) - Math.log(price)) / (Math.log(to) - Math.log(from)) : 2;
  } else {
    share = (to - price) / (to - from);
  }
  const y = share * mapping.height;
  return mapping.inverted ? mapping.height - y : y;
}

export interface PaneRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A band's rectangle clipped to the pane, or undefined when none of it is in view. A band still
 * live at `asOf` reaches the pane's right edge: its positions are open now.
 */
export function bandRect(
  mapping: PaneMapping,
  band: { priceLow: number; priceHigh: number; timeStart: number; timeEnd: number },
  asOf: number,
): PaneRect | undefined {
  const x0 = Math.max(0, timeToX(mapping, band.timeStart));
  const x1 = band.timeEnd >= asOf ? mapping.width : Math.min(mapping.width, timeToX(mapping, band.timeEnd));
  const ya = priceToY(mapping, band.priceHigh);
  const yb = priceToY(mapping, band.priceLow);
  const y0 = Math.max(0, Math.min(ya, yb));
  const y1 = Math.min(mapping.height, Math.max(ya, yb));
  if (!(x1 > x0) || !(y1 > y0)) return undefined;
  // At least a pixel tall, so a thin band stays visible when zoomed out.
  const height = Math.max(1, y1 - y0);
  return { x: x0, y: Math.min(y0, mapping.height - height), width: x1 - x0, height };
}
