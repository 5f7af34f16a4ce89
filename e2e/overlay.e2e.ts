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
} from '../tools/browser';
import { installBinancePage } from '../tools/browser/standin/binance-page';
import { installBybitPage } from '../tools/browser/standin/bybit-page';
import {
  readTradingView,
  type StandinSite,
  type TradingViewReading,
  tradingViewFrame,
  waitForTradingViewReady,
} from '../tools/browser/standin/site';
import { DEMO_SYMBOL, loadDemoBars } from '../tools/demo/demo-bars';
import { type ReplayExchange, startReplayExchange } from '../tools/replay-exchange/index';

const DAY = 86_400_000;
const FIVE_MINUTES = 5 * 60_000;

type OkReply = Extract<HeatmapReply, { ok: true }>;

/** What the overlay's canvas shows, read through its open shadow root in the page. */
interface CanvasReading {
  bands: number;
  /** The canvas box in the viewport, CSS px; null when it is hidden. */
  box: { x: number; y: number; width: number; height: number } | null;
  paintedPixels: number;
  /** The most opaque painted pixel in a few columns, in viewport CSS px. */
  samples: { x: number; y: number; alpha: number }[];
  /** A cheap fingerprint of the pixels, to see that the drawing changed. */
  signature: number;
  hint: string | null;
}

// Source text, evaluated in the page: no transpiler helper can leak into it.
const READ_CANVAS = `(() => {
  const host = document.querySelector('heatbands-overlay');
  if (!host) return null;
  const root = host.shadowRoot;
  const hint = root && root.querySelector('.hint');
  const hintText = hint && getComputedStyle(hint).display !== 'none' ? hint.textContent : null;
  const canvas = root && root.querySelector('canvas');
  const pane = canvas && canvas.parentElement;
  const bands = Number(host.getAttribute('data-bands'));
  if (!canvas || getComputedStyle(pane).display === 'none' || canvas.width < 2) {
    return { bands, box: null, paintedPixels: 0, samples: [], signature: 0, hint: hintText };
  }
  const box = canvas.getBoundingClientRect();
  const g = canvas.getContext('2d');
  const { data, width, height } = g.getImageData(0, 0, canvas.width, canvas.height);
  let painted = 0;
  let signature = 0;
  for (let i = 3; i < data.length; i += 4) {
    if (data[i] > 0) painted++;
    signature = (signature * 31 + data[i] * ((i >> 2) % 9973 + 1)) % 1000000007;
  }
  const samples = [];
  for (const share of [0.15, 0.3, 0.45, 0.6, 0.75, 0.9]) {
    const x = Math.floor(width * share);
    let best = -1, bestAlpha = 0;
    for (let y = 0; y < height; y++) {
      const a = data[(y * width + x) * 4 + 3];
      if (a > bestAlpha) { bestAlpha = a; best = y; }
    }
    if (best >= 0) samples.push({ x: box.left + (x + 0.5) * box.width / width, y: box.top + (best + 0.5) * box.height / height, alpha: bestAlpha });
  }
  return { bands, box: { x: box.left, y: box.top, width: box.width, height: box.height }, paintedPixels: painted, samples, signature, hint: hintText };
})()`;

async function readCanvas(page: Page): Promise<CanvasReading | null> {
  return page.evaluate(READ_CANVAS);
}

/** The chart pane as the stand-in's own API places it: the frame minus the price axis on the right. */
function paneOf(reading: TradingViewReading) {
  return {
    x: reading.frame.x,
    y: reading.frame.y,
    width: reading.frame.width - (reading.priceAxisWidth ?? 0),
    height: reading.panesHeight[0] ?? 0,
  };
}

/**
 * The chart's own answer to "what price and time is under this pixel": its crosshair, reported by
 * the Charting Library's crossHairMoved(). Independent of the overlay's arithmetic.
 */
async function chartValueAt(page: Page, frame: Frame, point: { x: number; y: number }) {
  await frame.evaluate('window.__hbCrosshair = []');
  await page.mouse.move(point.x, point.y);
  await page.mouse.move(point.x + 0.5, point.y);
  await page.mouse.move(point.x, point.y);
  return frame.evaluate<{ time: number; price: number } | null>(
    `(() => { const all = window.__hbCrosshair; return all.length ? all[all.length - 1] : null; })()`,
  );
}

