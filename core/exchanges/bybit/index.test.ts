import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures/read';
import { bybit } from './index';
import { parseStreamMessage } from './stream';

describe('the bybit adapter', () => {
  it('implements the whole ExchangeAdapter for Bybit linear perpetuals', () => {
    expect(bybit.id).toBe('bybit');
    expect(bybit.rateLimits.length).toBeGreaterThan(0);
    const range = { startTime: Date.UTC(2025, 5, 1), endTime: Date.UTC(2025, 5, 2) };
    expect(bybit.candleRequests('BTCUSDT', '1h', range)[0]!.endpoint).toBe('/v5/market/kline');
    expect(bybit.openInterestHistoryRequests('BTCUSDT', '1h', range)[0]!.endpoint).toBe(
      '/v5/market/open-interest',
    );
    expect(bybit.longShortRatioRequests('BTCUSDT', '1h', range)[0]!.endpoint).toBe(
      '/v5/market/account-ratio',
    );
  });

  it('parses what its own requests fetch', () => {
    expect(bybit.parseCandles('BTCUSDT', fixture('kline-btcusdt-5m.json')).ok).toBe(true);
    expect(bybit.parseOpenInterestHistory('BTCUSDT', fixture('open-interest-btcusdt-5min.json')).ok).toBe(
      true,
    );
    expect(bybit.parseLongShortRatio('BTCUSDT', fixture('account-ratio-btcusdt-5min.json')).ok).toBe(true);
    expect(parseStreamMessage(fixture('ws-all-liquidation-btcusdt.json')).ok).toBe(true);
  });

  it('offers no taker flow and no REST liquidations: Bybit publishes neither', () => {
    expect(bybit.takerFlowRequests).toBeUndefined();
    expect(bybit.parseTakerFlow).toBeUndefined();
    expect(bybit.liquidationRequests).toBeUndefined();
    expect(bybit.parseLiquidations).toBeUndefined();
  });
});
