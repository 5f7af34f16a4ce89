import { describe, expect, it } from 'vitest';
import {
  HEAT_STOPS,
  heatCss,
  heatLevel,
  heatLookupTable,
  heatRgb,
  heatValueAt,
  relativeLuminance,
} from './heatColors';

describe('heat colour ramp', () => {
  it('runs from black for nothing to bright yellow for the densest cells', () => {
    expect(heatRgb(0)).toEqual([0, 0, 0]);
    const [r, g, b] = heatRgb(1);
    expect(r).toBeGreaterThan(230);
    expect(g).toBeGreaterThan(200);
    expect(b).toBeLessThan(80);
  });

  it('gets strictly brighter all the way up, sampled finely and in the 256-entry table', () => {
    let previous = -1;
    for (let i = 0; i <= 2000; i++) {
      const luminance = relativeLuminance(heatRgb(i / 2000));
      expect(luminance).toBeGreaterThan(previous);
      previous = luminance;
    }
    const table = heatLookupTable(256);
    previous = -1;
    for (let i = 0; i < 256; i++) {
      const luminance = relativeLuminance([table[i * 4]!, table[i * 4 + 1]!, table[i * 4 + 2]!]);
      expect(luminance).toBeGreaterThan(previous);
      expect(table[i * 4 + 3]).toBe(255);
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
    expect(heatCss(0.5)).toMatch(/^rgb\(\d+, \d+, \d+\)$/);
  });

  it('maps notional to a level and back for the legend', () => {
    expect(heatLevel(0, 100)).toBe(0);
    expect(heatLevel(100, 100)).toBe(1);
    expect(heatLevel(500, 100)).toBe(1);
    expect(heatLevel(25, 100)).toBeCloseTo(0.5);
    expect(heatLevel(5, 0)).toBe(0);
    expect(heatLevel(Number.NaN, 100)).toBe(0);
    for (const v of [1, 10, 37, 99]) expect(heatValueAt(heatLevel(v, 100), 100)).toBeCloseTo(v);
  });
});
