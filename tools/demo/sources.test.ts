import { describe, expect, it } from 'vitest';
import { summariseSources } from './sources';

describe('the sources a demo run used', () => {
  it('groups the replay log by exchange, one entry per endpoint, with the request count', () => {
    const summary = summariseSources([
      { host: 'fapi.binance.com', path: '/fapi/v1/klines', status: 200 },
      { host: 'fapi.binance.com', path: '/fapi/v1/klines', status: 200 },
      { host: 'fstream.binance.com', path: '/ws/btcusdt@kline_1m', status: 101, ws: true },
      { host: 'api.bybit.com', path: '/v5/market/open-interest', status: 429 },
    ]);
    expect(summary).toEqual([
      {
        exchange: 'binance',
        endpoints: [
          'https://fapi.binance.com/fapi/v1/klines',
          'wss://fstream.binance.com/ws/btcusdt@kline_1m',
        ],
        requests: 3,
      },
      { exchange: 'bybit', endpoints: ['https://api.bybit.com/v5/market/open-interest'], requests: 1 },
    ]);
  });

  it('keeps hosts it does not know under "unknown" rather than dropping them', () => {
    expect(summariseSources([{ host: 'example.com', path: '/x', status: 404 }])).toEqual([
      { exchange: 'unknown', endpoints: ['https://example.com/x'], requests: 1 },
    ]);
  });

  it('is empty when nothing was asked', () => {
    expect(summariseSources([])).toEqual([]);
  });
});
