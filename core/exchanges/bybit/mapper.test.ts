import { describe, expect, it } from 'vitest';
import type { ExchangeResult } from '../errors';
import { fixture, fixtureWith } from './fixtures/read';
import { parseCandles, parseLongShortRatio, parseOpenInterestHistory, parseTickSize } from './mapper';

const S = 'BTCUSDT';

function value<T>(r: ExchangeResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

function error<T>(r: ExchangeResult<T>) {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.error;
}

interface ParserCase {
  name: string;
  endpoint: string;
  parse: (symbol: string, body: string) => ExchangeResult<unknown>;
  sample: string;
}

/** Every parser, its endpoint and a valid fixture: the shared failure cases run over all of them. */
const PARSERS: ParserCase[] = [
  {
    name: 'parseCandles',
    endpoint: '/v5/market/kline',
    parse: parseCandles,
    sample: 'kline-btcusdt-5m.json',
  },
  {
    name: 'parseOpenInterestHistory',
    endpoint: '/v5/market/open-interest',
    parse: parseOpenInterestHistory,
    sample: 'open-interest-btcusdt-5min.json',
  },
  {
    name: 'parseLongShortRatio',
    endpoint: '/v5/market/account-ratio',
    parse: parseLongShortRatio,
    sample: 'account-ratio-btcusdt-5min.json',
  },
  {
    name: 'parseTickSize',
    endpoint: '/v5/market/instruments-info',
    parse: parseTickSize,
    sample: 'instruments-info-btcusdt.json',
  },
];

describe.each(PARSERS)('$name on bad bodies', ({ endpoint, parse, sample }) => {
  it('reports the 403 HTML page Bybit serves over the IP limit as malformed, not a crash', () => {
    const e = error(parse(S, fixture('ip-limit-403.html')));
    expect(e).toMatchObject({ kind: 'malformed', exchange: 'bybit', endpoint });
    expect(e.message).toContain('HTML page instead of JSON ("403 Forbidden")');
  });

  it('reports an empty body', () => {
    expect(error(parse(S, ''))).toMatchObject({
      kind: 'malformed',
      endpoint,
      message: 'empty response body',
    });
    expect(error(parse(S, '  \n'))).toMatchObject({ kind: 'malformed', endpoint });
  });

  it('reports truncated JSON', () => {
    const text = fixture(sample);
    const e = error(parse(S, text.slice(0, Math.floor(text.length / 2))));
    expect(e).toMatchObject({ kind: 'malformed', exchange: 'bybit', endpoint });
    expect(e.message).toContain('invalid JSON');
  });

  it('turns retCode 10001 into an exchange error carrying retMsg', () => {
    const e = error(parse(S, fixture('error-10001.json')));
    expect(e).toMatchObject({ kind: 'exchange', exchange: 'bybit', endpoint, field: 'retCode' });
    expect(e.message).toBe('retCode 10001: params error: symbol invalid');
  });

  it('turns retCode 10006 ("Too many visits!") into rate-limited', () => {
    const body = fixtureWith('error-10001.json', (j) => {
      j.retCode = 10006;
      j.retMsg = 'Too many visits!';
    });
    expect(error(parse(S, body))).toMatchObject({ kind: 'rate-limited', endpoint });
  });

  it('names the field when the envelope is not Bybit’s', () => {
    expect(error(parse(S, '{"code":0,"data":[]}'))).toMatchObject({
      kind: 'malformed',
      endpoint,
      field: 'retCode',
    });
    expect(error(parse(S, '[]'))).toMatchObject({ kind: 'malformed', endpoint, field: '(root)' });
    expect(error(parse(S, 'null'))).toMatchObject({ kind: 'malformed', endpoint });
  });

  it('names result.list when it has the wrong type', () => {
    const body = fixtureWith(sample, (j) => {
      j.result.list = {};
    });
    expect(error(parse(S, body))).toMatchObject({ kind: 'malformed', endpoint, field: 'result.list' });
  });

  it('refuses a reply without its time', () => {
    const body = fixtureWith(sample, (j) => {
      delete j.time;
    });
    expect(error(parse(S, body))).toMatchObject({ kind: 'malformed', endpoint, field: 'time' });
  });
});

describe('parseCandles (/v5/market/kline)', () => {
  it('reads the documented rows of 7 strings, newest first, into candles oldest first', () => {
    const candles = value(parseCandles(S, fixture('kline-btcusdt-5m.json')));
    expect(candles.map((c) => c.openTime)).toEqual([
      1749999600000, 1749999900000, 1750000200000, 1750000500000,
    ]);
    expect(candles[2]).toEqual({
      exchange: 'bybit',
      symbol: 'BTCUSDT',
      openTime: 1750000200000,
      open: 104890.1,
      high: 104955.5,
      low: 104870,
      close: 104933.2,
      volumeBase: 151.337,
      volumeQuote: 15878290.4416,
    });
    expect(candles[0]!.takerBuyBase).toBeUndefined();
  });

  it('returns nothing for an empty list', () => {
    const body = fixtureWith('kline-btcusdt-5m.json', (j) => {
      j.result.list = [];
    });
    expect(value(parseCandles(S, body))).toEqual([]);
  });

  it('keeps huge but finite numbers and a zero volume', () => {
    const body = fixtureWith('kline-btcusdt-5m.json', (j) => {
      j.result.list = [
        ['1750000500000', '1e300', '1e300', '1e300', '1e300', '0', '123456789012345678901234567890'],
      ];
    });
    const [c] = value(parseCandles(S, body));
    expect(c).toMatchObject({ open: 1e300, volumeBase: 0, volumeQuote: 1.2345678901234568e29 });
  });

  it.each([
    ['a word', 'abc'],
    ['an empty string', ''],
    ['a boolean', true],
    ['null', null],
    ['an overflowing number', '1e400'],
    ['a zero price', '0'],
    ['a negative price', '-104955.5'],
    ['hex', '0x10'],
  ])('names result.list[0][2] when the high is %s', (_what, high) => {
    const body = fixtureWith('kline-btcusdt-5m.json', (j) => {
      j.result.list[0][2] = high;
    });
    expect(error(parseCandles(S, body))).toMatchObject({
      kind: 'malformed',
      exchange: 'bybit',
      endpoint: '/v5/market/kline',
      field: 'result.list[0][2]',
    });
  });

  it('names the field of a short row and of a bad start time', () => {
    const short = fixtureWith('kline-btcusdt-5m.json', (j) => {
      j.result.list[1] = j.result.list[1].slice(0, 6);
    });
    expect(error(parseCandles(S, short)).field).toBe('result.list[1][6]');
    const time = fixtureWith('kline-btcusdt-5m.json', (j) => {
      j.result.list[3][0] = '17.5e11';
    });
    expect(error(parseCandles(S, time)).field).toBe('result.list[3][0]');
  });

  it('refuses a high below the close and a low above the open', () => {
    const high = fixtureWith('kline-btcusdt-5m.json', (j) => {
      j.result.list[0][2] = '104940';
    });
    expect(error(parseCandles(S, high))).toMatchObject({ kind: 'malformed', field: 'result.list[0][2]' });
    const low = fixtureWith('kline-btcusdt-5m.json', (j) => {
      j.result.list[1][3] = '104900';
    });
    expect(error(parseCandles(S, low))).toMatchObject({ kind: 'malformed', field: 'result.list[1][3]' });
  });

  it('refuses another symbol and another category', () => {
    const other = fixtureWith('kline-btcusdt-5m.json', (j) => {
      j.result.symbol = 'ETHUSDT';
    });
    expect(error(parseCandles(S, other)).field).toBe('result.symbol');
    const inverse = fixtureWith('kline-btcusdt-5m.json', (j) => {
      j.result.category = 'inverse';
    });
    expect(error(parseCandles(S, inverse)).field).toBe('result.category');
  });

  it('keeps one candle for a repeated start time, the later-listed row (the one ordering rule, series.ts)', () => {
    const all = value(parseCandles(S, fixture('kline-btcusdt-5m.json')));
    const repeated = fixtureWith('kline-btcusdt-5m.json', (j) => {
      j.result.list[1][0] = j.result.list[0][0];
    });
    const candles = value(parseCandles(S, repeated));
    expect(candles).toHaveLength(all.length - 1);
    const at = candles.filter((c) => c.openTime === 1750000500000);
    expect(at).toHaveLength(1);
    // list[1] was the candle opening at 1750000200000, now stamped 1750000500000.
    const second = all.find((c) => c.openTime === 1750000200000)!;
    expect(at[0]).toEqual({ ...second, openTime: 1750000500000 });
  });
});

describe('parseOpenInterestHistory (/v5/market/open-interest)', () => {
  it('reads one side of the open interest in BTC, oldest first, with no USD value', () => {
    const points = value(parseOpenInterestHistory(S, fixture('open-interest-btcusdt-5min.json')));
    expect(points).toEqual([
      { exchange: 'bybit', symbol: 'BTCUSDT', time: 1749999900000, openInterestBase: 52075.802 },
      { exchange: 'bybit', symbol: 'BTCUSDT', time: 1750000200000, openInterestBase: 52045.09 },
      { exchange: 'bybit', symbol: 'BTCUSDT', time: 1750000500000, openInterestBase: 52056.221 },
    ]);
    expect(points.every((p) => p.openInterestUsd === undefined)).toBe(true);
  });

  it('halves the documented both-sides figure when singleOpenInterest is missing or empty', () => {
    const body = fixtureWith('open-interest-btcusdt-5min.json', (j) => {
      delete j.result.list[0].singleOpenInterest;
      j.result.list[1].singleOpenInterest = '';
    });
    const points = value(parseOpenInterestHistory(S, body));
    expect(points[2]!.openInterestBase).toBeCloseTo(104112.442 / 2, 9);
    expect(points[1]!.openInterestBase).toBeCloseTo(104090.18 / 2, 9);
  });

  it('accepts zero open interest, an empty list and a missing cursor', () => {
    const zero = fixtureWith('open-interest-btcusdt-5min.json', (j) => {
      j.result.list = [{ openInterest: '0', singleOpenInterest: '0', timestamp: '1750000500000' }];
      delete j.result.nextPageCursor;
    });
    expect(value(parseOpenInterestHistory(S, zero))[0]!.openInterestBase).toBe(0);
    const empty = fixtureWith('open-interest-btcusdt-5min.json', (j) => {
      j.result.list = [];
      j.result.nextPageCursor = '';
    });
    expect(value(parseOpenInterestHistory(S, empty))).toEqual([]);
  });

  it('keeps huge but finite figures', () => {
    const body = fixtureWith('open-interest-btcusdt-5min.json', (j) => {
      j.result.list = [
        { openInterest: '1.7976931348623157e308', singleOpenInterest: '', timestamp: '1750000500000' },
        {
          openInterest: '90071992547409930000',
          singleOpenInterest: '45035996273704965000',
          timestamp: '1750000200000',
        },
      ];
    });
    const points = value(parseOpenInterestHistory(S, body));
    expect(points.map((p) => p.openInterestBase)).toEqual([
      Number('45035996273704965000'),
      Number.MAX_VALUE / 2,
    ]);
  });

  it('names the field at fault', () => {
    const negative = fixtureWith('open-interest-btcusdt-5min.json', (j) => {
      j.result.list[0].openInterest = '-5';
    });
    expect(error(parseOpenInterestHistory(S, negative))).toMatchObject({
      kind: 'malformed',
      endpoint: '/v5/market/open-interest',
      field: 'result.list[0].openInterest',
    });
    const time = fixtureWith('open-interest-btcusdt-5min.json', (j) => {
      j.result.list[1].timestamp = 'yesterday';
    });
    expect(error(parseOpenInterestHistory(S, time)).field).toBe('result.list[1].timestamp');
    const missing = fixtureWith('open-interest-btcusdt-5min.json', (j) => {
      delete j.result.list[2].openInterest;
    });
    expect(error(parseOpenInterestHistory(S, missing)).field).toBe('result.list[2].openInterest');
    const other = fixtureWith('open-interest-btcusdt-5min.json', (j) => {
      j.result.symbol = 'ETHUSDT';
    });
    expect(error(parseOpenInterestHistory(S, other)).field).toBe('result.symbol');
  });
});

describe('parseLongShortRatio (/v5/market/account-ratio)', () => {
  it('reads buyRatio/sellRatio as the shares of accounts long and short, oldest first', () => {
    const ratios = value(parseLongShortRatio(S, fixture('account-ratio-btcusdt-5min.json')));
    expect(ratios.map((r) => r.time)).toEqual([1749999900000, 1750000200000, 1750000500000]);
    expect(ratios[2]).toEqual({
      exchange: 'bybit',
      symbol: 'BTCUSDT',
      time: 1750000500000,
      longShare: 0.5412,
      shortShare: 0.4588,
    });
  });

  it('accepts an empty list and one-sided extremes', () => {
    const empty = fixtureWith('account-ratio-btcusdt-5min.json', (j) => {
      j.result.list = [];
    });
    expect(value(parseLongShortRatio(S, empty))).toEqual([]);
    const extreme = fixtureWith('account-ratio-btcusdt-5min.json', (j) => {
      j.result.list = [{ symbol: 'BTCUSDT', buyRatio: '1', sellRatio: '0', timestamp: '1750000500000' }];
    });
    expect(value(parseLongShortRatio(S, extreme))[0]).toMatchObject({ longShare: 1, shortShare: 0 });
  });

  it('refuses shares that are not shares, and rows for another symbol', () => {
    const over = fixtureWith('account-ratio-btcusdt-5min.json', (j) => {
      j.result.list[1].buyRatio = '54.09';
    });
    expect(error(parseLongShortRatio(S, over))).toMatchObject({
      kind: 'malformed',
      field: 'result.list[1].buyRatio',
    });
    const sum = fixtureWith('account-ratio-btcusdt-5min.json', (j) => {
      j.result.list[0].sellRatio = '0.3';
    });
    expect(error(parseLongShortRatio(S, sum)).field).toBe('result.list[0].sellRatio');
    const other = fixtureWith('account-ratio-btcusdt-5min.json', (j) => {
      j.result.list[2].symbol = 'ETHUSDT';
    });
    expect(error(parseLongShortRatio(S, other)).field).toBe('result.list[2].symbol');
    const number = fixtureWith('account-ratio-btcusdt-5min.json', (j) => {
      j.result.list[0].timestamp = { ms: 1 };
    });
    expect(error(parseLongShortRatio(S, number)).field).toBe('result.list[0].timestamp');
  });
});

describe('parseTickSize (/v5/market/instruments-info)', () => {
  it('reads the asked symbol’s priceFilter.tickSize as a number', () => {
    expect(value(parseTickSize(S, fixture('instruments-info-btcusdt.json')))).toBe(0.1);
  });

  it('finds the symbol in a list of several, and says so when it is absent', () => {
    const two = fixtureWith('instruments-info-btcusdt.json', (j) => {
      j.result.list.unshift({ ...j.result.list[0], symbol: 'ETHUSDT', priceFilter: { tickSize: '0.01' } });
    });
    expect(value(parseTickSize('ETHUSDT', two))).toBe(0.01);
    expect(value(parseTickSize(S, two))).toBe(0.1);
    const e = error(parseTickSize('SOLUSDT', two));
    expect(e).toMatchObject({ endpoint: '/v5/market/instruments-info', field: 'result.list' });
    expect(e.message).toMatch(/SOLUSDT/);
  });

  it('refuses a zero, negative or non-numeric tick at its field', () => {
    for (const tick of ['0', '-0.1', 'abc', '']) {
      const body = fixtureWith('instruments-info-btcusdt.json', (j) => {
        j.result.list[0].priceFilter.tickSize = tick;
      });
      expect(error(parseTickSize(S, body)).field).toBe('result.list[0].priceFilter.tickSize');
    }
  });
});
