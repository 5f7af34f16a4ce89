import { describe, expect, it } from 'vitest';
import { liveBook, liveDepth, wall } from './liveDepthFixture';
import { MAX_LIVE_BINS, parseLiveDepth } from './liveDepthSchema';

const good = liveDepth(
  [
    liveBook('binance', {
      loBin: 95,
      bids: [5, 4, 0],
      asks: [0, 3, 6],
      mid: 96.2,
      reachLow: 95,
      reachHigh: 97.5,
    }),
    liveBook('okx', {
      loBin: 95,
      bids: [1, 1, 0],
      asks: [0, 1, 1],
      mid: 96.1,
      reachLow: 95.5,
      reachHigh: 97,
      health: { state: 'out-of-sync', since: 1_780_401_598_000, reason: 'seqId 1822 after 1819' },
    }),
  ],
  { walls: [wall({ side: 'bid', price: 95.5 })] },
);

describe('parseLiveDepth: the published live depth, checked on every read', () => {
  it('reads what the worker publishes, as published', () => {
    expect(parseLiveDepth(good)).toEqual(good);
    expect(parseLiveDepth(JSON.parse(JSON.stringify(good)))).toEqual(good);
  });

  it('rejects junk whole rather than half-read it', () => {
    const book = good.books[0]!;
    const junk: unknown[] = [
      null,
      'liveDepth',
      [],
      { ...good, symbol: 'BTC-USDT-SWAP' },
      { ...good, binSize: 0 },
      { ...good, time: Number.NaN },
      { ...good, books: [{ ...book, bids: [1, Number.POSITIVE_INFINITY, 0] }] },
      { ...good, books: [{ ...book, asks: [0, -3, 6] }] },
      { ...good, books: [{ ...book, asks: [0, 3] }] },
      { ...good, books: [{ ...book, reachLow: 98, reachHigh: 97 }] },
      { ...good, books: [{ ...book, loBin: 95.5 }] },
      { ...good, books: [{ ...book, exchange: 'kraken' }] },
      { ...good, books: [{ ...book, health: { state: 'live' } }] },
      { ...good, books: [{ ...book, health: { state: 'lost', since: 1 } }] },
      { ...good, books: [book, book] },
      { ...good, books: [{ ...book, extra: 1 }] },
      { ...good, walls: [{ ...good.walls[0]!, fate: 'vanished' }] },
      { ...good, walls: [{ ...good.walls[0]!, until: 1, from: 2 }] },
      { ...good, walls: [{ ...good.walls[0]!, side: 'long' }] },
      { ...good, walls: undefined },
    ];
    for (const raw of junk) expect(parseLiveDepth(raw), JSON.stringify(raw)).toBeUndefined();
  });

  it('bounds what a view may have to loop over', () => {
    const many = new Array<number>(MAX_LIVE_BINS + 1).fill(1);
    const book = { ...good.books[0]!, bids: many, asks: many };
    expect(parseLiveDepth({ ...good, books: [book] })).toBeUndefined();
    const enough = new Array<number>(MAX_LIVE_BINS).fill(1);
    expect(parseLiveDepth({ ...good, books: [{ ...book, bids: enough, asks: enough }] })).toBeDefined();
  });
});
