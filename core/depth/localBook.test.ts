import { describe, expect, it } from 'vitest';
import { LocalBook } from './localBook';
import type { BaseLevel } from './types';

const levels = (bids: BaseLevel[], asks: BaseLevel[]) => ({ bids, asks });

function seeded(rule: 'levels' | 'snapshot' = 'levels'): LocalBook {
  const book = new LocalBook(rule);
  book.applySnapshot(
    levels(
      [
        [100, 1],
        [99, 2],
        [98, 0], // a zero in a snapshot is not a level
        [95, 4],
      ],
      [
        [101, 1.5],
        [102, 3],
        [110, 5],
      ],
    ),
  );
  return book;
}

describe('LocalBook', () => {
  it('holds a snapshot sorted best first, zero quantities left out', () => {
    expect(seeded().snapshotLevels()).toEqual({
      bids: [
        [100, 1],
        [99, 2],
        [95, 4],
      ],
      asks: [
        [101, 1.5],
        [102, 3],
        [110, 5],
      ],
    });
  });

  it('applies absolute quantities: set, replace, 0 removes, removing an unknown level is harmless', () => {
    const book = seeded();
    book.applyLevels(
      levels(
        [
          [99, 7],
          [100, 0],
          [97, 1],
          [50, 0],
        ],
        [[102, 0]],
      ),
    );
    expect(book.snapshotLevels()).toEqual({
      bids: [
        [99, 7],
        [97, 1],
        [95, 4],
      ],
      asks: [
        [101, 1.5],
        [110, 5],
      ],
    });
  });

  it('keeps best bid, best ask and mid through updates, rescanning when the best level goes', () => {
    const book = seeded();
    expect([book.bestBid, book.bestAsk, book.mid]).toEqual([100, 101, 100.5]);
    book.applyLevels(levels([[100, 0]], [[100.5, 2]]));
    expect([book.bestBid, book.bestAsk]).toEqual([99, 100.5]);
    book.applyLevels(levels([[99.5, 1]], [[100.5, 0]]));
    expect([book.bestBid, book.bestAsk]).toEqual([99.5, 101]);
    book.applyLevels(
      levels(
        [],
        [
          [101, 0],
          [102, 0],
          [110, 0],
        ],
      ),
    );
    expect(book.bestAsk).toBeNaN();
    expect(book.mid).toBeNaN();
  });

  it('says when the book is crossed', () => {
    const book = seeded();
    expect(book.crossed).toBe(false);
    book.applyLevels(levels([[101.5, 1]], []));
    expect(book.crossed).toBe(true);
  });

  it('samples USD per level best first, with the reach of the levels it holds', () => {
    const s = seeded().sample(1_000, 'bybit', 'BTCUSDT');
    expect(s).toEqual({
      exchange: 'bybit',
      symbol: 'BTCUSDT',
      time: 1_000,
      mid: 100.5,
      bids: [
        [100, 100],
        [99, 198],
        [95, 380],
      ],
      asks: [
        [101, 151.5],
        [102, 306],
        [110, 550],
      ],
      reachLow: 95,
      reachHigh: 110,
    });
  });

  it("under the 'snapshot' reach rule, keeps the snapshot's span and stores nothing beyond it", () => {
    const book = seeded('snapshot');
    book.applyLevels(
      levels(
        [
          [90, 9],
          [95, 0],
        ],
        [
          [120, 1],
          [105, 2],
        ],
      ),
    );
    expect(book.snapshotLevels()).toEqual({
      bids: [
        [100, 1],
        [99, 2],
      ],
      asks: [
        [101, 1.5],
        [102, 3],
        [105, 2],
        [110, 5],
      ],
    });
    // The farthest bid went, but what lies between 95 and 100 is still known (empty).
    expect(book.reach()).toEqual({ low: 95, high: 110 });
    const s = book.sample(0, 'binance', 'BTCUSDT');
    expect([s.reachLow, s.reachHigh]).toEqual([95, 110]);
  });

  it('clears to nothing, with an unknown reach', () => {
    const book = seeded();
    book.clear();
    expect(book.empty).toBe(true);
    expect(book.reach().low).toBeNaN();
    expect(book.bestBid).toBeNaN();
  });
});
