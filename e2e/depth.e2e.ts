import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveDepth } from '../core/depth/types';
import type { HeatmapReply } from '../core/messaging';
import { DEFAULT_SETTINGS } from '../core/settings';
import {
  type LaunchedExtension,
  launchExtension,
  messageServiceWorker,
  openExtensionPage,
  openSidePanel,
  readIndexedDbStore,
  saveScreenshot,
  waitForWorkerBands,
} from '../tools/browser';
import { isDrawing, overlayHost, waitForOverlay } from '../tools/browser/overlay';
import { installBinancePage } from '../tools/browser/standin/binance-page';
import { DEMO_SYMBOL, loadDemoBars } from '../tools/demo/demo-bars';
import { type ReplayExchange, startReplayExchange } from '../tools/replay-exchange/index';

/**
 * The order books end to end: the worker streams the replay exchange's SYNTHETIC books
 * (tools/replay-exchange/depth-book.ts) from all three exchanges, keeps them in sync, publishes
 * the live profile and the walls, records 10 s columns in IndexedDB; the chart overlay draws the
 * profile and the wall outlines, and the side panel lays the recorded depth under the heat.
 * Replay time runs at ×4, so a wall's 60 s stand takes 15 s here and samples stay under the
 * tracker's 5 s gap. The replay starts four minutes before a bar closes (a minute here), so the
 * side panel's last column holds recorded depth.
 */
type OkReply = Extract<HeatmapReply, { ok: true }>;
const FIVE_MINUTES = 5 * 60_000;
/**
 * Four replay minutes (a minute here) before the 15:05 bar closes, so the books are live and have
 * recorded columns in that bar even when they take a while to start; the replay's planned ask wall at
 * 68,200 stands from 15:00:27 to 15:14:59 (tools/replay-exchange/depth-book.ts), so a wall stands
 * while the test runs.
 */
const START = Date.UTC(2026, 5, 2, 15, 1);
const BAR_CLOSE = Date.UTC(2026, 5, 2, 15, 5);
const EXCHANGES = ['binance', 'bybit', 'okx'] as const;

