import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ExchangeAdapter } from './adapter';
import { RequestBudget } from './budget';
import { bybit } from './bybit';
import { fixture as bybitFixture } from './bybit/fixtures/read';
import { createMarketDataClient } from './client';
import { fail, ok } from './errors';
import { createTransport, type Fetch, type Sleep } from './http';
import { decimal, impossible, nonNegativeDecimal, parseWith, timestampMs } from './parse';
import { buildUrl, type RateLimitPool, type RequestSpec } from './request';
import { type Candle, INTERVAL_MS, type Interval, type TimeRange } from './types';

/*
 * A test-only adapter speaking Binance USDⓈ-M's public REST shapes, small enough to read here and
 * independent of the real adapters (core/exchanges/binance etc.). Pages are deliberately tiny so
 * a few candles need several requests.
 */

const ORIGIN = 'https://fapi.binance.com';
const PAGE = 3; // items per request, so paging shows up in small tests
const T0 = Date.UTC(2025, 10, 26, 9, 0, 0);
const MIN = 60_000;

const pools: RateLimitPool[] = [
  { exchange: 'binance', pool: 'weight', capacity: 2400, windowMs: 60_000, source: 'Binance exchangeInfo' },
  { exchange: 'bybit', pool: 'ip', capacity: 600, windowMs: 5_000, source: 'Bybit v5 rate limit' },
];

function pagedRequests(
  path: string,
  interval: Interval,
  range: TimeRange,
  query: Record<string, string>,
): RequestSpec[] {
  const step = INTERVAL_MS[interval] * PAGE;
  const specs: RequestSpec[] = [];
  for (let start = range.startTime; start <= range.endTime; start += step) {
    const end = Math.min(start + step - 1, range.endTime);
    const url = buildUrl(ORIGIN, path, { ...query, startTime: start, endTime: end, limit: PAGE });
    specs.push({ exchange: 'binance', endpoint: path, url, pool: 'weight', weight: 1 });
  }
  return specs;
}

// GET /fapi/v1/klines (developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Kline-Candlestick-Data)
// [[1764147600000,"87012.40","87050.00","86990.10","87031.70","152.431",1764147659999,"13264857.29716",3123,"80.112","6971456.00982","0"]]
const klineRow = z.tuple(
  [
    timestampMs,
    nonNegativeDecimal,
    nonNegativeDecimal,
    nonNegativeDecimal,
    nonNegativeDecimal,
    nonNegativeDecimal,
  ],
  z.unknown(),
);
const klineRows = z.array(klineRow);

// GET /futures/data/openInterestHist
// [{"symbol":"BTCUSDT","sumOpenInterest":"84532.12300000","sumOpenInterestValue":"7356912345.67000000","timestamp":1764147600000}]
const oiHist = z.array(
  z.object({
    sumOpenInterest: nonNegativeDecimal,
    sumOpenInterestValue: nonNegativeDecimal,
    timestamp: timestampMs,
  }),
);

// GET /futures/data/takerlongshortRatio
// [{"buySellRatio":"1.0512","buyVol":"1032.1880","sellVol":"981.8950","timestamp":1764147600000}]
const takerRows = z.array(
  z.object({ buyVol: nonNegativeDecimal, sellVol: nonNegativeDecimal, timestamp: timestampMs }),
);

// GET /futures/data/globalLongShortAccountRatio
// [{"symbol":"BTCUSDT","longShortRatio":"1.8348","longAccount":"0.6472","shortAccount":"0.3528","timestamp":1764147600000}]
const lsRows = z.array(z.object({ longAccount: decimal, shortAccount: decimal, timestamp: timestampMs }));

