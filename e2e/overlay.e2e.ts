import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeatmapReply } from '../core/messaging';
import { DEFAULT_SETTINGS } from '../core/settings';
import {
  type LaunchedExtension,
  launchExtension,
  messageServiceWorker,
  openExtensionPage,
  saveScreenshot,
  waitForWorkerBands,
} from '../tools/browser';
import {
  chartValueAt,
  type Painted,
  readPainted,
  watchCrosshair,
} from '../tools/browser/band-pixels/painted';
import {
  isDrawing,
  isExplainedHint,
  type OverlayHost,
  overlayHost,
  waitForOverlay,
} from '../tools/browser/overlay';
import { installBinancePage } from '../tools/browser/standin/binance-page';
import { installBybitPage } from '../tools/browser/standin/bybit-page';
import {
  readTradingView,
  type StandinSite,
  tradingViewFrame,
  waitForTradingViewReady,
} from '../tools/browser/standin/site';
import { DEMO_SYMBOL, loadDemoBars } from '../tools/demo/demo-bars';
import { type ReplayExchange, startReplayExchange } from '../tools/replay-exchange/index';

const DAY = 86_400_000;
const FIVE_MINUTES = 5 * 60_000;

type OkReply = Extract<HeatmapReply, { ok: true }>;

/**
 * Checks that painted pixels lie on a band of the worker's answer, at the price and time the chart
 * itself shows under that pixel. Returns how many pixels were checked.
 */
async function expectPaintOnBands(page: Page, frame: Frame, reply: OkReply, painted: Painted) {
  const chart = await readTradingView(page);
  if (!chart?.priceRange) throw new Error('the chart has no price range');
  const pricePerPx = Math.abs(chart.priceRange.to - chart.priceRange.from) / (chart.paneHeight - 1);
  const barMs = 5 * 60_000;
  let checked = 0;
  for (const sample of painted.samples) {
    const value = await chartValueAt(page, frame, sample);
    if (!value) continue;
    const timeMs = value.time * 1000;
    const tolerance = 2 * pricePerPx;
    const hit = reply.bands.find(
      (b) =>
        value.price >= b.priceLow - tolerance &&
        value.price <= b.priceHigh + tolerance &&
        timeMs >= b.timeStart - barMs &&
        (b.timeEnd >= reply.asOf || timeMs <= b.timeEnd + barMs),
    );
    // The overlay also outlines the listed zones under the threshold (a dashed stroke across the
    // pane at their prices): a sample on such a stroke lies at a zone's edge.
    const edge = reply.zones.find(
      (z) =>
        Math.abs(value.price - z.priceLow) <= tolerance || Math.abs(value.price - z.priceHigh) <= tolerance,
    );
    // Real liquidations recorded in the window are drawn as bubbles (radius up to 12 px).
    const barPx = Math.max(1, chart.timeScale.barSpacing);
    const bubble = (reply.liquidations ?? []).find(
      (d) =>
        Math.abs(d.price - value.price) <= 14 * pricePerPx &&
        Math.abs(d.time - timeMs) <= (14 / barPx + 1) * barMs,
    );
    expect(
      hit ?? edge ?? bubble,
      `a band, zone edge or liquidation bubble at ${value.price.toFixed(1)} / ${new Date(timeMs).toISOString()} (pixel ${sample.x.toFixed(0)},${sample.y.toFixed(0)})`,
    ).toBeDefined();
    checked++;
  }
  return checked;
}

