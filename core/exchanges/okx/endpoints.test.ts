import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageTimes as barPages, type RequestSpec } from '../request';
import { INTERVAL_MS, type Interval } from '../types';
import {
  candleRequests,
  instrumentRequest,
  liquidationRequests,
  longShortRatioRequests,
  nextLiquidationRequest,
  OKX_RATE_LIMITS,
  openInterestHistoryRequests,
  takerFlowRequests,
} from './endpoints';

const H = INTERVAL_MS['1h'];
const M = INTERVAL_MS['1m'];
const t0 = 1_781_863_200_000;

const query = (spec: RequestSpec) => Object.fromEntries(new URL(spec.url).searchParams);
const num = (spec: RequestSpec, key: string) => Number(new URL(spec.url).searchParams.get(key));

/** The bar open times a page asks for, reading OKX's bounds as exclusive (after/end < ts < before/begin). */
function barsAsked(spec: RequestSpec, step: number, older: string, newer: string): number[] {
  const lo = num(spec, newer);
  const hi = num(spec, older);
  const bars: number[] = [];
  for (let t = Math.ceil((lo + 1) / step) * step; t < hi; t += step) bars.push(t);
  return bars;
}

describe('barPages', () => {
  it('covers every bar of a closed range once, in pages of at most perPage bars', () => {
    const pages = barPages({ startTime: t0, endTime: t0 + 249 * H }, H, 100);
    expect(pages.map((p) => p.count)).toEqual([100, 100, 50]);
    expect(pages[1]?.first).toBe(pages[0]!.last + H);
    expect(pages[2]?.last).toBe(t0 + 249 * H);
  });

  it('starts at the first bar opening at or after startTime', () => {
    expect(barPages({ startTime: t0 + 1, endTime: t0 + 2 * H }, H, 100)).toEqual([
      { first: t0 + H, last: t0 + 2 * H, count: 2 },
    ]);
  });

  it('an empty, reversed or non-finite range asks for nothing', () => {
    expect(barPages({ startTime: t0 + 1, endTime: t0 + 2 }, H, 100)).toEqual([]);
    expect(barPages({ startTime: t0 + H, endTime: t0 }, H, 100)).toEqual([]);
    expect(barPages({ startTime: Number.NaN, endTime: t0 }, H, 100)).toEqual([]);
  });

  it('property: pages tile the grid bars of any range with no gap and no overlap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000_000_000 }),
        fc.integer({ min: 0, max: 5_000 * M }),
        fc.constantFrom(...Object.values(INTERVAL_MS)),
        fc.integer({ min: 1, max: 300 }),
        (start, length, step, perPage) => {
          const pages = barPages({ startTime: start, endTime: start + length }, step, perPage);
          const bars = pages.flatMap((p) => Array.from({ length: p.count }, (_, k) => p.first + k * step));
          const expected: number[] = [];
          for (let t = Math.ceil(start / step) * step; t <= start + length; t += step) expected.push(t);
          expect(bars).toEqual(expected);
          for (const p of pages) expect(p.count).toBeLessThanOrEqual(perPage);
        },
      ),
    );
  });
});

describe('candle requests', () => {
  const now = t0 + 3000 * M;

  it('asks /market/candles for the newest bars, ≤ 300 a page, with bar, after, before and limit', () => {
    const [page, ...rest] = candleRequests('BTCUSDT', '1m', { startTime: now - 299 * M, endTime: now }, now);
    expect(rest).toEqual([]);
    expect(page).toMatchObject({
      exchange: 'okx',
      endpoint: '/api/v5/market/candles',
      pool: 'candles',
      weight: 1,
    });
    expect(page?.url.startsWith('https://www.okx.com/api/v5/market/candles?')).toBe(true);
    expect(query(page!)).toEqual({
      instId: 'BTC-USDT-SWAP',
      bar: '1m',
      after: String(now + 1),
      before: String(now - 299 * M - 1),
      limit: '300',
    });
  });

  it('sends bars older than the 1,440 /market/candles keeps to /history-candles, ≤ 300 a page', () => {
    const specs = candleRequests('BTCUSDT', '1m', { startTime: now - 2000 * M, endTime: now }, now);
    const history = specs.filter((s) => s.endpoint === '/api/v5/market/history-candles');
    const recent = specs.filter((s) => s.endpoint === '/api/v5/market/candles');
    expect(history.length).toBeGreaterThan(0);
    for (const s of history) expect(num(s, 'limit')).toBeLessThanOrEqual(300);
    // 2,001 bars: the newest 1,400 from /market/candles, the 601 before them in history pages of 300.
    expect(history.map((s) => num(s, 'limit'))).toEqual([300, 300, 1]);
    for (const s of recent) {
      expect(num(s, 'limit')).toBeLessThanOrEqual(300);
      expect(num(s, 'before') + 1).toBeGreaterThanOrEqual(now - 1440 * M);
    }
    expect(
      specs.every((s) => s.pool === (s.endpoint.endsWith('history-candles') ? 'historyCandles' : 'candles')),
    ).toBe(true);
  });

  it('asks for every bar of the range exactly once, oldest page first', () => {
    for (const interval of ['1m', '5m', '1h', '4h', '1d'] as Interval[]) {
      const step = INTERVAL_MS[interval];
      const range = { startTime: now - 2500 * step + 17, endTime: now - 3 };
      const specs = candleRequests('BTCUSDT', interval, range, now);
      const bars = specs.flatMap((s) => barsAsked(s, step, 'after', 'before'));
      const expected: number[] = [];
      for (let t = Math.ceil(range.startTime / step) * step; t <= range.endTime; t += step) expected.push(t);
      expect(bars).toEqual(expected);
      for (const s of specs) expect(num(s, 'limit')).toBe(barsAsked(s, step, 'after', 'before').length);
    }
  });

  it('names OKX bars: 1H, 4H and UTC days', () => {
    const bar = (i: Interval) =>
      query(candleRequests('BTCUSDT', i, { startTime: now - INTERVAL_MS[i], endTime: now }, now)[0]!).bar;
    expect([bar('1h'), bar('4h'), bar('1d'), bar('15m')]).toEqual(['1H', '4H', '1Dutc', '15m']);
  });
});

