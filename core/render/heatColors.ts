/**
 * The heat colour ramp the class palettes are sampled from (core/render/heatScale.ts): near black for little liquidation notional, through purple and teal, to bright
 * yellow for the densest clusters — the look traders know from the public heatmap tools.
 * Pure data and arithmetic: no DOM, so it runs in Node, the worker and pages alike.
 */

export type Rgb = readonly [r: number, g: number, b: number];

/**
 * Hand-tuned stops (position 0..1, sRGB). Each stop is lighter than the one before, so the
 * ramp reads as "more" from bottom to top even in greyscale or for colour-blind readers.
 */
export const HEAT_STOPS: readonly { at: number; rgb: Rgb }[] = [
  { at: 0, rgb: [0, 0, 0] },
  { at: 0.12, rgb: [22, 8, 48] },
  { at: 0.3, rgb: [72, 20, 118] },
  { at: 0.45, rgb: [98, 44, 150] },
  { at: 0.6, rgb: [34, 120, 142] },
  { at: 0.74, rgb: [30, 168, 136] },
  { at: 0.87, rgb: [140, 210, 70] },
  { at: 1, rgb: [255, 236, 32] },
];

/**
 * Colour of ramp position `level` (channels 0..255, not rounded, so brightness rises smoothly);
 * clamped to 0..1, and a non-finite level is treated as 0.
 */
export function heatRgb(level: number): Rgb {
  const t = Number.isFinite(level) ? Math.min(1, Math.max(0, level)) : 0;
  for (let i = 1; i < HEAT_STOPS.length; i++) {
    const hi = HEAT_STOPS[i]!;
    if (t > hi.at && i < HEAT_STOPS.length - 1) continue;
    const lo = HEAT_STOPS[i - 1]!;
    const f = hi.at === lo.at ? 0 : (t - lo.at) / (hi.at - lo.at);
    return [
      lo.rgb[0] + (hi.rgb[0] - lo.rgb[0]) * f,
      lo.rgb[1] + (hi.rgb[1] - lo.rgb[1]) * f,
      lo.rgb[2] + (hi.rgb[2] - lo.rgb[2]) * f,
    ];
  }
  return HEAT_STOPS[HEAT_STOPS.length - 1]!.rgb;
}