describe('the on-chart overlay on the Binance stand-in page', () => {
  const bars = loadDemoBars();
  // Two days into the recorded slice; the clock stands still so bands cannot move during a test.
  const start = bars[0]!.time + 2 * DAY + 2 * 60_000;
  let replay: ReplayExchange;
  let ext: LaunchedExtension;
  let site: StandinSite;
  let extensionPage: Page;
  let page: Page;
  let frame: Frame;
  let reply: OkReply;

  async function setSettings(patch: Partial<typeof DEFAULT_SETTINGS>): Promise<void> {
    await extensionPage.evaluate(
      `chrome.storage.local.set({ settings: ${JSON.stringify({ ...DEFAULT_SETTINGS, ...patch })} })`,
    );
  }

  const drawing = (on: Page) => waitForOverlay(on, isDrawing, { what: 'drawing overlay' });

  beforeAll(async () => {
    replay = await startReplayExchange({ bars, symbol: DEMO_SYMBOL, start, speed: 0 });
    ext = await launchExtension({ replay });
    site = await installBinancePage(ext.context, {
      candles: () => bars.filter((b) => b.time + FIVE_MINUTES <= replay.clock.now()),
      resolution: '5',
    });
    extensionPage = await openExtensionPage(ext, 'popup.html');
    await messageServiceWorker(extensionPage, { type: 'refresh' });
    // The worker's first sync, seen through the same request the overlay makes.
    reply = await waitForWorkerBands<OkReply>(extensionPage, DEMO_SYMBOL);
  });
  afterAll(async () => {
    await ext?.close();
    await replay?.close();
  });

  it('answers get-heatmap with a few hundred bands: longs under the price, shorts over it while live', () => {
    expect(reply.symbol).toBe(DEMO_SYMBOL);
    expect(reply.bands.length).toBeGreaterThan(20);
    expect(reply.bands.length).toBeLessThanOrEqual(300);
    const live = reply.bands.filter((b) => b.timeEnd >= reply.asOf);
    expect(live.length).toBeGreaterThan(0);
    for (const band of live) {
      if (band.side === 'long') expect(band.priceLow).toBeLessThan(reply.price);
      else expect(band.priceHigh).toBeGreaterThan(reply.price);
    }
  });

  it('draws the bands on the TradingView chart pane only (not over its axes), where the chart shows their prices', async () => {
    page = await ext.context.newPage();
    await page.goto(site.url(DEMO_SYMBOL, { mode: 'tradingview' }));
    await waitForTradingViewReady(page);
    await page.mouse.move(1, 1);
    frame = await tradingViewFrame(page);
    await watchCrosshair(frame);
    const host = await drawing(page);
    expect(host.openShadow).toBe(true);
    await saveScreenshot(page, 'tradingview');
    const painted = await readPainted(page);
    expect(painted.inPane).toBeGreaterThan(1000);
    // Over the pane cell only: nothing on the price axis or the time axis.
    expect(painted.outsidePane).toBe(0);
    expect(await expectPaintOnBands(page, frame, reply, painted)).toBeGreaterThanOrEqual(3);
  });

  it('follows a mouse-wheel zoom: the bands move with the chart and stay on their prices', async () => {
    const before = await readPainted(page);
    const chartBefore = (await readTradingView(page))!;
    const pane = chartBefore.pane!;
    await page.mouse.move(pane.x + pane.width * 0.7, pane.y + pane.height / 2);
    await page.mouse.wheel(0, -600);
    await page.mouse.move(1, 1);
    await expect
      .poll(async () => JSON.stringify((await readTradingView(page))?.visibleRange))
      .not.toBe(JSON.stringify(chartBefore.visibleRange));
    await expect
      .poll(async () => {
        const now = await readPainted(page);
        return now.samples.map((s) => Math.round(s.y)).join(',');
      })
      .not.toBe(before.samples.map((s) => Math.round(s.y)).join(','));
    // The zoom may still be settling (the chart and the overlay each redraw on their own frame):
    // check the paint only once two reads in a row agree.
    let after = await readPainted(page);
    await expect
      .poll(
        async () => {
          const again = await readPainted(page);
          const same = JSON.stringify(again.samples) === JSON.stringify(after.samples);
          after = again;
          return same;
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBe(true);
    expect((await overlayHost(page))?.bands).toBeGreaterThan(0);
    await saveScreenshot(page, 'zoomed');
    // Against the estimate the page draws now: the worker republishes once it knows the symbol's tick.
    const current = await waitForWorkerBands<OkReply>(extensionPage, DEMO_SYMBOL);
    expect(await expectPaintOnBands(page, frame, current, after)).toBeGreaterThanOrEqual(3);
  });

  it('shows a hint with a reason and no bands in Basic and Depth, and finds the rebuilt chart in Trading View', async () => {
    await page.click('[data-chart-mode="basic"]');
    await waitForOverlay(page, isExplainedHint, { what: 'hint in Basic mode' });
    await saveScreenshot(page, 'basic');

    await page.click('[data-chart-mode="depth"]');
    await waitForOverlay(page, isExplainedHint, { what: 'hint in Depth mode' });

    await page.click('[data-chart-mode="tradingview"]');
    await waitForTradingViewReady(page);
    frame = await tradingViewFrame(page);
    await watchCrosshair(frame);
    await drawing(page);
  });

  it('says it is off and draws nothing when switched off in the settings, and comes back', async () => {
    await setSettings({ overlay: false });
    await expect
      .poll(async () => {
        const host: OverlayHost | undefined = await overlayHost(page);
        return host ? `${host.state}:${host.bands}` : 'none';
      })
      .toMatch(/^(off:0|none)$/);
    await saveScreenshot(page, 'overlay-off');

    await setSettings({ overlay: true });
    await drawing(page);
  });

  it('draws on the Bybit stand-in too, through its own site module, where its chart shows the prices', async () => {
    const bybit = await installBybitPage(ext.context, {
      candles: () => bars.filter((b) => b.time + FIVE_MINUTES <= replay.clock.now()),
      resolution: '5',
    });
    const bybitPage = await ext.context.newPage();
    try {
      await bybitPage.goto(bybit.url(DEMO_SYMBOL, { mode: 'tradingview' }));
      await waitForTradingViewReady(bybitPage);
      await bybitPage.mouse.move(1, 1);
      const bybitFrame = await tradingViewFrame(bybitPage);
      await watchCrosshair(bybitFrame);
      await drawing(bybitPage);
      const painted = await readPainted(bybitPage);
      expect(painted.outsidePane).toBe(0);
      expect(await expectPaintOnBands(bybitPage, bybitFrame, reply, painted)).toBeGreaterThanOrEqual(3);
      await saveScreenshot(bybitPage, 'bybit');
    } finally {
      await bybitPage.close();
      await bybit.uninstall();
    }
  });

  it('follows the market of the chart in front of the trader, and says what it is doing', async () => {
    const stored = () =>
      extensionPage.evaluate<{ symbol: string } | undefined>(
        `chrome.storage.local.get('settings').then((r) => r.settings)`,
      );
    const ethPage = await ext.context.newPage();
    await ethPage.goto(site.url('ETHUSDT', { mode: 'tradingview' }));
    await ethPage.bringToFront();
    await expect.poll(async () => (await stored())?.symbol, { timeout: 20_000 }).toBe('ETHUSDT');
    // The worker now asks the exchange for ETHUSDT (the replay only recorded BTCUSDT, and says so).
    await expect
      .poll(
        () => replay.requests.some((r) => r.path === '/fapi/v1/klines' && r.query.includes('symbol=ETHUSDT')),
        { timeout: 20_000 },
      )
      .toBe(true);
    await waitForOverlay(ethPage, (h) => isExplainedHint(h) && /ETHUSDT/.test(h!.reason!), {
      what: 'hint about ETHUSDT',
    });

    // Pinned: with following off, a chart of another market leaves the choice alone.
    await setSettings({ followChart: false });
    await ethPage.reload();
    await waitForOverlay(ethPage, (h) => isExplainedHint(h) && /BTCUSDT/.test(h!.reason!), {
      what: 'hint naming the followed BTCUSDT',
    });
    expect((await stored())?.symbol).toBe('BTCUSDT');
    await ethPage.close();
    await setSettings({});
  });
});

describe('the overlay on a page opened before the first sync', () => {
  const bars = loadDemoBars();
  const start = bars[0]!.time + 2 * DAY + 2 * 60_000;
  let replay: ReplayExchange;
  let ext: LaunchedExtension;

  beforeAll(async () => {
    replay = await startReplayExchange({ bars, symbol: DEMO_SYMBOL, start, speed: 0 });
    // The first klines answer is held back 20 s, so the page surely shows the sync hint before any
    // data exists (2 s, then 6 s, were not always enough on a loaded 2-core machine: the page's
    // overlay was not even up when the data came, and the hint never showed).
    replay.faults.add({ match: '/fapi/v1/klines', kind: 'slow', delayMs: 20_000, times: 1 });
    ext = await launchExtension({ replay });
  });
  afterAll(async () => {
    await ext?.close();
    await replay?.close();
  });

  it('shows the bands as soon as the worker announces fresh data, not at the next 30 s refetch', async () => {
    const site = await installBinancePage(ext.context, {
      candles: () => bars.filter((b) => b.time + FIVE_MINUTES <= replay.clock.now()),
      resolution: '5',
    });
    const page = await ext.context.newPage();
    await page.goto(site.url(DEMO_SYMBOL, { mode: 'tradingview' }));
    await waitForOverlay(page, (h) => isExplainedHint(h) && /sync/i.test(h!.reason!), {
      what: 'hint that the first sync is running',
      timeoutMs: 18_000,
      settleMs: 0,
    });
    // The moment the worker publishes the first estimate with data: the page must draw within a few
    // seconds of it, by the announcement, not at some later re-ask.
    const worker = ext.currentServiceWorker() ?? ext.serviceWorker;
    await expect
      .poll(
        async () =>
          (
            (await worker.evaluate('chrome.storage.local.get("estimate")')) as {
              estimate?: { reply?: { ok?: boolean } };
            }
          ).estimate?.reply?.ok === true,
        { timeout: 40_000, interval: 100 },
      )
      .toBe(true);
    const publishedAt = Date.now();
    await waitForOverlay(page, isDrawing, { what: 'drawing overlay', timeoutMs: 10_000, settleMs: 0 });
    expect(Date.now() - publishedAt).toBeLessThan(5_000);
  });
});
