import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config';
import {
  bookBinSize,
  CandleRing,
  columnSpanMs,
  emptyHeatGrid,
  layoutWithin,
  niceBinSize,
  rowLayout,
  widenLayout,
} from './heatGrid';

const grid = DEFAULT_CONFIG.grid;

describe('heat grid geometry', () => {
  it('rounds bin sizes to 1, 2 or 5 × 10^k', () => {
    expect(niceBinSize(18.6)).toBe(20);
    expect(niceBinSize(7.76)).toBe(10);
    expect(niceBinSize(3.4)).toBe(5);
    expect(niceBinSize(0.013)).toBe(0.01);
    expect(() => niceBinSize(0)).toThrow();
  });

  it('one column per bar up to maxColumns, else whole multiples of the interval', () => {
    expect(columnSpanMs(12 * 3_600_000, 300_000, 1_000)).toBe(300_000);
    expect(columnSpanMs(30 * 86_400_000, 300_000, 1_000)).toBe(9 * 300_000);
    expect(columnSpanMs(30 * 86_400_000, 3_600_000, 1_000)).toBe(3_600_000);
  });

  it('covers the window range plus the pad, snapped, with rows ≤ maxRows', () => {
    const l = rowLayout(60_000, 61_000, 60_500, 20, 15, grid);
    const priceMin = l.rowBaseBin * 20;
    const priceMax = priceMin + l.rows * l.factor * 20;
    // pad = max(1.5 % of 60,500, 0.5 · 1,000) = 907.5 on each side
    expect(priceMin).toBeLessThanOrEqual(60_000 - 907.5);
    expect(priceMax).toBeGreaterThanOrEqual(61_000 + 907.5);
    expect(priceMax - priceMin).toBeLessThan(1_000 + 2 * 907.5 + 2 * 15 * 20 + 1);
    expect(l.rows).toBeLessThanOrEqual(grid.maxRows);
  });

  it('coarsens rows when the range is wide, keeping the row start on a multiple of the factor', () => {
    const l = rowLayout(40_000, 80_000, 60_000, 20, 15, grid);
    expect(l.factor).toBeGreaterThan(1);
    expect(l.rows).toBeLessThanOrEqual(grid.maxRows);
    expect(l.rowBaseBin % l.factor).toBe(0);
  });

  it('a widened layout contains the original and crops back to it', () => {
    const l = rowLayout(60_000, 61_000, 60_500, 20, 15, grid);
    const w = widenLayout(l, 10);
    expect(layoutWithin(l, w)).toBe(true);
    expect(layoutWithin(w, l)).toBe(false);
    expect(widenLayout({ rowBaseBin: 2, factor: 1, rows: 5 }, 10).rowBaseBin).toBe(0);
  });
});

describe('CandleRing', () => {
  it('aggregates bars of a column and draws columns without bars flat at the previous close', () => {
    const ring = new CandleRing(8);
    ring.add(10, 100, 105, 99, 104);
    ring.add(10, 104, 108, 103, 107);
    ring.add(13, 90, 95, 89, 94);
    const g = emptyHeatGrid(5, 1);
    for (let c = 0; c < 5; c++) ring.read(10 + c, c, g, 0);
    expect([g.open[0], g.high[0], g.low[0], g.close[0]]).toEqual([100, 108, 99, 107]);
    expect([g.open[1], g.high[1], g.low[1], g.close[1]]).toEqual([107, 107, 107, 107]);
    expect([g.open[3], g.close[3]]).toEqual([90, 94]);
    expect([g.open[4], g.close[4]]).toEqual([94, 94]);
  });

  it('undoes the newest bar exactly', () => {
    const ring = new CandleRing(8);
    ring.add(1, 100, 101, 99, 100);
    const saved = ring.save();
    ring.add(1, 100, 120, 80, 110);
    ring.restore(saved);
    const g = emptyHeatGrid(1, 1);
    ring.read(1, 0, g, 0);
    expect([g.high[0], g.low[0], g.close[0]]).toEqual([101, 99, 100]);
  });
});

describe('the level book’s bin and the symbol’s price step', () => {
  it('is the nice size when the tick is finer or unknown', () => {
    // BTC: 60,000 × 0.02 % = 12 → 10; the 0.1 tick is far finer.
    expect(bookBinSize(60_000, 0.0002, 0.1)).toBe(10);
    expect(bookBinSize(60_000, 0.0002)).toBe(10);
    // An exact multiple stays: 3 × 0.02 % = 0.0006 → 0.0005, a multiple of a 0.0001 tick.
    expect(bookBinSize(3, 0.0002, 0.0001)).toBe(0.0005);
  });

  it('is never finer than the tick: raised to the smallest multiple of it at least the nice size', () => {
    // 0.1 × 0.02 % = 0.00002 → 0.00002; a 0.0001 tick makes it one tick.
    expect(bookBinSize(0.1, 0.0002, 0.0001)).toBe(0.0001);
    // 3 × 0.02 % → 0.0005 < 0.001: one tick.
    expect(bookBinSize(3, 0.0002, 0.001)).toBe(0.001);
    // A tick that does not divide the nice size: 0.5 → two ticks of 0.3 = 0.6 (not 0.6000000000000001).
    expect(bookBinSize(2_500, 0.0002, 0.3)).toBe(0.6);
  });
});
