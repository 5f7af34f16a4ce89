import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RequestSpec } from '../request';
import {
  accountRatioRequests,
  BYBIT_RATE_LIMITS,
  instrumentsInfoRequest,
  klineRequests,
  openInterestRequests,
  PAGE_LIMITS,
  pageWindows,
} from './endpoints';

const MIN = 60_000;
const FIVE_MIN = 5 * MIN;
const DAY = 86_400_000;
const MAY_1 = Date.UTC(2025, 4, 1);
/** 30 days of 5-minute bars: 8640 open times, both ends included. */
const THIRTY_DAYS = { startTime: MAY_1, endTime: MAY_1 + 30 * DAY - FIVE_MIN };

const query = (spec: RequestSpec) => new URL(spec.url).searchParams;
const num = (spec: RequestSpec, key: string) => Number(query(spec).get(key));

/** Checks that the windows tile [first, last] on the grid: contiguous, no overlap, none over the limit. */
function expectTiling(specs: RequestSpec[], keys: [string, string], step: number, limit: number) {
  const [startKey, endKey] = keys;
  let rows = 0;
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    const start = num(spec, startKey);
    const end = num(spec, endKey);
    const limitParam = num(spec, 'limit');
    expect(limitParam).toBeLessThanOrEqual(limit);
    expect((end - start) / step + 1).toBe(limitParam);
    if (i > 0) expect(start).toBe(num(specs[i - 1]!, endKey) + step);
    rows += limitParam;
  }
  return rows;
}

