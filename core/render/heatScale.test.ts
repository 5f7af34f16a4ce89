import { describe, expect, it } from 'vitest';
import { emptyHeatGrid } from '../model/heatGrid';
import type { HeatGrid } from '../model/types';
import { DEFAULT_CLASS_PERCENTILES, DEFAULT_NOISE_FLOOR, heatScale } from './heatScale';

/** Relative luminance (WCAG / sRGB), 0 for black to 1 for white: how bright a colour looks. */
function relativeLuminance([r, g, b]: readonly number[]): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r!) + 0.7152 * linear(g!) + 0.0722 * linear(b!);
}

/** One row per value, one column: `long[i]` and `short[i]` in row i. */
function gridOf(long: readonly number[], short: readonly number[] = []): HeatGrid {
  const rows = Math.max(long.length, short.length);
  const g = emptyHeatGrid(1, rows);
  g.priceMin = 100;
  g.binSize = 1;
  g.priceMax = 100 + rows;
  g.long.set(long);
  g.short.set(short);
  for (let i = 0; i < rows; i++) g.maxCell = Math.max(g.maxCell, (long[i] ?? 0) + (short[i] ?? 0));
  return g;
}

const oneTo = (n: number, times = 1) => Array.from({ length: n }, (_, i) => (i + 1) * times);

describe('heatScale: per-side percentile classes (the default)', () => {
  it('puts class boundaries at the 50/75/90/97/99.5th percentiles of the side’s lit cells', () => {
    // Longs 1 … 1000 USD: the top 0.5 % are 996 … 1000, the top 3 % 971 … 1000, and so on.
    const scale = heatScale(gridOf(oneTo(1000)), { noiseFloor: 0 });
    expect(DEFAULT_CLASS_PERCENTILES).toEqual([50, 75, 90, 97, 99.5]);
    expect(scale.mode).toBe('percentile');
    expect(scale.classes).toBe(6);
    expect(Array.from(scale.long.bounds)).toEqual([0, 501, 751, 901, 971, 996]);
    expect([1, 500, 501, 750, 751, 970, 971, 995, 996, 1000].map((v) => scale.levelOf('long', v))).toEqual([
      1, 1, 2, 2, 3, 4, 5, 5, 6, 6,
    ]);
    expect(scale.legend.long.map((e) => e.share)).toEqual([0.5, 0.25, 0.15, 0.07, 0.025, 0.005]);
  });

  it('ranks longs and shorts apart, so each side has its own bright end', () => {
    const scale = heatScale(gridOf(oneTo(1000), oneTo(1000, 1000)), { noiseFloor: 0 });
    expect(scale.short.bounds[5]).toBe(996_000);
    expect(scale.long.bounds[5]).toBe(996);
    expect(scale.levelOf('long', 1000)).toBe(6);
    expect(scale.levelOf('short', 1000)).toBe(1);
  });

  it('keeps cells under the noise floor dark and ranks only the cells over it', () => {
    // The (lower) 99th percentile of 1 … 1000 is 990; the default floor is 20 % of it, 198:
    // cells 1 … 197 stay dark.
    const scale = heatScale(gridOf(oneTo(1000)));
    expect(DEFAULT_NOISE_FLOOR).toBe(0.2);
    expect(scale.long.p99Usd).toBe(990);
    expect(scale.long.noiseFloorUsd).toBe(198);
    expect(scale.long.litCells).toBe(803);
    expect(scale.levelOf('long', 197)).toBe(0);
    expect(scale.levelOf('long', 198)).toBe(1);
    // 803 lit cells from 198: the median boundary is the 402nd of them, 599.
    expect(scale.long.bounds[1]).toBe(599);
    expect(scale.legend.long[0]).toMatchObject({
      level: 1,
      lowerUsd: 198,
      upperUsd: 599,
      label: '$198 – $599',
    });
    const levels = scale.fillLevels(gridOf(oneTo(1000)), 0, 1);
    expect(levels.slice(0, 197).every((l) => l === 0)).toBe(true);
    expect(levels[197]).toBe(1);
  });

  it('takes the noise floor from the 99th percentile, not from one extreme cell', () => {
    // 200 cells of 1–2 M and one of 1 B: the floor stays near 20 % of 2 M and the band stays lit.
    const values = [...Array.from({ length: 200 }, (_, i) => 1e6 + i * 5e3), 1e9];
    const scale = heatScale(gridOf(values));
    expect(scale.long.noiseFloorUsd).toBeLessThan(0.5e6);
    expect(scale.long.litCells).toBe(201);
    expect(scale.levelOf('long', 1e9)).toBe(6);
    expect(scale.levelOf('long', 1e6)).toBe(1);
  });

  it('describes every class in USD per side: colour, lower bound, label, share', () => {
    const scale = heatScale(gridOf(oneTo(1000, 10_000)), { noiseFloor: 0 });
    const top = scale.legend.long.at(-1)!;
    expect(top).toEqual({
      level: 6,
      color: scale.colors[6],
      lowerUsd: 9_960_000,
      upperUsd: null,
      label: '≥ $9.96M',
      share: 0.005,
    });
    expect(scale.legend.long[1]).toMatchObject({
      lowerUsd: 5_010_000,
      upperUsd: 7_510_000,
      label: '$5.01M – $7.51M',
    });
    expect(scale.legend.short).toEqual([]);
    expect(scale.description).toMatch(/percentile classes .*50 \/ 75 \/ 90 \/ 97 \/ 99\.5/);
  });

  it('merges tied boundaries: a side of equal cells is all in the brightest class', () => {
    const scale = heatScale(gridOf(Array(40).fill(5e6)));
    expect(scale.levelOf('long', 5e6)).toBe(6);
    expect(scale.legend.long).toHaveLength(1);
    expect(scale.legend.long[0]).toMatchObject({ level: 6, lowerUsd: 5e6, share: 1 });
  });
});

