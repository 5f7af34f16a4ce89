import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fail, ok } from '@/core/exchanges/errors';
import { ensureOkxInstrument, okxContractSizes, okxInstrumentsItem, REFRESH_MS } from './okxInstruments';

const ETH = { symbol: 'ETHUSDT', contractSize: 0.1, tickSize: 0.01 };
const T0 = Date.UTC(2026, 5, 1);

describe('OKX contract values from the instruments endpoint', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    okxContractSizes.clear();
  });

  it('fetches an unknown symbol once, stores it, and reuses it for a day', async () => {
    const fetch = vi.fn(async () => ok(ETH));
    expect(await ensureOkxInstrument('ETHUSDT', fetch, T0)).toBe('fetched');
    expect(okxContractSizes.get('ETHUSDT')).toBe(0.1);
    expect(await okxInstrumentsItem.getValue()).toEqual({
      ETHUSDT: { contractSize: 0.1, tickSize: 0.01, fetchedAt: T0 },
    });
    okxContractSizes.clear(); // a restarted worker
    expect(await ensureOkxInstrument('ETHUSDT', fetch, T0 + REFRESH_MS - 1)).toBe('fresh');
    expect(okxContractSizes.get('ETHUSDT')).toBe(0.1);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('refreshes after a day, and keeps the stored value when the refresh fails', async () => {
    await ensureOkxInstrument('ETHUSDT', async () => ok(ETH), T0);
    const down = vi.fn(async () =>
      fail({
        kind: 'network' as const,
        exchange: 'okx' as const,
        endpoint: '/api/v5/public/instruments',
        message: 'offline',
      }),
    );
    expect(await ensureOkxInstrument('ETHUSDT', down, T0 + REFRESH_MS)).toBe('stale');
    expect(down).toHaveBeenCalledTimes(1);
    expect(okxContractSizes.get('ETHUSDT')).toBe(0.1);
    const changed = vi.fn(async () => ok({ ...ETH, contractSize: 1 }));
    expect(await ensureOkxInstrument('ETHUSDT', changed, T0 + REFRESH_MS)).toBe('fetched');
    expect(okxContractSizes.get('ETHUSDT')).toBe(1);
  });

  it('leaves a symbol unknown (no guessed value) when nothing was ever fetched', async () => {
    const down = async () =>
      fail({
        kind: 'network' as const,
        exchange: 'okx' as const,
        endpoint: '/api/v5/public/instruments',
        message: 'offline',
      });
    expect(await ensureOkxInstrument('SOLUSDT', down, T0)).toBe('unknown');
    expect(okxContractSizes.has('SOLUSDT')).toBe(false);
  });
});
