import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { progressWriter, syncProgressItem, timeLeftMs } from './syncProgress';

describe('sync progress for the side panel', () => {
  beforeEach(() => fakeBrowser.reset());

  it('keeps each exchange apart and clears one when its sync ends, whatever the write order', async () => {
    const writer = progressWriter(() => 5_000);
    writer.update({ exchange: 'binance', fraction: 0.2, startedAt: 1_000, backfill: true });
    writer.update({ exchange: 'bybit', fraction: 0.5, startedAt: 1_000, backfill: true });
    writer.update({ exchange: 'binance', fraction: 0.4, startedAt: 1_000, backfill: true });
    writer.done('bybit');
    await new Promise((r) => setTimeout(r, 10));
    expect(await syncProgressItem.getValue()).toEqual({
      binance: { exchange: 'binance', fraction: 0.4, startedAt: 1_000, backfill: true, updatedAt: 5_000 },
    });
  });

  it('estimates the time left from the pace so far', () => {
    const base = { exchange: 'binance' as const, startedAt: 0, backfill: true };
    expect(timeLeftMs({ ...base, fraction: 0.25, updatedAt: 10_000 })).toBe(30_000);
    expect(timeLeftMs({ ...base, fraction: 0.01, updatedAt: 10_000 })).toBeUndefined();
    expect(timeLeftMs({ ...base, fraction: 1, updatedAt: 10_000 })).toBeUndefined();
  });
});
