import { describe, expect, it } from 'vitest';
import { binBook } from './liveProfile';
import type { BookSample } from './types';

const sample = (over: Partial<BookSample> = {}): BookSample => ({
  exchange: 'binance',
  symbol: 'BTCUSDT',
  time: 0,
  mid: 100_005,
  bids: [
    [100_000, 1_000.4],
    [99_995, 2_000],
    [99_950, 500],
  ],
  asks: [
    [100_010, 700],
    [100_012, 300],
    [100_060, 900],
  ],
  reachLow: 99_950,
  reachHigh: 100_060,
  ...over,
});

describe('binBook', () => {
  it('sums each side per bin over the reach only, rounding to whole dollars', () => {
    const b = binBook(sample(), 10, 100);
    expect(b.loBin).toBe(9_995);
    expect(b.bids.length).toBe(100_060 / 10 - 9_995 + 1);
    expect(b.bids[0]).toBe(500);
    expect(b.bids[(99_990 - 99_950) / 10]).toBe(2_000);
    expect(b.bids[(100_000 - 99_950) / 10]).toBe(1_000);
    expect(b.asks[(100_010 - 99_950) / 10]).toBe(1_000);
    expect(b.asks[(100_060 - 99_950) / 10]).toBe(900);
    expect(b.bids.reduce((a, v) => a + v, 0)).toBe(3_500);
  });

  it('cuts the reach to the bins kept each side of the mid', () => {
    const b = binBook(sample(), 10, 2);
    expect(b.loBin).toBe(9_998);
    expect(b.bids.length).toBe(5);
    expect(b.bids).toEqual([0, 2_000, 1_000, 0, 0]);
    expect(b.asks).toEqual([0, 0, 0, 1_000, 0]);
  });

  it('an empty book has no known bins, not zeros', () => {
    const b = binBook(sample({ bids: [], asks: [], reachLow: Number.NaN, reachHigh: Number.NaN }), 10, 50);
    expect(b.bids).toEqual([]);
    expect(b.asks).toEqual([]);
  });
});
