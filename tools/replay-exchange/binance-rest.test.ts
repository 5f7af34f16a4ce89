import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ReplayExchange, startReplayExchange } from './index';
import { get, getJson, sampleBars } from './test-support';

const HOST = 'fapi.binance.com';
const M5 = 300_000;
const DAY = 86_400_000;
const bars = sampleBars(12 * 24 * 40); // 40 days of 5m bars
const T0 = bars[0]!.time;
const NOW = T0 + 35 * DAY + 2 * 60_000 + 30_000; // 2 min 30 s into a 5m bar, 35 days in

let rx: ReplayExchange;
beforeAll(async () => {
  rx = await startReplayExchange({ bars, start: NOW, speed: 0 });
});
afterAll(() => rx.close());
beforeEach(() => {
  rx.clock.setSpeed(0);
  rx.clock.set(NOW);
  rx.faults.clear();
});

type Kline = [number, string, string, string, string, string, number, string, number, string, string, string];
const klines = (q: string) => getJson<Kline[]>(rx.port, HOST, `/fapi/v1/klines?symbol=BTCUSDT&${q}`);

describe('GET /fapi/v1/klines', () => {
  it('sends rows of 12 fields: times and trade count as numbers, prices and volumes as strings', async () => {
    const rows = await klines('interval=5m&limit=3');
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r).toHaveLength(12);
      expect(r.map((v) => typeof v)).toEqual([
        'number',
        'string',
        'string',
        'string',
        'string',
        'string',
        'number',
        'string',
        'number',
        'string',
        'string',
        'string',
      ]);
      expect(r[6]).toBe(r[0] + M5 - 1);
      expect(r[1]).toMatch(/^\d+\.\d$/);
    }
  });

  it('ends with the in-progress candle and never shows a bar that has not opened', async () => {
    const rows = await klines('interval=5m&limit=2');
    const current = bars.find((b) => b.time <= NOW && NOW < b.time + M5)!;
    expect(rows[1]![0]).toBe(current.time);
    expect(rows[1]![6]).toBeGreaterThan(NOW);
    expect(Number(rows[1]![1])).toBe(current.open);
    expect(Number(rows[1]![2])).toBeLessThanOrEqual(current.high);
    const future = await klines(`interval=5m&startTime=${current.time + M5}`);
    expect(future).toEqual([]);
  });

  it('pages forward from startTime, oldest first, up to limit (default 500, max 1500)', async () => {
    const start = T0 + 30 * DAY;
    const page = await klines(`interval=5m&startTime=${start}&limit=4`);
    expect(page.map((r) => r[0])).toEqual([0, 1, 2, 3].map((k) => start + k * M5));
    expect(await klines(`interval=1m&startTime=${start}`)).toHaveLength(500);
    expect(await klines(`interval=1m&startTime=${start}&limit=1500`)).toHaveLength(1500);
    const tooMany = await get(rx.port, HOST, `/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1501`);
    expect(tooMany.status).toBe(400);
    expect(JSON.parse(tooMany.body)).toEqual({
      code: -1130,
      msg: "Data sent for parameter 'limit' is not valid.",
    });
  });

  it('with only endTime, returns the last `limit` candles opening at or before it', async () => {
    const end = T0 + 20 * DAY;
    const page = await klines(`interval=1h&endTime=${end}&limit=3`);
    expect(page.map((r) => r[0])).toEqual([end - 2 * 3_600_000, end - 3_600_000, end]);
  });

  it('derives 1m candles inside each 5m bar and aggregates 1d candles at 00:00 UTC', async () => {
    const bar = bars[12 * 24 * 30]!;
    const minutes = await klines(`interval=1m&startTime=${bar.time}&limit=5`);
    expect(Number(minutes[0]![1])).toBe(bar.open);
    expect(Number(minutes[4]![4])).toBe(bar.close);
    for (const m of minutes) {
      expect(Number(m[3])).toBeGreaterThanOrEqual(bar.low);
      expect(Number(m[2])).toBeLessThanOrEqual(bar.high);
    }
    const days = await klines(`interval=1d&startTime=${T0}&limit=2`);
    const day1 = bars.slice(0, 288);
    expect(days[0]![0]).toBe(T0);
    expect(Number(days[0]![2])).toBe(Math.max(...day1.map((b) => b.high)));
    expect(Number(days[0]![3])).toBe(Math.min(...day1.map((b) => b.low)));
  });

  it('advances with the clock at ×N speed', async () => {
    const before = await klines('interval=1m&limit=1');
    rx.clock.setSpeed(600); // 10 replay minutes per second
    await new Promise((r) => setTimeout(r, 250));
    const after = await klines('interval=1m&limit=1');
    expect(after[0]![0] - before[0]![0]).toBeGreaterThanOrEqual(120_000);
  });

  it('answers Binance errors for bad parameters', async () => {
    const cases: Array<[string, number, unknown]> = [
      ['/fapi/v1/klines?symbol=ETHUSDT&interval=1m', 400, { code: -1121, msg: 'Invalid symbol.' }],
      ['/fapi/v1/klines?symbol=BTCUSDT&interval=7m', 400, { code: -1120, msg: 'Invalid interval.' }],
      [
        '/fapi/v1/klines?interval=1m',
        400,
        { code: -1102, msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed." },
      ],
      [
        '/fapi/v1/klines?symbol=BTCUSDT&interval=1m&startTime=abc',
        400,
        {
          code: -1100,
          msg: "Illegal characters found in parameter 'startTime'; legal range is '^[0-9]{1,20}$'.",
        },
      ],
      [
        '/fapi/v1/klines?symbol=BTCUSDT&interval=1m&startTime=20&endTime=10',
        400,
        { code: -1023, msg: 'Start time is greater than end time.' },
      ],
    ];
    for (const [path, status, body] of cases) {
      const res = await get(rx.port, HOST, path);
      expect([path, res.status, JSON.parse(res.body)]).toEqual([path, status, body]);
    }
  });

  it('reports the request weight spent this minute', async () => {
    const a = await get(rx.port, HOST, '/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1000');
    const b = await get(rx.port, HOST, '/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1000');
    expect(Number(b.headers['x-mbx-used-weight-1m'])).toBe(Number(a.headers['x-mbx-used-weight-1m']) + 5);
  });
});

