import { describe, expect, it } from 'vitest';
import type { HeatGrid } from '@/core/model/types';
import { heatScale } from '@/core/render/heatScale';
import { type HeatBand, heatBands } from './bands';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 5, 1);

/** A grid of `columns` 5-minute columns and `rows` $10 rows from $100; cells set by `long`/`short`. */
function grid(
  columns: number,
  rows: number,
  cells: { long?: [c: number, r: number, v: number][]; short?: [c: number, r: number, v: number][] },
): HeatGrid {
  const long = new Float32Array(columns * rows);
  const short = new Float32Array(columns * rows);
  for (const [c, r, v] of cells.long ?? []) long[c * rows + r] = v;
  for (const [c, r, v] of cells.short ?? []) short[c * rows + r] = v;
  let maxCell = 0;
  for (let i = 0; i < long.length; i++) maxCell = Math.max(maxCell, long[i]! + short[i]!);
  const columnTimes = Float64Array.from({ length: columns }, (_, c) => T0 + c * 5 * MINUTE);
  const flat = new Float64Array(columns).fill(150);
  return {
    columns,
    rows,
    priceMin: 100,
    priceMax: 100 + rows * 10,
    binSize: 10,
    timeStart: T0,
    timeEnd: T0 + columns * 5 * MINUTE,
    columnTimes,
    long,
    short,
    maxCell,
    open: flat,
    high: flat,
    low: flat,
    close: flat,
  };
}

const run = (from: number, to: number, row: number, v: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => [from + i, row, v] as [number, number, number]);

/** The bands the worker sends for `g` at the trader's `threshold`: cut in the side panel's scale. */
const bandsOf = (g: HeatGrid, threshold: number, options: Parameters<typeof heatBands>[2] = {}) =>
  heatBands(g, heatScale(g, { threshold }), options);

describe('heatBands', () => {
  it('turns a run of lit columns in one row into one band over its price bin and time span, with its class', () => {
    const bands = bandsOf(grid(10, 5, { long: run(2, 5, 1, 100) }), 0.1);
    expect(bands).toEqual([
      {
        side: 'long',
        priceLow: 110,
        priceHigh: 120,
        timeStart: T0 + 10 * MINUTE,
        timeEnd: T0 + 30 * MINUTE,
        intensity: 1,
        level: 6,
      },
    ]);
  });

  it('ends a band in the column where price crossed it (the first column without heat)', () => {
    const bands = bandsOf(grid(10, 5, { short: [...run(0, 3, 4, 100), ...run(6, 7, 4, 100)] }), 0.1);
    const spans = bands.map((b) => [b.timeStart, b.timeEnd]).sort((a, b) => a[0]! - b[0]!);
    expect(spans).toEqual([
      [T0, T0 + 20 * MINUTE],
      [T0 + 30 * MINUTE, T0 + 40 * MINUTE],
    ]);
  });

  it('runs a band still lit in the last column up to the grid end (live)', () => {
    const g = grid(6, 3, { long: run(3, 5, 0, 50) });
    expect(bandsOf(g, 0)[0]?.timeEnd).toBe(g.timeEnd);
  });

  it('splits a run where its class changes, so one band has one colour', () => {
    const g = grid(8, 2, { long: [...run(0, 3, 0, 30), ...run(4, 7, 0, 100)] });
    const scale = heatScale(g);
    const bands = heatBands(g, scale);
    expect(bands.map((b) => [b.timeStart, b.timeEnd, b.level])).toEqual([
      [T0 + 20 * MINUTE, T0 + 40 * MINUTE, scale.levelOf('long', 100)],
      [T0, T0 + 20 * MINUTE, scale.levelOf('long', 30)],
    ]);
    expect(bands[0]!.level).toBeGreaterThan(bands[1]!.level!);
  });

  it('stacks adjacent rows with the same span and class into one band', () => {
    const g = grid(8, 6, { short: [...run(1, 4, 2, 80), ...run(1, 4, 3, 80), ...run(1, 4, 4, 80)] });
    const bands = bandsOf(g, 0.1);
    expect(bands).toHaveLength(1);
    expect(bands[0]).toMatchObject({ side: 'short', priceLow: 120, priceHigh: 150 });
  });

  it('keeps rows apart when their spans differ or a row between them is dark', () => {
    const g = grid(8, 6, { long: [...run(1, 4, 0, 80), ...run(1, 5, 1, 80), ...run(1, 4, 3, 80)] });
    expect(bandsOf(g, 0.1)).toHaveLength(3);
  });

  it('leaves out cells under the threshold share of their side’s hottest cell', () => {
    const g = grid(4, 4, { long: [...run(0, 3, 0, 100), ...run(0, 3, 2, 30)] });
    expect(bandsOf(g, 0.35).map((b) => b.priceLow)).toEqual([100]);
    expect(bandsOf(g, 0.25).map((b) => b.priceLow)).toEqual([100, 120]);
  });

  it('gives the brightest classes first, then the stronger bands, and stops at the cap', () => {
    // Every other row, so no two bands stack; row 2k holds k + 1.
    const cells = Array.from({ length: 20 }, (_, k) => run(0, 2, 2 * k, k + 1)).flat();
    const bands = bandsOf(grid(3, 40, { long: cells }), 0, { maxBands: 5 });
    expect(bands).toHaveLength(5);
    expect(bands.map((b) => b.priceLow)).toEqual([480, 460, 440, 420, 400]);
    expect(bands[0]!.intensity).toBe(1);
    expect(bands.map((b) => b.level)).toEqual([...bands.map((b) => b.level)].sort((a, b) => b! - a!));
  });

  it('draws only the chosen sides', () => {
    const g = grid(4, 4, { long: run(0, 1, 0, 10), short: run(0, 1, 3, 10) });
    expect(bandsOf(g, 0, { sides: ['short'] }).map((b) => b.side)).toEqual(['short']);
  });

  it('returns no bands for an empty grid or a cap of zero, and never NaN for a NaN threshold', () => {
    expect(bandsOf(grid(4, 4, {}), 0.1)).toEqual([]);
    expect(bandsOf(grid(4, 4, { long: run(0, 1, 0, 10) }), 0, { maxBands: 0 })).toEqual([]);
    const bands = bandsOf(grid(4, 4, { long: run(0, 1, 0, 10) }), Number.NaN);
    expect(bands).toHaveLength(1);
    expect(Object.values(bands[0]!).every((v) => typeof v === 'string' || Number.isFinite(v))).toBe(true);
  });
});

