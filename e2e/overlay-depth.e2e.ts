import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveDepth } from '../core/depth/types';
import type { HeatmapReply } from '../core/messaging';
import {
  type LaunchedExtension,
  launchExtension,
  messageServiceWorker,
  openExtensionPage,
  openSidePanel,
  saveScreenshot,
  waitForWorkerBands,
} from '../tools/browser';
import { isDrawing, overlayHost, waitForOverlay } from '../tools/browser/overlay';
import { installBinancePage } from '../tools/browser/standin/binance-page';
import { DEMO_SYMBOL, loadDemoBars } from '../tools/demo/demo-bars';
import { type ReplayExchange, startReplayExchange } from '../tools/replay-exchange/index';

type OkReply = Extract<HeatmapReply, { ok: true }>;

const FIVE_MINUTES = 5 * 60_000;
const MOMENT = Date.UTC(2026, 5, 2, 15, 15);
const BIN = 30;

/**
 * Live depth as the worker publishes it (core/depth/types.ts LiveDepth): one Binance book in $30
 * bins within ±1 % of `price` ($2–8M of bids a bin under it, $3–9M of asks over it), a standing bid
 * wall 0.4 % under the price and an ask wall 0.5 % over it that was pulled ten minutes ago.
 */
function publishedDepth(price: number, now: number, symbol = DEMO_SYMBOL): LiveDepth {
  const loBin = Math.floor((price * 0.99) / BIN);
  const hiBin = Math.floor((price * 1.01) / BIN);
  const midBin = Math.floor(price / BIN);
  const bins = Array.from({ length: hiBin - loBin + 1 }, (_, i) => loBin + i);
  return {
    symbol,
    time: now,
    binSize: BIN,
    books: [
      {
        exchange: 'binance',
        health: { state: 'live', since: now - 600_000 },
        mid: price,
        reachLow: loBin * BIN,
        reachHigh: (hiBin + 1) * BIN - 0.1,
        loBin,
        bids: bins.map((k) => (k < midBin ? 2e6 * (1 + (k % 4)) : 0)),
        asks: bins.map((k) => (k >= midBin ? 3e6 * (1 + (k % 3)) : 0)),
      },
    ],
    walls: [
      {
        exchange: 'binance',
        symbol,
        side: 'bid',
        price: price * 0.996,
        peakUsd: 25e6,
        lastUsd: 22e6,
        from: MOMENT - 3_600_000,
        until: now,
        fate: 'standing',
      },
      {
        exchange: 'binance',
        symbol,
        side: 'ask',
        price: price * 1.005,
        peakUsd: 30e6,
        lastUsd: 0,
        from: MOMENT - 2 * 3_600_000,
        until: MOMENT - 600_000,
        fate: 'pulled',
      },
    ],
  };
}

/**
 * The chart overlay draws what the worker publishes as live depth (utils/depth.ts), only when the
 * trader switched it on in the popup: here the worker's own books are switched off (recordDepth) and
 * the depth is written to storage directly, as the worker writes it, so this holds whatever the
 * worker's books become (e2e/depth.e2e.ts runs the worker's real books on the replay).
 */
