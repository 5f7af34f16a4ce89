import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ExchangeResult } from '../../core/exchanges/errors';
import { okx } from '../../core/exchanges/okx';
import type { RequestSpec } from '../../core/exchanges/request';
import { type ReplayExchange, startReplayExchange } from './index';
import { ASSUMED_TAKER_TURNOVER_PER_MINUTE } from './market';
import { get, getJson, sampleBars } from './test-support';

const HOST = 'www.okx.com';
const M5 = 300_000;
const H1 = 3_600_000;
const bars = sampleBars(12 * 24 * 8); // eight days of 5m bars
const T0 = bars[0]!.time;
const NOW = T0 + 7 * 86_400_000 + 7 * 60_000; // seven days and 7 minutes in
const byTime = new Map(bars.map((b) => [b.time, b]));
const LIQ_TIMES = [NOW - 3 * 60_000, NOW - 2 * 60_000, NOW - 60_000, NOW + 60_000];

const dir = mkdtempSync(join(tmpdir(), 'replay-okx-'));
const liqFile = join(dir, 'liq.csv');
writeFileSync(
  liqFile,
  [
    'time,exchange,side,price,notional_usd',
    `${LIQ_TIMES[0]},okx,long,77012.4,19253.1`, // 0.25 BTC
    `${LIQ_TIMES[1]},okx,short,77140.1,92876.68`, // 1.204 BTC
    `${LIQ_TIMES[2]},okx,long,77001,38500.5`, // 0.5 BTC
    `${LIQ_TIMES[3]},okx,long,76990,153980`, // 2 BTC, after replay now: not yet happened
    `${NOW - 90_000},binance,long,77010,231030`, // another exchange's
  ].join('\n'),
);

interface Envelope<T> {
  code: string;
  msg: string;
  data: T;
}

let rx: ReplayExchange;
beforeAll(async () => {
  rx = await startReplayExchange({ bars, start: NOW, speed: 0, liquidationsPath: liqFile });
});
afterAll(async () => {
  await rx.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  rx.clock.set(NOW);
  rx.faults.clear();
});

const v5 = <T>(q: string) => getJson<Envelope<T>>(rx.port, HOST, `/api/v5/${q}`);
const strings = (row: unknown[]) => row.every((v) => typeof v === 'string');
const times = (rows: string[][]) => rows.map((r) => Number(r[0]));
const newestFirst = (ts: number[]) => ts.every((t, i) => i === 0 || t < ts[i - 1]!);

describe('OKX v5 envelope and errors', () => {
  it('wraps data as {code:"0", msg:"", data}', async () => {
    const body = await v5<unknown>('public/time');
    expect(Object.keys(body)).toEqual(['code', 'msg', 'data']);
    expect(body).toEqual({ code: '0', msg: '', data: [{ ts: String(NOW) }] });
  });

  it.each([
    ['market/candles?instId=ETH-USDT-SWAP', 200, '51001'],
    ['market/candles?bar=5m', 400, '50014'],
    ['market/candles?instId=BTC-USDT-SWAP&bar=7m', 400, '51000'],
    ['market/candles?instId=BTC-USDT-SWAP&after=yesterday', 400, '51000'],
    ['rubik/stat/contracts/open-interest-history?instId=BTC-USDT-SWAP&period=1m', 400, '51000'],
    ['rubik/stat/taker-volume-contract?instId=BTC-USDT-SWAP&unit=2', 400, '51000'],
    ['public/open-interest?instId=BTC-USDT-SWAP', 400, '50014'],
    ['public/position-tiers?instType=SWAP&tdMode=isolated', 400, '50015'],
    ['public/liquidation-orders?instType=SWAP', 400, '50015'],
  ])('answers %s with HTTP %i and OKX code %s, data []', async (q, status, code) => {
    const res = await get(rx.port, HOST, `/api/v5/${q}`);
    expect(res.status).toBe(status);
    const body = JSON.parse(res.body) as Envelope<unknown[]>;
    expect(body.code).toBe(code);
    expect(body.msg).not.toBe('');
    expect(body.data).toEqual([]);
  });
});

