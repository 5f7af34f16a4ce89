import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ExchangeError, ExchangeResult } from '../errors';
import {
  parseCandles,
  parseExchangeInfoRateLimits,
  parseExchangeInfoTickSize,
  parseLongShortRatio,
  parseOpenInterestHistory,
  parseTakerFlow,
} from './mapper';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function value<T>(r: ExchangeResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

function error<T>(r: ExchangeResult<T>): ExchangeError {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.error;
}

const INVALID_SYMBOL = fixture('error-invalid-symbol.json');
const HTML_PAGE = fixture('error-page-cloudfront-403.txt');

/** What every REST parser must do with bodies that are not its payload. */
function describeBadBodies(
  endpoint: string,
  parse: (body: string) => ExchangeResult<unknown>,
  validBody: string,
) {
  describe('bodies that are not the payload', () => {
    it("reports Binance's error object as kind 'exchange' with its code and message", () => {
      expect(error(parse(INVALID_SYMBOL))).toEqual({
        kind: 'exchange',
        exchange: 'binance',
        endpoint,
        message: 'Binance error -1121: Invalid symbol.',
      });
    });

    it.each([
      ['an empty body', '', /empty/],
      ['whitespace', '  \n ', /empty/],
      ['an HTML error page', HTML_PAGE, /HTML page.*The request could not be satisfied/],
      ['truncated JSON', validBody.slice(0, Math.floor(validBody.length / 2)), /invalid JSON/],
      ['a JSON string', '"ok"', /expected/],
      ['JSON null', 'null', /expected/],
    ])('reports %s as malformed', (_what, body, message) => {
      const e = error(parse(body));
      expect(e).toMatchObject({ kind: 'malformed', exchange: 'binance', endpoint });
      expect(e.message).toMatch(message);
    });
  });
}

describe('parseCandles (GET /fapi/v1/klines)', () => {
  const body = fixture('klines-btcusdt-5m.json');

  it('reads the documented row shape into candles, oldest first', () => {
    const candles = value(parseCandles('BTCUSDT', body));
    expect(candles).toHaveLength(3);
    expect(candles[0]).toEqual({
      exchange: 'binance',
      symbol: 'BTCUSDT',
      openTime: 1779724800000,
      open: 77587.2,
      high: 77608.3,
      low: 77533.4,
      close: 77563.3,
      volumeBase: 1204.733,
      volumeQuote: 93429687.1142,
      takerBuyBase: 490.769,
    });
    expect(candles.map((c) => c.openTime)).toEqual([1779724800000, 1779725100000, 1779725400000]);
  });

  it('sorts rows sent newest first and keeps one candle per open time', () => {
    const rows = JSON.parse(body) as unknown[][];
    const shuffled = [rows[2], rows[0], rows[1], rows[0]];
    const candles = value(parseCandles('BTCUSDT', JSON.stringify(shuffled)));
    expect(candles.map((c) => c.openTime)).toEqual([1779724800000, 1779725100000, 1779725400000]);
  });

  it('accepts an empty list, huge volumes and a trailing column Binance may add', () => {
    expect(value(parseCandles('BTCUSDT', '[]'))).toEqual([]);
    const row = [
      1779724800000,
      '1',
      '1e20',
      '1',
      '1',
      '1e20',
      1779725099999,
      '9007199254740993',
      0,
      '0',
      '0',
      '0',
      'x',
    ];
    const [candle] = value(parseCandles('BTCUSDT', JSON.stringify([row])));
    expect(candle).toMatchObject({ high: 1e20, volumeBase: 1e20, volumeQuote: 9007199254740992 });
  });

  it('names the row and column of a bad value, e.g. "[3][2]"', () => {
    const rows = JSON.parse(body) as unknown[][];
    const bad = [...rows, [...rows[0]!]];
    bad[3]![2] = 'abc';
    expect(error(parseCandles('BTCUSDT', JSON.stringify(bad)))).toMatchObject({
      kind: 'malformed',
      exchange: 'binance',
      endpoint: '/fapi/v1/klines',
      field: '[3][2]',
    });
  });

  it.each([
    ['a price as a JSON object', '[0][1]', (r: unknown[]) => (r[1] = {})],
    ['a zero price', '[0][4]', (r: unknown[]) => (r[4] = '0')],
    ['a negative volume', '[0][5]', (r: unknown[]) => (r[5] = '-1')],
    ['a time as a decimal', '[0][0]', (r: unknown[]) => (r[0] = 1.5)],
    ['a trade count as a string', '[0][8]', (r: unknown[]) => (r[8] = '12')],
    ['a missing column', '[0][10]', (r: unknown[]) => r.splice(10)],
    ['a high below the low', '[0][2]', (r: unknown[]) => (r[2] = '77000')],
    ['a low above the close', '[0][3]', (r: unknown[]) => (r[3] = '77600')],
  ])('rejects %s, naming %s', (_what, field, mutate) => {
    const rows = JSON.parse(body) as unknown[][];
    mutate(rows[0]!);
    expect(error(parseCandles('BTCUSDT', JSON.stringify(rows)))).toMatchObject({ kind: 'malformed', field });
  });

  it('rejects an open time beyond 2^53 that JSON cannot carry exactly', () => {
    const text = body.replace('1779724800000', '9007199254740993');
    expect(text).toContain('9007199254740993');
    expect(error(parseCandles('BTCUSDT', text))).toMatchObject({ kind: 'malformed', field: '[0][0]' });
  });

  it('rejects a row that is an object instead of an array', () => {
    expect(error(parseCandles('BTCUSDT', '[{"open":"1"}]'))).toMatchObject({
      kind: 'malformed',
      field: '[0]',
    });
  });

  describeBadBodies('/fapi/v1/klines', (b) => parseCandles('BTCUSDT', b), body);
});

describe('parseOpenInterestHistory (GET /futures/data/openInterestHist)', () => {
  const body = fixture('openInterestHist-btcusdt-5m.json');

  it('reads base units and USD value per period', () => {
    const points = value(parseOpenInterestHistory('BTCUSDT', body));
    expect(points[0]).toEqual({
      exchange: 'binance',
      symbol: 'BTCUSDT',
      time: 1779724800000,
      openInterestBase: 99492.311,
      openInterestUsd: 7720258802.82,
    });
    expect(points.map((p) => p.time)).toEqual([1779724800000, 1779725100000, 1779725400000]);
  });

  it('accepts the timestamp as a string, as the docs sample shows, and zero open interest', () => {
    const item = {
      symbol: 'BTCUSDT',
      sumOpenInterest: '0',
      sumOpenInterestValue: '0',
      timestamp: '1583127900000',
    };
    expect(value(parseOpenInterestHistory('BTCUSDT', JSON.stringify([item])))).toEqual([
      {
        exchange: 'binance',
        symbol: 'BTCUSDT',
        time: 1583127900000,
        openInterestBase: 0,
        openInterestUsd: 0,
      },
    ]);
    expect(value(parseOpenInterestHistory('BTCUSDT', '[]'))).toEqual([]);
  });

  it('names the entry and field at fault', () => {
    const items = JSON.parse(body) as Record<string, unknown>[];
    items[1]!.sumOpenInterestValue = 'NaN';
    delete items[2]!.timestamp;
    expect(error(parseOpenInterestHistory('BTCUSDT', JSON.stringify(items)))).toMatchObject({
      kind: 'malformed',
      endpoint: '/futures/data/openInterestHist',
      field: '[1].sumOpenInterestValue',
    });
  });

  it('rejects another symbol than the one asked for', () => {
    expect(error(parseOpenInterestHistory('ETHUSDT', body))).toMatchObject({
      kind: 'malformed',
      field: '[0].symbol',
      message: 'expected symbol ETHUSDT, got "BTCUSDT"',
    });
  });

  describeBadBodies('/futures/data/openInterestHist', (b) => parseOpenInterestHistory('BTCUSDT', b), body);
});

describe('parseTakerFlow (GET /futures/data/takerlongshortRatio)', () => {
  const body = fixture('takerlongshortRatio-btcusdt-5m.json');

  it('reads taker buy and sell volume per period', () => {
    const flows = value(parseTakerFlow('BTCUSDT', body));
    expect(flows[0]).toEqual({
      exchange: 'binance',
      symbol: 'BTCUSDT',
      time: 1779724800000,
      buyVolumeBase: 490.769,
      sellVolumeBase: 713.964,
    });
    expect(flows).toHaveLength(3);
  });

  it('accepts an empty list and a quiet period with no volume', () => {
    expect(value(parseTakerFlow('BTCUSDT', '[]'))).toEqual([]);
    const quiet = '[{"buySellRatio":"0","buyVol":"0","sellVol":"0","timestamp":1779724800000}]';
    expect(value(parseTakerFlow('BTCUSDT', quiet))[0]).toMatchObject({ buyVolumeBase: 0, sellVolumeBase: 0 });
  });

  it('names the entry and field at fault', () => {
    const items = JSON.parse(body) as Record<string, unknown>[];
    items[2]!.sellVol = true;
    expect(error(parseTakerFlow('BTCUSDT', JSON.stringify(items)))).toMatchObject({
      kind: 'malformed',
      endpoint: '/futures/data/takerlongshortRatio',
      field: '[2].sellVol',
    });
  });

  describeBadBodies('/futures/data/takerlongshortRatio', (b) => parseTakerFlow('BTCUSDT', b), body);
});

describe('parseLongShortRatio (GET /futures/data/globalLongShortAccountRatio)', () => {
  const body = fixture('globalLongShortAccountRatio-btcusdt-5m.json');

  it('reads the shares of accounts net long and net short', () => {
    const ratios = value(parseLongShortRatio('BTCUSDT', body));
    expect(ratios[0]).toEqual({
      exchange: 'binance',
      symbol: 'BTCUSDT',
      time: 1779724800000,
      longShare: 0.6507,
      shortShare: 0.3493,
    });
    expect(ratios.map((r) => r.time)).toEqual([1779724800000, 1779725100000, 1779725400000]);
  });

  it('accepts an empty list and the extremes 0 and 1', () => {
    expect(value(parseLongShortRatio('BTCUSDT', '[]'))).toEqual([]);
    const extreme =
      '[{"symbol":"BTCUSDT","longShortRatio":"0","longAccount":"0","shortAccount":"1","timestamp":"1583139600000"}]';
    expect(value(parseLongShortRatio('BTCUSDT', extreme))[0]).toMatchObject({ longShare: 0, shortShare: 1 });
  });

  it('rejects a share above 1, naming it', () => {
    const items = JSON.parse(body) as Record<string, unknown>[];
    items[0]!.longAccount = '65.07';
    expect(error(parseLongShortRatio('BTCUSDT', JSON.stringify(items)))).toMatchObject({
      kind: 'malformed',
      field: '[0].longAccount',
    });
  });

  describeBadBodies(
    '/futures/data/globalLongShortAccountRatio',
    (b) => parseLongShortRatio('BTCUSDT', b),
    body,
  );
});

describe('parseExchangeInfoRateLimits (GET /fapi/v1/exchangeInfo)', () => {
  const body = fixture('exchangeInfo-trimmed.json');
  /** The fixture with its first rate limit (REQUEST_WEIGHT) changed. */
  const withFirstLimit = (patch: Record<string, unknown>) => {
    const info = JSON.parse(body) as { rateLimits: Record<string, unknown>[] };
    info.rateLimits[0] = { ...info.rateLimits[0], ...patch };
    return JSON.stringify(info);
  };

  it('adopts the live REQUEST_WEIGHT limit as the request-weight pool and skips per-account order limits', () => {
    expect(value(parseExchangeInfoRateLimits(body))).toEqual([
      expect.objectContaining({
        exchange: 'binance',
        pool: 'request-weight',
        capacity: 2400,
        windowMs: 60_000,
      }),
    ]);
  });

  it('follows a changed limit and window', () => {
    const changed = withFirstLimit({ intervalNum: 5, limit: 6000 });
    expect(value(parseExchangeInfoRateLimits(changed))[0]).toMatchObject({
      capacity: 6000,
      windowMs: 300_000,
    });
  });

  it('reports a reply without a REQUEST_WEIGHT limit, or with an unknown interval', () => {
    expect(error(parseExchangeInfoRateLimits('{"rateLimits":[]}'))).toMatchObject({
      kind: 'malformed',
      field: 'rateLimits',
    });
    const weekly = withFirstLimit({ interval: 'WEEK' });
    expect(error(parseExchangeInfoRateLimits(weekly))).toMatchObject({ field: 'rateLimits[0].interval' });
    // Found by the property test: an interval named like an Object.prototype member is unknown too.
    for (const interval of ['__proto__', 'toString', 'constructor']) {
      const named = withFirstLimit({ interval });
      expect(error(parseExchangeInfoRateLimits(named))).toMatchObject({ field: 'rateLimits[0].interval' });
    }
    // …and a limit type named so is not one of ours: skipped, leaving no REQUEST_WEIGHT limit.
    const toStringType = withFirstLimit({ rateLimitType: 'toString' });
    expect(error(parseExchangeInfoRateLimits(toStringType))).toMatchObject({ field: 'rateLimits' });
    const zero = withFirstLimit({ limit: 0 });
    expect(error(parseExchangeInfoRateLimits(zero))).toMatchObject({ field: 'rateLimits[0].limit' });
  });

  describeBadBodies('/fapi/v1/exchangeInfo', (b) => parseExchangeInfoRateLimits(b), body);
});

describe('parseExchangeInfoTickSize (GET /fapi/v1/exchangeInfo, PRICE_FILTER)', () => {
  const body = fixture('exchangeInfo-trimmed.json');
  /** The fixture with a change to its parsed JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: tests reach into the fixture's JSON
  const edited = (change: (info: any) => void) => {
    const info = JSON.parse(body);
    change(info);
    return JSON.stringify(info);
  };

  it('reads the symbol’s PRICE_FILTER tickSize among its other filters and other symbols', () => {
    expect(value(parseExchangeInfoTickSize('BTCUSDT', body))).toBe(0.1);
    const more = edited((info) => {
      info.symbols[0].filters.unshift({
        filterType: 'LOT_SIZE',
        stepSize: '0.001',
        maxQty: '1000',
        minQty: '0.001',
      });
      info.symbols.unshift({
        ...info.symbols[0],
        symbol: 'ETHUSDT',
        filters: [{ filterType: 'PRICE_FILTER', minPrice: '39.86', maxPrice: '306177', tickSize: '0.01' }],
      });
    });
    expect(value(parseExchangeInfoTickSize('ETHUSDT', more))).toBe(0.01);
    expect(value(parseExchangeInfoTickSize('BTCUSDT', more))).toBe(0.1);
  });

  it('says which symbol or filter is missing, and refuses a tick that is not a positive decimal', () => {
    expect(error(parseExchangeInfoTickSize('SOLUSDT', body))).toMatchObject({
      kind: 'malformed',
      field: 'symbols',
    });
    const noFilter = edited((info) => {
      info.symbols[0].filters = [];
    });
    expect(error(parseExchangeInfoTickSize('BTCUSDT', noFilter))).toMatchObject({
      field: 'symbols[0].filters',
    });
    for (const tick of ['0', '-1', 'x', null]) {
      const bad = edited((info) => {
        info.symbols[0].filters[0].tickSize = tick;
      });
      expect(error(parseExchangeInfoTickSize('BTCUSDT', bad))).toMatchObject({
        field: 'symbols[0].filters[0].tickSize',
      });
    }
  });

  describeBadBodies('/fapi/v1/exchangeInfo', (b) => parseExchangeInfoTickSize('BTCUSDT', b), body);
});
