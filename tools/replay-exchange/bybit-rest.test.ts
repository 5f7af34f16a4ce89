import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ReplayExchange, startReplayExchange } from './index';
import { get, getJson, sampleBars } from './test-support';

const HOST = 'api.bybit.com';
const M5 = 300_000;
const H1 = 3_600_000;
const bars = sampleBars(12 * 24 * 3); // three days of 5m bars
const T0 = bars[0]!.time;
const NOW = T0 + 2 * 86_400_000 + 7 * 60_000; // 2 days and 7 minutes in

interface Envelope<T> {
  retCode: number;
  retMsg: string;
  result: T;
  retExtInfo: Record<string, never>;
  time: number;
}

let rx: ReplayExchange;
beforeAll(async () => {
  rx = await startReplayExchange({ bars, start: NOW, speed: 0 });
});
afterAll(() => rx.close());
beforeEach(() => {
  rx.clock.set(NOW);
  rx.faults.clear();
});

const v5 = <T>(q: string) => getJson<Envelope<T>>(rx.port, HOST, `/v5/market/${q}`);

describe('Bybit v5 envelope', () => {
  it('wraps results as {retCode:0, retMsg:"OK", result, retExtInfo:{}, time} with time = replay now', async () => {
    const body = await v5<unknown>('kline?category=linear&symbol=BTCUSDT&interval=5&limit=1');
    expect(Object.keys(body)).toEqual(['retCode', 'retMsg', 'result', 'retExtInfo', 'time']);
    expect(body).toMatchObject({ retCode: 0, retMsg: 'OK', retExtInfo: {}, time: NOW });
  });

  it('answers bad parameters with HTTP 200 and a non-zero retCode', async () => {
    for (const q of [
      'kline?category=linear&symbol=ETHUSDT&interval=5',
      'kline?category=linear&symbol=BTCUSDT&interval=7',
      'open-interest?symbol=BTCUSDT&intervalTime=5min',
      'account-ratio?category=linear&symbol=BTCUSDT&period=2h',
    ]) {
      const res = await get(rx.port, HOST, `/v5/market/${q}`);
      expect(res.status).toBe(200);
      const body = JSON.parse(res.body) as Envelope<unknown>;
      expect([q, body.retCode, body.result]).toEqual([q, 10001, {}]);
    }
  });
});

describe('GET /v5/market/kline', () => {
  type Row = [string, string, string, string, string, string, string];

  it('lists rows of 7 strings, newest first, the first being the candle in progress', async () => {
    const body = await v5<{ symbol: string; category: string; list: Row[] }>(
      'kline?category=linear&symbol=BTCUSDT&interval=1&limit=5',
    );
    expect(body.result.symbol).toBe('BTCUSDT');
    expect(body.result.category).toBe('linear');
    const starts = body.result.list.map((r) => Number(r[0]));
    expect(starts).toEqual([7, 6, 5, 4, 3].map((m) => T0 + 2 * 86_400_000 + m * 60_000));
    for (const r of body.result.list) {
      expect(r).toHaveLength(7);
      expect(r.every((v) => typeof v === 'string')).toBe(true);
    }
  });

  it('defaults to 200 rows, caps at 1000, and counts back from end within [start, end]', async () => {
    expect(
      (await v5<{ list: Row[] }>('kline?category=linear&symbol=BTCUSDT&interval=1')).result.list,
    ).toHaveLength(200);
    expect(
      (await v5<{ list: Row[] }>('kline?category=linear&symbol=BTCUSDT&interval=1&limit=5000')).result.list,
    ).toHaveLength(1000);
    const end = T0 + 86_400_000;
    const page = await v5<{ list: Row[] }>(
      `kline?category=linear&symbol=BTCUSDT&interval=60&start=${T0}&end=${end}&limit=3`,
    );
    expect(page.result.list.map((r) => Number(r[0]))).toEqual([end, end - H1, end - 2 * H1]);
  });
});