describe('GET /api/v5/market/candles', () => {
  type Row = [string, string, string, string, string, string, string, string, string];

  it('sends rows of 9 strings, newest first, the first the candle in progress (confirm "0")', async () => {
    const { data } = await v5<Row[]>('market/candles?instId=BTC-USDT-SWAP&bar=5m&limit=4');
    expect(data).toHaveLength(4);
    for (const row of data) expect([row.length, strings(row)]).toEqual([9, true]);
    const current = Math.floor(NOW / M5) * M5;
    expect(times(data)).toEqual([current, current - M5, current - 2 * M5, current - 3 * M5]);
    expect(data.map((r) => r[8])).toEqual(['0', '1', '1', '1']);
    // Closed bars are the recording's own, prices as OKX writes them (no trailing zeros).
    const closed = data[1]!;
    const bar = byTime.get(Number(closed[0]))!;
    expect(closed.slice(1, 5).map(Number)).toEqual([bar.open, bar.high, bar.low, bar.close]);
    expect(closed.slice(1, 5).every((p) => !/\.\d*0$/.test(p))).toBe(true);
  });

  it('marks its zero volumes as synthetic: vol (contracts), volCcy (base) and volCcyQuote are "0"', async () => {
    const res = await get(rx.port, HOST, '/api/v5/market/candles?instId=BTC-USDT-SWAP&bar=1H&limit=2');
    expect(res.headers['x-replay-synthetic']).toBe('volume-zero');
    const { data } = JSON.parse(res.body) as Envelope<Row[]>;
    for (const row of data) expect(row.slice(5, 8)).toEqual(['0', '0', '0']);
  });

  it('pages the OKX way: after = older than, before = newer than (both exclusive), limit from the newest', async () => {
    const t = Math.floor(NOW / M5) * M5 - 20 * M5;
    const page = async (q: string) =>
      times((await v5<Row[]>(`market/candles?instId=BTC-USDT-SWAP&bar=5m&${q}`)).data);
    expect(await page(`after=${t}&limit=3`)).toEqual([t - M5, t - 2 * M5, t - 3 * M5]);
    expect(await page(`after=${t + 1}&before=${t - 2 * M5 - 1}`)).toEqual([t, t - M5, t - 2 * M5]);
    expect(await page(`after=${t}&before=${t - 3 * M5}`)).toEqual([t - M5, t - 2 * M5]);
    // `before` alone: the newest rows, as the docs say.
    const latest = await page(`before=${t}&limit=2`);
    expect(latest).toEqual([Math.floor(NOW / M5) * M5, Math.floor(NOW / M5) * M5 - M5]);
    expect(await page('limit=300')).toHaveLength(300);
    expect(await page('limit=1000')).toHaveLength(300);
    expect(await page('')).toHaveLength(100);
  });

  it('keeps only the latest 1,440 bars; /history-candles serves older ones, completed bars only', async () => {
    const current = Math.floor(NOW / M5) * M5;
    const edge = current - 1439 * M5;
    const recent = times(
      (await v5<Row[]>(`market/candles?instId=BTC-USDT-SWAP&bar=5m&after=${edge + 1}`)).data,
    );
    expect(recent).toEqual([edge]);
    const old = await v5<Row[]>(`market/history-candles?instId=BTC-USDT-SWAP&bar=5m&after=${edge}&limit=2`);
    expect(times(old.data)).toEqual([edge - M5, edge - 2 * M5]);
    expect(old.data.map((r) => r[8])).toEqual(['1', '1']);
    const newest = await v5<Row[]>('market/history-candles?instId=BTC-USDT-SWAP&bar=5m&limit=1');
    expect(times(newest.data)).toEqual([current - M5]);
  });
});

describe('GET /api/v5/rubik/stat/contracts/open-interest-history', () => {
  type Row = [string, string, string, string];

  it('sends [ts, oi (contracts), oiCcy (base), oiUsd] strings, newest first, a snapshot at each bar close', async () => {
    const { data } = await v5<Row[]>(
      'rubik/stat/contracts/open-interest-history?instId=BTC-USDT-SWAP&period=5m&limit=5',
    );
    expect(data).toHaveLength(5);
    expect(newestFirst(times(data))).toBe(true);
    expect(Number(data[0]![0])).toBe(Math.floor(NOW / M5) * M5); // the last close by now
    for (const row of data) {
      expect([row.length, strings(row)]).toEqual([4, true]);
      const bar = byTime.get(Number(row[0]) - M5)!;
      const [, oi, oiCcy, oiUsd] = row.map(Number) as [number, number, number, number];
      expect(oiUsd).toBeCloseTo(bar.oiUsd!, 3);
      expect(oiCcy).toBeCloseTo(bar.oiUsd! / bar.close, 6);
      expect(oi).toBeCloseTo(oiCcy / 0.01, 3); // BTC-USDT-SWAP: ctVal 0.01 BTC
    }
  });

  it('pages with begin/end (exclusive) and limit ≤ 100, and keeps about the latest 1,440 periods', async () => {
    const close = Math.floor(NOW / H1) * H1 - 5 * H1;
    const q = 'rubik/stat/contracts/open-interest-history?instId=BTC-USDT-SWAP&period=1H';
    const page = await v5<Row[]>(`${q}&begin=${close - 3 * H1}&end=${close}`);
    expect(times(page.data)).toEqual([close - H1, close - 2 * H1]);
    expect((await v5<Row[]>(`${q.replace('1H', '5m')}&limit=500`)).data).toHaveLength(100);
    const all: number[] = [];
    let end: number | undefined;
    for (;;) {
      const rows = (await v5<Row[]>(`${q.replace('1H', '5m')}${end ? `&end=${end}` : ''}`)).data;
      if (rows.length === 0) break;
      all.push(...times(rows));
      end = Number(rows.at(-1)![0]);
    }
    expect(all.length).toBeGreaterThanOrEqual(1440);
    expect(all.length).toBeLessThanOrEqual(1441);
  });
});

