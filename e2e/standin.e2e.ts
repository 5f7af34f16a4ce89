import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from '../core/data/bars';
import { type LaunchedExtension, launchExtension, saveScreenshot } from '../tools/browser';
import { BINANCE_PAGE, installBinancePage } from '../tools/browser/standin/binance-page';
import { installBybitPage } from '../tools/browser/standin/bybit-page';
import {
  type FrameSrc,
  readTradingView,
  type StandinSite,
  TRADINGVIEW_LIBRARY,
  type TradingViewReading,
  tradingViewFrame,
  waitForTradingViewReady,
} from '../tools/browser/standin/site';
import { loadDemoBars } from '../tools/demo/demo-bars';

/**
 * The stand-in pages are only worth testing against if they behave like the real chart: a real
 * chart whose visible ranges move under the mouse, built to the structure in exchange-charts.md.
 */
describe('the stand-in trading pages', () => {
  let ext: LaunchedExtension;
  let binance: StandinSite;
  // All three days: more 15-minute bars than fit the pane, so the chart opens on the latest and can pan back.
  const bars: Bar[] = loadDemoBars();

  beforeAll(async () => {
    ext = await launchExtension();
    binance = await installBinancePage(ext.context, { candles: () => bars });
  });
  afterAll(async () => {
    await ext?.close();
  });

  async function openTradingView(query: Record<string, string> = { mode: 'tradingview' }): Promise<Page> {
    const page = await ext.context.newPage();
    await page.goto(binance.url('BTCUSDT', query));
    await waitForTradingViewReady(page);
    return page;
  }

  /** The centre of the chart pane, in top-page coordinates. */
  function paneCentre(reading: TradingViewReading): { x: number; y: number } {
    const paneWidth = reading.frame.width - (reading.priceAxisWidth ?? 0);
    return { x: reading.frame.x + paneWidth / 2, y: reading.frame.y + (reading.panesHeight[0] ?? 0) / 2 };
  }

  async function settledReading(page: Page, before: TradingViewReading): Promise<TradingViewReading> {
    await expect
      .poll(async () => JSON.stringify((await readTradingView(page))?.priceRange))
      .not.toBe(JSON.stringify(before.priceRange));
    const after = await readTradingView(page);
    if (!after) throw new Error('the chart disappeared');
    return after;
  }

  it('puts a same-origin tradingview_xxxxx frame in .chart-widget-root #chart_futures-tradingview', async () => {
    const page = await openTradingView();
    const reading = await waitForTradingViewReady(page);
    expect(reading.frameId).toMatch(TRADINGVIEW_LIBRARY.frameIdPattern);
    const frame = page.locator(`.chart-widget-root #chart_futures-tradingview iframe#${reading.frameId}`);
    await expect.poll(() => frame.count()).toBe(1);
    expect(await frame.getAttribute('name')).toBe(reading.frameId);
    expect(reading.symbol).toBe('BTCUSDT@PRICETYPE=LAST');
    expect(reading.resolution).toBe(BINANCE_PAGE.defaultResolution);
    expect(reading.mode).toBe(0);
    expect(reading.inverted).toBe(false);
    expect(reading.panesHeight[0]).toBeGreaterThan(300);
    expect(reading.priceAxisWidth).toBeGreaterThan(30);
    await saveScreenshot(page);
    await page.close();
  });

  it('shows the replayed candles: the visible price range brackets the visible bars', async () => {
    const page = await openTradingView();
    const reading = await waitForTradingViewReady(page);
    const from = reading.visibleRange.from * 1000;
    const to = reading.visibleRange.to * 1000;
    const visible = bars.filter((b) => b.time >= from && b.time <= to);
    expect(visible.length).toBeGreaterThan(20);
    const low = Math.min(...visible.map((b) => b.low));
    const high = Math.max(...visible.map((b) => b.high));
    const range = reading.priceRange!;
    expect(range.from).toBeLessThan(low);
    expect(range.to).toBeGreaterThan(high);
    // Autoscaled to these bars, not to some unrelated range.
    expect(range.to - range.from).toBeLessThan((high - low) * 2);
    await page.close();
  });

  it('changes the visible price and time range when the user zooms with the wheel', async () => {
    const page = await openTradingView();
    const before = await waitForTradingViewReady(page);
    const centre = paneCentre(before);
    await page.mouse.move(centre.x, centre.y);
    await page.mouse.wheel(0, -800);
    const after = await settledReading(page, before);
    const span = (r: { from: number; to: number }) => r.to - r.from;
    expect(span(after.visibleRange)).toBeLessThan(span(before.visibleRange));
    expect(after.priceRange).not.toEqual(before.priceRange);
    await saveScreenshot(page, 'zoomed');
    await page.close();
  });

  it('changes the visible ranges and fires onVisibleRangeChanged when the user drags the chart', async () => {
    const page = await openTradingView();
    const before = await waitForTradingViewReady(page);
    const frame = await tradingViewFrame(page);
    await frame.evaluate(`(() => {
      window.__rangeEvents = [];
      window.tradingViewApi.activeChart().onVisibleRangeChanged()
        .subscribe(null, (range) => window.__rangeEvents.push(range));
    })()`);
    const centre = paneCentre(before);
    await page.mouse.move(centre.x, centre.y);
    await page.mouse.down();
    await page.mouse.move(centre.x + 450, centre.y, { steps: 12 });
    await page.mouse.up();
    const after = await settledReading(page, before);
    expect(after.visibleRange.from).toBeLessThan(before.visibleRange.from);
    expect(after.priceRange).not.toEqual(before.priceRange);
    const events = await frame.evaluate<Array<{ from: number; to: number }>>('window.__rangeEvents');
    expect(events.length).toBeGreaterThan(0);
    expect(events.at(-1)).toEqual(after.visibleRange);
    await page.close();
  });

  it('reports log mode and an explicitly set price range through the price scale', async () => {
    const page = await openTradingView();
    await waitForTradingViewReady(page);
    const frame = await tradingViewFrame(page);
    await frame.evaluate(`(() => {
      const scale = window.tradingViewApi.activeChart().getPanes()[0].getMainSourcePriceScale();
      scale.setVisiblePriceRange({ from: 66000, to: 76000 });
    })()`);
    // Within a pixel's worth of price (about 15 USDT here): the scale snaps to whole pixels.
    await expect.poll(async () => (await readTradingView(page))?.priceRange?.from).toBeCloseTo(66000, -2);
    expect((await readTradingView(page))?.priceRange?.to).toBeCloseTo(76000, -2);
    await frame.evaluate(
      'window.tradingViewApi.activeChart().getPanes()[0].getMainSourcePriceScale().setMode(1)',
    );
    await expect.poll(async () => (await readTradingView(page))?.mode).toBe(1);
    await page.close();
  });

  it('fires onIntervalChanged with the new resolution', async () => {
    const page = await openTradingView();
    await waitForTradingViewReady(page);
    const frame = await tradingViewFrame(page);
    const seen = await frame.evaluate<string[]>(`(async () => {
      const chart = window.tradingViewApi.activeChart();
      const seen = [];
      chart.onIntervalChanged().subscribe(null, (interval) => seen.push(interval));
      await chart.setResolution('60');
      return seen;
    })()`);
    expect(seen).toEqual(['60']);
    expect((await readTradingView(page))?.resolution).toBe('60');
    await page.close();
  });

  it('has a Basic mode without the TradingView frame, and rebuilds the frame when switching back', async () => {
    const page = await ext.context.newPage();
    await page.goto(binance.url('BTCUSDT'));
    // Basic is the site's default (exchange-charts.md).
    await expect
      .poll(() => page.locator('#standin-chart-root').getAttribute('data-chart-mode'))
      .toBe('basic');
    expect(await page.locator('iframe[id^="tradingview_"]').count()).toBe(0);
    expect(await readTradingView(page)).toBeNull();
    await saveScreenshot(page, 'basic');

    await page.click('[data-chart-mode="tradingview"]');
    const first = await waitForTradingViewReady(page);
    await page.click('[data-chart-mode="basic"]');
    await expect.poll(() => page.locator('iframe[id^="tradingview_"]').count()).toBe(0);
    await page.click('[data-chart-mode="tradingview"]');
    const second = await waitForTradingViewReady(page);
    expect(second.frameId).toMatch(TRADINGVIEW_LIBRARY.frameIdPattern);
    expect(second.frameId).not.toBe(first.frameId);

    // Depth hides the frame but keeps it.
    await page.click('[data-chart-mode="depth"]');
    await expect.poll(() => page.locator(`iframe#${second.frameId}`).isVisible()).toBe(false);
    expect(await page.locator(`iframe#${second.frameId}`).count()).toBe(1);
    await page.close();
  });

  it.each(['about:blank', 'sameorigin'] as FrameSrc[])(
    'exposes tradingViewApi when the library writes its frame as %s',
    async (frameSrc) => {
      const context = ext.context;
      const variant = await installBinancePage(context, { candles: () => bars, frameSrc });
      const page = await context.newPage();
      try {
        await page.goto(variant.url('BTCUSDT', { mode: 'tradingview' }));
        const reading = await waitForTradingViewReady(page);
        expect(reading.frameId).toMatch(TRADINGVIEW_LIBRARY.frameIdPattern);
        const src = await page.locator(`iframe#${reading.frameId}`).getAttribute('src');
        if (frameSrc === 'sameorigin')
          expect(src).toBe(`https://www.binance.com${TRADINGVIEW_LIBRARY.sameOriginPath}`);
        else expect(src).toBeNull();
      } finally {
        await page.close();
        await variant.uninstall();
      }
    },
  );

  it('serves the Bybit stand-in with the same TradingView recipe (structure UNVERIFIED)', async () => {
    const bybit = await installBybitPage(ext.context, { candles: () => bars });
    const page = await ext.context.newPage();
    try {
      await page.goto(bybit.url('BTCUSDT'));
      const reading = await waitForTradingViewReady(page);
      expect(page.url()).toBe('https://www.bybit.com/trade/usdt/BTCUSDT');
      expect(reading.symbol).toBe('BTCUSDT');
      expect(reading.frameId).toMatch(TRADINGVIEW_LIBRARY.frameIdPattern);
      await saveScreenshot(page);
    } finally {
      await page.close();
      await bybit.uninstall();
    }
  });
});