describe('GET /v5/market/open-interest', () => {
  type Page = {
    symbol: string;
    category: string;
    list: Array<{ openInterest: string; singleOpenInterest: string; timestamp: string }>;
    nextPageCursor: string;
  };

  it('lists base-unit open interest (both sides, and one side) as strings, newest first', async () => {
    const body = await v5<Page>('open-interest?category=linear&symbol=BTCUSDT&intervalTime=5min&limit=2');
    expect(Object.keys(body.result)).toEqual(['symbol', 'category', 'list', 'nextPageCursor']);
    const [newest, older] = body.result.list;
    expect(Number(newest!.timestamp)).toBe(Math.floor(NOW / M5) * M5);
    expect(Number(older!.timestamp)).toBe(Number(newest!.timestamp) - M5);
    const bar = bars.find((b) => b.time + M5 === Number(newest!.timestamp))!;
    expect(Number(newest!.singleOpenInterest)).toBeCloseTo(bar.oiUsd! / bar.close, 3);
    expect(Number(newest!.openInterest)).toBeCloseTo((2 * bar.oiUsd!) / bar.close, 6);
    expect(newest!.openInterest).toMatch(/^\d+\.\d{8}$/);
  });

  it('pages with nextPageCursor through the whole window without gaps or repeats, "" on the last page', async () => {
    const start = T0 + 86_400_000;
    const end = start + 10 * H1;
    let cursor = '';
    const seen: number[] = [];
    for (let page = 0; page < 10; page++) {
      const body = await v5<Page>(
        `open-interest?category=linear&symbol=BTCUSDT&intervalTime=1h&startTime=${start}&endTime=${end}&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...body.result.list.map((r) => Number(r.timestamp)));
      cursor = body.result.nextPageCursor;
      if (cursor === '') break;
    }
    expect(cursor).toBe('');
    expect(seen).toEqual(Array.from({ length: 11 }, (_, k) => end - k * H1));
  });

  it('ignores a lone startTime and walks back from now, as the live endpoint does', async () => {
    const body = await v5<Page>(
      `open-interest?category=linear&symbol=BTCUSDT&intervalTime=1h&startTime=${T0}&limit=1`,
    );
    expect(Number(body.result.list[0]!.timestamp)).toBe(Math.floor(NOW / H1) * H1);
  });
});

describe('GET /v5/market/account-ratio, risk-limit, tickers', () => {
  it('account-ratio: neutral 0.5/0.5, flagged synthetic', async () => {
    const res = await get(
      rx.port,
      HOST,
      '/v5/market/account-ratio?category=linear&symbol=BTCUSDT&period=1h&limit=2',
    );
    expect(res.headers['x-replay-synthetic']).toBe('account-ratio');
    const body = JSON.parse(res.body) as Envelope<{ list: unknown[]; nextPageCursor: string }>;
    expect(body.result.list).toEqual([
      {
        symbol: 'BTCUSDT',
        buyRatio: '0.5000',
        sellRatio: '0.5000',
        timestamp: String(Math.floor(NOW / H1) * H1),
      },
      {
        symbol: 'BTCUSDT',
        buyRatio: '0.5000',
        sellRatio: '0.5000',
        timestamp: String(Math.floor(NOW / H1) * H1 - H1),
      },
    ]);
    expect(body.result.nextPageCursor).not.toBe('');
  });

  it('risk-limit: a dated static ladder whose deductions keep maintenance margin continuous', async () => {
    const body = await v5<{ category: string; list: Array<Record<string, unknown>> }>(
      'risk-limit?category=linear&symbol=BTCUSDT',
    );
    const rows = body.result.list;
    expect(rows[0]).toEqual({
      id: 1,
      symbol: 'BTCUSDT',
      riskLimitValue: '2000000',
      maintenanceMargin: '0.005',
      initialMargin: '0.01',
      isLowestRisk: 1,
      maxLeverage: '100.00',
      mmDeduction: '',
    });
    for (let i = 1; i < rows.length; i++) {
      const cap = Number(rows[i - 1]!.riskLimitValue);
      const mmBelow = cap * Number(rows[i - 1]!.maintenanceMargin) - Number(rows[i - 1]!.mmDeduction || 0);
      const mmAbove = cap * Number(rows[i]!.maintenanceMargin) - Number(rows[i]!.mmDeduction);
      expect(mmAbove).toBeCloseTo(mmBelow, 6);
    }
  });

  it('instruments-info: the symbol’s specification as Bybit sends it, its price step 0.10 for BTCUSDT', async () => {
    const body = await v5<{ category: string; list: Array<Record<string, unknown>>; nextPageCursor: string }>(
      'instruments-info?category=linear&symbol=BTCUSDT',
    );
    expect(body.result.category).toBe('linear');
    expect(body.result.list).toHaveLength(1);
    expect(body.result.list[0]).toMatchObject({
      symbol: 'BTCUSDT',
      contractType: 'LinearPerpetual',
      status: 'Trading',
      priceScale: '2',
      priceFilter: { minPrice: '0.10', maxPrice: '1999999.80', tickSize: '0.10' },
      fundingInterval: 480,
    });
  });

  it('tickers: one linear row with prices as strings, following replay now', async () => {
    const body = await v5<{ category: string; list: Array<Record<string, string>> }>(
      'tickers?category=linear&symbol=BTCUSDT',
    );
    const [t] = body.result.list;
    const bar = bars.find((b) => b.time <= NOW && NOW < b.time + M5)!;
    expect(Number(t!.markPrice)).toBeGreaterThanOrEqual(bar.low);
    expect(Number(t!.markPrice)).toBeLessThanOrEqual(bar.high);
    expect(t!.fundingRate).toBe('0.00003527');
    expect(Number(t!.nextFundingTime) % (8 * H1)).toBe(0);
    expect(Object.values(t!).every((v) => typeof v === 'string')).toBe(true);
  });
});
