import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Offered } from '@/core/exchanges/client';
import { fail, ok } from '@/core/exchanges/errors';
import type { ExchangeId } from '@/core/exchanges/types';
import { ensureTickSizes, loadTickSize, TICK_REFRESH_MS, tickSizeOf, tickSizesItem } from './tickSizes';

const T0 = Date.UTC(2026, 5, 1);
const TICKS: Record<ExchangeId, number> = { binance: 0.01, bybit: 0.05, okx: 0.01 };
const down = (exchange: ExchangeId): Offered<number> =>
  fail({ kind: 'network', exchange, endpoint: '/x', message: 'offline' });

describe('tick sizes from the exchanges, cached a day', () => {
  beforeEach(() => fakeBrowser.reset());

  it('fetches each enabled exchange once, stores them, and reuses them for a day', async () => {
    const fetch = vi.fn(async (exchange: ExchangeId) => ok(TICKS[exchange]));
    expect(await ensureTickSizes('ETHUSDT', ['binance', 'bybit', 'okx'], fetch, T0)).toEqual({
      binance: 'fetched',
      bybit: 'fetched',
      okx: 'fetched',
    });
    expect(await tickSizesItem.getValue()).toEqual({
      'binance:ETHUSDT': { tickSize: 0.01, fetchedAt: T0 },
      'bybit:ETHUSDT': { tickSize: 0.05, fetchedAt: T0 },
      'okx:ETHUSDT': { tickSize: 0.01, fetchedAt: T0 },
    });
    expect(await ensureTickSizes('ETHUSDT', ['binance', 'bybit'], fetch, T0 + TICK_REFRESH_MS - 1)).toEqual({
      binance: 'fresh',
      bybit: 'fresh',
    });
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('refreshes after a day, keeps a stored tick when the refresh fails, and knows none it never got', async () => {
    await ensureTickSizes('ETHUSDT', ['binance'], async () => ok(0.01), T0);
    const failing = vi.fn(async (exchange: ExchangeId) => down(exchange));
    expect(await ensureTickSizes('ETHUSDT', ['binance', 'okx'], failing, T0 + TICK_REFRESH_MS)).toEqual({
      binance: 'stale',
      okx: 'unknown',
    });
    expect(failing).toHaveBeenCalledTimes(2);
    expect(await loadTickSize('ETHUSDT')).toBe(0.01);
    expect(await loadTickSize('SOLUSDT')).toBeUndefined();
  });

  it('shows and bins at the coarsest tick of the enabled exchanges', async () => {
    await ensureTickSizes('ETHUSDT', ['binance', 'bybit', 'okx'], async (e) => ok(TICKS[e]), T0);
    const stored = await tickSizesItem.getValue();
    expect(tickSizeOf(stored, 'ETHUSDT')).toBe(0.05);
    expect(tickSizeOf(stored, 'ETHUSDT', ['binance', 'okx'])).toBe(0.01);
    expect(tickSizeOf(stored, 'ETHUSDT', [])).toBeUndefined();
  });

  it('ignores a stored value that does not validate', async () => {
    await tickSizesItem.setValue({ 'binance:ETHUSDT': { tickSize: -1, fetchedAt: T0 } });
    expect(await loadTickSize('ETHUSDT')).toBeUndefined();
  });
});