describe('heatBands: one heat model with the side panel', () => {
  /**
   * 24 columns × 30 rows: longs in rows 0–14 up to $1,000, shorts in rows 15–29 up to $100 (a tenth),
   * each cell a different amount so every class is used, some runs crossed part-way.
   */
  function lopsided(): HeatGrid {
    const long: [number, number, number][] = [];
    const short: [number, number, number][] = [];
    for (let r = 0; r < 15; r++) {
      for (let c = r % 4; c < 24; c++) {
        const v = 10 + ((r * 37 + c * 11) % 100) ** 1.5;
        long.push([c, r, v]);
        short.push([c, 15 + r, v / 10]);
      }
    }
    return grid(24, 30, { long, short });
  }

  /** Every cell's level as the bands paint it (0 where no band covers it), per side. */
  function paintedLevels(g: HeatGrid, bands: readonly HeatBand[], side: 'long' | 'short'): Uint8Array {
    const out = new Uint8Array(g.columns * g.rows);
    for (const b of bands) {
      if (b.side !== side) continue;
      const r0 = Math.round((b.priceLow - g.priceMin) / g.binSize);
      const r1 = Math.round((b.priceHigh - g.priceMin) / g.binSize);
      for (let c = 0; c < g.columns; c++) {
        const start = g.columnTimes[c]!;
        if (start < b.timeStart || start >= b.timeEnd) continue;
        for (let r = r0; r < r1; r++) {
          expect(out[c * g.rows + r], 'bands of one side never overlap').toBe(0);
          out[c * g.rows + r] = b.level!;
        }
      }
    }
    return out;
  }

  it('carries per-side classes: each band’s level is the panel’s level of every cell it covers, and no lit cell is left out', () => {
    const g = lopsided();
    for (const threshold of [0, 0.3, 0.6, 0.9]) {
      const scale = heatScale(g, { threshold });
      const bands = heatBands(g, scale, { maxBands: 10_000 });
      for (const side of ['long', 'short'] as const) {
        const panel = scale.fillLevels(g, 0, g.columns, undefined, side);
        expect(Array.from(paintedLevels(g, bands, side)), `${side} at ${threshold}`).toEqual(
          Array.from(panel),
        );
      }
    }
  });

  it('gives a side ten times weaker its own top classes, as the panel does, and keeps them under the cap', () => {
    const g = lopsided();
    const scale = heatScale(g, { threshold: 0.6 });
    const bands = heatBands(g, scale, { maxBands: 20 });
    for (const side of ['long', 'short'] as const) {
      const own = bands.filter((b) => b.side === side);
      expect(own.length, side).toBeGreaterThan(0);
      expect(Math.max(...own.map((b) => b.level!)), side).toBe(scale.classes);
      expect(Math.max(...own.map((b) => b.intensity)), side).toBe(1);
    }
    // The old cut (60 % of the hottest cell of both sides, $600) lit no short cell at all.
    expect(Math.max(...g.short)).toBeLessThan(0.6 * g.maxCell);
  });
});
