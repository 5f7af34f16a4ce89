import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiquidationEvent } from '../core/exchanges/types';
import type { HeatmapReply } from '../core/messaging';
import { DEFAULT_SETTINGS } from '../core/settings';
import { DB_NAME } from '../core/storage/db';
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
import { chartValueAt, readPainted, watchCrosshair } from '../tools/browser/band-pixels/painted';
import { isDrawing, waitForOverlay } from '../tools/browser/overlay';
import { installBinancePage } from '../tools/browser/standin/binance-page';
import { readTradingView, tradingViewFrame, waitForTradingViewReady } from '../tools/browser/standin/site';
import { loadDemoBars } from '../tools/demo/demo-bars';
import { type ReplayExchange, startReplayExchange } from '../tools/replay-exchange/index';
import { SYNTHETIC_ETH, syntheticEthBars } from '../tools/replay-exchange/scaled-bars';

/**
 * HeatBands on a second USDT perpetual: ETHUSDT, a SYNTHETIC market made from the recorded BTC
 * bars × 0.035 (tools/replay-exchange/scaled-bars.ts), which OKX counts in contracts of 0.1 ETH.
 * The worker learns that contract value from OKX's instruments endpoint; the overlay draws the
 * bands where the chart shows their ETH prices, and the side panel lists zones at ETH prices.
 */
const DAY = 86_400_000;
const FIVE_MINUTES = 5 * 60_000;
const SYMBOL = SYNTHETIC_ETH.symbol;
type OkReply = Extract<HeatmapReply, { ok: true }>;

