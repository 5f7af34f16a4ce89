import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ExchangeError, ExchangeResult } from '../errors';
import { DEFAULT_CONTRACT_SIZES } from './contracts';
import { OKX_PATHS } from './endpoints';
import { liquidatedSide, parseLiquidations } from './liquidations';
import { parseCandles, parseLongShortRatio, parseOpenInterestHistory, parseTakerFlow } from './marketData';

/** The OKX REST parsers (marketData.ts, liquidations.ts), over the shared failure cases first. */

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const sizes = DEFAULT_CONTRACT_SIZES.sizes;
const H = 3_600_000;
const t0 = 1_781_863_200_000;

function value<T>(r: ExchangeResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}
function error<T>(r: ExchangeResult<T>): ExchangeError {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.error;
}
const reply = (data: unknown) => JSON.stringify({ code: '0', msg: '', data });

/** Every parser, as the adapter calls it, for the failure cases every endpoint shares. */
const everyParser: Array<[string, string, (symbol: string, body: string) => ExchangeResult<unknown>]> = [
  ['candles', OKX_PATHS.candles, (s, b) => parseCandles(s, b)],
  ['open interest history', OKX_PATHS.openInterestHistory, (s, b) => parseOpenInterestHistory(s, b)],
  ['taker volume', OKX_PATHS.takerVolume, (s, b) => parseTakerFlow(s, b)],
  ['long/short ratio', OKX_PATHS.longShortRatio, (s, b) => parseLongShortRatio(s, b)],
  ['liquidation orders', OKX_PATHS.liquidations, (s, b) => parseLiquidations(s, b, sizes)],
];

describe.each(everyParser)('%s: bodies that are not a usable OKX reply', (_name, endpoint, parse) => {
  const expectError = (body: string, kind: ExchangeError['kind']) => {
    const e = error(parse('BTCUSDT', body));
    expect(e).toMatchObject({ kind, exchange: 'okx', endpoint });
    return e;
  };

  it('an empty body is malformed', () => {
    expect(expectError('', 'malformed').message).toMatch(/empty/);
  });

  it('an HTML error page is malformed and says which page', () => {
    expect(expectError(fixture('cloudflare-502.html'), 'malformed').message).toMatch(/502 Bad Gateway/);
  });

  it('truncated JSON is malformed', () => {
    expect(expectError('{"code":"0","msg":"","data":[["178186', 'malformed').message).toMatch(/invalid JSON/);
  });

  it('code 51001 is the exchange speaking: kind "exchange" with its code and message', () => {
    const e = expectError(fixture('error-51001.json'), 'exchange');
    expect(e.field).toBe('code');
    expect(e.message).toContain('51001');
    expect(e.message).toContain('Instrument ID does not exist');
  });

  it('code 50011 means slow down: kind "rate-limited"', () => {
    expectError(fixture('error-50011.json'), 'rate-limited');
  });

  it('a reply without a code is malformed at "code"', () => {
    expect(expectError(JSON.stringify({ data: [] }), 'malformed').field).toBe('code');
  });

  it('data that is not a list is malformed at "data"', () => {
    expect(expectError(JSON.stringify({ code: '0', msg: '', data: {} }), 'malformed').field).toBe('data');
  });

  it('a symbol that is not a neutral USDT perpetual is a typed error, not a throw', () => {
    const e = error(parse('BTC-USDT-SWAP', reply([])));
    expect(e).toMatchObject({ kind: 'malformed', exchange: 'okx', endpoint });
    expect(e.message).toContain('BTC-USDT-SWAP');
  });
});