describe('Bybit request builders', () => {
  it('every request is a public GET on api.bybit.com for category=linear, costing 1 from the IP pool', () => {
    const specs = [
      ...klineRequests('BTCUSDT', '1h', { startTime: MAY_1, endTime: MAY_1 + DAY }),
      ...openInterestRequests('BTCUSDT', '1h', { startTime: MAY_1, endTime: MAY_1 + DAY }),
      ...accountRatioRequests('BTCUSDT', '1h', { startTime: MAY_1, endTime: MAY_1 + DAY }),
      instrumentsInfoRequest('BTCUSDT'),
    ];
    for (const spec of specs) {
      expect(spec.exchange).toBe('bybit');
      expect(new URL(spec.url).origin).toBe('https://api.bybit.com');
      expect(new URL(spec.url).pathname).toBe(spec.endpoint);
      expect(query(spec).get('category')).toBe('linear');
      expect(query(spec).get('symbol')).toBe('BTCUSDT');
      expect(spec.pool).toBe('ip');
      expect(spec.weight).toBe(1);
    }
  });

  it('publishes the documented IP limit: 600 requests per 5 s', () => {
    expect(BYBIT_RATE_LIMITS).toEqual([
      expect.objectContaining({ exchange: 'bybit', pool: 'ip', capacity: 600, windowMs: 5_000 }),
    ]);
    expect(BYBIT_RATE_LIMITS[0]!.source).toContain('bybit-exchange.github.io/docs/v5/rate-limit');
  });

  describe('/v5/market/kline', () => {
    it('splits 30 days of 5-minute candles into 9 requests of at most 1000, with no gap or overlap', () => {
      const specs = klineRequests('BTCUSDT', '5m', THIRTY_DAYS);
      expect(specs).toHaveLength(9);
      expect(specs.every((s) => s.endpoint === '/v5/market/kline')).toBe(true);
      expect(specs.every((s) => query(s).get('interval') === '5')).toBe(true);
      const rows = expectTiling(specs, ['start', 'end'], FIVE_MIN, PAGE_LIMITS.kline);
      expect(rows).toBe(8640);
      expect(num(specs[0]!, 'start')).toBe(THIRTY_DAYS.startTime);
      expect(num(specs.at(-1)!, 'end')).toBe(THIRTY_DAYS.endTime);
    });

    it('spells intervals the way Bybit does', () => {
      const interval = (i: Parameters<typeof klineRequests>[1]) =>
        query(klineRequests('BTCUSDT', i, { startTime: MAY_1, endTime: MAY_1 })[0]!).get('interval');
      expect([
        interval('1m'),
        interval('5m'),
        interval('15m'),
        interval('30m'),
        interval('1h'),
        interval('4h'),
        interval('1d'),
      ]).toEqual(['1', '5', '15', '30', '60', '240', 'D']);
    });

    it('starts at the candle that contains startTime', () => {
      const [spec] = klineRequests('BTCUSDT', '1h', {
        startTime: MAY_1 + 20 * MIN,
        endTime: MAY_1 + 3 * 3_600_000,
      });
      expect(num(spec!, 'start')).toBe(MAY_1);
      expect(num(spec!, 'limit')).toBe(4);
    });

    it('asks for nothing when the range is empty or inverted', () => {
      expect(klineRequests('BTCUSDT', '1m', { startTime: MAY_1 + 1, endTime: MAY_1 })).toEqual([]);
      expect(klineRequests('BTCUSDT', '1m', { startTime: Number.NaN, endTime: MAY_1 })).toEqual([]);
    });
  });

  describe('/v5/market/open-interest', () => {
    it('splits 30 days at 5 minutes into 44 requests of at most 200 rows, with no gap or overlap', () => {
      const specs = openInterestRequests('BTCUSDT', '5m', THIRTY_DAYS);
      expect(specs).toHaveLength(44);
      expect(specs.every((s) => query(s).get('intervalTime') === '5min')).toBe(true);
      expect(specs.every((s) => query(s).get('cursor') === null)).toBe(true);
      expect(expectTiling(specs, ['startTime', 'endTime'], FIVE_MIN, PAGE_LIMITS.openInterest)).toBe(8640);
      expect(num(specs[0]!, 'startTime')).toBe(THIRTY_DAYS.startTime);
      expect(num(specs.at(-1)!, 'endTime')).toBe(THIRTY_DAYS.endTime);
    });

    it('has no 1-minute series: 1m asks for 5-minute points', () => {
      const specs = openInterestRequests('BTCUSDT', '1m', {
        startTime: MAY_1,
        endTime: MAY_1 + DAY - FIVE_MIN,
      });
      expect(specs).toHaveLength(2);
      expect(query(specs[0]!).get('intervalTime')).toBe('5min');
      expect(expectTiling(specs, ['startTime', 'endTime'], FIVE_MIN, 200)).toBe(288);
    });

    it('spells periods the way Bybit does', () => {
      const period = (i: Parameters<typeof openInterestRequests>[1]) =>
        query(openInterestRequests('BTCUSDT', i, { startTime: MAY_1, endTime: MAY_1 })[0]!).get(
          'intervalTime',
        );
      expect(['15m', '30m', '1h', '4h', '1d'].map((i) => period(i as '15m'))).toEqual([
        '15min',
        '30min',
        '1h',
        '4h',
        '1d',
      ]);
    });
  });

  describe('/v5/market/account-ratio', () => {
    it('splits 30 days at 5 minutes into 18 requests of at most 500 rows, with no gap or overlap', () => {
      const specs = accountRatioRequests('BTCUSDT', '5m', THIRTY_DAYS);
      expect(specs).toHaveLength(18);
      expect(specs.every((s) => query(s).get('period') === '5min')).toBe(true);
      expect(expectTiling(specs, ['startTime', 'endTime'], FIVE_MIN, PAGE_LIMITS.accountRatio)).toBe(8640);
    });
  });

  it('asks /v5/market/instruments-info for the one symbol', () => {
    expect(instrumentsInfoRequest('ETHUSDT').url).toBe(
      'https://api.bybit.com/v5/market/instruments-info?category=linear&symbol=ETHUSDT',
    );
  });

  it('pageWindows tiles any range exactly on the grid (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000_000_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.constantFrom(MIN, FIVE_MIN, 3_600_000, DAY),
        fc.integer({ min: 1, max: 1000 }),
        (startTime, bars, step, limit) => {
          const endTime = startTime + bars * step + (startTime % 7);
          const windows = pageWindows({ startTime, endTime }, step, limit);
          const first = Math.floor(startTime / step) * step;
          const expectedRows = Math.floor((endTime - first) / step) + 1;
          expect(windows.reduce((n, w) => n + w.rows, 0)).toBe(expectedRows);
          expect(windows[0]!.start).toBe(first);
          for (let i = 0; i < windows.length; i++) {
            const w = windows[i]!;
            expect(w.rows).toBeGreaterThan(0);
            expect(w.rows).toBeLessThanOrEqual(limit);
            expect(w.end).toBeLessThanOrEqual(endTime);
            if (i > 0) expect(w.start).toBe(windows[i - 1]!.end + step);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
