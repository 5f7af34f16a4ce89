import { describe, expect, it } from 'vitest';
import { sumLiveDepth } from '../depth/liveBins';
import { liveBook, liveDepth, wall } from '../depth/liveDepthFixture';
import type { PaneMapping } from './chartGeometry';
import {
  binsInView,
  DEPTH_STALE_MS,
  depthProfile,
  overlayDepthOf,
  wallRects,
  withStaleness,
  yToPrice,
} from './depthProfile';

/** A 300 × 200 px pane showing 110 (row 0) down to 90 (row 199): 9.95 px per dollar. */
function pane(price: Partial<PaneMapping['price']> = {}): PaneMapping {
  return {
    time: { anchorX: 200, anchorTime: 1_780_401_600, spacing: 10, intervalS: 60 },
    price: { mode: 0, top: 110, bottom: 90, bottomRow: 199, ...price },
    width: 300,
    height: 200,
  };
}
const PX_PER_USD = 199 / 20;

/** One Binance book over bins 95…104 ($1 bins): bids under 100, asks from 100. */
function book(overrides: Partial<Parameters<typeof liveBook>[1]> = {}) {
  return liveBook('binance', {
    loBin: 95,
    bids: [1, 2, 3, 4, 5, 0, 0, 0, 0, 0].map((m) => m * 1e6),
    asks: [0, 0, 0, 0, 0, 6, 7, 8, 9, 10].map((m) => m * 1e6),
    mid: 100,
    reachLow: 95,
    reachHigh: 104.5,
    ...overrides,
  });
}

