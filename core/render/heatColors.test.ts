import { describe, expect, it } from 'vitest';
import { HEAT_STOPS, heatRgb } from './heatColors';

/** Relative luminance (WCAG / sRGB), 0 for black to 1 for white: how bright a colour looks. */
function relativeLuminance([r, g, b]: readonly number[]): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r!) + 0.7152 * linear(g!) + 0.0722 * linear(b!);
}

describe('heat colour ramp', () => {
  it('runs from black for nothing to bright yellow for the densest cells', () => {
    expect(heatRgb(0)).toEqual([0, 0, 0]);
    const [r, g, b] = heatRgb(1);
    expect(r).toBeGreaterThan(230);
    expect(g).toBeGreaterThan(200);
    expect(b).toBeLessThan(80);
  });

  it('gets strictly brighter all the way up', () => {
    let previous = -1;
    for (let i = 0; i <= 2000; i++) {
      const luminance = relativeLuminance(heatRgb(i / 2000));
      expect(luminance).toBeGreaterThan(previous);
      previous = luminance;
    }
  });

  it('passes through purple and teal on the way', () => {
    const purple = HEAT_STOPS.find((s) => s.rgb[2] > s.rgb[1] && s.rgb[0] > s.rgb[1] && s.at > 0.2);
    const teal = HEAT_STOPS.find((s) => s.rgb[1] > s.rgb[0] * 2 && s.rgb[2] > s.rgb[0] * 2);
    expect(purple && teal && purple.at < teal.at).toBe(true);
  });

  it('clamps out-of-range and non-finite levels instead of producing NaN', () => {
    expect(heatRgb(-3)).toEqual(heatRgb(0));
    expect(heatRgb(7)).toEqual(heatRgb(1));
    expect(heatRgb(Number.NaN)).toEqual(heatRgb(0));
  });
});