describe('GET /api/v5/rubik/stat/taker-volume-contract', () => {
  type Row = [string, string, string];

  it('sends [ts, sellVol, buyVol] in base with unit=0: buy − sell is the recorded delta, marked synthetic', async () => {
    const res = await get(
      rx.port,
      HOST,
      '/api/v5/rubik/stat/taker-volume-contract?instId=BTC-USDT-SWAP&period=5m&unit=0&limit=8',
    );
    expect(res.headers['x-replay-synthetic']).toBe('taker-volume-baseline');
    const { data } = JSON.parse(res.body) as Envelope<Row[]>;
    expect(data.length).toBeGreaterThan(0);
    expect(newestFirst(times(data))).toBe(true);
    for (const row of data) {
      expect([row.length, strings(row)]).toEqual([3, true]);
      const bar = byTime.get(Number(row[0]))!; // stamped with the period's start
      const [, sell, buy] = row.map(Number) as [number, number, number];
      expect(buy - sell).toBeCloseTo(bar.takerDeltaBase!, 3);
      const baseline = ((ASSUMED_TAKER_TURNOVER_PER_MINUTE * bar.oiUsd!) / bar.close) * 5;
      expect(Math.min(buy, sell)).toBeCloseTo(baseline / 2, 3);
    }
    // Bars without taker_delta_base are left out, not filled in.
    for (const row of data) expect(byTime.get(Number(row[0]))!.takerDeltaBase).toBeDefined();
  });

  it('counts contracts by default (unit 1), as OKX does', async () => {
    const q = 'rubik/stat/taker-volume-contract?instId=BTC-USDT-SWAP&period=5m&limit=3';
    const coins = (await v5<Row[]>(`${q}&unit=0`)).data;
    const contracts = (await v5<Row[]>(q)).data;
    expect(times(contracts)).toEqual(times(coins));
    for (const [i, row] of contracts.entries())
      expect(Number(row[2])).toBeCloseTo(Number(coins[i]![2]) / 0.01, 0);
  });
});

describe('GET /api/v5/rubik/stat/contracts/long-short-account-ratio-contract', () => {
  it('sends a neutral ratio "1" at each period close, newest first, marked synthetic', async () => {
    const res = await get(
      rx.port,
      HOST,
      '/api/v5/rubik/stat/contracts/long-short-account-ratio-contract?instId=BTC-USDT-SWAP&period=1H&limit=3',
    );
    expect(res.headers['x-replay-synthetic']).toBe('account-ratio');
    const { data } = JSON.parse(res.body) as Envelope<[string, string][]>;
    const last = Math.floor(NOW / H1) * H1;
    expect(data).toEqual([last, last - H1, last - 2 * H1].map((t) => [String(t), '1']));
  });
});