describe('candles (/api/v5/market/candles, /history-candles)', () => {
  it('reads the documented rows and returns them oldest first', () => {
    const candles = value(parseCandles('BTCUSDT', fixture('candles-btc-1h.json')));
    expect(candles.map((c) => c.openTime)).toEqual([t0, t0 + H, t0 + 2 * H]);
    expect(candles[0]).toEqual({
      exchange: 'okx',
      symbol: 'BTCUSDT',
      openTime: t0,
      open: 66302.7,
      high: 66455,
      low: 66250.5,
      close: 66420.1,
      volumeBase: 583.1011,
      volumeQuote: 38712055.4,
    });
  });

  it('takes volume in coin from volCcy, not the contract count in vol', () => {
    const [candle] = value(parseCandles('BTCUSDT', fixture('history-candles-btc-1h.json')));
    expect(candle?.volumeBase).toBe(520.1193);
  });

  it('an empty page is an empty list', () => {
    expect(value(parseCandles('BTCUSDT', reply([])))).toEqual([]);
  });

  it('sorts rows in any order oldest first and keeps one bar per open time', () => {
    const row = (t: number, close: string) => [String(t), '1', '3', '1', close, '1', '1', '1', '1'];
    const candles = value(
      parseCandles(
        'BTCUSDT',
        reply([row(t0 + H, '2'), row(t0 + 2 * H, '2'), row(t0, '2'), row(t0 + H, '2.5')]),
      ),
    );
    expect(candles.map((c) => c.openTime)).toEqual([t0, t0 + H, t0 + 2 * H]);
  });

  it('keeps huge volumes and zero volumes as numbers', () => {
    const row = [String(t0), '1', '1', '1', '1', '0', '123456789012345678901234567890', '1e25', '1'];
    const [c] = value(parseCandles('BTCUSDT', reply([row])));
    expect(c?.volumeBase).toBe(1.2345678901234568e29);
    expect(c?.volumeQuote).toBe(1e25);
  });

  it('names the field of a number sent as something else: data[0][2]', () => {
    const row = [String(t0), '66302.7', 'n/a', '66250.5', '66420.1', '1', '1', '1', '1'];
    expect(error(parseCandles('BTCUSDT', reply([row])))).toMatchObject({
      kind: 'malformed',
      exchange: 'okx',
      endpoint: OKX_PATHS.candles,
      field: 'data[0][2]',
    });
  });

  it('refuses an empty string where a price belongs', () => {
    const row = [String(t0), '', '2', '1', '1', '1', '1', '1', '1'];
    expect(error(parseCandles('BTCUSDT', reply([row]))).field).toBe('data[0][1]');
  });

  it('refuses a row cut short', () => {
    const row = [String(t0), '1', '2', '1', '1'];
    expect(error(parseCandles('BTCUSDT', reply([row]))).field).toBe('data[0][5]');
  });

  it('refuses a timestamp that is not epoch milliseconds', () => {
    const row = ['2026-06-19T10:00:00Z', '1', '2', '1', '1', '1', '1', '1', '1'];
    expect(error(parseCandles('BTCUSDT', reply([row]))).field).toBe('data[0][0]');
  });

  it('refuses an unknown candle state', () => {
    const row = [String(t0), '1', '2', '1', '1', '1', '1', '1', 'done'];
    expect(error(parseCandles('BTCUSDT', reply([row]))).field).toBe('data[0][8]');
  });

  it('refuses a bar whose high is below its close, naming the high: data[0][2]', () => {
    const row = [String(t0), '100', '101', '99', '102', '1', '1', '1', '1'];
    expect(error(parseCandles('BTCUSDT', reply([row])))).toMatchObject({
      kind: 'malformed',
      field: 'data[0][2]',
      message: 'high 101 is below open/close',
    });
  });

  it('refuses a symbol it cannot translate instead of throwing', () => {
    expect(error(parseCandles('BTC-USDT-SWAP', fixture('candles-btc-1h.json'))).kind).toBe('malformed');
  });
});

describe('open interest history (/api/v5/rubik/stat/contracts/open-interest-history)', () => {
  it('reads [ts, oi, oiCcy, oiUsd] as coin and USD, oldest first', () => {
    expect(value(parseOpenInterestHistory('BTCUSDT', fixture('open-interest-history-btc-1h.json')))).toEqual([
      {
        exchange: 'okx',
        symbol: 'BTCUSDT',
        time: t0,
        openInterestBase: 28381.2007,
        openInterestUsd: 1884638350.77,
      },
      {
        exchange: 'okx',
        symbol: 'BTCUSDT',
        time: t0 + H,
        openInterestBase: 28404.1562,
        openInterestUsd: 1886163112.3,
      },
    ]);
  });

  it('zero open interest is a point, not an error', () => {
    const [p] = value(parseOpenInterestHistory('BTCUSDT', reply([[String(t0), '0', '0', '0']])));
    expect(p).toMatchObject({ openInterestBase: 0, openInterestUsd: 0 });
  });

  it('an empty page is an empty list', () => {
    expect(value(parseOpenInterestHistory('BTCUSDT', reply([])))).toEqual([]);
  });

  it('refuses negative open interest and names the field', () => {
    expect(error(parseOpenInterestHistory('BTCUSDT', reply([[String(t0), '1', '-3', '1']]))).field).toBe(
      'data[0][2]',
    );
  });

  it('refuses a row without oiUsd, naming data[0][3]', () => {
    expect(error(parseOpenInterestHistory('BTCUSDT', reply([[String(t0), '1', '2']]))).field).toBe(
      'data[0][3]',
    );
  });
});

