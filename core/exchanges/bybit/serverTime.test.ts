import { describe, expect, it } from 'vitest';
import { parseServerTime, serverTimeRequest } from './serverTime';

const SAMPLE =
  '{"retCode":0,"retMsg":"OK","result":{"timeSecond":"1781481723","timeNano":"1781481723418312001"},"retExtInfo":{},"time":1781481723418}';

describe('Bybit server time (/v5/market/time)', () => {
  it('asks the public endpoint', () => {
    expect(serverTimeRequest()).toMatchObject({
      exchange: 'bybit',
      endpoint: '/v5/market/time',
      url: 'https://api.bybit.com/v5/market/time',
    });
  });

  it('reads the envelope time, in ms', () => {
    expect(parseServerTime(SAMPLE)).toEqual({ ok: true, value: 1781481723418 });
  });

  it('turns bad bodies and error replies into typed errors', () => {
    expect(parseServerTime(SAMPLE.replace('"time":1781481723418', '"time":"later"'))).toMatchObject({
      ok: false,
      error: { kind: 'malformed', exchange: 'bybit', field: 'time' },
    });
    expect(parseServerTime('<html><title>403 Forbidden</title></html>')).toMatchObject({
      ok: false,
      error: { kind: 'malformed' },
    });
    expect(parseServerTime('{"retCode":10001,"retMsg":"params error","result":{},"time":1}')).toMatchObject({
      ok: false,
      error: { kind: 'exchange' },
    });
  });
});
