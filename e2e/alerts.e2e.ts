import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../core/settings';
import {
  type LaunchedExtension,
  launchExtension,
  messageServiceWorker,
  openExtensionPage,
  openSidePanel,
  waitForWorkerBands,
} from '../tools/browser';
import { DEMO_SYMBOL, loadDemoBars } from '../tools/demo/demo-bars';
import { type ReplayExchange, startReplayExchange } from '../tools/replay-exchange/index';

/**
 * Alerts near strong zones, in the real worker: off by default; on, a notification per zone the
 * price is near, at most one per zone per hour, and the toolbar badge showing the distance to the
 * nearest strong zone; off again, the badge clears.
 */
const DAY = 86_400_000;

describe('alerts near strong zones', () => {
  const bars = loadDemoBars();
  const start = bars[0]!.time + 2 * DAY + 2 * 60_000;
  let replay: ReplayExchange;
  let ext: LaunchedExtension;
  let page: Page;

  const setSettings = (patch: Partial<typeof DEFAULT_SETTINGS>) =>
    page.evaluate(
      `chrome.storage.local.set({ settings: ${JSON.stringify({ ...DEFAULT_SETTINGS, ...patch })} })`,
    );
  const notifications = () => page.evaluate<Record<string, boolean>>('chrome.notifications.getAll()');
  const badge = () => page.evaluate<string>('chrome.action.getBadgeText({})');
  const alertLog = () =>
    page.evaluate<Record<string, number>>(
      `chrome.storage.local.get('alertLog').then((r) => r.alertLog || {})`,
    );

  beforeAll(async () => {
    replay = await startReplayExchange({ bars, symbol: DEMO_SYMBOL, start, speed: 0 });
    ext = await launchExtension({ replay });
    page = await openExtensionPage(ext, 'popup.html');
    await messageServiceWorker(page, { type: 'refresh' });
    await waitForWorkerBands(page, DEMO_SYMBOL);
  });
  afterAll(async () => {
    await ext?.close();
    await replay?.close();
  });

  it('is off until the trader turns it on: no notification, no badge', async () => {
    expect(DEFAULT_SETTINGS.alerts).toBe(false);
    expect(Object.keys(await notifications())).toEqual([]);
    expect(await badge()).toBe('');
    expect(await page.isChecked('input[name="alerts"]')).toBe(false);
  });

  it('on: one notification per near, strong zone, and the distance on the badge', async () => {
    // Near: within 10 % of price; strong: any size. The demo's zones sit within a few %.
    await setSettings({ alerts: true, alertDistancePct: 10, alertMinUsd: 0 });
    // The worker logs each alert, then shows it: wait until every logged alert is on screen.
    await expect
      .poll(
        async () => {
          const shown = Object.keys(await notifications()).sort();
          const logged = Object.keys(await alertLog()).sort();
          return shown.length > 0 && JSON.stringify(shown) === JSON.stringify(logged);
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    for (const id of Object.keys(await notifications())) {
      expect(id).toMatch(new RegExp(`^${DEMO_SYMBOL}:(long|short):\\d+-\\d+$`));
    }
    await expect.poll(badge).toMatch(/^\d+(\.\d)?%$/);
  });

  it('a click on an alert opens the side panel on that zone', async () => {
    const [id] = Object.keys(await notifications());
    expect(id).toBeDefined();
    const worker = ext.context.serviceWorkers()[0] ?? (await ext.context.waitForEvent('serviceworker'));
    // Headless Chromium shows no notification to click: dispatch the real click event instead.
    await worker.evaluate(`chrome.notifications.onClicked.dispatch(${JSON.stringify(id)})`);
    const [, side, low, high] = /:(long|short):(\d+)-(\d+)$/.exec(id!)!;
    await expect
      .poll(() => page.evaluate(`chrome.storage.session.get('focusZone').then((r) => r.focusZone)`))
      .toEqual({ symbol: DEMO_SYMBOL, priceLow: Number(low), priceHigh: Number(high) });
    expect(side).toMatch(/long|short/);
    // The side panel, opened, centres on it and consumes the request.
    const panel = await openSidePanel(ext);
    await expect
      .poll(() => page.evaluate(`chrome.storage.session.get('focusZone').then((r) => r.focusZone ?? null)`), {
        timeout: 30_000,
      })
      .toBeNull();
    await panel.close();
  });

  it('announces a zone at most once per hour, however often the worker polls', async () => {
    const before = await alertLog();
    await page.evaluate(
      'chrome.notifications.getAll().then((all) => Promise.all(Object.keys(all).map((id) => chrome.notifications.clear(id))))',
    );
    await messageServiceWorker(page, { type: 'refresh' });
    await messageServiceWorker(page, { type: 'refresh' });
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await alertLog()).toEqual(before);
    expect(Object.keys(await notifications())).toEqual([]);
  });

  it('only zones over the size set alert, and off clears the badge', async () => {
    await setSettings({ alerts: true, alertDistancePct: 10, alertMinUsd: 1e12 });
    await expect.poll(badge, { timeout: 30_000 }).toBe('');
    await setSettings({ alerts: false });
    await expect.poll(badge, { timeout: 30_000 }).toBe('');
  });
});
