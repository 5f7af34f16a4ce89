import { describe, expect, it } from 'vitest';
import { parseServerTime, serverTimeRequest } from './serverTime';

describe('Binance server time (/fapi/v1/time)', () => {
  it('asks the public endpoint at weight 1', () => {
    expect(serverTimeRequest()).toMatchObject({
      exchange: 'binance',
      endpoint: '/fapi/v1/time',
      url: 'https://fapi.binance.com/fapi/v1/time',
      weight: 1,
    });
  });

  it('reads the documented shape', () => {
    expect(parseServerTime('{"serverTime":1781481723418}')).toEqual({ ok: true, value: 1781481723418 });
  });

  it('turns bad bodies and error replies into typed errors naming the field', () => {
    expect(parseServerTime('{"serverTime":"soon"}')).toMatchObject({
      ok: false,
      error: { kind: 'malformed', exchange: 'binance', endpoint: '/fapi/v1/time', field: 'serverTime' },
    });
    expect(parseServerTime('')).toMatchObject({ ok: false, error: { kind: 'malformed' } });
    expect(parseServerTime('{"code":-1003,"msg":"Too many requests."}')).toMatchObject({
      ok: false,
      error: { kind: 'exchange' },
    });
  });
});
