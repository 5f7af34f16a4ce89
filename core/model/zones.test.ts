import { describe, expect, it } from 'vitest';
import { emptyHeatGrid } from './heatGrid';
import { liquidationProfile } from './profile';
import { findZones, keyZones } from './zones';

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

describe('findZones', () => {
  const g = gridWith([0, 6, 7, 0, 2, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 1, 9, 8, 0, 3]);
  const p = liquidationProfile(g, 145);

  it('merges adjacent rows over the threshold into zones, strongest first per side', () => {
    const zones = findZones(p, 10, 0.25, 3);
    expect(zones).toEqual([
      {
        side: 'long',
        priceLow: 110,
        priceHigh: 130,
        notionalUsd: 13,
        distancePct: ((130 - 145) / 145) * 100,
        intensity: 0.7,
      },
      {
        side: 'short',
        priceLow: 160,
        priceHigh: 180,
        notionalUsd: 17,
        distancePct: ((160 - 145) / 145) * 100,
        intensity: 0.9,
      },
      {
        side: 'short',
        priceLow: 190,
        priceHigh: 200,
        notionalUsd: 3,
        distancePct: ((190 - 145) / 145) * 100,
        intensity: 0.3,
      },
    ]);
  });

  it('splits a run where it falls below a share of its peak, so a bright cluster is not drowned by its shoulder', () => {
    // Longs below 145: a bright pair of rows (9, 8) then a long dim shoulder (4, 4, 4) nearer the price.
    const shoulder = liquidationProfile(
      gridWith([9, 8, 4, 4, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
      145,
    );
    const whole = findZones(shoulder, 10, 0.25, 3);
    expect(whole.map((z) => [z.priceLow, z.priceHigh, z.notionalUsd])).toEqual([[100, 140, 25]]);
    const split = findZones(shoulder, 10, 0.25, 3, 0.5);
    expect(split.map((z) => [z.priceLow, z.priceHigh, z.notionalUsd, z.intensity])).toEqual([
      [100, 120, 17, 0.9],
      [120, 140, 8, 0.4],
    ]);
  });

  it('limits zones per side and returns none when nothing is hot', () => {
    expect(findZones(p, 10, 0.25, 1).filter((z) => z.side === 'short')).toHaveLength(1);
    expect(findZones(p, 0, 0.25, 3)).toEqual([]);
    expect(findZones(p, 10, 0.95, 3)).toEqual([]);
  });
});

describe('keyZones: what the docked card lists', () => {
  const zone = (side: 'long' | 'short', distancePct: number, notionalUsd: number) => ({
    side,
    priceLow: 100,
    priceHigh: 101,
    notionalUsd,
    distancePct,
    intensity: 0.5,
  });

  it('gives the nearest and the strongest zone above and below the price, above first', () => {
    const zones = [
      zone('long', -0.4, 5e6),
      zone('long', -2.1, 9e6),
      zone('short', 0.8, 2e6),
      zone('short', 3, 1e6),
    ];
    expect(keyZones(zones).map((z) => [z.side, z.distancePct, z.roles])).toEqual([
      ['short', 0.8, ['nearest', 'strongest']],
      ['long', -0.4, ['nearest']],
      ['long', -2.1, ['strongest']],
    ]);
  });

  it('is empty without zones', () => {
    expect(keyZones([])).toEqual([]);
  });
});
