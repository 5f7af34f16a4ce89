import { describe, expect, it } from 'vitest';
import type { HeatGrid } from '@/core/model/types';
import { heatBands } from './bands';

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

describe('heatBands', () => {
  it('turns a run of hot columns in one row into one band over its price bin and time span', () => {
    const bands = heatBands(grid(10, 5, { long: run(2, 5, 1, 100) }), { threshold: 0.1 });
    expect(bands).toEqual([
      {
        side: 'long',
        priceLow: 110,
        priceHigh: 120,
        timeStart: T0 + 10 * MINUTE,
        timeEnd: T0 + 30 * MINUTE,
        intensity: 1,
      },
    ]);
  });

  it('ends a band in the column where price crossed it (the first column without heat)', () => {
    const bands = heatBands(grid(10, 5, { short: [...run(0, 3, 4, 100), ...run(6, 7, 4, 100)] }), {
      threshold: 0.1,
    });
    const spans = bands.map((b) => [b.timeStart, b.timeEnd]).sort((a, b) => a[0]! - b[0]!);
    expect(spans).toEqual([
      [T0, T0 + 20 * MINUTE],
      [T0 + 30 * MINUTE, T0 + 40 * MINUTE],
    ]);
  });

  it('runs a band still hot in the last column up to the grid end (live)', () => {
    const g = grid(6, 3, { long: run(3, 5, 0, 50) });
    expect(heatBands(g, { threshold: 0 })[0]?.timeEnd).toBe(g.timeEnd);
  });

  it('splits a run where its strength changes a step, so one band has one colour', () => {
    const g = grid(8, 2, { long: [...run(0, 3, 0, 10), ...run(4, 7, 0, 100)] });
    const bands = heatBands(g, { threshold: 0 });
    expect(bands.map((b) => [b.timeStart, b.timeEnd, b.intensity])).toEqual([
      [T0 + 20 * MINUTE, T0 + 40 * MINUTE, 1],
      [T0, T0 + 20 * MINUTE, 0.1],
    ]);
  });

  it('stacks adjacent rows with the same span and strength into one band', () => {
    const g = grid(8, 6, { short: [...run(1, 4, 2, 80), ...run(1, 4, 3, 80), ...run(1, 4, 4, 80)] });
    const bands = heatBands(g, { threshold: 0.1 });
    expect(bands).toHaveLength(1);
    expect(bands[0]).toMatchObject({ side: 'short', priceLow: 120, priceHigh: 150 });
  });

  it('keeps rows apart when their spans differ or a row between them is cold', () => {
    const g = grid(8, 6, { long: [...run(1, 4, 0, 80), ...run(1, 5, 1, 80), ...run(1, 4, 3, 80)] });
    expect(heatBands(g, { threshold: 0.1 })).toHaveLength(3);
  });

  it('leaves out cells under the threshold share of the hottest cell', () => {
    const g = grid(4, 4, { long: [...run(0, 3, 0, 100), ...run(0, 3, 2, 20)] });
    expect(heatBands(g, { threshold: 0.25 }).map((b) => b.priceLow)).toEqual([100]);
    expect(heatBands(g, { threshold: 0.1 }).map((b) => b.priceLow)).toEqual([100, 120]);
  });

  it('gives the strongest bands first and stops at the cap', () => {
    // Every other row, so no two bands stack; row 2k holds k + 1.
    const cells = Array.from({ length: 20 }, (_, k) => run(0, 2, 2 * k, k + 1)).flat();
    const bands = heatBands(grid(3, 40, { long: cells }), { threshold: 0, maxBands: 5 });
    expect(bands).toHaveLength(5);
    expect(bands.map((b) => b.priceLow)).toEqual([480, 460, 440, 420, 400]);
    expect(bands[0]!.intensity).toBe(1);
  });

  it('draws only the chosen sides', () => {
    const g = grid(4, 4, { long: run(0, 1, 0, 10), short: run(0, 1, 3, 10) });
    expect(heatBands(g, { threshold: 0, sides: ['short'] }).map((b) => b.side)).toEqual(['short']);
  });

  it('returns no bands for an empty grid or a cap of zero, and never NaN for a NaN threshold', () => {
    expect(heatBands(grid(4, 4, {}), { threshold: 0.1 })).toEqual([]);
    expect(heatBands(grid(4, 4, { long: run(0, 1, 0, 10) }), { threshold: 0, maxBands: 0 })).toEqual([]);
    const bands = heatBands(grid(4, 4, { long: run(0, 1, 0, 10) }), { threshold: Number.NaN });
    expect(bands).toHaveLength(1);
    expect(Object.values(bands[0]!).every((v) => typeof v === 'string' || Number.isFinite(v))).toBe(true);
  });
});