describe('taker volume (/api/v5/rubik/stat/taker-volume-contract, unit=0)', () => {
  it('reads [ts, sellVol, buyVol] with sell first, oldest first', () => {
    expect(value(parseTakerFlow('BTCUSDT', fixture('taker-volume-btc-1h.json')))).toEqual([
      { exchange: 'okx', symbol: 'BTCUSDT', time: t0, buyVolumeBase: 1968.55, sellVolumeBase: 2290.4 },
      { exchange: 'okx', symbol: 'BTCUSDT', time: t0 + H, buyVolumeBase: 2011.93, sellVolumeBase: 1874.21 },
    ]);
  });

  it('an empty page is an empty list', () => {
    expect(value(parseTakerFlow('BTCUSDT', reply([])))).toEqual([]);
  });

  it('names a bad buy volume: data[1][2]', () => {
    const body = reply([
      [String(t0 + H), '1', '1'],
      [String(t0), '1', 'NaN'],
    ]);
    expect(error(parseTakerFlow('BTCUSDT', body)).field).toBe('data[1][2]');
  });
});

describe('long/short ratio (/api/v5/rubik/stat/contracts/long-short-account-ratio-contract)', () => {
  it('turns the ratio r into longShare r/(1+r), oldest first', () => {
    const [first, second] = value(parseLongShortRatio('BTCUSDT', fixture('long-short-ratio-btc-1h.json')));
    expect(first?.time).toBe(t0);
    expect(first?.longShare).toBeCloseTo(0.9875 / 1.9875, 12);
    expect(second?.longShare).toBeCloseTo(1.0412 / 2.0412, 12);
    expect((first?.longShare ?? 0) + (first?.shortShare ?? 0)).toBeCloseTo(1, 12);
  });

  it('a ratio of 0 means every account is short; a ratio of 1 splits evenly', () => {
    const rows = value(
      parseLongShortRatio(
        'BTCUSDT',
        reply([
          [String(t0 + H), '1'],
          [String(t0), '0'],
        ]),
      ),
    );
    expect(rows.map((r) => [r.longShare, r.shortShare])).toEqual([
      [0, 1],
      [0.5, 0.5],
    ]);
  });

  it('a huge ratio stays a share between 0 and 1', () => {
    const [r] = value(parseLongShortRatio('BTCUSDT', reply([[String(t0), '1e300']])));
    expect(r?.longShare).toBe(1);
    expect(r?.shortShare).toBe(0);
  });

  it('refuses a negative ratio at data[0][1]', () => {
    expect(error(parseLongShortRatio('BTCUSDT', reply([[String(t0), '-1']]))).field).toBe('data[0][1]');
  });
});