describe('GET /futures/data/*', () => {
  type OiRow = { symbol: string; sumOpenInterest: string; sumOpenInterestValue: string; timestamp: number };

  it('openInterestHist: strings for amounts, number timestamps, default 30 rows, newest last', async () => {
    const rows = await getJson<OiRow[]>(
      rx.port,
      HOST,
      '/futures/data/openInterestHist?symbol=BTCUSDT&period=5m',
    );
    expect(rows).toHaveLength(30);
    expect(Object.keys(rows[0]!)).toEqual(['symbol', 'sumOpenInterest', 'sumOpenInterestValue', 'timestamp']);
    const last = rows[29]!;
    expect(last.timestamp).toBeLessThanOrEqual(NOW);
    expect(last.timestamp).toBe(Math.floor(NOW / M5) * M5);
    const bar = bars.find((b) => b.time + M5 === last.timestamp)!;
    expect(Number(last.sumOpenInterestValue)).toBeCloseTo(bar.oiUsd!, 2);
    expect(Number(last.sumOpenInterest)).toBeCloseTo(bar.oiUsd! / bar.close, 6);
    expect(last.sumOpenInterest).toMatch(/^\d+\.\d{8}$/);
    expect(last.sumOpenInterestValue).toMatch(/^\d+\.\d{8}$/);
  });

  it('keeps only the last 30 days relative to replay now and refuses an older startTime', async () => {
    const old = await get(
      rx.port,
      HOST,
      `/futures/data/openInterestHist?symbol=BTCUSDT&period=1d&startTime=${NOW - 32 * DAY}`,
    );
    expect(old.status).toBe(400);
    expect(JSON.parse(old.body)).toEqual({
      code: -1130,
      msg: "Data sent for parameter 'startTime' is not valid.",
    });
    // One period of grace for a client whose clock runs a moment behind replay time.
    const edge = await get(
      rx.port,
      HOST,
      `/futures/data/openInterestHist?symbol=BTCUSDT&period=5m&startTime=${NOW - 30 * DAY - 60_000}`,
    );
    expect(edge.status).toBe(200);
    const past = await get(
      rx.port,
      HOST,
      `/futures/data/openInterestHist?symbol=BTCUSDT&period=5m&startTime=${NOW - 30 * DAY - 6 * 60_000}`,
    );
    expect(past.status).toBe(400);
    const daily = await getJson<OiRow[]>(
      rx.port,
      HOST,
      '/futures/data/openInterestHist?symbol=BTCUSDT&period=1d&limit=500',
    );
    expect(daily.length).toBe(30);
    expect(daily[0]!.timestamp).toBeGreaterThanOrEqual(NOW - 30 * DAY);
    const paged = await getJson<OiRow[]>(
      rx.port,
      HOST,
      `/futures/data/openInterestHist?symbol=BTCUSDT&period=1h&startTime=${NOW - 2 * DAY}&limit=3`,
    );
    expect(paged.map((r) => r.timestamp)).toEqual(
      [1, 2, 3].map((h) => Math.ceil((NOW - 2 * DAY) / 3_600_000) * 3_600_000 + (h - 1) * 3_600_000),
    );
  });

  it('takerlongshortRatio: buyVol − sellVol is the recorded delta; the baseline is flagged synthetic', async () => {
    const res = await get(
      rx.port,
      HOST,
      '/futures/data/takerlongshortRatio?symbol=BTCUSDT&period=5m&limit=10',
    );
    expect(res.headers['x-replay-synthetic']).toBe('taker-volume-baseline');
    const rows = JSON.parse(res.body) as Array<Record<string, unknown>>;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(Object.keys(r)).toEqual(['buySellRatio', 'buyVol', 'sellVol', 'timestamp']);
      expect(typeof r.buyVol).toBe('string');
      expect(typeof r.timestamp).toBe('number');
      const bar = bars.find((b) => b.time === r.timestamp)!;
      expect(Number(r.buyVol) - Number(r.sellVol)).toBeCloseTo(bar.takerDeltaBase!, 3);
      expect(Number(r.buySellRatio)).toBeCloseTo(Number(r.buyVol) / Number(r.sellVol), 3);
    }
  });

  it('globalLongShortAccountRatio: a neutral constant, flagged synthetic', async () => {
    const res = await get(
      rx.port,
      HOST,
      '/futures/data/globalLongShortAccountRatio?symbol=BTCUSDT&period=1h&limit=2',
    );
    expect(res.headers['x-replay-synthetic']).toBe('account-ratio');
    const rows = JSON.parse(res.body) as unknown[];
    expect(rows).toEqual([
      {
        symbol: 'BTCUSDT',
        longShortRatio: '1.0000',
        longAccount: '0.5000',
        shortAccount: '0.5000',
        timestamp: expect.any(Number),
      },
      {
        symbol: 'BTCUSDT',
        longShortRatio: '1.0000',
        longAccount: '0.5000',
        shortAccount: '0.5000',
        timestamp: expect.any(Number),
      },
    ]);
  });
});