const binanceLike: ExchangeAdapter = {
  id: 'binance',
  rateLimits: pools.filter((p) => p.exchange === 'binance'),
  candleRequests: (symbol, interval, range) =>
    pagedRequests('/fapi/v1/klines', interval, range, { symbol, interval }),
  parseCandles(symbol, body) {
    const rows = parseWith('binance', '/fapi/v1/klines', klineRows, body);
    if (!rows.ok) return rows;
    const candles: Candle[] = [];
    for (const [i, [openTime, open, high, low, close, volumeBase]] of rows.value.entries()) {
      if (low > high) return fail(impossible('binance', '/fapi/v1/klines', `[${i}]`, 'low above high'));
      candles.push({ exchange: 'binance', symbol, openTime, open, high, low, close, volumeBase });
    }
    return ok(candles);
  },
  openInterestHistoryRequests: (symbol, interval, range) =>
    pagedRequests('/futures/data/openInterestHist', interval, range, { symbol, period: interval }),
  parseOpenInterestHistory(symbol, body) {
    const rows = parseWith('binance', '/futures/data/openInterestHist', oiHist, body);
    if (!rows.ok) return rows;
    return ok(
      rows.value.map((r) => ({
        exchange: 'binance' as const,
        symbol,
        time: r.timestamp,
        openInterestBase: r.sumOpenInterest,
        openInterestUsd: r.sumOpenInterestValue,
      })),
    );
  },
  takerFlowRequests: (symbol, interval, range) =>
    pagedRequests('/futures/data/takerlongshortRatio', interval, range, { symbol, period: interval }),
  parseTakerFlow(symbol, body) {
    const rows = parseWith('binance', '/futures/data/takerlongshortRatio', takerRows, body);
    if (!rows.ok) return rows;
    return ok(
      rows.value.map((r) => ({
        exchange: 'binance' as const,
        symbol,
        time: r.timestamp,
        buyVolumeBase: r.buyVol,
        sellVolumeBase: r.sellVol,
      })),
    );
  },
  // Newest page first, as cursor-paged exchanges (Bybit, OKX) hand them out.
  longShortRatioRequests: (symbol, interval, range) =>
    pagedRequests('/futures/data/globalLongShortAccountRatio', interval, range, {
      symbol,
      period: interval,
    }).reverse(),
  parseLongShortRatio(symbol, body) {
    const rows = parseWith('binance', '/futures/data/globalLongShortAccountRatio', lsRows, body);
    if (!rows.ok) return rows;
    return ok(
      rows.value.map((r) => ({
        exchange: 'binance' as const,
        symbol,
        time: r.timestamp,
        longShare: r.longAccount,
        shortShare: r.shortAccount,
      })),
    );
  },
};

/** Bybit publishes no taker flow: an adapter without it. */
const bybitLike: ExchangeAdapter = {
  ...binanceLike,
  id: 'bybit',
  rateLimits: pools.filter((p) => p.exchange === 'bybit'),
  takerFlowRequests: undefined,
  parseTakerFlow: undefined,
};

const kline = (openTime: number, close: string) => [
  openTime,
  '87000.00',
  '87100.00',
  '86900.00',
  close,
  '120.500',
  openTime + MIN - 1,
  '10483500.00000',
  2500,
  '60.250',
  '5241750.00000',
  '0',
];

/** The network edge: answers by URL; anything unexpected is a Binance-style 404 so mistakes show. */
function network(routes: Record<string, () => Response>) {
  const asked: string[] = [];
  const fetch: Fetch = async (url) => {
    asked.push(url);
    const route = routes[url];
    return route ? route() : new Response('{"code":-1,"msg":"no route in test"}', { status: 404 });
  };
  return { fetch, asked };
}

function clientFor(adapter: ExchangeAdapter, routes: Record<string, () => Response>) {
  let now = T0;
  // Budget waits advance a fake clock at once.
  const sleep: Sleep = (ms) => {
    now += ms;
    return Promise.resolve();
  };
  const net = network(routes);
  const transport = createTransport({
    fetch: net.fetch,
    budget: new RequestBudget(pools, { now: () => now }),
    now: () => now,
    sleep,
    random: () => 0,
  });
  return { client: createMarketDataClient({ adapter, transport }), asked: net.asked };
}

const body = (value: unknown) => () => new Response(JSON.stringify(value), { status: 200 });
const range6m: TimeRange = { startTime: T0, endTime: T0 + 6 * MIN - 1 }; // six 1m candles, two pages
const [page1, page2] = binanceLike.candleRequests('BTCUSDT', '1m', range6m).map((s) => s.url);

