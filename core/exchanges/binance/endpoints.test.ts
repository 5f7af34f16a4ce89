import { describe, expect, it } from 'vitest';
import { pageTimes, type RequestSpec } from '../request';
import { INTERVAL_MS } from '../types';
import {
  ENDPOINTS,
  exchangeInfoRequest,
  FUTURES_DATA_MAX_LIMIT,
  FUTURES_DATA_RETENTION_MS,
  klinesRequests,
  klinesWeight,
  longShortAccountRequests,
  openInterestHistRequests,
  POOLS,
  rateLimits,
  takerBuySellRequests,
} from './endpoints';

/** Most klines one request may ask for (docs: "Default 500; max 1500"). */
const KLINES_MAX_LIMIT = 1500;

const DAY = 86_400_000;
const FIVE_MIN = INTERVAL_MS['5m'];
// 2026-06-22 00:00 UTC, the end of the recorded 5m data set.
const NOW = Date.UTC(2026, 5, 22);
const THIRTY_DAYS = { startTime: NOW - 30 * DAY, endTime: NOW - 1 };

function query(spec: RequestSpec): Record<string, string> {
  return Object.fromEntries(new URL(spec.url).searchParams);
}

/** The bar times a request asks for: startTime aligned up, endTime aligned down, both inclusive. */
function barsAskedFor(spec: RequestSpec, step: number): number[] {
  const q = query(spec);
  const first = Math.ceil(Number(q.startTime) / step) * step;
  const last = Math.floor(Number(q.endTime) / step) * step;
  const out: number[] = [];
  for (let t = first; t <= last; t += step) out.push(t);
  return out;
}

/** Every bar time from start to end exactly once across all requests, in order. */
function expectExactCover(specs: RequestSpec[], step: number, startTime: number, endTime: number) {
  const asked = specs.flatMap((s) => barsAskedFor(s, step));
  const expected: number[] = [];
  for (let t = Math.ceil(startTime / step) * step; t <= endTime; t += step) expected.push(t);
  expect(asked).toEqual(expected);
  for (const spec of specs) expect(Number(query(spec).limit)).toBe(barsAskedFor(spec, step).length);
}

