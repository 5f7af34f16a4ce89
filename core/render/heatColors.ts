/**
 * The heat colour scale shared by the PNG renderer (tools/cli/png.ts) and the extension's
 * panels: near black for little liquidation notional, through purple and teal, to bright
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
 * How strongly a cell's value is compressed before colouring: the square root keeps the
 * weaker bands visible next to one very bright cluster, as the public tools do.
 */
export const HEAT_GAMMA = 0.5;

/** Position on the ramp (0..1) of a notional `value` given the scale's top `max`. Never NaN. */
export function heatLevel(value: number, max: number, gamma: number = HEAT_GAMMA): number {
  if (!(max > 0) || !(value > 0)) return 0;
  if (value >= max) return 1;
  return (value / max) ** gamma;
}

/** The notional at ramp position `level` (the inverse of heatLevel), for legend labels. */
export function heatValueAt(level: number, max: number, gamma: number = HEAT_GAMMA): number {
  if (!(max > 0) || !(level > 0)) return 0;
  if (level >= 1) return max;
  return max * level ** (1 / gamma);
}

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

/** CSS colour string for ramp position `level`. */
export function heatCss(level: number): string {
  const [r, g, b] = heatRgb(level).map(Math.round) as unknown as Rgb;
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * The ramp sampled into `size` RGBA entries (4 bytes each), for per-pixel painting without a
 * function call per pixel: entry i is the colour of level i / (size − 1).
 */
export function heatLookupTable(size = 256): Uint8ClampedArray {
  const n = Math.max(2, Math.floor(size));
  const table = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const [r, g, b] = heatRgb(i / (n - 1));
    table[i * 4] = r;
    table[i * 4 + 1] = g;
    table[i * 4 + 2] = b;
    table[i * 4 + 3] = 255;
  }
  return table;
}

/** Relative luminance (WCAG / sRGB), 0 for black to 1 for white: how bright a colour looks. */
export function relativeLuminance([r, g, b]: Rgb): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}