describe('depthProfile: live depth bins as rows on the exchange chart pane', () => {
  it('puts each bin on the rows the bands use for its prices', () => {
    const profile = depthProfile(sumLiveDepth(liveDepth([book()]), ['binance']), pane());
    expect(profile.knownBins).toBe(10);
    expect(profile.rows).toHaveLength(10);
    // Bin 99 ([99, 100)) spans y(100) … y(99), rounded to whole pixels.
    const bin99 = profile.rows.find((r) => r.bidUsd === 5e6)!;
    expect(bin99.y).toBe(Math.round((110 - 100) * PX_PER_USD));
    expect(bin99.y + bin99.height).toBe(Math.round((110 - 99) * PX_PER_USD));
    expect(bin99.askUsd).toBe(0);
    // Rows follow each other without a seam or an overlap.
    const sorted = [...profile.rows].sort((a, b) => a.y - b.y);
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i]!.y).toBe(sorted[i - 1]!.y + sorted[i - 1]!.height);
    expect(profile.maxUsd).toBe(10e6);
  });

  it('marks prices beyond the book reach as unknown, never as rows of zero', () => {
    const profile = depthProfile(sumLiveDepth(liveDepth([book()]), ['binance']), pane());
    // In view: bins 89 … 110 (row 199 ends at y 200, price 89.9); known 95 … 104.
    expect(profile.unknownBins).toBe(22 - 10);
    // Rows only between y(105) and y(95), the book's reach.
    for (const r of profile.rows) {
      expect(r.y).toBeGreaterThanOrEqual(Math.round(5 * PX_PER_USD));
      expect(r.y + r.height).toBeLessThanOrEqual(Math.round(15 * PX_PER_USD));
    }
    expect(profile.unknown).toEqual([
      // Lowest prices first: under the reach (up to 95, to the pane's bottom), then 105 and up.
      { y: Math.round((110 - 95) * PX_PER_USD), height: 200 - Math.round((110 - 95) * PX_PER_USD) },
      { y: 0, height: Math.round((110 - 105) * PX_PER_USD) },
    ]);
    // A shorter reach turns known bins into unknown ones, even where the arrays hold numbers.
    const short = depthProfile(
      sumLiveDepth(liveDepth([book({ reachLow: 97.2, reachHigh: 101.9 })]), ['binance']),
      pane(),
    );
    expect(short.knownBins).toBe(5);
    expect(short.unknownBins).toBe(17);
    expect(short.rows.map((r) => r.bidUsd + r.askUsd).sort((a, b) => a - b)).toEqual([
      3e6, 4e6, 5e6, 6e6, 7e6,
    ]);
  });

  it('leaves out books that are not live or not followed, and says which', () => {
    const okx = liveBook('okx', {
      ...book(),
      health: { state: 'out-of-sync', since: 1, reason: 'seqId 1822 after 1819' },
    });
    const summed = sumLiveDepth(liveDepth([book(), okx, liveBook('bybit', book())]), ['binance', 'okx']);
    expect(summed.counted).toEqual(['binance']);
    expect(summed.excluded).toEqual([{ exchange: 'okx', reason: 'seqId 1822 after 1819' }]);
    const profile = depthProfile(summed, pane());
    expect(profile.maxUsd).toBe(10e6);
    // Nothing counted: everything in view is unknown.
    const none = depthProfile(sumLiveDepth(liveDepth([okx]), ['okx']), pane());
    expect(none.rows).toEqual([]);
    expect(none.unknownBins).toBe(22);
    expect(none.unknown).toEqual([{ y: 0, height: 200 }]);
  });

  it('sums books over the bins each reaches, marking bins only some reach as partial', () => {
    const bybit = liveBook('bybit', book({ reachLow: 98, reachHigh: 101.5 }));
    const summed = sumLiveDepth(liveDepth([book(), bybit]), ['binance', 'bybit']);
    const profile = depthProfile(summed, pane());
    const at = (bin: number) => profile.rows.find((r) => r.y === Math.round((110 - bin - 1) * PX_PER_USD))!;
    expect(at(96)).toMatchObject({ bidUsd: 2e6, partial: true }); // Binance only
    expect(at(98)).toMatchObject({ bidUsd: 8e6, partial: false }); // both, 4 + 4
    expect(at(101)).toMatchObject({ askUsd: 14e6, partial: false }); // both, 7 + 7
    expect(at(103)).toMatchObject({ askUsd: 9e6, partial: true }); // Binance only
    expect(summed.mid).toBe(100);
  });

  it('clips rows to the pane and stays inside it when panned', () => {
    // The pane shows 101.5 … 98.5: bins 98 … 101 in view, 98 and 101 cut by the edges.
    const mapping = pane({ top: 101.5, bottom: 98.5 });
    const profile = depthProfile(sumLiveDepth(liveDepth([book()]), ['binance']), mapping);
    expect(profile.knownBins).toBe(4);
    for (const r of profile.rows) {
      expect(r.y).toBeGreaterThanOrEqual(0);
      expect(r.y + r.height).toBeLessThanOrEqual(200);
    }
    expect(Math.min(...profile.rows.map((r) => r.y))).toBe(0);
    expect(Math.max(...profile.rows.map((r) => r.y + r.height))).toBe(200);
    expect(profile.unknown).toEqual([]);
    // Panned wholly above the book: all unknown, no row.
    const away = depthProfile(
      sumLiveDepth(liveDepth([book()]), ['binance']),
      pane({ top: 130, bottom: 120 }),
    );
    expect(away.rows).toEqual([]);
    expect(away.unknown).toEqual([{ y: 0, height: 200 }]);
  });

  it('merges bins thinner than a device pixel, keeping the USD they hold', () => {
    // $20 a pixel: the ten $1 bins 95 … 104 lie within y 193.75 … 194.25, all in pixel row 194.
    const mapping = pane({ top: 3980, bottom: 0 });
    const profile = depthProfile(sumLiveDepth(liveDepth([book()]), ['binance']), mapping);
    expect(profile.knownBins).toBe(10);
    expect(profile.rows).toHaveLength(1);
    expect(profile.rows[0]!.height).toBe(1);
    expect(profile.rows[0]!.bidUsd).toBe(15e6);
    expect(profile.rows[0]!.askUsd).toBe(40e6);
    // On a 2× screen a row is half a CSS pixel.
    const sharp = depthProfile(sumLiveDepth(liveDepth([book()]), ['binance']), mapping, 2);
    expect(sharp.rows[0]!.height).toBe(0.5);
  });

  it('follows an inverted and a log scale like the bands do', () => {
    const inverted = depthProfile(
      sumLiveDepth(liveDepth([book()]), ['binance']),
      pane({ top: 90, bottom: 110 }),
    );
    const bin99 = inverted.rows.find((r) => r.bidUsd === 5e6)!;
    expect(bin99.y).toBe(Math.round((99 - 90) * PX_PER_USD));
    const log = pane({ mode: 1, top: 110, bottom: 90 });
    expect(yToPrice(log, 0)).toBeCloseTo(110, 9);
    expect(yToPrice(log, 199)).toBeCloseTo(90, 9);
    expect(binsInView(log, 1)).toEqual({ first: 89, last: 110 });
    const logRows = depthProfile(sumLiveDepth(liveDepth([book()]), ['binance']), log);
    const y100 = (199 * (Math.log(110) - Math.log(100))) / (Math.log(110) - Math.log(90));
    expect(logRows.rows.find((r) => r.bidUsd === 5e6)!.y).toBe(Math.round(y100));
  });
});