describe('a second symbol end to end: ETHUSDT at its own price scale and OKX contract value', () => {
  const bars = syntheticEthBars(loadDemoBars());
  const start = bars[0]!.time + 2 * DAY + 2 * 60_000;
  const dir = mkdtempSync(join(tmpdir(), 'heatbands-eth-'));
  // Three OKX liquidations a few replay seconds after the start, at the bar's (ETH) close.
  const planned = [10_000, 20_000, 30_000].map((dt, i) => ({
    time: start + dt,
    side: i % 2 === 0 ? 'long' : 'short',
    price: bars.findLast((b) => b.time <= start + dt)!.close,
    notionalUsd: 40_000 + i * 30_000,
  }));
  const eventsPath = join(dir, 'events.csv');
  writeFileSync(
    eventsPath,
    `# synthetic: e2e OKX liquidations of the synthetic ETHUSDT\ntime,exchange,side,price,notional_usd\n${planned
      .map((e) => `${e.time},okx,${e.side},${e.price},${e.notionalUsd}`)
      .join('\n')}\n`,
  );
  let replay: ReplayExchange;
  let ext: LaunchedExtension;
  let extensionPage: Page;
  let reply: OkReply;
  let panel: Page;

  beforeAll(async () => {
    replay = await startReplayExchange({ bars, symbol: SYMBOL, start, speed: 0, events: eventsPath });
    ext = await launchExtension({ replay });
    extensionPage = await openExtensionPage(ext, 'popup.html');
    const settings = { ...DEFAULT_SETTINGS, symbol: SYMBOL, exchanges: ['binance', 'bybit', 'okx'] };
    await extensionPage.evaluate(`chrome.storage.local.set({ settings: ${JSON.stringify(settings)} })`);
    await messageServiceWorker(extensionPage, { type: 'refresh' });
    reply = await waitForWorkerBands<OkReply>(extensionPage, SYMBOL);
  });
  afterAll(async () => {
    await ext?.close();
    await replay?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('estimates ETHUSDT at ETH prices: longs under the price, shorts over it', () => {
    expect(reply.symbol).toBe(SYMBOL);
    expect(reply.price).toBeGreaterThan(1_000);
    expect(reply.price).toBeLessThan(5_000);
    expect(reply.bands.length).toBeGreaterThan(20);
    for (const band of reply.bands) {
      expect(band.priceLow).toBeGreaterThan(reply.price * 0.5);
      expect(band.priceHigh).toBeLessThan(reply.price * 1.5);
    }
    const live = reply.bands.filter((b) => b.timeEnd >= reply.asOf);
    expect(live.length).toBeGreaterThan(0);
    for (const band of live) {
      if (band.side === 'long') expect(band.priceLow).toBeLessThan(reply.price);
      else expect(band.priceHigh).toBeGreaterThan(reply.price);
    }
  });

  it("stores OKX's contract value for ETHUSDT from the instruments endpoint (0.1 ETH, not BTC's 0.01)", async () => {
    const cached = await extensionPage.evaluate(`chrome.storage.local.get('okxInstruments')`);
    expect(cached).toMatchObject({ okxInstruments: { ETHUSDT: { contractSize: 0.1, tickSize: 0.01 } } });
    expect(replay.requests.some((r) => r.path === '/api/v5/public/instruments')).toBe(true);
  });

  it("stores each exchange's ETHUSDT price step (0.01) from its instrument endpoint and publishes it with the estimate", async () => {
    const cached = await extensionPage.evaluate(`chrome.storage.local.get('tickSizes')`);
    expect(cached).toMatchObject({
      tickSizes: {
        'binance:ETHUSDT': { tickSize: 0.01 },
        'bybit:ETHUSDT': { tickSize: 0.01 },
        'okx:ETHUSDT': { tickSize: 0.01 },
      },
    });
    expect(replay.requests.some((r) => r.path === '/fapi/v1/exchangeInfo')).toBe(true);
    expect(replay.requests.some((r) => r.path === '/v5/market/instruments-info')).toBe(true);
    await expect
      .poll(async () => {
        const stored = (await extensionPage.evaluate(`chrome.storage.local.get('estimate')`)) as {
          estimate?: { reply?: { tickSize?: number } };
        };
        return stored.estimate?.reply?.tickSize;
      })
      .toBe(0.01);
  });

  it('draws the bands on the Binance stand-in at /en/futures/ETHUSDT where the chart shows their prices', async () => {
    const site = await installBinancePage(ext.context, {
      candles: () => bars.filter((b) => b.time + FIVE_MINUTES <= replay.clock.now()),
      resolution: '5',
    });
    const page = await ext.context.newPage();
    const url = site.url(SYMBOL, { mode: 'tradingview' });
    expect(new URL(url).pathname).toBe('/en/futures/ETHUSDT');
    await page.goto(url);
    await waitForTradingViewReady(page);
    await page.mouse.move(1, 1);
    const frame = await tradingViewFrame(page);
    await watchCrosshair(frame);
    await waitForOverlay(page, isDrawing, { what: 'drawing overlay' });
    await saveScreenshot(page, 'ethusdt-tradingview');
    const now = await waitForWorkerBands<OkReply>(extensionPage, SYMBOL);
    const chart = (await readTradingView(page))!;
    const pricePerPx = Math.abs(chart.priceRange!.to - chart.priceRange!.from) / (chart.paneHeight - 1);
    let checked = 0;
    let onBands = 0;
    for (const sample of (await readPainted(page, [0.2, 0.4, 0.6, 0.8, 0.9])).samples) {
      const value = await chartValueAt(page, frame, sample);
      if (!value) continue;
      const timeMs = value.time * 1000;
      expect(value.price).toBeGreaterThan(1_000);
      const tolerance = 2 * pricePerPx;
      const hit = now.bands.find(
        (b) =>
          value.price >= b.priceLow - tolerance &&
          value.price <= b.priceHigh + tolerance &&
          timeMs >= b.timeStart - FIVE_MINUTES &&
          (b.timeEnd >= now.asOf || timeMs <= b.timeEnd + FIVE_MINUTES),
      );
      // The overlay also outlines the zones (dashed, across the pane): a pixel on an edge is at its price.
      const edge = now.zones.find(
        (z) =>
          Math.abs(value.price - z.priceLow) <= tolerance || Math.abs(value.price - z.priceHigh) <= tolerance,
      );
      if (hit) onBands++;
      expect(
        hit ?? edge,
        `a band or zone edge at ${value.price.toFixed(2)} / ${new Date(timeMs).toISOString()}`,
      ).toBeDefined();
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(3);
    expect(onBands).toBeGreaterThanOrEqual(2);
  });

  it('lists zones at ETH prices in the side panel', async () => {
    // The side panel stays open: with a view open the worker runs its live streams (the next test).
    panel = await openSidePanel(ext);
    await panel.setViewportSize({ width: 1280, height: 900 });
    await panel.locator('[data-zone]').first().waitFor({ timeout: 60_000 });
    const zones = await panel.$$eval('[data-zone]', (els) =>
      els.map(
        (e) =>
          JSON.parse(e.getAttribute('data-zone')!) as { side: string; priceLow: number; priceHigh: number },
      ),
    );
    expect(zones.length).toBeGreaterThan(0);
    for (const zone of zones) {
      expect(zone.priceLow).toBeGreaterThan(reply.price * 0.5);
      expect(zone.priceHigh).toBeLessThan(reply.price * 1.5);
      expect(zone.priceHigh).toBeGreaterThanOrEqual(zone.priceLow);
    }
    expect(await panel.textContent('body')).toContain(SYMBOL);
    await saveScreenshot(panel, 'ethusdt-sidepanel');
  });
  it('converts OKX liquidations of ETHUSDT (sizes in contracts) with that contract value', async () => {
    // The streams run while a view is open (the side panel, above); the events are 10–30 replay s ahead.
    replay.clock.setSpeed(10);
    const worker = ext.context.serviceWorkers()[0]!;
    const okxEvents = async () => {
      const read = await readIndexedDbStore<LiquidationEvent>(worker, DB_NAME, 'liquidationEvents');
      return read.found ? read.records.filter((e) => e.exchange === 'okx' && e.symbol === SYMBOL) : [];
    };
    await expect.poll(async () => (await okxEvents()).length, { timeout: 45_000 }).toBe(planned.length);
    replay.clock.setSpeed(0);
    const stored = (await okxEvents()).sort((a, b) => a.time - b.time);
    for (const [i, e] of stored.entries()) {
      // With BTC's 0.01 per contract every amount would come out ten times too small.
      expect(e.notionalUsd).toBeCloseTo(planned[i]!.notionalUsd, -1);
      expect(e.quantityBase * e.price).toBeCloseTo(planned[i]!.notionalUsd, -1);
    }
  });
});