describe('heatScale: linear mode', () => {
  it('cuts equal USD steps of one top shared by both sides', () => {
    const scale = heatScale(gridOf([10, 35, 60], [100, 0, 99]), {
      mode: 'linear',
      classes: 4,
      noiseFloor: 0,
    });
    expect(scale.classes).toBe(4);
    expect(Array.from(scale.long.bounds)).toEqual([0, 25, 50, 75]);
    expect(Array.from(scale.short.bounds)).toEqual([0, 25, 50, 75]);
    expect([10, 35, 60].map((v) => scale.levelOf('long', v))).toEqual([1, 2, 3]);
    expect(scale.levelOf('short', 100)).toBe(4);
    expect(scale.legend.long.map((e) => e.label)).toEqual(['$0 – $25', '$25 – $50', '$50 – $75', '≥ $75']);
  });

  it('keeps the noise floor in linear mode', () => {
    // Longs 1, 30, 100: the (lower) 99th percentile is 30, the floor 6; the top is 100.
    const scale = heatScale(gridOf([1, 30, 100]), { mode: 'linear', classes: 4 });
    expect(scale.long.noiseFloorUsd).toBe(6);
    expect(Array.from(scale.long.bounds)).toEqual([6, 25, 50, 75]);
    expect(scale.levelOf('long', 5.9)).toBe(0);
    expect(scale.levelOf('long', 30)).toBe(2);
  });
});