describe('GET /api/v5/public/open-interest and /mark-price', () => {
  it('sends the latest snapshot for the swap: oi in contracts, oiCcy in base, oiUsd, ts now', async () => {
    const { data } = await v5<Record<string, string>[]>(
      'public/open-interest?instType=SWAP&instId=BTC-USDT-SWAP',
    );
    const lastClosed = byTime.get(Math.floor(NOW / M5) * M5 - M5)!;
    expect(Object.keys(data[0]!)).toEqual(['instType', 'instId', 'oi', 'oiCcy', 'oiUsd', 'ts']);
    expect(Object.values(data[0]!).every((v) => typeof v === 'string')).toBe(true);
    expect(data[0]).toMatchObject({ instType: 'SWAP', instId: 'BTC-USDT-SWAP', ts: String(NOW) });
    expect(Number(data[0]!.oiUsd)).toBeCloseTo(lastClosed.oiUsd!, 3);
    expect(Number(data[0]!.oi)).toBeCloseTo(Number(data[0]!.oiCcy) / 0.01, 3);
    // Filters that select no listed market give an empty list, as for any empty result.
    expect((await v5<unknown[]>('public/open-interest?instType=FUTURES')).data).toEqual([]);
    expect((await v5<unknown[]>('public/open-interest?instType=SWAP&instFamily=ETH-USDT')).data).toEqual([]);
  });

  it('sends the mark price inside the current bar’s range, as a string', async () => {
    const { data } = await v5<Record<string, string>[]>(
      'public/mark-price?instType=SWAP&instId=BTC-USDT-SWAP',
    );
    expect(Object.keys(data[0]!)).toEqual(['instType', 'instId', 'markPx', 'ts']);
    const bar = byTime.get(Math.floor(NOW / M5) * M5)!;
    const px = Number(data[0]!.markPx);
    expect(px).toBeGreaterThanOrEqual(bar.low);
    expect(px).toBeLessThanOrEqual(bar.high);
    expect(data[0]!.ts).toBe(String(NOW));
  });
});

describe('GET /api/v5/public/position-tiers', () => {
  it('sends a static, dated ladder in contracts, marked synthetic, for the instrument family', async () => {
    const res = await get(
      rx.port,
      HOST,
      '/api/v5/public/position-tiers?instType=SWAP&tdMode=isolated&instFamily=BTC-USDT',
    );
    expect(res.headers['x-replay-synthetic']).toBe('static-position-tiers');
    const { data } = JSON.parse(res.body) as Envelope<Record<string, string>[]>;
    expect(data).toHaveLength(10);
    for (const [i, t] of data.entries()) {
      expect(Object.values(t).every((v) => typeof v === 'string')).toBe(true);
      expect(t).toMatchObject({ tier: String(i + 1), instFamily: 'BTC-USDT', uly: 'BTC-USDT' });
      expect(Number(t.mmr)).toBeLessThan(Number(t.imr));
      if (i > 0) expect(t.minSz).toBe(data[i - 1]!.maxSz);
    }
  });
});

describe('GET /api/v5/public/liquidation-orders', () => {
  type Group = { details: Record<string, string>[]; instId: string; instFamily: string };
  const Q = 'public/liquidation-orders?instType=SWAP&instFamily=BTC-USDT&state=filled';

  it('sends only the file’s OKX events that happened by now, newest first, sz in contracts', async () => {
    const { data } = await v5<Group[]>(Q);
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ instId: 'BTC-USDT-SWAP', instFamily: 'BTC-USDT' });
    expect(data[0]!.details).toEqual([
      {
        bkLoss: '0',
        bkPx: '77001',
        ccy: '',
        posSide: 'long',
        side: 'sell',
        sz: '50',
        ts: String(LIQ_TIMES[2]),
      },
      {
        bkLoss: '0',
        bkPx: '77140.1',
        ccy: '',
        posSide: 'short',
        side: 'buy',
        sz: '120.4',
        ts: String(LIQ_TIMES[1]),
      },
      {
        bkLoss: '0',
        bkPx: '77012.4',
        ccy: '',
        posSide: 'long',
        side: 'sell',
        sz: '25',
        ts: String(LIQ_TIMES[0]),
      },
    ]);
  });

  it('pages by the details’ ts with after/before/limit', async () => {
    const ts = async (q: string) =>
      (await v5<Group[]>(`${Q}&${q}`)).data.flatMap((g) => g.details.map((d) => Number(d.ts)));
    expect(await ts('limit=1')).toEqual([LIQ_TIMES[2]]);
    expect(await ts(`after=${LIQ_TIMES[2]}`)).toEqual([LIQ_TIMES[1], LIQ_TIMES[0]]);
    expect(await ts(`before=${LIQ_TIMES[0]}`)).toEqual([LIQ_TIMES[2], LIQ_TIMES[1]]);
    expect(await ts(`after=${LIQ_TIMES[0]}`)).toEqual([]);
  });

  it('invents none: without a liquidations file the list is empty', async () => {
    const bare = await startReplayExchange({ bars, start: NOW, speed: 0 });
    try {
      expect(await getJson(bare.port, HOST, `/api/v5/${Q}`)).toEqual({ code: '0', msg: '', data: [] });
    } finally {
      await bare.close();
    }
  });
});