describe('liquidation orders (/api/v5/public/liquidation-orders)', () => {
  it('converts contracts to coin (sz × ctVal), prices at the bankruptcy price, oldest first', () => {
    const events = value(parseLiquidations('BTCUSDT', fixture('liquidation-orders-btc.json'), sizes));
    expect(events.map((e) => e.time)).toEqual([1781866802117, 1781866893004, 1781866951226]);
    const [net, short, long] = events;
    expect(net).toMatchObject({ side: 'long', price: 66250.1, quantityBase: 0.1 });
    expect(net?.notionalUsd).toBeCloseTo(6625.01, 8);
    expect(short).toMatchObject({ side: 'short', price: 66588.2 });
    expect(short?.quantityBase).toBeCloseTo(0.12, 12);
    expect(long).toMatchObject({ exchange: 'okx', symbol: 'BTCUSDT', side: 'long', price: 66301.5 });
    expect(long?.quantityBase).toBeCloseTo(1.25, 12);
    expect(long?.notionalUsd).toBeCloseTo(82876.875, 6);
  });

  it('10 contracts of BTC-USDT-SWAP are 0.1 BTC', () => {
    const body = reply([
      {
        instId: 'BTC-USDT-SWAP',
        details: [{ side: 'sell', posSide: 'net', bkPx: '60000', sz: '10', ts: '1' }],
      },
    ]);
    const [e] = value(parseLiquidations('BTCUSDT', body, sizes));
    expect(e?.quantityBase).toBe(0.1);
    expect(e?.notionalUsd).toBe(6000);
  });

  it('10 contracts of ETH-USDT-SWAP are 1 ETH', () => {
    const body = reply([
      {
        instId: 'ETH-USDT-SWAP',
        details: [{ side: 'buy', posSide: 'net', bkPx: '3000', sz: '10', ts: '1' }],
      },
    ]);
    expect(value(parseLiquidations('ETHUSDT', body, sizes))[0]).toMatchObject({
      side: 'short',
      quantityBase: 1,
    });
  });

  it('an empty page, or a group with no details, is an empty list', () => {
    expect(value(parseLiquidations('BTCUSDT', reply([]), sizes))).toEqual([]);
    expect(
      value(parseLiquidations('BTCUSDT', reply([{ instId: 'BTC-USDT-SWAP', details: [] }]), sizes)),
    ).toEqual([]);
  });

  it('skips groups of other instruments', () => {
    const body = reply([
      { instId: 'BTC-USD-SWAP', details: [{ side: 'sell', posSide: 'net', bkPx: '1', sz: '1', ts: '1' }] },
    ]);
    expect(value(parseLiquidations('BTCUSDT', body, sizes))).toEqual([]);
  });

  it('refuses a sell that would close a short', () => {
    const body = reply([
      { instId: 'BTC-USDT-SWAP', details: [{ side: 'sell', posSide: 'short', bkPx: '1', sz: '1', ts: '1' }] },
    ]);
    expect(error(parseLiquidations('BTCUSDT', body, sizes)).field).toBe('data[0].details[0].side');
  });

  it('names a bad size: data[0].details[0].sz', () => {
    const body = reply([
      { instId: 'BTC-USDT-SWAP', details: [{ side: 'sell', posSide: 'net', bkPx: '1', sz: 12, ts: '1' }] },
    ]);
    // JSON numbers are accepted where OKX sends strings; an object is not.
    expect(value(parseLiquidations('BTCUSDT', body, sizes))[0]?.quantityBase).toBeCloseTo(0.12, 12);
    const worse = reply([
      { instId: 'BTC-USDT-SWAP', details: [{ side: 'sell', posSide: 'net', bkPx: '1', sz: {}, ts: '1' }] },
    ]);
    expect(error(parseLiquidations('BTCUSDT', worse, sizes)).field).toBe('data[0].details[0].sz');
  });

  it('refuses a size whose notional would overflow to Infinity, naming the size', () => {
    const body = reply([
      {
        instId: 'BTC-USDT-SWAP',
        details: [{ side: 'buy', posSide: 'net', bkPx: '1e308', sz: '180', ts: '1' }],
      },
    ]);
    expect(error(parseLiquidations('BTCUSDT', body, sizes))).toMatchObject({
      kind: 'malformed',
      field: 'data[0].details[0].sz',
    });
  });

  it('refuses to count coins for an instrument whose contract size is unknown', () => {
    const body = reply([
      { instId: 'SOL-USDT-SWAP', details: [{ side: 'sell', posSide: 'net', bkPx: '1', sz: '1', ts: '1' }] },
    ]);
    expect(error(parseLiquidations('SOLUSDT', body, sizes)).message).toMatch(/contract size/);
  });
});

describe('liquidatedSide: which positions a forced order closed', () => {
  it.each([
    ['sell', 'long', 'long'],
    ['buy', 'short', 'short'],
    ['sell', 'net', 'long'],
    ['buy', 'net', 'short'],
    ['buy', 'long', undefined],
    ['sell', 'short', undefined],
  ] as const)('%s / %s → %s', (side, posSide, expected) => {
    expect(liquidatedSide(side, posSide)).toBe(expected);
  });
});