/**
 * Checks that every sampled painted pixel lies on a band of the worker's answer, at the price and
 * time the chart itself shows under that pixel. Returns how many pixels were checked.
 */
async function expectPaintOnBands(page: Page, frame: Frame, reply: OkReply, canvas: CanvasReading) {
  const chart = await readTradingView(page);
  if (!chart?.priceRange) throw new Error('the chart has no price range');
  const pricePerPx = (chart.priceRange.to - chart.priceRange.from) / (chart.panesHeight[0] ?? 1);
  const barMs = 5 * 60_000;
  let checked = 0;
  for (const sample of canvas.samples.filter((s) => s.alpha > 0)) {
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
    expect(
      hit,
      `a band at ${value.price.toFixed(1)} / ${new Date(timeMs).toISOString()} (pixel ${sample.x.toFixed(0)},${sample.y.toFixed(0)})`,
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
    const deadline = Date.now() + 60_000;
    for (;;) {
      const answer = await messageServiceWorker(extensionPage, { type: 'get-heatmap', symbol: DEMO_SYMBOL });
      const value = 'reply' in answer ? (answer.reply as HeatmapReply | undefined) : undefined;
      if (value?.ok && value.bands.length > 0) {
        reply = value;
        break;
      }
      if (Date.now() > deadline)
        throw new Error(`no bands from the worker within 60 s: ${JSON.stringify(answer)}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
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

  it('draws the bands over the TradingView chart pane, where the chart shows their prices', async () => {
    page = await ext.context.newPage();
    await page.goto(site.url(DEMO_SYMBOL, { mode: 'tradingview' }));
    const chart = await waitForTradingViewReady(page);
    frame = await tradingViewFrame(page);
    await frame.evaluate(`(() => {
      window.__hbCrosshair = [];
      window.tradingViewApi.activeChart().crossHairMoved().subscribe(null, (p) => window.__hbCrosshair.push(p));
    })()`);
    await expect
      .poll(async () => (await readCanvas(page))?.bands ?? 0, { timeout: 20_000 })
      .toBeGreaterThan(0);
    const canvas = (await readCanvas(page))!;
    await saveScreenshot(page, 'tradingview');

    // Exactly over the pane: the frame without its price axis, the pane's height.
    const pane = paneOf(chart);
    expect(canvas.box).not.toBeNull();
    expect(Math.abs(canvas.box!.x - pane.x)).toBeLessThan(1.5);
    expect(Math.abs(canvas.box!.y - pane.y)).toBeLessThan(1.5);
    expect(Math.abs(canvas.box!.width - pane.width)).toBeLessThan(1.5);
    expect(Math.abs(canvas.box!.height - pane.height)).toBeLessThan(1.5);
    expect(canvas.paintedPixels).toBeGreaterThan(1000);
    expect(canvas.hint).toBeNull();
    expect(await expectPaintOnBands(page, frame, reply, canvas)).toBeGreaterThanOrEqual(3);
  });

  it('follows a mouse-wheel zoom: the bands move with the chart and stay on their prices', async () => {
    const before = (await readCanvas(page))!;
    const chartBefore = (await readTradingView(page))!;
    const pane = paneOf(chartBefore);
    await page.mouse.move(pane.x + pane.width * 0.7, pane.y + pane.height / 2);
    await page.mouse.wheel(0, -600);
    await expect
      .poll(async () => JSON.stringify((await readTradingView(page))?.visibleRange))
      .not.toBe(JSON.stringify(chartBefore.visibleRange));
    await expect.poll(async () => (await readCanvas(page))?.signature).not.toBe(before.signature);
    // Let the chart settle (its zoom animates), then compare against what it shows now.
    await page.waitForTimeout(500);
    const after = (await readCanvas(page))!;
    expect(after.bands).toBeGreaterThan(0);
    expect(after.samples.map((s) => Math.round(s.y))).not.toEqual(before.samples.map((s) => Math.round(s.y)));
    await saveScreenshot(page, 'zoomed');
    expect(await expectPaintOnBands(page, frame, reply, after)).toBeGreaterThanOrEqual(3);
  });

  it('shows a hint and no bands in Basic mode, and finds the rebuilt chart back in Trading View mode', async () => {
    await page.click('[data-chart-mode="basic"]');
    await expect.poll(async () => (await readCanvas(page))?.hint).toMatch(/Switch to Trading View/);
    const basic = (await readCanvas(page))!;
    expect(basic.bands).toBe(0);
    expect(basic.box).toBeNull();
    await page.waitForTimeout(300);
    await saveScreenshot(page, 'basic');

    await page.click('[data-chart-mode="depth"]');
    await expect.poll(async () => (await readCanvas(page))?.hint).toMatch(/Switch to Trading View/);

    await page.click('[data-chart-mode="tradingview"]');
    await waitForTradingViewReady(page);
    await expect
      .poll(async () => (await readCanvas(page))?.bands ?? 0, { timeout: 20_000 })
      .toBeGreaterThan(0);
    expect((await readCanvas(page))!.hint).toBeNull();
  });

  it('removes the bands when the overlay is switched off in the settings, and brings them back', async () => {
    await setSettings({ overlay: false });
    await expect.poll(async () => (await readCanvas(page))?.bands).toBe(0);
    const off = (await readCanvas(page))!;
    expect(off.box).toBeNull();
    expect(off.hint).toBeNull();
    await saveScreenshot(page, 'overlay-off');

    await setSettings({ overlay: true });
    await expect
      .poll(async () => (await readCanvas(page))?.bands ?? 0, { timeout: 20_000 })
      .toBeGreaterThan(0);
  });

  it('draws on the Bybit stand-in too, through its own site module, on the pane where its chart shows the prices', async () => {
    const bybit = await installBybitPage(ext.context, {
      candles: () => bars.filter((b) => b.time + FIVE_MINUTES <= replay.clock.now()),
      resolution: '5',
    });
    const bybitPage = await ext.context.newPage();
    await bybitPage.goto(bybit.url(DEMO_SYMBOL, { mode: 'tradingview' }));
    const chart = await waitForTradingViewReady(bybitPage);
    const bybitFrame = await tradingViewFrame(bybitPage);
    await bybitFrame.evaluate(`(() => {
      window.__hbCrosshair = [];
      window.tradingViewApi.activeChart().crossHairMoved().subscribe(null, (p) => window.__hbCrosshair.push(p));
    })()`);
    await expect
      .poll(async () => (await readCanvas(bybitPage))?.bands ?? 0, { timeout: 20_000 })
      .toBeGreaterThan(0);
    const canvas = (await readCanvas(bybitPage))!;
    const pane = paneOf(chart);
    expect(Math.abs(canvas.box!.x - pane.x)).toBeLessThan(1.5);
    expect(Math.abs(canvas.box!.width - pane.width)).toBeLessThan(1.5);
    expect(await expectPaintOnBands(bybitPage, bybitFrame, reply, canvas)).toBeGreaterThanOrEqual(3);
    await saveScreenshot(bybitPage, 'bybit');
  });

  it('follows the market of the chart in front of the trader, and says what it is doing', async () => {
    const stored = () =>
      extensionPage.evaluate<{ symbol: string }>(
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
        {
          timeout: 20_000,
        },
      )
      .toBe(true);
    await expect
      .poll(async () => (await readCanvas(ethPage))?.hint ?? '', { timeout: 20_000 })
      .toMatch(/No data for ETHUSDT: .*Invalid symbol/);
    expect((await readCanvas(ethPage))?.bands).toBe(0);

    // Pinned: with following off, a chart of another market leaves the choice alone.
    await setSettings({ followChart: false });
    await ethPage.reload();
    await expect
      .poll(async () => (await readCanvas(ethPage))?.hint ?? '', { timeout: 20_000 })
      .toMatch(/follows BTCUSDT/);
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
    // The first klines answer is held back 2 s, so the page surely asks before any data exists.
    replay.faults.add({ match: '/fapi/v1/klines', kind: 'slow', delayMs: 2000, times: 1 });
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
    await expect
      .poll(async () => (await readCanvas(page))?.hint ?? null, { timeout: 10_000 })
      .toMatch(/sync/);
    const waitingSince = Date.now();
    await expect
      .poll(async () => (await readCanvas(page))?.bands ?? 0, { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(Date.now() - waitingSince).toBeLessThan(15_000);
  });
});
