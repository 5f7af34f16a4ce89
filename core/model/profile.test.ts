import { describe, expect, it } from 'vitest';
import { emptyHeatGrid } from './heatGrid';
import { liquidationProfile } from './profile';

/** One column, ten rows of 10 USD from 100; the price 145 sits in row 4. */
function gridWith(long: number[], short: number[]) {
  const g = emptyHeatGrid(1, 10);
  g.priceMin = 100;
  g.binSize = 10;
  g.priceMax = 200;
  g.long.set(long);
  g.short.set(short);
  return g;
}

describe('liquidationProfile', () => {
  it('cumulates longs from the price downwards and shorts from the price upwards', () => {
    const g = gridWith([1, 0, 5, 2, 3, 0, 0, 0, 0, 0], [0, 0, 0, 0, 1, 4, 0, 6, 0, 2]);
    const p = liquidationProfile(g, 145);
    expect(Array.from(p.cumulativeLong)).toEqual([11, 10, 10, 5, 3, 0, 0, 0, 0, 0]);
    expect(Array.from(p.cumulativeShort)).toEqual([0, 0, 0, 0, 1, 5, 5, 11, 11, 13]);
    expect(Array.from(p.long)).toEqual([1, 0, 5, 2, 3, 0, 0, 0, 0, 0]);
  });

  it('is all zeros for an empty grid', () => {
    const p = liquidationProfile(emptyHeatGrid(0, 0), 100);
    expect(p.rows).toBe(0);
  });
});
