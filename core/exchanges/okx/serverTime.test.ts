import { describe, expect, it } from 'vitest';
import type { ExchangeError, ExchangeResult } from '../errors';
import { OKX_RATE_LIMITS } from './endpoints';
import { okx } from './index';
import { parseServerTime, serverTimeRequest } from './serverTime';

function error<T>(r: ExchangeResult<T>): ExchangeError {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.error;
}

describe('OKX server time', () => {
  it('asks GET /api/v5/public/time from its own 10-per-2-seconds pool', () => {
    const spec = serverTimeRequest();
    expect(spec).toEqual({
      exchange: 'okx',
      endpoint: '/api/v5/public/time',
      url: 'https://www.okx.com/api/v5/public/time',
      pool: 'time',
      weight: 1,
    });
    expect(OKX_RATE_LIMITS.find((p) => p.pool === 'time')).toMatchObject({ capacity: 10, windowMs: 2000 });
  });

  it('reads the epoch ms string OKX sends', () => {
    const body = '{"code":"0","msg":"","data":[{"ts":"1781481723418"}]}';
    expect(parseServerTime(body)).toEqual({ ok: true, value: 1_781_481_723_418 });
  });

  it('is wired into the adapter, so syncs follow OKX’s clock', () => {
    expect(okx.serverTimeRequest?.().endpoint).toBe('/api/v5/public/time');
    expect(okx.parseServerTime?.('{"code":"0","msg":"","data":[{"ts":"1597026383085"}]}')).toEqual({
      ok: true,
      value: 1_597_026_383_085,
    });
  });

  it.each([
    ['a time that is not epoch ms', '{"code":"0","msg":"","data":[{"ts":"soon"}]}', 'data[0].ts'],
    ['a numeric-looking float', '{"code":"0","msg":"","data":[{"ts":"1781481723418.5"}]}', 'data[0].ts'],
    ['no entry at all', '{"code":"0","msg":"","data":[]}', 'data'],
    ['no data field', '{"code":"0","msg":""}', 'data'],
  ])('refuses %s with a malformed error naming the field', (_, body, field) => {
    const e = error(parseServerTime(body));
    expect(e).toMatchObject({ kind: 'malformed', exchange: 'okx', endpoint: '/api/v5/public/time' });
    expect(e.field).toBe(field);
  });

  it('refuses an HTML page and a truncated body without throwing', () => {
    expect(error(parseServerTime('<html><title>502 Bad Gateway</title></html>')).kind).toBe('malformed');
    expect(error(parseServerTime('{"code":"0","msg":"","data":[{"ts":"17814'))).toMatchObject({
      exchange: 'okx',
      endpoint: '/api/v5/public/time',
    });
  });

  it('turns OKX error codes into typed errors: rate limits back off, others are the exchange’s', () => {
    const limited = error(parseServerTime('{"code":"50011","msg":"Too Many Requests","data":[]}'));
    expect(limited).toMatchObject({ kind: 'rate-limited', field: 'code' });
    expect(limited.message).toContain('50011');
    const busy = error(
      parseServerTime('{"code":"50001","msg":"Service temporarily unavailable.","data":[]}'),
    );
    expect(busy).toMatchObject({ kind: 'exchange', exchange: 'okx' });
  });
});
