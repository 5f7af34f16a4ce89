import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../core/settings';
import type { StoredBar, SyncStatus } from '../core/storage/db';
import {
  type LaunchedExtension,
  launchExtension,
  messageServiceWorker,
  openSidePanel,
  readIndexedDbStore,
  ServiceWorkerControl,
  saveScreenshot,
} from '../tools/browser';
import { DEMO_SYMBOL, loadDemoBars } from '../tools/demo/demo-bars';
import { type ReplayExchange, startReplayExchange } from '../tools/replay-exchange/index';

/**
 * The worker's own polling, in the real browser: it asks the exchanges (the replay exchange,
 * reached under the real hostnames) for the recorded market, caches it in IndexedDB, and the
 * side panel draws from that cache. Faults and a worker killed mid-sync must lose nothing.
 */
const HOUR = 3_600_000;
const bars = loadDemoBars();
const recorded = new Map(bars.map((b) => [b.time, b]));
const START = bars[0]!.time + 2 * 24 * HOUR + 2 * 60_000;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("the worker's sync against the replay exchange", () => {
  let replay: ReplayExchange;
  let ext: LaunchedExtension;
  let panel: Page;

  const worker = () => ext.currentServiceWorker() ?? ext.serviceWorker;
  const cached = async (exchange: string) => {
    const read = await readIndexedDbStore<StoredBar>(worker(), 'heatbands', 'bars');
    return read.found ? read.records.filter((b) => b.exchange === exchange) : [];
  };
  const statuses = async () => {
    const read = await readIndexedDbStore<SyncStatus>(worker(), 'heatbands', 'sync');
    return read.found ? read.records : [];
  };

  beforeAll(async () => {
    replay = await startReplayExchange({ bars, symbol: DEMO_SYMBOL, start: START, speed: 0 });
    ext = await launchExtension({ replay });
  });
  afterAll(async () => {
    await ext?.close();
    await replay?.close();
  });

  it('polls Binance and Bybit under their real hostnames and caches the recorded bars', async () => {
    const binance = await until('binance bars in IndexedDB', async () => {
      const b = await cached('binance');
      return b.length >= 100 ? b : undefined;
    });
    const bybit = await until('bybit bars in IndexedDB', async () => {
      const b = await cached('bybit');
      return b.length >= 100 ? b : undefined;
    });
    for (const bar of [...binance, ...bybit]) {
      const truth = recorded.get(bar.time);
      expect(truth, `bar ${bar.time} is a recorded bar`).toBeDefined();
      expect(bar.close).toBe(truth!.close);
      expect(bar.time).toBeLessThan(START);
    }
    expect(binance.filter((b) => b.oiUsd !== undefined).length).toBeGreaterThan(100);
    const hits = (host: string, path: string) =>
      replay.requests.some((r) => r.host === host && r.path === path && r.status === 200);
    expect(hits('fapi.binance.com', '/fapi/v1/klines')).toBe(true);
    expect(hits('fapi.binance.com', '/futures/data/openInterestHist')).toBe(true);
    expect(hits('api.bybit.com', '/v5/market/kline')).toBe(true);
    expect(hits('api.bybit.com', '/v5/market/open-interest')).toBe(true);
  });

  it('shows the zones in the side panel, longs below price and shorts above, with fresh data', async () => {
    panel = await openSidePanel(ext);
    await panel.setViewportSize({ width: 420, height: 900 });
    const zones = await until('zones in the side panel', async () => {
      const z = await panel.$$eval('[data-zone]', (els) =>
        els.map((e) => JSON.parse(e.getAttribute('data-zone')!)),
      );
      return z.length > 0
        ? (z as Array<{ side: string; distancePct: number; notionalUsd: number }>)
        : undefined;
    });
    for (const z of zones) {
      expect(z.notionalUsd).toBeGreaterThan(0);
      expect(z.side === 'long' ? z.distancePct < 0 : z.distancePct > 0).toBe(true);
    }
    expect(await panel.locator('.status .fresh').count()).toBe(2);
    await saveScreenshot(panel, 'side-panel-from-cache');
  });

  it('on HTTP 429 keeps every cached bar and the side panel says what is stale and why', async () => {
    const before = await cached('binance');
    replay.faults.add({ match: '/fapi/v1/klines', kind: 'status', status: 429, retryAfterSec: 1 });
    replay.clock.set(START + HOUR);
    await messageServiceWorker(panel, { type: 'refresh' });
    const status = await until('a rate-limited binance status', async () =>
      (await statuses()).find((s) => s.exchange === 'binance' && s.error?.kind === 'rate-limited'),
    );
    expect(status.lastSuccessAt).toBeDefined();
    expect((await cached('binance')).length).toBe(before.length);
    await panel.reload();
    const stale = panel.locator('.status li[data-exchange="binance"].stale');
    await stale.waitFor({ timeout: 10_000 });
    expect(await stale.textContent()).toMatch(/rate-limited.*429/);
    await saveScreenshot(panel, 'side-panel-stale');
    replay.faults.clear();
  });

  it('recovers when the worker is stopped in the middle of a sync, with no gap and no duplicate', async () => {
    const control = await ServiceWorkerControl.attach(ext);
    try {
      replay.faults.add({ match: '/futures/data/openInterestHist', kind: 'slow', delayMs: 5000, times: 1 });
      replay.clock.set(START + 2 * HOUR);
      await messageServiceWorker(panel, { type: 'refresh' });
      await until('a pending openInterestHist request', async () =>
        replay.requests.find((r) => r.path === '/futures/data/openInterestHist' && r.status === 0),
      );
      await control.stop();
      // Waking the worker by a message, as a page would; it re-reads everything from storage.
      await messageServiceWorker(panel, { type: 'refresh' });
      const lastClosed = Math.floor((START + 2 * HOUR) / 300_000) * 300_000 - 300_000;
      const synced = await until('binance synced to the new replay time', async () => {
        const b = await cached('binance');
        return b.at(-1)?.time === lastClosed && b.at(-1)?.oiUsd !== undefined ? b : undefined;
      });
      const times = synced.map((b) => b.time);
      expect(new Set(times).size).toBe(times.length);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(300_000);
      const status = (await statuses()).find((s) => s.exchange === 'binance')!;
      expect(status.error).toBeUndefined();
    } finally {
      await control.detach();
    }
  });
  it('syncs OKX too once the trader enables it in the popup, under its real hostname', {
    timeout: 120_000,
  }, async () => {
    await panel.evaluate(
      `chrome.storage.local.set({ settings: ${JSON.stringify({ ...DEFAULT_SETTINGS, exchanges: ['binance', 'bybit', 'okx'] })} })`,
    );
    const okx = await until(
      'okx bars in IndexedDB',
      async () => {
        const b = await cached('okx');
        return b.length >= 100 ? b : undefined;
        // OKX's statistics endpoints allow 5–10 requests per 2 s: a first sync of the window plus
        // warm-up takes about half a minute under the budget.
      },
      90_000,
    );
    for (const bar of okx) expect(bar.close).toBe(recorded.get(bar.time)!.close);
    expect(okx.filter((b) => b.oiUsd !== undefined).length).toBeGreaterThan(100);
    expect(replay.requests.some((r) => r.host === 'www.okx.com' && r.path === '/api/v5/market/candles')).toBe(
      true,
    );
  });
});