describe('GET /fapi/v1/openInterest, premiumIndex, exchangeInfo', () => {
  it('openInterest: base units as a string, as of the last snapshot', async () => {
    const body = await getJson<Record<string, unknown>>(
      rx.port,
      HOST,
      '/fapi/v1/openInterest?symbol=BTCUSDT',
    );
    const bar = bars.find((b) => b.time + M5 === Math.floor(NOW / M5) * M5)!;
    expect(body).toEqual({ openInterest: (bar.oiUsd! / bar.close).toFixed(3), symbol: 'BTCUSDT', time: NOW });
  });

  it('premiumIndex: mark price at replay now, funding from the recording, next funding on the 8-hour grid', async () => {
    const body = await getJson<Record<string, unknown>>(
      rx.port,
      HOST,
      '/fapi/v1/premiumIndex?symbol=BTCUSDT',
    );
    expect(Object.keys(body)).toEqual([
      'symbol',
      'markPrice',
      'indexPrice',
      'estimatedSettlePrice',
      'lastFundingRate',
      'interestRate',
      'nextFundingTime',
      'time',
    ]);
    const bar = bars.find((b) => b.time <= NOW && NOW < b.time + M5)!;
    expect(Number(body.markPrice)).toBeGreaterThanOrEqual(bar.low);
    expect(Number(body.markPrice)).toBeLessThanOrEqual(bar.high);
    expect(body.lastFundingRate).toBe('0.00003527');
    expect((body.nextFundingTime as number) % (8 * 3_600_000)).toBe(0);
    expect(body.time).toBe(NOW);
    const all = await getJson<unknown[]>(rx.port, HOST, '/fapi/v1/premiumIndex');
    expect(all).toHaveLength(1);
  });

  it('exchangeInfo: carries rateLimits the client can budget with', async () => {
    const body = await getJson<{
      rateLimits: unknown[];
      symbols: Array<{ symbol: string }>;
      serverTime: number;
    }>(rx.port, HOST, '/fapi/v1/exchangeInfo');
    expect(body.rateLimits).toContainEqual({
      rateLimitType: 'REQUEST_WEIGHT',
      interval: 'MINUTE',
      intervalNum: 1,
      limit: 2400,
    });
    expect(body.symbols[0]!.symbol).toBe('BTCUSDT');
    expect(body.serverTime).toBe(NOW);
  });
});