describe('live depth on the exchange chart', () => {
  const bars = loadDemoBars();
  let replay: ReplayExchange;
  let ext: LaunchedExtension;
  let page: Page;
  let extensionPage: Page;
  let reply: OkReply;

  const setSettings = (patch: Record<string, unknown>) =>
    extensionPage.evaluate(`chrome.storage.local.get('settings').then(({ settings }) =>
      chrome.storage.local.set({ settings: { ...settings, ...${JSON.stringify(patch)} } }))`);
  const publish = (depth: LiveDepth) =>
    extensionPage.evaluate(`chrome.storage.local.set({ liveDepth: ${JSON.stringify(depth)} })`);
  const depthAttributes = async () => {
    const host = await overlayHost(page);
    return host ? { state: host.state, ...host.depth } : null;
  };

  beforeAll(async () => {
    const start = MOMENT + FIVE_MINUTES + 2 * 60_000;
    replay = await startReplayExchange({ bars, symbol: DEMO_SYMBOL, start, speed: 0 });
    ext = await launchExtension({ replay });
    const site = await installBinancePage(ext.context, {
      candles: () => bars.filter((b) => b.time + FIVE_MINUTES <= replay.clock.now()),
      resolution: '5',
    });
    extensionPage = await openExtensionPage(ext, 'popup.html');
    await setSettings({ recordDepth: false });
    await messageServiceWorker(extensionPage, { type: 'refresh' });
    reply = await waitForWorkerBands<OkReply>(extensionPage, DEMO_SYMBOL);
    page = await ext.context.newPage();
    await page.goto(site.url(DEMO_SYMBOL, { mode: 'tradingview' }));
    await page.mouse.move(1, 1);
    await waitForOverlay(page, isDrawing, { what: 'drawing overlay', timeoutMs: 40_000 });
  });
  afterAll(async () => {
    await ext?.close();
    await replay?.close();
  });

  it('draws nothing of the depth until the trader switches it on', async () => {
    await publish(publishedDepth(reply.price, Date.now()));
    await page.waitForTimeout(1500);
    expect(await depthAttributes()).toMatchObject({ state: 'drawing', bins: null, walls: null });
  });

  it('draws the profile with the bins beyond the book reach as unknown, and the walls', async () => {
    await setSettings({ depthProfile: true, depthWalls: true });
    await publish(publishedDepth(reply.price, Date.now()));
    await expect
      .poll(async () => (await depthAttributes())?.bins ?? null, { timeout: 10_000 })
      .not.toBeNull();
    const shown = (await depthAttributes())!;
    expect(Number(shown.bins)).toBeGreaterThan(0);
    // The chart shows more than ±1 % around the price: the rest is unknown, not empty.
    expect(Number(shown.unknown)).toBeGreaterThan(0);
    expect(Number(shown.maxUsd)).toBeGreaterThanOrEqual(9e6);
    expect(shown).toMatchObject({ walls: 2, ended: 1 });
    await saveScreenshot(page, 'overlay-depth');
  });

  it('follows each publication, and draws no other market and no stopped stream as live', async () => {
    await publish(publishedDepth(reply.price, Date.now(), 'ETHUSDT'));
    await expect.poll(async () => (await depthAttributes())?.bins ?? null, { timeout: 10_000 }).toBeNull();
    await publish(publishedDepth(reply.price, Date.now()));
    await expect
      .poll(async () => (await depthAttributes())?.bins ?? null, { timeout: 10_000 })
      .not.toBeNull();
    await publish(publishedDepth(reply.price, Date.now() - 60_000));
    await expect.poll(async () => (await depthAttributes())?.walls ?? null, { timeout: 10_000 }).toBeNull();
  });

  it('switches off from the popup settings', async () => {
    await publish(publishedDepth(reply.price, Date.now()));
    await setSettings({ depthProfile: false });
    await expect.poll(async () => (await depthAttributes())?.bins ?? null, { timeout: 10_000 }).toBeNull();
    expect((await depthAttributes())?.walls).toBe(2);
  });

  it('says in the side panel what the live book holds between the price and each listed zone', async () => {
    const panel = await openSidePanel(ext);
    await panel.locator('.zone button').first().waitFor({ timeout: 30_000 });
    await publish(publishedDepth(reply.price, Date.now()));
    const zones = await panel.locator('.zone button').count();
    await expect.poll(() => panel.locator('.zone-path').count(), { timeout: 10_000 }).toBe(zones);
    // The book reaches ±1 % only: a zone farther than that is reached through unknown prices.
    const paths = await panel.locator('.zone-path').evaluateAll((nodes) =>
      nodes.map((n) => ({
        known: n.getAttribute('data-depth-known'),
        usd: Number(n.getAttribute('data-depth-between-usd')),
      })),
    );
    expect(paths.some((p) => p.known === 'false')).toBe(true);
    expect(paths.every((p) => p.usd >= 0)).toBe(true);
    // The depth layer has no recorded depth in this build: it says so rather than show nothing.
    await panel.locator('input[name="depthLayer"][value="under"]').check();
    await panel.locator('.depth-note').waitFor({ timeout: 10_000 });
    await saveScreenshot(panel, 'sidepanel-depth');
    await panel.close();
  });
});
