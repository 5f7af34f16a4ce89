import { describe, expect, it } from 'vitest';
import { emptyHeatGrid } from './heatGrid';
import { liquidationProfile } from './profile';
import type { Zone } from './types';
import {
  findZones,
  keyZones,
  markSweeps,
  SIGNIFICANT_ZONE_SHARE,
  selectZones,
  tradeZones,
  zoneRoles,
  zonesAsListed,
} from './zones';

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

/** These grids' rows are 10 USD at a price near 150 (7 % of price): no width cap, to test the rest. */
const UNCAPPED = 100;

/** One column, forty rows of 10 USD from 10,000; the price 10,205 sits in row 20 (0.5 % of it: 5 rows). */
function fineProfile(long: Record<number, number>, short: Record<number, number>) {
  const g = emptyHeatGrid(1, 40);
  g.priceMin = 10_000;
  g.binSize = 10;
  g.priceMax = 10_400;
  for (const [r, v] of Object.entries(long)) g.long[Number(r)] = v;
  for (const [r, v] of Object.entries(short)) g.short[Number(r)] = v;
  return liquidationProfile(g, 10_205);
}

describe('findZones: zones a trader can act on', () => {
  it('gives a single sharp peak one zone as wide as its rows above half the peak', () => {
    const p = fineProfile({ 5: 2, 6: 6, 7: 10, 8: 7, 9: 2, 10: 1 }, {});
    expect(findZones(p, { long: 10, short: 0 }, 0.3, 3)).toEqual([
      {
        side: 'long',
        priceLow: 10_060,
        priceHigh: 10_090,
        notionalUsd: 23,
        distancePct: ((10_090 - 10_205) / 10_205) * 100,
        intensity: 1,
      },
    ]);
  });

  it('cuts a wide plateau into several zones, each at most 0.5 % of price, whose USD adds up to the plateau', () => {
    // Shorts: sixteen rows of 8 with a 9 in row 25, 160 USD of price (1.6 %) as one half-peak run.
    const short: Record<number, number> = {};
    for (let r = 22; r <= 37; r++) short[r] = r === 25 ? 9 : 8;
    const zones = findZones(fineProfile({}, short), { long: 0, short: 9 }, 0.3, 10);
    expect(zones.length).toBeGreaterThanOrEqual(3);
    for (const z of zones) expect(z.priceHigh - z.priceLow).toBeLessThanOrEqual(0.005 * 10_205);
    expect(zones.reduce((sum, z) => sum + z.notionalUsd, 0)).toBe(16 * 8 + 1);
    // The peak's zone is the 0.5 % window centred on it; the zones do not overlap.
    expect(zones.find((z) => z.intensity === 1)).toMatchObject({ priceLow: 10_230, priceHigh: 10_280 });
    const byPrice = [...zones].sort((a, b) => a.priceLow - b.priceLow);
    for (let i = 1; i < byPrice.length; i++)
      expect(byPrice[i]!.priceLow).toBeGreaterThanOrEqual(byPrice[i - 1]!.priceHigh);
  });

  it('keeps the strongest zones per side when the plateau makes more than the limit', () => {
    const short: Record<number, number> = {};
    for (let r = 22; r <= 37; r++) short[r] = 8;
    const zones = findZones(fineProfile({}, short), { long: 0, short: 8 }, 0.3, 2);
    expect(zones).toHaveLength(2);
    expect(zones.map((z) => z.notionalUsd)).toEqual([40, 40]);
  });
});