describe('MarketDataClient', () => {
  it('pages are planned as expected by the test adapter', () => {
    expect(binanceLike.candleRequests('BTCUSDT', '1m', range6m)).toHaveLength(2);
    expect(page1).toContain(`startTime=${T0}`);
  });

  describe('candles', () => {
    it('fetches every page in order and merges them oldest first', async () => {
      const { client, asked } = clientFor(binanceLike, {
        [page1!]: body([kline(T0, '87010.00'), kline(T0 + MIN, '87020.00'), kline(T0 + 2 * MIN, '87030.00')]),
        [page2!]: body([
          kline(T0 + 3 * MIN, '87040.00'),
          kline(T0 + 4 * MIN, '87050.00'),
          kline(T0 + 5 * MIN, '87060.00'),
        ]),
      });
      const res = await client.candles('BTCUSDT', '1m', range6m);
      expect(asked).toEqual([page1, page2]);
      if (!res.ok) throw new Error(res.error.message);
      expect(res.value.map((c) => c.openTime)).toEqual([0, 1, 2, 3, 4, 5].map((i) => T0 + i * MIN));
      expect(res.value.map((c) => c.close)).toEqual([87010, 87020, 87030, 87040, 87050, 87060]);
      expect(res.value[0]).toEqual({
        exchange: 'binance',
        symbol: 'BTCUSDT',
        openTime: T0,
        open: 87000,
        high: 87100,
        low: 86900,
        close: 87010,
        volumeBase: 120.5,
      });
    });

    it('keeps one candle per open time where pages overlap, the later page’s copy', async () => {
      const { client } = clientFor(binanceLike, {
        [page1!]: body([kline(T0, '87010.00'), kline(T0 + MIN, '87020.00'), kline(T0 + 2 * MIN, '87030.00')]),
        // The edge candle again, now final: the fresher copy must win.
        [page2!]: body([kline(T0 + 2 * MIN, '87033.30'), kline(T0 + 3 * MIN, '87040.00')]),
      });
      const res = await client.candles('BTCUSDT', '1m', range6m);
      if (!res.ok) throw new Error(res.error.message);
      expect(res.value.map((c) => [c.openTime - T0, c.close])).toEqual([
        [0, 87010],
        [MIN, 87020],
        [2 * MIN, 87033.3],
        [3 * MIN, 87040],
      ]);
    });

    it('returns the first failing page’s error and nothing partial, and stops asking', async () => {
      const range9m = { startTime: T0, endTime: T0 + 9 * MIN - 1 };
      const urls = binanceLike.candleRequests('BTCUSDT', '1m', range9m).map((s) => s.url);
      expect(urls).toHaveLength(3);
      const { client, asked } = clientFor(binanceLike, {
        [urls[0]!]: body([kline(T0, '87010.00')]),
        [urls[1]!]: () => new Response('{"code":-1121,"msg":"Invalid symbol."}', { status: 400 }),
        [urls[2]!]: body([kline(T0 + 6 * MIN, '87070.00')]),
      });
      const res = await client.candles('BTCUSDT', '1m', range9m);
      expect(res).toEqual({
        ok: false,
        error: {
          kind: 'http',
          exchange: 'binance',
          endpoint: '/fapi/v1/klines',
          status: 400,
          message: 'Invalid symbol. (code -1121) (page 2 of 3)',
        },
      });
      expect(asked).toEqual(urls.slice(0, 2));
    });

    it('a malformed page is an error naming the field, not a candle with NaN', async () => {
      const bad = kline(T0 + 3 * MIN, 'abc');
      const { client } = clientFor(binanceLike, {
        [page1!]: body([kline(T0, '87010.00')]),
        [page2!]: body([bad]),
      });
      const res = await client.candles('BTCUSDT', '1m', range6m);
      expect(res).toMatchObject({ ok: false, error: { kind: 'malformed', field: '[0][4]' } });
    });

    it('an empty range asks nothing and returns nothing', async () => {
      const { client, asked } = clientFor(binanceLike, {});
      expect(await client.candles('BTCUSDT', '1m', { startTime: T0, endTime: T0 - 1 })).toEqual({
        ok: true,
        value: [],
      });
      expect(asked).toEqual([]);
    });
  });

  it('open interest history is merged like candles and keeps the USD value', async () => {
    const range = { startTime: T0, endTime: T0 + 30 * MIN - 1 };
    const [a, b] = binanceLike.openInterestHistoryRequests('BTCUSDT', '5m', range).map((s) => s.url);
    const point = (t: number, base: string, usd: string) => ({
      symbol: 'BTCUSDT',
      sumOpenInterest: base,
      sumOpenInterestValue: usd,
      timestamp: t,
    });
    const { client } = clientFor(binanceLike, {
      [a!]: body([
        point(T0, '84532.123', '7356912345.67'),
        point(T0 + 5 * MIN, '84540.000', '7357600000.00'),
      ]),
      [b!]: body([point(T0 + 15 * MIN, '84601.500', '7362000000.00')]),
    });
    const res = await client.openInterestHistory('BTCUSDT', '5m', range);
    if (!res.ok) throw new Error(res.error.message);
    expect(res.value).toEqual([
      {
        exchange: 'binance',
        symbol: 'BTCUSDT',
        time: T0,
        openInterestBase: 84532.123,
        openInterestUsd: 7356912345.67,
      },
      {
        exchange: 'binance',
        symbol: 'BTCUSDT',
        time: T0 + 5 * MIN,
        openInterestBase: 84540,
        openInterestUsd: 7357600000,
      },
      {
        exchange: 'binance',
        symbol: 'BTCUSDT',
        time: T0 + 15 * MIN,
        openInterestBase: 84601.5,
        openInterestUsd: 7362000000,
      },
    ]);
  });

  it('long/short ratio pages handed out newest first still come back oldest first', async () => {
    const range = { startTime: T0, endTime: T0 + 30 * MIN - 1 };
    const specs = binanceLike.longShortRatioRequests('BTCUSDT', '5m', range);
    const row = (t: number, long: string, short: string) => ({
      symbol: 'BTCUSDT',
      longShortRatio: (Number(long) / Number(short)).toFixed(4),
      longAccount: long,
      shortAccount: short,
      timestamp: t,
    });
    const { client, asked } = clientFor(binanceLike, {
      [specs[0]!.url]: body([row(T0 + 15 * MIN, '0.6500', '0.3500'), row(T0 + 20 * MIN, '0.6400', '0.3600')]),
      [specs[1]!.url]: body([row(T0, '0.6472', '0.3528'), row(T0 + 5 * MIN, '0.6480', '0.3520')]),
    });
    const res = await client.longShortRatio('BTCUSDT', '5m', range);
    expect(asked).toEqual(specs.map((s) => s.url));
    if (!res.ok) throw new Error(res.error.message);
    expect(res.value.map((r) => [(r.time - T0) / MIN, r.longShare])).toEqual([
      [0, 0.6472],
      [5, 0.648],
      [15, 0.65],
      [20, 0.64],
    ]);
  });

  describe('taker flow', () => {
    it('is fetched where the exchange publishes it', async () => {
      const range = { startTime: T0, endTime: T0 + 15 * MIN - 1 };
      const [url] = binanceLike.takerFlowRequests!('BTCUSDT', '5m', range).map((s) => s.url);
      const { client } = clientFor(binanceLike, {
        [url!]: body([{ buySellRatio: '1.0512', buyVol: '1032.1880', sellVol: '981.8950', timestamp: T0 }]),
      });
      expect(client.offers.takerFlow).toBe(true);
      expect(await client.takerFlow('BTCUSDT', '5m', range)).toEqual({
        ok: true,
        value: [
          {
            exchange: 'binance',
            symbol: 'BTCUSDT',
            time: T0,
            buyVolumeBase: 1032.188,
            sellVolumeBase: 981.895,
          },
        ],
      });
    });

    it('is "not offered" where the exchange has no such data, without a request', async () => {
      const { client, asked } = clientFor(bybitLike, {});
      expect(client.offers.takerFlow).toBe(false);
      expect(await client.takerFlow('BTCUSDT', '5m', range6m)).toEqual({
        ok: false,
        error: {
          kind: 'not-offered',
          exchange: 'bybit',
          what: 'taker buy/sell volume',
          message: 'bybit does not publish taker buy/sell volume',
        },
      });
      expect(asked).toEqual([]);
    });
  });

  describe('tick sizes', () => {
    it('fetches the symbol’s price step with the adapter’s request and parser', async () => {
      const adapter: ExchangeAdapter = {
        ...bybitLike,
        tickSizeRequest: bybit.tickSizeRequest,
        parseTickSize: bybit.parseTickSize,
      };
      const url = bybit.tickSizeRequest!('BTCUSDT').url;
      const { client, asked } = clientFor(adapter, {
        [url]: () => new Response(bybitFixture('instruments-info-btcusdt.json'), { status: 200 }),
      });
      expect(await client.tickSize('BTCUSDT')).toEqual({ ok: true, value: 0.1 });
      expect(asked).toEqual([url]);
    });

    it('a failed fetch is the error; an adapter without the endpoint says "not offered"', async () => {
      const adapter: ExchangeAdapter = {
        ...bybitLike,
        ...{ tickSizeRequest: bybit.tickSizeRequest, parseTickSize: bybit.parseTickSize },
      };
      const url = bybit.tickSizeRequest!('BTCUSDT').url;
      const failing = clientFor(adapter, { [url]: () => new Response('<html>502</html>', { status: 502 }) });
      expect(await failing.client.tickSize('BTCUSDT')).toMatchObject({
        ok: false,
        error: { kind: 'server', status: 502 },
      });
      const none = clientFor(bybitLike, {});
      expect(await none.client.tickSize('BTCUSDT')).toMatchObject({
        ok: false,
        error: { kind: 'not-offered' },
      });
      expect(none.asked).toEqual([]);
    });
  });
});