describe('published rate limits', () => {
  it('are 2400 request weight per minute and 1000 futures/data requests per 5 minutes, with their sources', () => {
    expect(rateLimits).toEqual([
      expect.objectContaining({
        exchange: 'binance',
        pool: 'request-weight',
        capacity: 2400,
        windowMs: 60_000,
      }),
      expect.objectContaining({
        exchange: 'binance',
        pool: 'futures-data',
        capacity: 1000,
        windowMs: 300_000,
      }),
    ]);
    for (const pool of rateLimits) expect(pool.source).toMatch(/^https:\/\/developers\.binance\.com\//);
  });
});

describe('klines weight (docs: based on parameter LIMIT)', () => {
  it.each([
    [1, 1],
    [99, 1],
    [100, 2],
    [499, 2],
    [500, 5],
    [1000, 5],
    [1001, 10],
    [1500, 10],
  ])('limit %i costs %i', (limit, weight) => {
    expect(klinesWeight(limit)).toBe(weight);
  });
});

describe('pageTimes', () => {
  it('aligns a range to bar times and splits it into pages that neither overlap nor leave gaps', () => {
    const pages = pageTimes({ startTime: 1, endTime: 10 * FIVE_MIN + 7 }, FIVE_MIN, 4);
    expect(pages).toEqual([
      { first: FIVE_MIN, last: 4 * FIVE_MIN, count: 4 },
      { first: 5 * FIVE_MIN, last: 8 * FIVE_MIN, count: 4 },
      { first: 9 * FIVE_MIN, last: 10 * FIVE_MIN, count: 2 },
    ]);
  });

  it('returns no page for an empty, reversed or non-finite range', () => {
    expect(pageTimes({ startTime: 10, endTime: 20 }, FIVE_MIN, 10)).toEqual([]);
    expect(pageTimes({ startTime: 2 * FIVE_MIN, endTime: FIVE_MIN }, FIVE_MIN, 10)).toEqual([]);
    expect(pageTimes({ startTime: Number.NaN, endTime: FIVE_MIN }, FIVE_MIN, 10)).toEqual([]);
  });
});

describe('GET /fapi/v1/klines requests', () => {
  it('split a 30-day 5m range into pages within the 1500 limit that cover every bar once', () => {
    const specs = klinesRequests('BTCUSDT', '5m', THIRTY_DAYS);
    expect(specs.length).toBe(Math.ceil(8640 / 499));
    for (const spec of specs) {
      const q = query(spec);
      expect(spec).toMatchObject({
        exchange: 'binance',
        endpoint: ENDPOINTS.klines,
        pool: POOLS.requestWeight,
      });
      expect(spec.url.startsWith('https://fapi.binance.com/fapi/v1/klines?')).toBe(true);
      expect(q).toMatchObject({ symbol: 'BTCUSDT', interval: '5m' });
      expect(Number(q.limit)).toBeLessThanOrEqual(KLINES_MAX_LIMIT);
      expect(spec.weight).toBe(klinesWeight(Number(q.limit)));
    }
    expectExactCover(specs, FIVE_MIN, THIRTY_DAYS.startTime, THIRTY_DAYS.endTime);
  });

  it('ask for the whole page bar up to its close time, so no bar of the next page is included', () => {
    const [spec] = klinesRequests('BTCUSDT', '1h', { startTime: 0, endTime: 3 * 3_600_000 });
    expect(query(spec!)).toMatchObject({ startTime: '0', endTime: String(4 * 3_600_000 - 1), limit: '4' });
    expect(spec!.weight).toBe(1);
  });

  it('spend less weight than 1500-bar pages would for the same range', () => {
    const specs = klinesRequests('BTCUSDT', '1m', THIRTY_DAYS);
    const spent = specs.reduce((sum, s) => sum + s.weight, 0);
    expect(spent).toBeLessThan(Math.ceil(43_200 / 1500) * 10);
    expectExactCover(specs, 60_000, THIRTY_DAYS.startTime, THIRTY_DAYS.endTime);
  });

  it('refuse a symbol that is not a neutral USDT perpetual name', () => {
    expect(() => klinesRequests('BTC-USDT-SWAP', '5m', THIRTY_DAYS)).toThrow(/not a USDT perpetual/);
  });
});

describe.each([
  ['openInterestHist', openInterestHistRequests, ENDPOINTS.openInterestHist],
  ['takerlongshortRatio', takerBuySellRequests, ENDPOINTS.takerBuySell],
  ['globalLongShortAccountRatio', longShortAccountRequests, ENDPOINTS.longShortAccounts],
] as const)('GET /futures/data/%s requests', (_name, build, endpoint) => {
  it('split a 30-day 5m range into pages of at most 500 points covering every period once', () => {
    const specs = build('BTCUSDT', '5m', THIRTY_DAYS, NOW);
    expect(specs.length).toBe(Math.ceil(8640 / 500));
    for (const spec of specs) {
      const q = query(spec);
      expect(spec).toMatchObject({ exchange: 'binance', endpoint, pool: POOLS.futuresData, weight: 1 });
      expect(q).toMatchObject({ symbol: 'BTCUSDT', period: '5m' });
      expect(Number(q.limit)).toBeLessThanOrEqual(FUTURES_DATA_MAX_LIMIT);
    }
    expectExactCover(specs, FIVE_MIN, THIRTY_DAYS.startTime, THIRTY_DAYS.endTime);
  });

  it('only ask for the last 30 days, which is all Binance keeps', () => {
    const specs = build('BTCUSDT', '1h', { startTime: NOW - 90 * DAY, endTime: NOW }, NOW);
    const firstStart = Number(query(specs[0]!).startTime);
    expect(firstStart).toBeGreaterThanOrEqual(NOW - FUTURES_DATA_RETENTION_MS);
    expectExactCover(specs, 3_600_000, NOW - FUTURES_DATA_RETENTION_MS, NOW);
    expect(build('BTCUSDT', '1h', { startTime: NOW - 90 * DAY, endTime: NOW - 60 * DAY }, NOW)).toEqual([]);
  });

  it('ask for 5m periods when 1m is wanted: futures/data has nothing finer', () => {
    const specs = build('ETHUSDT', '1m', { startTime: NOW - DAY, endTime: NOW }, NOW);
    expect(specs.every((s) => query(s).period === '5m')).toBe(true);
    expectExactCover(specs, FIVE_MIN, NOW - DAY, NOW);
  });
});

describe('exchange info', () => {
  it('GET /fapi/v1/exchangeInfo costs 1 weight', () => {
    expect(exchangeInfoRequest()).toMatchObject({
      url: 'https://fapi.binance.com/fapi/v1/exchangeInfo',
      pool: 'request-weight',
      weight: 1,
    });
  });
});