describe('findZones', () => {
  const g = gridWith([0, 6, 7, 0, 2, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 1, 9, 8, 0, 3]);
  const p = liquidationProfile(g, 145);

  it('merges adjacent rows over the threshold into zones, strongest first per side', () => {
    const zones = findZones(p, { long: 10, short: 10 }, 0.25, 3, 0.5, UNCAPPED);
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

  it('ends a zone where its rows fall to half its peak, so a bright cluster is not drowned by its shoulder', () => {
    // Longs below 145: a bright pair of rows (9, 8) then a long dim shoulder (4, 4, 4) nearer the price.
    const shoulder = liquidationProfile(
      gridWith([9, 8, 4, 4, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
      145,
    );
    const whole = findZones(shoulder, both10, 0.25, 3, 0, UNCAPPED);
    expect(whole.map((z) => [z.priceLow, z.priceHigh, z.notionalUsd])).toEqual([[100, 140, 25]]);
    const split = findZones(shoulder, both10, 0.25, 3, 0.5, UNCAPPED);
    expect(split.map((z) => [z.priceLow, z.priceHigh, z.notionalUsd, z.intensity])).toEqual([
      [100, 120, 17, 0.9],
      [120, 140, 8, 0.4],
    ]);
  });

  it('limits zones per side and returns none when nothing is hot', () => {
    expect(findZones(p, both10, 0.25, 1).filter((z) => z.side === 'short')).toHaveLength(1);
    expect(findZones(p, { long: 0, short: 0 }, 0.25, 3)).toEqual([]);
    expect(findZones(p, both10, 0.95, 3)).toEqual([]);
  });

  it('takes each side’s hot rows as a share of that side’s own hottest cell: a side 10× weaker keeps its zones', () => {
    // Shorts hold a tenth of the longs' notional. Against the hottest cell of both sides (100) no
    // short row reaches 25 %; against the shorts' own hottest (9) the same rows do.
    const lopsided = liquidationProfile(
      gridWith([0, 60, 70, 0, 20, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 1, 9, 8, 0, 3]),
      145,
    );
    const zones = findZones(lopsided, { long: 100, short: 9 }, 0.25, 3, 0.5, UNCAPPED);
    expect(zones.filter((z) => z.side === 'long').map((z) => [z.priceLow, z.priceHigh, z.intensity])).toEqual(
      [[110, 130, 0.7]],
    );
    expect(
      zones.filter((z) => z.side === 'short').map((z) => [z.priceLow, z.priceHigh, z.intensity]),
    ).toEqual([
      [160, 180, 1],
      [190, 200, 1 / 3],
    ]);
    // The old rule (one share of both sides' hottest) would have listed no short zone at all.
    expect(findZones(lopsided, { long: 100, short: 100 }, 0.25, 3).some((z) => z.side === 'short')).toBe(
      false,
    );
  });
});

const both10 = { long: 10, short: 10 } as const;

describe('keyZones: what the docked card lists and the chart marks', () => {
  const zone = (side: 'long' | 'short', distancePct: number, notionalUsd: number) => ({
    side,
    priceLow: 100,
    priceHigh: 101,
    notionalUsd,
    distancePct,
    intensity: 0.5,
  });

  it('lists every zone the side panel lists, with its roles: above the price nearest first, then below', () => {
    const zones = [
      zone('long', -0.4, 5e6),
      zone('long', -2.1, 9e6),
      zone('long', -1.2, 1e6),
      zone('short', 3, 1e6),
      zone('short', 0.8, 2e6),
    ];
    expect(keyZones(zones).map((z) => [z.side, z.distancePct, z.roles])).toEqual([
      ['short', 0.8, ['nearest', 'strongest']],
      ['short', 3, []],
      ['long', -0.4, ['nearest']],
      ['long', -1.2, []],
      ['long', -2.1, ['strongest']],
    ]);
    // The same zones in the same order as the side panel's list (zonesAsListed).
    const { above, below } = zonesAsListed(zones);
    expect(keyZones(zones).map((z) => z.distancePct)).toEqual([...above, ...below].map((z) => z.distancePct));
  });

  it('is empty without zones', () => {
    expect(keyZones([])).toEqual([]);
  });

  it('passes over a nearer blip for the nearest significant zone, and still lists the blip', () => {
    const zones = [zone('long', -0.2, 0.5e6), zone('long', -0.9, 4e6), zone('long', -2.5, 10e6)];
    expect(keyZones(zones).map((z) => [z.distancePct, z.roles])).toEqual([
      [-0.2, []],
      [-0.9, ['nearest']],
      [-2.5, ['strongest']],
    ]);
  });

  it('keeps only the message fields, so swept zones still fit the docked card’s strict schema', () => {
    const swept = { ...zone('short', 0.5, 1e6), formedAt: 5, swept: true, roles: ['strongest'] };
    expect(Object.keys(keyZones([swept])[0]!).sort()).toEqual(
      ['distancePct', 'intensity', 'notionalUsd', 'priceHigh', 'priceLow', 'roles', 'side'].sort(),
    );
  });

  it('attaches each zone’s confidence from a measured table: its strength class’s hit rate and cases', () => {
    const strong = { ...zone('long', -1, 100), priceLow: 90, priceHigh: 91 };
    const weak = { ...zone('long', -2, 20), priceLow: 80, priceHigh: 81 };
    const table = { cases: [40, 0, 0, 50], hits: [10, 0, 0, 45] };
    expect(keyZones([strong, weak], undefined, table).map((z) => z.confidence)).toEqual([
      { hitRate: 0.9, n: 50, baseRate: null, nBase: 0, liftVsMove: null },
      { hitRate: 0.25, n: 40, baseRate: null, nBase: 0, liftVsMove: null },
    ]);
    expect(keyZones([strong])[0]).not.toHaveProperty('confidence');
  });
});

describe('selectZones: the nearest significant and the strongest zone on each side', () => {
  const zone = (side: 'long' | 'short', distancePct: number, notionalUsd: number): Zone => ({
    side,
    priceLow: 100,
    priceHigh: 101,
    notionalUsd,
    distancePct,
    intensity: 0.5,
  });

  it('takes the nearest zone holding at least a quarter of the side’s strongest', () => {
    expect(SIGNIFICANT_ZONE_SHARE).toBe(0.25);
    const blip = zone('short', 0.1, 2e6); // 10 % of the strongest: not "the" nearest
    const near = zone('short', 0.6, 5e6); // exactly a quarter: significant
    const strong = zone('short', 2.4, 20e6);
    const below = zone('long', -1, 3e6);
    const pick = selectZones([blip, strong, near, below]);
    expect(pick.above).toEqual({ nearest: near, strongest: strong });
    expect(pick.below).toEqual({ nearest: below, strongest: below });
    // With a lower bar the blip is the nearest again; with a bar of 1 only the strongest qualifies.
    expect(selectZones([blip, strong, near], 0.1).above.nearest).toBe(blip);
    expect(selectZones([blip, strong, near], 1).above.nearest).toBe(strong);
  });

  it('sides by position side, so a short zone holding the price row is still above', () => {
    const atPrice = zone('short', 0, 1e6);
    expect(selectZones([atPrice]).above.nearest).toBe(atPrice);
    expect(selectZones([atPrice]).below).toEqual({});
    expect(keyZones([atPrice])[0]!.roles).toEqual(['nearest', 'strongest']);
  });

  it('lists every zone’s roles, [] for the others', () => {
    const zones = [zone('short', 0.1, 2e6), zone('short', 0.6, 5e6), zone('short', 2.4, 20e6)];
    expect(zoneRoles(zones)).toEqual([[], ['nearest'], ['strongest']]);
    expect(zoneRoles([])).toEqual([]);
  });
});

describe('markSweeps: has price reached into the zone since it formed?', () => {
  /**
   * 6 columns of 5 minutes, 10 rows of 10 from 100. A long zone at rows 2–3 (120–140) that forms in
   * column 2, a short zone at rows 7–8 (170–190) there from column 0. Candles stay in 145–160 unless set.
   */
  function history() {
    const g = emptyHeatGrid(6, 10);
    g.priceMin = 100;
    g.binSize = 10;
    g.priceMax = 200;
    for (let c = 0; c < 6; c++) {
      g.columnTimes[c] = c * 300_000;
      g.high[c] = 160;
      g.low[c] = 145;
      const longHeld = c < 2 ? 1 : 10; // under half of the present 10 before column 2
      g.long[c * 10 + 2] = longHeld;
      g.long[c * 10 + 3] = longHeld;
      g.short[c * 10 + 7] = 8;
      g.short[c * 10 + 8] = 8;
    }
    g.timeEnd = 6 * 300_000;
    return g;
  }
  const longZone: Zone = {
    side: 'long',
    priceLow: 120,
    priceHigh: 140,
    notionalUsd: 20,
    distancePct: -9,
    intensity: 1,
  };
  const shortZone: Zone = {
    side: 'short',
    priceLow: 170,
    priceHigh: 190,
    notionalUsd: 16,
    distancePct: 9,
    intensity: 0.8,
  };

  it('dates a zone from the first column since which it held half its present notional', () => {
    const [long, short] = markSweeps(history(), [longZone, shortZone]);
    expect(long).toEqual({ ...longZone, formedAt: 2 * 300_000, swept: false });
    expect(short).toEqual({ ...shortZone, formedAt: 0, swept: false });
  });

  it('calls a long zone swept when a later low went under its top, a short zone when a later high reached its bottom', () => {
    const g = history();
    g.low[4] = 139.5; // a wick into the long zone's top row
    g.high[3] = 170; // a wick touching the short zone's bottom row
    expect(markSweeps(g, [longZone, shortZone]).map((z) => z.swept)).toEqual([true, true]);
  });

  it('does not count touches at the edge outside the rows, or before the zone formed', () => {
    const g = history();
    g.low[4] = 140; // the long zone's rows end below 140
    g.high[3] = 169.9;
    g.low[1] = 100; // before the long zone formed (column 2)
    g.low[2] = 100; // the forming column itself: its bars may have traded before the positions opened
    expect(markSweeps(g, [longZone, shortZone]).map((z) => z.swept)).toEqual([false, false]);
  });

  it('skips columns without a price and handles a grid with nothing in it', () => {
    const g = history();
    g.low[4] = Number.NaN;
    g.high[5] = 0;
    expect(markSweeps(g, [longZone, shortZone]).map((z) => z.swept)).toEqual([false, false]);
    const empty = emptyHeatGrid(0, 0);
    expect(markSweeps(empty, [longZone])).toEqual([{ ...longZone, formedAt: 0, swept: false }]);
  });

  it('finds the engine’s zones of a real grid swept or not, with their roles (tradeZones)', () => {
    const g = history();
    g.low[5] = 130;
    const zones = findZones(liquidationProfile(g, 150), { long: 10, short: 10 }, 0.25, 3, 0.5, UNCAPPED);
    const trade = tradeZones(g, zones);
    expect(trade.map((z) => [z.side, z.priceLow, z.priceHigh, z.swept, z.roles])).toEqual([
      ['long', 120, 140, true, ['nearest', 'strongest']],
      ['short', 170, 190, false, ['nearest', 'strongest']],
    ]);
  });
});