describe('order-book depth: streamed, synced, recorded and drawn', () => {
  const bars = loadDemoBars();
  let replay: ReplayExchange;
  let ext: LaunchedExtension;
  let page: Page;
  let extensionPage: Page;
  let reply: OkReply;

  const liveDepth = () =>
    extensionPage.evaluate(
      'chrome.storage.local.get("liveDepth").then((r) => r.liveDepth ?? null)',
    ) as Promise<LiveDepth | null>;
  const depthAttributes = async () => (await overlayHost(page))?.depth;

  beforeAll(async () => {
    replay = await startReplayExchange({ bars, symbol: DEMO_SYMBOL, start: START, speed: 4 });
    ext = await launchExtension({ replay });
    const site = await installBinancePage(ext.context, {
      candles: () => bars.filter((b) => b.time + FIVE_MINUTES <= replay.clock.now()),
      resolution: '5',
    });
    extensionPage = await openExtensionPage(ext, 'popup.html');
    const settings = {
      ...DEFAULT_SETTINGS,
      exchanges: [...EXCHANGES],
      depthProfile: true,
      depthWalls: true,
      depthLayer: 'under',
    };
    await extensionPage.evaluate(`chrome.storage.local.set({ settings: ${JSON.stringify(settings)} })`);
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

  it('keeps a live book per exchange, in USD, at the replay book’s mid', async () => {
    await expect
      .poll(async () => (await liveDepth())?.books.filter((b) => b.health.state === 'live').length ?? 0, {
        timeout: 45_000,
        interval: 500,
      })
      .toBe(EXCHANGES.length);
    const depth = (await liveDepth())!;
    expect(depth.symbol).toBe(DEMO_SYMBOL);
    const truthMid = (replay.depth.bookAt('binance', replay.clock.now()) ?? { mid: Number.NaN }).mid;
    for (const book of depth.books) {
      // The replay runs on while we read: within 0.3 % of the book the replay serves now.
      expect(Math.abs(book.mid / truthMid - 1)).toBeLessThan(0.003);
      expect(book.bids.length).toBeGreaterThan(10);
      const bidUsd = book.bids.reduce((a, v) => a + v, 0);
      const askUsd = book.asks.reduce((a, v) => a + v, 0);
      // Millions of USD each side within the reach (BTCUSDT), so sizes are USD, not BTC or contracts.
      expect(bidUsd).toBeGreaterThan(5e6);
      expect(askUsd).toBeGreaterThan(5e6);
      expect(book.reachLow).toBeLessThan(book.mid);
      expect(book.reachHigh).toBeGreaterThan(book.mid);
    }
    // The three books reach different distances (1,000 / 200 / 400 levels): Bybit's is the shortest.
    const reach = (x: string) => {
      const b = depth.books.find((k) => k.exchange === x)!;
      return b.reachHigh - b.reachLow;
    };
    expect(reach('bybit')).toBeLessThan(reach('binance'));
  });

  it('draws the live profile and the standing walls on the chart', async () => {
    await expect
      .poll(async () => Number((await depthAttributes())?.bins ?? 0), { timeout: 20_000 })
      .toBeGreaterThan(0);
    // Beyond the books' reach the chart shows unknown prices, not empty ones.
    expect(Number((await depthAttributes())?.unknown ?? 0)).toBeGreaterThan(0);
    // A wall must stand 60 s of replay time: 15 s here, after the books went live.
    await expect
      .poll(async () => (await liveDepth())?.walls.filter((w) => w.fate === 'standing').length ?? 0, {
        timeout: 60_000,
        interval: 1_000,
      })
      .toBeGreaterThan(0);
    await expect
      .poll(async () => Number((await depthAttributes())?.walls ?? 0), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await saveScreenshot(page, 'depth-live');
  });

  it('records 10 s columns of every book in IndexedDB', async () => {
    const worker = ext.currentServiceWorker() ?? ext.serviceWorker;
    const read = await readIndexedDbStore<{ exchange: string; time: number }>(
      worker,
      'heatbands',
      'depthColumns',
    );
    expect(read.found).toBe(true);
    const records = read.found ? read.records : [];
    for (const x of EXCHANGES) {
      const times = records.filter((r) => r.exchange === x).map((r) => r.time);
      expect(times.length).toBeGreaterThan(1);
      // One record per exchange per column, on 10 s boundaries of the exchange's clock.
      expect(new Set(times).size).toBe(times.length);
      expect(times.every((t) => t % 10_000 === 0)).toBe(true);
    }
  });

  it('lays the recorded depth under the heat in the side panel, with its legend and the crosshair', async () => {
    // The heat grid ends with the last closed bar: once the bar the books were recorded in has
    // closed (replay 15:05) and been synced, its column holds depth.
    await expect.poll(() => replay.clock.now(), { timeout: 90_000 }).toBeGreaterThan(BAR_CLOSE + 30_000);
    await messageServiceWorker(extensionPage, { type: 'refresh' });
    await expect
      .poll(async () => (await waitForWorkerBands<OkReply>(extensionPage, DEMO_SYMBOL)).asOf, {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(BAR_CLOSE);
    const panel = await openSidePanel(ext);
    await panel.locator('[data-depth-legend-side="bid"]').waitFor({ timeout: 30_000 });
    await panel.locator('[data-depth-legend-side="ask"]').waitFor({ timeout: 5_000 });
    const zones = await panel.locator('.zone button').count();
    expect(zones).toBeGreaterThan(0);
    await expect.poll(() => panel.locator('.zone-path').count(), { timeout: 10_000 }).toBe(zones);
    await saveScreenshot(panel, 'depth-sidepanel');
    await panel.close();
    expect(reply.price).toBeGreaterThan(0);
  });

  it('scores the recorded depth beside the heat once an hour closes, and says there is not enough yet', async () => {
    // Replay time moves on past the hour (forward, as time does); the next sync's estimate closes it.
    const nextHour = Math.ceil(replay.clock.now() / 3_600_000) * 3_600_000;
    replay.clock.set(nextHour + 6 * 60_000);
    await messageServiceWorker(extensionPage, { type: 'refresh' });
    const stored = async () =>
      (await extensionPage.evaluate(
        'chrome.storage.local.get("liveScore").then((r) => r.liveScore ?? null)',
      )) as {
        scoredTo: number;
        depth?: { hours_with_depth: number; long: { reason: string | null } } | null;
      } | null;
    await expect
      .poll(async () => (await stored())?.scoredTo ?? 0, { timeout: 45_000 })
      .toBeGreaterThanOrEqual(nextHour);
    const score = (await stored())!;
    // A few minutes of depth: scored, and withheld with the reason (24 h are needed).
    expect(score.depth).toBeTruthy();
    expect(score.depth!.long.reason).toMatch(/not enough depth recorded yet: \d+ h of 24/);
    const panel = await openSidePanel(ext);
    await panel.locator('[data-depth-score="scored"]').waitFor({ timeout: 30_000 });
    const reason = await panel
      .locator('[data-depth-score="scored"] tr[data-side="long"]')
      .getAttribute('data-reason');
    expect(reason).toMatch(/not enough depth recorded yet/);
    await saveScreenshot(panel, 'depth-score');
    await panel.close();
  });
});
