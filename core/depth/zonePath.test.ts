import { describe, expect, it } from 'vitest';
import { liveBook, liveDepth, wall } from './liveDepthFixture';
import type { Wall } from './types';
import { AIR_POCKET_SHARE, JUST_BEFORE_PCT, zonePath, zonePaths } from './zonePath';

const PRICE = 100.5;

/**
 * One Binance book in $1 bins 90 … 110 around a price of 100.5: $2M of bids in each bin up to 100,
 * $2M of asks in each bin from 100; `asks`/`bids` override single bins.
 */
function depth(
  options: {
    asks?: Record<number, number>;
    bids?: Record<number, number>;
    walls?: Wall[];
    reachHigh?: number;
  } = {},
) {
  const bins = Array.from({ length: 21 }, (_, i) => 90 + i);
  return liveDepth(
    [
      liveBook('binance', {
        loBin: 90,
        bids: bins.map((k) => options.bids?.[k] ?? (k <= 100 ? 2e6 : 0)),
        asks: bins.map((k) => options.asks?.[k] ?? (k >= 100 ? 2e6 : 0)),
        mid: PRICE,
        reachLow: 90,
        reachHigh: options.reachHigh ?? 110.9,
      }),
    ],
    { walls: options.walls ?? [] },
  );
}
const shorts = { priceLow: 104, priceHigh: 106 };
const longs = { priceLow: 95, priceHigh: 96 };

describe('zonePath: the live book between the price and a liquidation zone', () => {
  it('sums the asks up to a zone above and the bids down to a zone below', () => {
    // Above: bins 100, 101, 102, 103. Below: bins 96 … 100.
    expect(zonePath(shorts, PRICE, depth())).toEqual({
      depthBetweenUsd: 8e6,
      wallBefore: undefined,
      airPocket: false,
      known: true,
    });
    expect(zonePath(longs, PRICE, depth()).depthBetweenUsd).toBe(10e6);
    expect(zonePath(shorts, PRICE, depth({ asks: { 102: 7e6 } })).depthBetweenUsd).toBe(13e6);
  });

  it('says when part of the path is beyond the book reach, and counts only what is known', () => {
    // The book reaches 102.x: bins 100–102 known, 103 not.
    const path = zonePath(shorts, PRICE, depth({ reachHigh: 102.4, asks: { 100: 1e5, 101: 1e5, 102: 1e5 } }));
    expect(path.known).toBe(false);
    expect(path.depthBetweenUsd).toBe(3e5);
    // Thin, but not all known: no air pocket is claimed.
    expect(path.airPocket).toBe(false);
    expect(zonePath(shorts, PRICE, undefined)).toEqual({
      depthBetweenUsd: 0,
      wallBefore: undefined,
      airPocket: false,
      known: false,
    });
  });

  it(`names the largest standing wall within ${JUST_BEFORE_PCT} % of the price before the zone`, () => {
    const justBefore = wall({ side: 'ask', price: 103.8, lastUsd: 9e6 });
    const larger = wall({ side: 'ask', price: 103.9, lastUsd: 15e6 });
    const walls = [
      justBefore,
      larger,
      wall({ side: 'ask', price: 103.5, lastUsd: 50e6 }), // 0.5 before the edge: over 0.3 % of 100.5
      wall({ side: 'ask', price: 104.5, lastUsd: 50e6 }), // inside the zone
      wall({ side: 'bid', price: 103.9, lastUsd: 50e6 }), // the wrong side
      wall({ side: 'ask', price: 103.95, lastUsd: 50e6, fate: 'pulled' }), // gone
      wall({ side: 'ask', price: 103.95, lastUsd: 50e6, exchange: 'okx' }), // not followed
    ];
    expect(zonePath(shorts, PRICE, depth({ walls }), ['binance']).wallBefore).toBe(larger);
    expect(zonePath(shorts, PRICE, depth({ walls: [justBefore] }), ['binance']).wallBefore).toBe(justBefore);
    const bidWall = wall({ side: 'bid', price: 96.2 });
    expect(zonePath(longs, PRICE, depth({ walls: [bidWall] })).wallBefore).toBe(bidWall);
    expect(
      zonePath(longs, PRICE, depth({ walls: [wall({ side: 'bid', price: 96.4 })] })).wallBefore,
    ).toBeUndefined();
  });

  it(`calls a path thin when its mean per bin is under ${AIR_POCKET_SHARE} of the side's median bin`, () => {
    // The path 100 … 103 at $0.3M a bin; the asks' median bin (11 bins in reach, 7 at $2M) is $2M.
    const thin = { 100: 3e5, 101: 3e5, 102: 3e5, 103: 3e5 };
    expect(zonePath(shorts, PRICE, depth({ asks: thin })).airPocket).toBe(true);
    const justEnough = { 100: 5e5, 101: 5e5, 102: 5e5, 103: 5e5 };
    expect(zonePath(shorts, PRICE, depth({ asks: justEnough })).airPocket).toBe(false);
    // One wall on a thin path fills it.
    expect(zonePath(shorts, PRICE, depth({ asks: { ...thin, 102: 5e6 } })).airPocket).toBe(false);
    // Thin bids do not make the way up thin.
    expect(zonePath(shorts, PRICE, depth({ bids: { 96: 1, 97: 1, 98: 1, 99: 1, 100: 1 } })).airPocket).toBe(
      false,
    );
    expect(zonePath(longs, PRICE, depth({ bids: { 96: 1, 97: 1, 98: 1, 99: 1, 100: 1 } })).airPocket).toBe(
      true,
    );
  });

  it('finds nothing between a price inside the zone and the zone', () => {
    expect(zonePath({ priceLow: 100, priceHigh: 101 }, PRICE, depth())).toEqual({
      depthBetweenUsd: 0,
      wallBefore: undefined,
      airPocket: false,
      known: true,
    });
  });

  it('leaves out books that are not live and exchanges not followed', () => {
    const live = depth();
    const lost = liveDepth([
      { ...live.books[0]!, health: { state: 'out-of-sync', since: 1, reason: 'gap: pu 7 after u 5' } },
    ]);
    expect(zonePath(shorts, PRICE, lost).known).toBe(false);
    expect(zonePath(shorts, PRICE, live, ['bybit']).known).toBe(false);
    const both = liveDepth([live.books[0]!, liveBook('bybit', { ...live.books[0]! })]);
    expect(zonePath(shorts, PRICE, both).depthBetweenUsd).toBe(16e6);
    expect(zonePath(shorts, PRICE, both, ['bybit']).depthBetweenUsd).toBe(8e6);
  });

  it('gives every listed zone its path over one sum of the books', () => {
    const paths = zonePaths([shorts, longs], PRICE, depth());
    expect(paths.get(shorts)!.depthBetweenUsd).toBe(8e6);
    expect(paths.get(longs)!.depthBetweenUsd).toBe(10e6);
  });
});