describe('trading-statistics (rubik) requests', () => {
  const range = { startTime: t0, endTime: t0 + 249 * H };

  it.each([
    [
      'open interest history',
      openInterestHistoryRequests,
      '/api/v5/rubik/stat/contracts/open-interest-history',
    ],
    ['taker volume', takerFlowRequests, '/api/v5/rubik/stat/taker-volume-contract'],
    [
      'long/short ratio',
      longShortRatioRequests,
      '/api/v5/rubik/stat/contracts/long-short-account-ratio-contract',
    ],
  ] as const)('%s: pages of ≤ 100 with begin/end covering the range once', (_name, build, endpoint) => {
    const specs = build('BTCUSDT', '1h', range);
    expect(specs.map((s) => s.endpoint)).toEqual([endpoint, endpoint, endpoint]);
    const bars = specs.flatMap((s) => barsAsked(s, H, 'end', 'begin'));
    expect(bars).toHaveLength(250);
    expect(new Set(bars).size).toBe(250);
    expect(bars[0]).toBe(t0);
    expect(query(specs[0]!)).toMatchObject({ instId: 'BTC-USDT-SWAP', period: '1H', limit: '100' });
  });

  it('asks taker volume in coin (unit=0), so no contract conversion is needed', () => {
    expect(query(takerFlowRequests('BTCUSDT', '5m', range)[0]!).unit).toBe('0');
  });

  it('serves a 1m request with 5m points, the finest OKX keeps', () => {
    const specs = openInterestHistoryRequests('BTCUSDT', '1m', { startTime: t0, endTime: t0 + 10 * M });
    expect(query(specs[0]!)).toMatchObject({ period: '5m', limit: '3' });
  });

  it('uses UTC days for 1d', () => {
    expect(query(longShortRatioRequests('BTCUSDT', '1d', range)[0]!).period).toBe('1Dutc');
  });
});

describe('single requests', () => {
  it('every request names a published rate-limit pool', () => {
    const pools = new Set(OKX_RATE_LIMITS.map((p) => p.pool));
    const specs = [
      ...candleRequests('BTCUSDT', '1m', { startTime: t0, endTime: t0 + 3000 * M }, t0 + 3000 * M),
      ...takerFlowRequests('BTCUSDT', '1h', { startTime: t0, endTime: t0 + H }),
      instrumentRequest('BTCUSDT'),
      ...liquidationRequests('BTCUSDT', { startTime: t0, endTime: t0 + H }),
    ];
    for (const s of specs) expect(pools.has(s.pool)).toBe(true);
  });

  it('rate limits are the documented per-2-second figures', () => {
    const byPool = Object.fromEntries(OKX_RATE_LIMITS.map((p) => [p.pool, [p.capacity, p.windowMs]]));
    expect(byPool).toMatchObject({
      candles: [40, 2000],
      historyCandles: [20, 2000],
      openInterestHistory: [10, 2000],
      takerVolume: [5, 2000],
      longShortRatio: [5, 2000],
      instruments: [20, 2000],
    });
    for (const p of OKX_RATE_LIMITS) expect(p.source).toMatch(/^https:\/\/www\.okx\.com\/docs-v5\/en\/#/);
  });
});

describe('liquidation requests', () => {
  const range = { startTime: t0, endTime: t0 + H };

  it('ask for filled swap liquidations of the family within the range, 100 at a time', () => {
    const [page, ...rest] = liquidationRequests('BTCUSDT', range);
    expect(rest).toEqual([]);
    expect(query(page!)).toEqual({
      instType: 'SWAP',
      instFamily: 'BTC-USDT',
      state: 'filled',
      after: String(t0 + H + 1),
      before: String(t0 - 1),
      limit: '100',
    });
  });

  it('the next page ends just before the oldest order seen, and stops at the range start', () => {
    const next = nextLiquidationRequest('BTCUSDT', range, t0 + 1000);
    expect(query(next!)).toMatchObject({ after: String(t0 + 1000), before: String(t0 - 1) });
    expect(nextLiquidationRequest('BTCUSDT', range, t0)).toBeUndefined();
  });

  it('a reversed range asks for nothing', () => {
    expect(liquidationRequests('BTCUSDT', { startTime: t0 + 1, endTime: t0 })).toEqual([]);
  });
});