describe('faults on OKX paths', () => {
  it('status 429 answers OKX’s 50011 with Retry-After, then recovers', async () => {
    rx.faults.add({ match: '/api/v5/market/candles', kind: 'status', status: 429, times: 1 });
    const q = '/api/v5/market/candles?instId=BTC-USDT-SWAP&bar=5m&limit=1';
    const limited = await get(rx.port, HOST, q);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(JSON.parse(limited.body)).toEqual({ code: '50011', msg: 'Too Many Requests', data: [] });
    expect((await get(rx.port, HOST, q)).status).toBe(200);
  });

  it('malformed, truncated and html faults reach OKX paths; the adapter reads each as a typed error', async () => {
    const path = '/api/v5/rubik/stat/contracts/open-interest-history';
    const q = `${path}?instId=BTC-USDT-SWAP&period=5m&limit=3`;
    for (const kind of ['malformed', 'truncated', 'html'] as const) {
      rx.faults.add({ match: path, kind, times: 1 });
      const res = await get(rx.port, HOST, q);
      const parsed = okx.parseOpenInterestHistory('BTCUSDT', res.body);
      expect([kind, parsed.ok]).toEqual([kind, false]);
    }
    expect(okx.parseOpenInterestHistory('BTCUSDT', (await get(rx.port, HOST, q)).body).ok).toBe(true);
  });
});

/** Every number anywhere in a value is finite. */
function allFinite(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(allFinite);
  if (v !== null && typeof v === 'object') return Object.values(v).every(allFinite);
  return true;
}

describe('round trip through the OKX adapter', () => {
  const range = { startTime: NOW - 6 * H1, endTime: NOW };
  const fetchBody = async (spec: RequestSpec) => {
    const url = new URL(spec.url);
    expect(url.host).toBe(HOST);
    const res = await get(rx.port, url.host, `${url.pathname}${url.search}`);
    expect([spec.endpoint, res.status]).toEqual([spec.endpoint, 200]);
    return res.body;
  };
  async function series<T>(specs: RequestSpec[], parse: (body: string) => ExchangeResult<T[]>): Promise<T[]> {
    expect(specs.length).toBeGreaterThan(0);
    const out: T[] = [];
    for (const spec of specs) {
      const r = parse(await fetchBody(spec));
      if (!r.ok) throw new Error(`${spec.url}: ${JSON.stringify(r.error)}`);
      out.push(...r.value);
    }
    return out;
  }

  it('parses every answer to the adapter’s own requests into finite values', async () => {
    const candles = await series(okx.candleRequests('BTCUSDT', '5m', range), (b) =>
      okx.parseCandles('BTCUSDT', b),
    );
    expect(candles.length).toBe(72); // six hours of 5m bars, the one in progress included
    const oi = await series(okx.openInterestHistoryRequests('BTCUSDT', '5m', range), (b) =>
      okx.parseOpenInterestHistory('BTCUSDT', b),
    );
    expect(oi.length).toBe(72);
    const flow = await series(okx.takerFlowRequests!('BTCUSDT', '5m', range), (b) =>
      okx.parseTakerFlow!('BTCUSDT', b),
    );
    expect(flow.length).toBeGreaterThan(40);
    const ratios = await series(okx.longShortRatioRequests('BTCUSDT', '1h', range), (b) =>
      okx.parseLongShortRatio('BTCUSDT', b),
    );
    expect(ratios.every((r) => r.longShare === 0.5)).toBe(true);
    const liqs = await series(okx.liquidationRequests!('BTCUSDT', range), (b) =>
      okx.parseLiquidations!('BTCUSDT', b),
    );
    expect(liqs.map((l) => l.side)).toEqual(['long', 'short', 'long']);
    for (const [i, qty] of [0.25, 1.204, 0.5].entries()) expect(liqs[i]!.quantityBase).toBeCloseTo(qty, 9);
    const one = async <T>(spec: RequestSpec, parse: (b: string) => ExchangeResult<T>) => {
      const r = parse(await fetchBody(spec));
      if (!r.ok) throw new Error(`${spec.url}: ${JSON.stringify(r.error)}`);
      return r.value;
    };
    const clock = await one(okx.serverTimeRequest!(), (b) => okx.parseServerTime!(b));
    expect(clock).toBe(NOW);
    for (const v of [candles, oi, flow, ratios, liqs, clock]) expect(allFinite(v)).toBe(true);
  });
});
