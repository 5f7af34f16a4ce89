import { describe, expect, it } from 'vitest';
import type { ExchangeId } from '../exchanges/types';
import type { SyncStatus } from '../storage/db';
import {
  availableWindows,
  keepMsFor,
  MAX_HISTORY_MS,
  RECORDED_WINDOWS,
  recordedSpanMs,
  windowLabel,
  windowToShow,
} from './history';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);
const SHORT_WINDOWS = ['12h', '24h', '3d', '7d', '30d'];

/** A series HeatBands has recorded for `days`, synced up to NOW. */
function recorded(exchange: ExchangeId, days: number, symbol = 'BTCUSDT'): SyncStatus {
  return {
    key: `${exchange}:${symbol}:5m`,
    exchange,
    symbol,
    interval: '5m',
    lastAttemptAt: NOW,
    lastSuccessAt: NOW,
    newestBarTime: NOW,
    coveredFrom: NOW - days * DAY,
    sources: ['candles', 'openInterestHistory'],
  };
}

describe('availableWindows: 90d and 180d once HeatBands has recorded them', () => {
  it('offers only what the exchanges keep before anything is recorded', () => {
    expect(availableWindows([], 'BTCUSDT', ['binance'])).toEqual(SHORT_WINDOWS);
    expect(availableWindows([recorded('binance', 30)], 'BTCUSDT', ['binance'])).toEqual(SHORT_WINDOWS);
  });

  it('offers 90d from 90 recorded days (a day short still counts), 180d from 180', () => {
    expect(availableWindows([recorded('binance', 88)], 'BTCUSDT', ['binance'])).toEqual(SHORT_WINDOWS);
    expect(availableWindows([recorded('binance', 89.5)], 'BTCUSDT', ['binance'])).toEqual([
      ...SHORT_WINDOWS,
      '90d',
    ]);
    expect(availableWindows([recorded('binance', 179.9)], 'BTCUSDT', ['binance'])).toEqual([
      ...SHORT_WINDOWS,
      '90d',
      '180d',
    ]);
  });

  it('needs every chosen exchange that has synced to cover the window, and only the chosen ones', () => {
    const statuses = [recorded('binance', 120), recorded('bybit', 40)];
    expect(availableWindows(statuses, 'BTCUSDT', ['binance', 'bybit'])).not.toContain('90d');
    expect(availableWindows(statuses, 'BTCUSDT', ['binance'])).toContain('90d');
    expect(availableWindows(statuses, 'ETHUSDT', ['binance'])).toEqual(SHORT_WINDOWS);
  });

  it('counts nothing recorded for a series whose first sync failed', () => {
    const failed: SyncStatus = {
      ...recorded('binance', 0),
      newestBarTime: undefined,
      coveredFrom: undefined,
    };
    expect(recordedSpanMs(failed)).toBe(0);
    expect(availableWindows([recorded('bybit', 200), failed], 'BTCUSDT', ['binance', 'bybit'])).toEqual(
      SHORT_WINDOWS,
    );
  });
});

describe('windowToShow: a recorded window that is not available falls back, saying so', () => {
  it('keeps an available window as chosen', () => {
    expect(windowToShow('90d', [...SHORT_WINDOWS, '90d'] as never)).toEqual({ window: '90d' });
  });

  it('shows the longest available shorter window, with the reason', () => {
    const shown = windowToShow('180d', [...SHORT_WINDOWS, '90d'] as never);
    expect(shown.window).toBe('90d');
    expect(shown.fallbackNote).toMatch(/180d .*recorded.*showing 90d/);
    expect(windowToShow('90d', SHORT_WINDOWS as never).window).toBe('30d');
  });
});

describe('retention and labels', () => {
  it('keeps bars for the retention, never less than one full fetch', () => {
    expect(keepMsFor(180)).toBe(180 * DAY);
    expect(keepMsFor(1)).toBe(MAX_HISTORY_MS);
  });

  it('labels the recorded windows, and only those', () => {
    expect(RECORDED_WINDOWS).toEqual(['90d', '180d']);
    expect(windowLabel('90d')).toBe('90d (recorded)');
    expect(windowLabel('30d')).toBe('30d');
  });
});
