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
