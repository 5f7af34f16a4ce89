import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decimal, fieldPath, parseJsonBody, parseWith, timestampMs } from './parse';
import { fromExchangeSymbol, toExchangeSymbol } from './symbols';

describe('the shared parsing blocks', () => {
  it('decimal takes numbers and numeric strings, refuses what is not a finite number', () => {
    expect(decimal.parse('77587.20')).toBe(77587.2);
    expect(decimal.parse(12)).toBe(12);
    expect(decimal.parse('1e3')).toBe(1000);
    for (const bad of [
      '',
      ' ',
      'NaN',
      'Infinity',
      '0x10',
      '1,5',
      '--1',
      Number.NaN,
      Number.POSITIVE_INFINITY,
    ]) {
      expect(decimal.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('timestampMs takes integers and digit strings only', () => {
    expect(timestampMs.parse('1779724800000')).toBe(1779724800000);
    expect(timestampMs.parse(1779724800000)).toBe(1779724800000);
    for (const bad of ['-1', '1.5', 'abc', 1.5, -1, ''])
      expect(timestampMs.safeParse(bad).success).toBe(false);
  });

  it('names the field at fault in a readable path', () => {
    expect(fieldPath(['result', 'list', 0, 'openInterest'])).toBe('result.list[0].openInterest');
    expect(fieldPath([3, 2])).toBe('[3][2]');
    expect(fieldPath([])).toBe('(root)');
  });

  it('turns an empty body, an HTML page and truncated JSON into typed errors', () => {
    expect(parseJsonBody('binance', '/fapi/v1/klines', '')).toMatchObject({
      ok: false,
      error: { kind: 'malformed', message: 'empty response body' },
    });
    const html = parseJsonBody('bybit', '/v5/market/kline', '<html><title>403 Forbidden</title></html>');
    expect(html).toMatchObject({
      ok: false,
      error: { message: 'HTML page instead of JSON ("403 Forbidden")' },
    });
    const cut = parseWith('okx', '/api/v5/market/candles', z.object({}), '{"code":"0","da');
    expect(cut).toMatchObject({ ok: false, error: { kind: 'malformed', exchange: 'okx' } });
  });

  it('maps symbols between the neutral form and each exchange', () => {
    expect(toExchangeSymbol('okx', 'BTCUSDT')).toBe('BTC-USDT-SWAP');
    expect(toExchangeSymbol('bybit', '1000PEPEUSDT')).toBe('1000PEPEUSDT');
    expect(fromExchangeSymbol('okx', 'ETH-USDT-SWAP')).toBe('ETHUSDT');
    expect(fromExchangeSymbol('okx', 'BTC-USD-SWAP')).toBeUndefined();
    expect(() => toExchangeSymbol('binance', 'BTCUSD')).toThrow(/not a USDT perpetual/);
  });
});
