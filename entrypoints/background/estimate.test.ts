import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Bar } from '@/core/data/bars';
import { estimateBase } from '@/core/estimate/estimateReply';
import { computeMultiExchangeHeatmap } from '@/core/model';
import { DEFAULT_SETTINGS, type Settings } from '@/core/settings';
import { DB_NAME, openHeatBandsDb, type SyncStatus, saveSync, syncKey } from '@/core/storage/db';
import { loadDemoBars } from '@/tools/demo/demo-bars';

/**
 * The worker's one estimate (estimate.ts) against the real IndexedDB schema (fake-indexeddb) and
 * WXT's storage (fakeBrowser): built once, advanced by the new bar only, republished only when it
 * changed, and the same as a full computation of the same bars.
 */
const bars = loadDemoBars();
const SETTINGS: Settings = { ...DEFAULT_SETTINGS, symbol: 'BTCUSDT', exchanges: ['binance'], window: '12h' };
const FIRST = 600;

async function store(upTo: number): Promise<void> {
  const slice = bars.slice(0, upTo);
  const last = slice[slice.length - 1]!;
  const status: SyncStatus = {
    key: syncKey('binance', 'BTCUSDT', '5m'),
    exchange: 'binance',
    symbol: 'BTCUSDT',
    interval: '5m',
    lastAttemptAt: Date.now(),
    lastSuccessAt: Date.now(),
    exchangeTimeAtSync: last.time + 300_000,
    newestBarTime: last.time,
    newestCandleTime: last.time,
    coveredFrom: slice[0]!.time,
    sources: ['candles'],
  };
  const db = await openHeatBandsDb();
  try {
    await saveSync(
      db,
      slice.map((b) => ({ ...b, exchange: 'binance' as const, symbol: 'BTCUSDT', interval: '5m' as const })),
      status,
    );
  } finally {
    db.close();
  }
}

/** A fresh worker module (its session is module state), storage and database. */
async function freshWorker() {
  vi.resetModules();
  fakeBrowser.reset();
  await deleteDB(DB_NAME);
  const settings = await import('@/utils/settings');
  await settings.settingsItem.setValue(SETTINGS);
  const estimate = await import('./estimate');
  const published = await import('@/utils/estimate');
  return { ...estimate, ...published, settings };
}

function fullBase(upTo: number, settings: Settings = SETTINGS) {
  const result = computeMultiExchangeHeatmap(new Map([['binance', bars.slice(0, upTo) as Bar[]]]), {
    window: settings.window,
    filter: { exchanges: settings.exchanges, sides: settings.sides, leverages: settings.leverages },
  });
  return estimateBase(result, settings);
}

describe('the worker computes the estimate once and publishes it', () => {
  beforeEach(() => fakeBrowser.reset());

  it('builds once, then advances by the new bar only, matching a full computation', async () => {
    const worker = await freshWorker();
    await store(FIRST);
    const first = await worker.refreshEstimate('test');
    expect(first.reply.ok).toBe(true);
    expect(await worker.estimateStatsItem.getValue()).toMatchObject({ builds: 1, engineRuns: 1, appends: 0 });
    expect((await worker.loadEstimate())?.reply).toEqual(first.reply);

    await store(FIRST + 1);
    const next = await worker.refreshEstimate('test');
    // One engine run for one new bar, and no rebuild.
    expect(await worker.estimateStatsItem.getValue()).toMatchObject({ builds: 1, engineRuns: 2, appends: 1 });
    expect(next.reply.ok && first.reply.ok && next.reply.asOf - first.reply.asOf).toBe(300_000);
    const full = fullBase(FIRST + 1);
    if (!next.reply.ok) throw new Error(next.reply.problem);
    expect(next.reply.asOf).toBe(full.asOf);
    expect(next.reply.price).toBe(full.price);
    expect(next.reply.zones.map((z) => [z.side, z.priceLow, z.priceHigh])).toEqual(
      full.zones.map((z) => [z.side, z.priceLow, z.priceHigh]),
    );
    const key = (b: { side: string; priceLow: number; priceHigh: number; timeStart: number }) =>
      `${b.side}:${b.priceLow}:${b.priceHigh}:${b.timeStart}`;
    const fullKeys = new Set(full.bands.map(key));
    const same = next.reply.bands.filter((b) => fullKeys.has(key(b))).length;
    expect(next.reply.bands.length).toBeGreaterThan(20);
    expect(same / next.reply.bands.length).toBeGreaterThan(0.95);
  });

  it('runs no engine and publishes nothing new when no bar came', async () => {
    const worker = await freshWorker();
    await store(FIRST);
    const first = await worker.refreshEstimate('test');
    const again = await worker.refreshEstimate('test');
    expect(await worker.estimateStatsItem.getValue()).toMatchObject({ engineRuns: 1 });
    expect(again.publishedAt).toBe(first.publishedAt);
  });

  it('applies other filters to the same session; rebuilds for another window', async () => {
    const worker = await freshWorker();
    await store(FIRST);
    await worker.refreshEstimate('test');
    await worker.settings.updateSettings({ sides: ['short'], threshold: 0.3 });
    const shortOnly = await worker.refreshEstimate('test');
    expect(await worker.estimateStatsItem.getValue()).toMatchObject({ builds: 1, engineRuns: 1 });
    expect(shortOnly.reply.ok && shortOnly.reply.bands.every((b) => b.side === 'short')).toBe(true);
    await worker.settings.updateSettings({ window: '24h' });
    await worker.refreshEstimate('test');
    expect(await worker.estimateStatsItem.getValue()).toMatchObject({ builds: 2, engineRuns: 2 });
  });

  it('says why when there is nothing stored yet, and publishes that', async () => {
    const worker = await freshWorker();
    const published = await worker.refreshEstimate('test');
    expect(published.reply).toEqual({
      ok: false,
      problem: 'No cached data for BTCUSDT yet: waiting for the first sync.',
    });
    expect(await worker.estimateStatsItem.getValue()).toMatchObject({ engineRuns: 0 });
  });
});
