import { describe, expect, it } from 'vitest';
import type { Bar } from '../data/bars';
import { DEFAULT_CONFIG, type EngineConfig } from './config';
import { LevelBook } from './levelBook';
import { leverageBands } from './tierPricing';

const config: EngineConfig = {
  ...DEFAULT_CONFIG,
  leverage: { tiers: [10, 100], weights: [0.5, 0.5], maxLeverage: 125 },
  split: { ...DEFAULT_CONFIG.split, takerK: 0, directionK: 0 },
  ageing: { halfLifeHours: null },
  oiDecrease: { closeFactor: 1, netOfTriggered: false, balanceK: 0, directionK: 0 },
  entry: { placement: 'typical', leverageBands: false, bandPoints: 0 },
};
const H = 3_600_000;
const bar = (
  i: number,
  o: number,
  h: number,
  l: number,
  c: number,
  oiUsd?: number,
  extra: Partial<Bar> = {},
): Bar => ({
  time: i * H,
  open: o,
  high: h,
  low: l,
  close: c,
  ...(oiUsd === undefined ? {} : { oiUsd }),
  ...extra,
});
const liveLong = (b: LevelBook) => b.liveNotional('long');
const liveShort = (b: LevelBook) => b.liveNotional('short');

describe('LevelBook', () => {
  it('adds rising OI at the typical price, split 50/50 and spread over the leverage mix', () => {
    const book = new LevelBook(1, 'binance', config);
    book.process(bar(0, 100, 100, 100, 100, 1_000));
    book.process(bar(1, 100, 101, 99, 100, 1_200));
    expect(liveLong(book)).toBeCloseTo(100, 9);
    expect(liveShort(book)).toBeCloseTo(100, 9);
    // 10× long at typical 100: LP = 100·0.9/0.996 = 90.36 → bin 90; 100× long: 100·0.99/0.996 = 99.40 → bin 99.
    expect(book.extent('long')).toEqual({ lo: 90, hi: 99 });
    // shorts: 100·1.1/1.004 = 109.56 → bin 109; 100·1.01/1.004 = 100.60 → bin 100.
    expect(book.extent('short')).toEqual({ lo: 100, hi: 109 });
  });

  it('triggers every long level at or above the low and every short at or below the high, and reports it', () => {
    const book = new LevelBook(1, 'binance', config);
    book.process(bar(0, 100, 100, 100, 100, 1_000));
    book.process(bar(1, 100, 101, 99, 100, 1_200));
    // Low 99.4 reaches the 100× long bin (centre 99.5) but not the 10× one; high 100.4 misses short bin 100 (centre 100.5).
    book.process(bar(2, 100, 100.4, 99.4, 100, 1_200));
    expect(book.triggeredLong).toBeCloseTo(50, 9);
    expect(book.triggeredShort).toBe(0);
    expect(liveLong(book)).toBeCloseTo(50, 9);
    book.process(bar(3, 100, 112, 100, 111, 1_200));
    expect(book.triggeredShort).toBeCloseTo(100, 9);
    expect(liveShort(book)).toBe(0);
    expect(book.extent('short')).toBeUndefined();
  });

  it('closes falling OI in proportion on both sides', () => {
    const book = new LevelBook(1, 'binance', config);
    book.process(bar(0, 100, 100, 100, 100, 1_000));
    book.process(bar(1, 100, 100, 100, 100, 2_000));
    book.process(bar(2, 100, 100, 100, 100, 1_500));
    // OI fell by a quarter: a quarter of every level goes.
    expect(liveLong(book)).toBeCloseTo(375, 9);
    expect(liveShort(book)).toBeCloseTo(375, 9);
  });

  it('with balanceK > 0 the heavier side closes more: in proportion to notional^(1 + balanceK)', () => {
    const c = { ...config, oiDecrease: { ...config.oiDecrease, balanceK: 1 } };
    const book = new LevelBook(1, 'binance', c);
    book.process(bar(0, 100, 100, 100, 100, 1_000));
    // +1000 at 50/50, then a bar whose high reaches the 100× shorts (bin 100, centre 100.5) only.
    book.process(bar(1, 100, 100, 100, 100, 2_000));
    book.process(bar(2, 100, 100.6, 100, 100, 2_000));
    expect(liveLong(book)).toBeCloseTo(500, 9);
    expect(liveShort(book)).toBeCloseTo(250, 9);
    // OI falls by a fifth: 0.2·750 = 150 closed, shared 500² : 250² = 4 : 1 → 120 longs, 30 shorts.
    book.process(bar(3, 100, 100, 100, 100, 1_600));
    expect(liveLong(book)).toBeCloseTo(380, 9);
    expect(liveShort(book)).toBeCloseTo(220, 9);
  });

  it('with directionK the bar body tilts the close, and a side never closes more than it holds', () => {
    const c = { ...config, oiDecrease: { ...config.oiDecrease, directionK: -1 } };
    const book = new LevelBook(1, 'binance', c);
    book.process(bar(0, 100, 100, 100, 100, 1_000));
    book.process(bar(1, 100, 100, 100, 100, 2_000));
    // A half-body up bar (close − open = half the range) with OI −10 %: 100 closed, longs' weight
    // 500·1.5 against shorts' 500·0.5 → 75 longs, 25 shorts (directionK < 0: longs take profit).
    book.process(bar(2, 99.9, 100.3, 99.9, 100.1, 1_800));
    expect(liveLong(book)).toBeCloseTo(425, 9);
    expect(liveShort(book)).toBeCloseTo(475, 9);
    // A full-body up bar: every close falls on the longs, and a close larger than the longs spills over.
    book.process(bar(3, 99.9, 100.3, 99.9, 100.3, 1_800 * 0.5));
    expect(liveLong(book)).toBeCloseTo(0, 9);
    expect(liveShort(book)).toBeCloseTo(450, 9);
  });

  it('skips bars whose OI is not known and measures the next change from the last known OI', () => {
    const book = new LevelBook(1, 'binance', config);
    book.process(bar(0, 100, 100, 100, 100, 1_000));
    book.process(bar(1, 100, 100, 100, 100));
    expect(liveLong(book)).toBe(0);
    book.process(bar(5, 100, 100, 100, 100, 1_100)); // after a gap: one step of +100
    expect(liveLong(book) + liveShort(book)).toBeCloseTo(100, 9);
  });

  it('guards OI that is zero, negative or not finite as not known', () => {
    const book = new LevelBook(1, 'binance', config);
    book.process(bar(0, 100, 100, 100, 100, 1_000));
    for (const oi of [0, -5, Number.NaN, Number.POSITIVE_INFINITY])
      book.process(bar(1, 100, 100, 100, 100, oi));
    book.process(bar(2, 100, 100, 100, 100, 1_010));
    expect(liveLong(book) + liveShort(book)).toBeCloseTo(10, 9);
  });

  it('ages levels by half-life over real elapsed time, gaps included', () => {
    const aged = new LevelBook(1, 'binance', { ...config, ageing: { halfLifeHours: 2 } });
    aged.process(bar(0, 100, 100, 100, 100, 1_000));
    aged.process(bar(1, 100, 100, 100, 100, 1_200));
    aged.process(bar(5, 100, 100, 100, 100, 1_200)); // 4 h later: two half-lives
    expect(liveLong(aged)).toBeCloseTo(25, 9);
  });

  it('splits by taker flow when known, else by the bar body when directionK > 0', () => {
    const taker = new LevelBook(1, 'binance', { ...config, split: { ...config.split, takerK: 1 } });
    const strongBuy = bar(1, 100, 101, 99, 100, 1_100, { takerDeltaBase: 1_000 });
    expect(taker.longShare(strongBuy, 100)).toBeCloseTo(0.9, 6); // tanh(1000) → 1, clamped at maxLongShare
    const dir = new LevelBook(1, 'binance', { ...config, split: { ...config.split, directionK: 0.5 } });
    expect(dir.longShare(bar(1, 99, 101, 99, 101, 1_100), 100)).toBeCloseTo(0.75, 9);
    expect(dir.longShare(bar(1, 100, 100, 100, 100, 1_100), 100)).toBe(0.5);
  });

  it('spreads entries over the bar range when placement is "range"', () => {
    const book = new LevelBook(1, 'binance', {
      ...config,
      entry: { placement: 'range', leverageBands: false, bandPoints: 0 },
    });
    book.process(bar(0, 100, 100, 100, 100, 1_000));
    book.process(bar(1, 100, 110, 90, 100, 1_200));
    expect(liveLong(book)).toBeCloseTo(100, 9);
    const e = book.extent('long')!;
    expect(e.hi - e.lo).toBeGreaterThan(15);
  });

  it('filters leverage tiers at read time without a rebuild', () => {
    const book = new LevelBook(1, 'binance', config);
    book.process(bar(0, 100, 100, 100, 100, 1_000));
    book.process(bar(1, 100, 101, 99, 100, 1_200));
    expect(book.liveNotional('long', Uint8Array.of(0, 1))).toBeCloseTo(50, 9);
    expect(book.liveNotional('long', Uint8Array.of(1, 0))).toBeCloseTo(50, 9);
  });

  it('sums bins into view rows of several bins each', () => {
    const book = new LevelBook(1, 'binance', config);
    book.process(bar(0, 100, 100, 100, 100, 1_000));
    book.process(bar(1, 100, 101, 99, 100, 1_200));
    const rows = new Float32Array(3);
    book.addToRows('long', rows, 0, 90, 5, 3, null); // rows [90,95) [95,100) [100,105)
    expect(Array.from(rows)).toEqual([50, 50, 0]);
  });

  it('keeps exact state through copyFrom (used to replace an in-progress bar)', () => {
    const a = new LevelBook(1, 'binance', config);
    a.process(bar(0, 100, 100, 100, 100, 1_000));
    a.process(bar(1, 100, 101, 99, 100, 1_200));
    const b = new LevelBook(1, 'binance', config);
    b.copyFrom(a);
    a.process(bar(2, 100, 100, 95, 96, 1_300));
    b.process(bar(2, 100, 100, 95, 96, 1_300));
    expect(b.liveNotional('long')).toBe(a.liveNotional('long'));
    expect(b.triggeredLong).toBe(a.triggeredLong);
  });

  it('rejects an impossible bar range instead of producing NaN', () => {
    const book = new LevelBook(1, 'binance', config);
    expect(() => book.process(bar(0, 100, 90, 100, 100, 1))).toThrow(/impossible range/);
  });
});

