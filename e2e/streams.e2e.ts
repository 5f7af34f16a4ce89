import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiquidationEvent } from '../core/exchanges/types';
import { DB_NAME } from '../core/storage/db';
import {
  type LaunchedExtension,
  launchExtension,
  messageServiceWorker,
  openSidePanel,
  readIndexedDbStore,
  ServiceWorkerControl,
  waitForWorkerBands,
} from '../tools/browser';
import { isDrawing, waitForOverlay } from '../tools/browser/overlay';
import { installBinancePage } from '../tools/browser/standin/binance-page';
import { DEMO_SYMBOL, loadDemoBars } from '../tools/demo/demo-bars';
import { type ReplayExchange, startReplayExchange } from '../tools/replay-exchange/index';

/**
 * The worker's live streams against the replay exchange's WebSockets: real liquidation frames,
 * each exchange with its own side convention, stored once each in IndexedDB while the side panel
 * is open, listed and scored there; a worker stopped mid-stream leaves no duplicate. The events
 * come from a synthetic events CSV (marked so), pushed by the replay at their replay times.
 */
const DAY = 86_400_000;
const SPEED = 60;

describe('live streams: real liquidations recorded and shown', () => {
  const bars = loadDemoBars();
  const start = bars[0]!.time + 2 * DAY + 2 * 60_000;
  const dir = mkdtempSync(join(tmpdir(), 'heatbands-events-'));
  // One event every 20 s of replay time for 20 minutes, alternating exchange and side, at the
  // bar's close (the replay clock runs at ×60, so one every third of a second).
  const planned = Array.from({ length: 60 }, (_, i) => {
    const time = start + 5_000 + i * 20_000;
    const bar = bars.findLast((b) => b.time <= time)!;
    return {
      time,
      exchange: i % 2 === 0 ? 'binance' : 'bybit',
      side: i % 3 === 0 ? 'short' : 'long',
      price: bar.close,
      notionalUsd: 50_000 + (i % 7) * 25_000,
    };
  });
  const eventsPath = join(dir, 'events.csv');
  writeFileSync(
    eventsPath,
    `# synthetic: e2e events, one per 20 s at the bar close\ntime,exchange,side,price,notional_usd\n${planned
      .map((e) => `${e.time},${e.exchange},${e.side},${e.price},${e.notionalUsd}`)
      .join('\n')}\n`,
  );
  let replay: ReplayExchange;
  let ext: LaunchedExtension;
  let panel: Page;

  const worker = async (): Promise<Worker> =>
    ext.context.serviceWorkers()[0] ?? (await ext.context.waitForEvent('serviceworker'));
  const stored = async (): Promise<LiquidationEvent[]> => {
    const read = await readIndexedDbStore<LiquidationEvent>(await worker(), DB_NAME, 'liquidationEvents');
    return read.found ? read.records : [];
  };
  const key = (e: Pick<LiquidationEvent, 'exchange' | 'time' | 'side' | 'price'>) =>
    `${e.exchange}:${e.time}:${e.side}:${e.price}`;

  beforeAll(async () => {
    replay = await startReplayExchange({ bars, symbol: DEMO_SYMBOL, start, speed: 0, events: eventsPath });
    ext = await launchExtension({ replay });
    panel = await openSidePanel(ext);
    await messageServiceWorker(panel, { type: 'refresh' });
    await waitForWorkerBands(panel, DEMO_SYMBOL);
    replay.clock.setSpeed(SPEED);
  });
  afterAll(async () => {
    await ext?.close();
    await replay?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("stores the liquidations the streams carry, once each, with each exchange's side right", async () => {
    await expect.poll(async () => (await stored()).length, { timeout: 45_000 }).toBeGreaterThanOrEqual(6);
    const events = await stored();
    const keys = events.map(key);
    expect(new Set(keys).size).toBe(keys.length);
    const byPlan = new Map(planned.map((p) => [`${p.exchange}:${p.time}`, p]));
    for (const e of events) {
      expect(e.symbol).toBe(DEMO_SYMBOL);
      // Each stored event is a planned row: same exchange and time, and the SIDE the plan says,
      // though Binance sends the order side and Bybit the position side on the wire.
      const plan = byPlan.get(`${e.exchange}:${e.time}`);
      expect(plan, `a planned row behind ${key(e)}`).toBeDefined();
      expect(e.side).toBe(plan!.side);
      expect(e.price).toBeCloseTo(plan!.price, 6);
      expect(Math.abs(e.notionalUsd - plan!.notionalUsd)).toBeLessThanOrEqual(0.0005 * plan!.price + 1e-6);
    }
    expect(replay.syntheticLiquidations.length).toBe(planned.length);
  });

  it('holds under clock skew: the exchange clock is months from the machine, events keep their exchange times', async () => {
    // The replay's clock runs in the recording's June; the machine's clock does not.
    expect(Math.abs(Date.now() - start)).toBeGreaterThan(30 * DAY);
    const events = await stored();
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(Math.abs(e.time - start)).toBeLessThan(DAY);
  });

  it('lists them per hour and shows the live score with its sample in the side panel', async () => {
    await panel.reload();
    const events = panel.locator('[data-live-events]');
    await expect
      .poll(async () => Number(await events.getAttribute('data-live-events')), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(() => panel.locator('.liquidation-hours li').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    // The streams' mark price reaches the panel, fresher than the last 5-minute bar.
    await expect
      .poll(
        async () =>
          Number(
            await panel
              .locator('[data-live-price]')
              .getAttribute('data-live-price')
              .catch(() => 0),
          ),
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0);
    // Twenty minutes of events are far below the minimum: it says so rather than show a number.
    expect(await panel.locator('.live-score').textContent()).toMatch(/too few events yet/i);
  });

  it('a worker stopped while streaming leaves no duplicate when it comes back', async () => {
    const before = (await stored()).length;
    const control = await ServiceWorkerControl.attach(ext);
    try {
      await control.stop();
      await messageServiceWorker(panel, { type: 'refresh' });
      await panel.reload();
      await expect.poll(async () => (await stored()).length, { timeout: 45_000 }).toBeGreaterThan(before);
    } finally {
      await control.detach();
    }
    const keys = (await stored()).map(key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('draws the recorded liquidations as bubbles on the trading page too', async () => {
    const site = await installBinancePage(ext.context, {
      candles: () => bars.filter((b) => b.time + 5 * 60_000 <= replay.clock.now()),
      resolution: '5',
      initialMode: 'tradingview',
    });
    const page = await ext.context.newPage();
    await page.goto(site.url(DEMO_SYMBOL));
    await waitForOverlay(page, isDrawing, { what: 'bands with bubbles' });
    const count = await page.evaluate(`(() => {
      for (const frame of document.querySelectorAll('iframe')) {
        const host = frame.contentDocument && frame.contentDocument.querySelector('heatbands-overlay');
        if (host) return Number(host.getAttribute('data-liquidations'));
      }
      return -1;
    })()`);
    expect(count).toBeGreaterThan(0);
    await page.close();
    await site.uninstall();
  });
});