describe('wallRects: standing and ended walls outlined at their price bin', () => {
  const asOf = 1_780_401_600_000;
  it('spans a standing wall from its start to the pane edge, an ended one to its end', () => {
    const mapping = pane();
    const rects = wallRects(
      [
        wall({ side: 'bid', price: 97.4, from: asOf - 10 * 60_000 }),
        wall({
          side: 'ask',
          price: 103.2,
          from: asOf - 20 * 60_000,
          until: asOf - 5 * 60_000,
          fate: 'pulled',
        }),
      ],
      1,
      mapping,
    );
    expect(rects).toHaveLength(2);
    const [bid, ask] = rects;
    // Ten bars of 60 s at 10 px before the anchor bar (x 200).
    expect(bid!.x).toBe(100);
    expect(bid!.x + bid!.width).toBe(300);
    expect(bid!.y).toBe(Math.round((110 - 98) * PX_PER_USD));
    expect(bid!.height).toBe(Math.round((110 - 97) * PX_PER_USD) - Math.round((110 - 98) * PX_PER_USD));
    expect(ask!.x).toBe(0);
    expect(ask!.x + ask!.width).toBe(150);
  });

  it('leaves out walls outside the pane and keeps thin ones visible', () => {
    const rects = wallRects([wall({ side: 'ask', price: 150 }), wall({ side: 'bid', price: 50 })], 1, pane());
    expect(rects).toEqual([]);
    const thin = wallRects([wall({ side: 'bid', price: 500 })], 1, pane({ top: 2000, bottom: 0 }));
    expect(thin[0]!.height).toBe(3);
  });
});

describe('overlayDepthOf: what the overlay draws of the published depth', () => {
  const published = liveDepth([book(), liveBook('okx', book())], {
    walls: [wall({ side: 'bid', price: 97 }), wall({ side: 'ask', price: 103, exchange: 'okx' })],
  });
  it('draws nothing with both switches off, and only what is switched on', () => {
    expect(
      overlayDepthOf(published, { profile: false, walls: false, exchanges: ['binance'] }),
    ).toBeUndefined();
    expect(overlayDepthOf(undefined, { profile: true, walls: true, exchanges: ['binance'] })).toBeUndefined();
    const walls = overlayDepthOf(published, { profile: false, walls: true, exchanges: ['binance'] })!;
    expect(walls.profile).toBeUndefined();
    expect(walls.walls).toEqual([published.walls[0]]);
    const profile = overlayDepthOf(published, {
      profile: true,
      walls: false,
      exchanges: ['binance', 'okx'],
    })!;
    expect(profile.walls).toBeUndefined();
    expect(profile.profile!.counted).toEqual(['binance', 'okx']);
  });

  it('says when the worker stopped publishing rather than draw an old book as live', () => {
    const depth = overlayDepthOf(published, { profile: true, walls: true, exchanges: ['binance'] });
    expect(withStaleness(depth, published.time + DEPTH_STALE_MS)).toBe(depth);
    expect(withStaleness(depth, published.time + DEPTH_STALE_MS + 1)!.stale).toMatch(/no update since/);
  });
});