describe('leverage bands', () => {
  it('a tier stands for the leverages between geometric midpoints, the top capped at the maximum', () => {
    const bands = leverageBands([5, 10, 25, 50, 100], 125);
    const expected = [
      [Math.sqrt(12.5), Math.sqrt(50)],
      [Math.sqrt(50), Math.sqrt(250)],
      [Math.sqrt(250), Math.sqrt(1250)],
      [Math.sqrt(1250), Math.sqrt(5000)],
      [Math.sqrt(5000), 125],
    ];
    bands.forEach(([lo, hi], i) => {
      expect(lo).toBeCloseTo(expected[i]![0]!, 9);
      expect(hi).toBeCloseTo(expected[i]![1]!, 9);
    });
    expect(leverageBands([1, 2], 125)[0]![0]).toBe(1);
    expect(leverageBands([20], 125)).toEqual([[20, 20]]); // a lone tier has no neighbours: a point
  });

  it('spreads a tier over its band’s liquidation prices: 12 points between the band edges', () => {
    const banded = new LevelBook(1, 'binance', {
      ...config,
      // The 50× tier only shapes the 100× band (its weight is 0).
      leverage: { tiers: [50, 100], weights: [0, 1], maxLeverage: 125 },
      entry: { placement: 'typical', leverageBands: true, bandPoints: 12 },
    });
    banded.process(bar(0, 10_000, 10_000, 10_000, 10_000, 1_000));
    banded.process(bar(1, 10_000, 10_000, 10_000, 10_000, 2_000));
    expect(banded.liveNotional('long')).toBeCloseTo(500, 9);
    // 100× band = 70.7×…125×: long LP from 10,000·(1 − 1/70.7)/0.996 = 9,898 to 10,000·0.992/0.996 = 9,960.
    const e = banded.extent('long')!;
    expect(e.lo).toBeGreaterThanOrEqual(9_898);
    expect(e.hi).toBeLessThanOrEqual(9_960);
    expect(e.hi - e.lo).toBeGreaterThan(50);
    // A 0.2 % dip reaches the upper part of the band only: part of the tier is triggered.
    banded.process(bar(2, 10_000, 10_000, 9_930, 10_000, 2_000));
    expect(banded.triggeredLong).toBeGreaterThan(100);
    expect(banded.triggeredLong).toBeLessThan(400);
  });
});