describe('heatScale: the intensity threshold', () => {
  it('hides the weaker classes without recolouring the cells it keeps', () => {
    const grid = gridOf(oneTo(1000));
    const all = heatScale(grid, { noiseFloor: 0 });
    const cut = heatScale(grid, { noiseFloor: 0, threshold: 0.8 });
    expect(cut.levelOf('long', 799)).toBe(0);
    for (const v of [800, 900, 901, 971, 1000]) expect(cut.levelOf('long', v)).toBe(all.levelOf('long', v));
    expect(cut.legend.long.map((e) => e.level)).toEqual([3, 4, 5, 6]);
    expect(cut.legend.long[0]!.lowerUsd).toBe(800);
    expect(cut.long.litCells).toBe(201);
  });

  it('is a share of each side’s own hottest cell: a side ten times weaker keeps its top classes', () => {
    // Longs 1 … 1000 USD, shorts a tenth of that. A share of the hottest cell of both sides (60 %
    // of 1000 = 600) would leave every short cell dark; per side the cut is 60 and 600.
    const scale = heatScale(gridOf(oneTo(1000), oneTo(1000, 0.1)), { noiseFloor: 0, threshold: 0.6 });
    expect(scale.long.thresholdUsd).toBe(600);
    expect(scale.short.thresholdUsd).toBeCloseTo(60, 4);
    expect(scale.levelOf('long', 599)).toBe(0);
    expect(scale.levelOf('short', 59)).toBe(0);
    for (const side of ['long', 'short'] as const) {
      expect(scale[side].litCells).toBe(401);
      expect(scale.legend[side].map((e) => e.level)).toEqual([2, 3, 4, 5, 6]);
    }
    expect(scale.levelOf('short', 100)).toBe(6);
    expect(scale.description).toMatch(/60 % of their side's hottest cell/);
  });

  it('keeps at least each side’s hottest cells at the top of the slider', () => {
    const scale = heatScale(gridOf([1, 2], [10, 20]), { threshold: 1 });
    expect(scale.levelOf('long', 1)).toBe(0);
    expect(scale.levelOf('long', 2)).toBe(6);
    expect(scale.levelOf('short', 10)).toBe(0);
    expect(scale.levelOf('short', 20)).toBe(6);
  });
});

describe('heatScale.fillLevels: what the side panel paints from', () => {
  /** 3 columns × 2 rows: longs in row 0, shorts in row 1, one cell with both. */
  function small(): HeatGrid {
    const g = emptyHeatGrid(3, 2);
    g.priceMin = 0;
    g.binSize = 1;
    g.priceMax = 2;
    g.long.set([1, 0, 50, 0, 100, 100]);
    g.short.set([0, 100, 0, 30, 0, 1]);
    g.maxCell = 101;
    return g;
  }

  it('fills the levels of a column range, row 0 lowest, the brighter side per cell', () => {
    const g = small();
    const scale = heatScale(g, { mode: 'linear', classes: 4, noiseFloor: 0 });
    const out = scale.fillLevels(g, 1, 3);
    expect(Array.from(out)).toEqual([
      scale.levelOf('long', 50),
      scale.levelOf('short', 30),
      scale.levelOf('long', 100),
      Math.max(scale.levelOf('long', 100), scale.levelOf('short', 1)),
    ]);
    expect(Array.from(scale.fillLevels(g, 1, 3, undefined, 'short'))).toEqual([0, 2, 0, 1]);
    // Every cell agrees with levelOf, and a too-wide range is clamped to the grid.
    const whole = scale.fillLevels(g, -5, 99);
    for (let i = 0; i < 6; i++) {
      expect(whole[i]).toBe(Math.max(scale.levelOf('long', g.long[i]!), scale.levelOf('short', g.short[i]!)));
    }
  });

  it('writes into a given buffer and refuses one too small', () => {
    const g = small();
    const scale = heatScale(g);
    const buffer = new Uint8Array(16).fill(9);
    expect(scale.fillLevels(g, 0, 2, buffer)).toBe(buffer);
    expect(buffer[4]).toBe(9);
    expect(() => scale.fillLevels(g, 0, 3, new Uint8Array(5))).toThrow(RangeError);
  });

  it('gives an empty grid an all-dark scale, never NaN', () => {
    const g = emptyHeatGrid(4, 4);
    const scale = heatScale(g);
    expect(scale.levelOf('long', 1e6)).toBe(0);
    expect(scale.legend).toEqual({ long: [], short: [] });
    expect(Array.from(scale.fillLevels(g, 0, 4))).toEqual(Array(16).fill(0));
    expect(scale.long.p99Usd).toBe(0);
  });

  it('colours levels from transparent through brighter and brighter ramp colours', () => {
    const scale = heatScale(small());
    expect(Array.from(scale.palette.slice(0, 4))).toEqual([0, 0, 0, 0]);
    expect(scale.colors[0]).toBe('transparent');
    let previous = 0;
    for (let level = 1; level <= scale.classes; level++) {
      const rgb = [
        scale.palette[level * 4]!,
        scale.palette[level * 4 + 1]!,
        scale.palette[level * 4 + 2]!,
      ] as const;
      expect(scale.palette[level * 4 + 3]).toBe(255);
      expect(relativeLuminance(rgb)).toBeGreaterThan(previous);
      expect(scale.colors[level]).toBe(`rgb(${rgb.join(', ')})`);
      previous = relativeLuminance(rgb);
    }
    // The dimmest lit class is told apart from the dark background.
    const [r, g, b] = scale.palette.slice(4, 7);
    expect(r! + g! + b!).toBeGreaterThan(150);
  });

  it('refuses percentiles that do not ascend inside (0, 100)', () => {
    expect(() => heatScale(small(), { percentiles: [50, 40] })).toThrow(RangeError);
    expect(() => heatScale(small(), { percentiles: [0, 50] })).toThrow(RangeError);
  });
});
