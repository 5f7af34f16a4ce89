import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from '../core/data/bars';
import { type LaunchedExtension, launchExtension, saveScreenshot } from '../tools/browser';
import { captureShownHidden } from '../tools/browser/band-pixels/capture';
import { checkBandEdges } from '../tools/browser/band-pixels/edge-checks';
import { describeChecks } from '../tools/browser/band-pixels/evidence';
import { type BandLike, expectedBands } from '../tools/browser/band-pixels/expected-bands';
import {
  drawReferenceBands,
  drawReferenceRects,
  setReferenceShown,
} from '../tools/browser/band-pixels/reference-bands';
import { setOverlayShown } from '../tools/browser/overlay';
import { BINANCE_PAGE, installBinancePage } from '../tools/browser/standin/binance-page';
import { installBybitPage } from '../tools/browser/standin/bybit-page';
import {
  type FrameSrc,
  readTradingView,
  STRICT_CSP,
  type StandinSite,
  TRADINGVIEW_LIBRARY,
  type TradingViewReading,
  tradingViewFrame,
  waitForTradingViewReady,
} from '../tools/browser/standin/site';
import { chartTruth } from '../tools/browser/standin/truth';
import { loadDemoBars } from '../tools/demo/demo-bars';

/**
 * The stand-in pages are only worth testing against if they behave like the real chart: a real
 * chart whose visible ranges move under the mouse, built to the semantics in exchange-charts.md
 * (the library's own source), including where the real library is awkward. Each test here proves
 * one of those semantics of the stand-in itself.
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

  async function openTradingView(
    query: Record<string, string> = {},
    site: StandinSite = binance,
    symbol = 'BTCUSDT',
  ): Promise<{ page: Page; frame: Frame; reading: TradingViewReading }> {
    const page = await ext.context.newPage();
    await page.goto(site.url(symbol, { mode: 'tradingview', ...query }));
    const reading = await waitForTradingViewReady(page);
    return { page, frame: await tradingViewFrame(page), reading };
  }

  /** Evaluates `expression` with `chart` = the frame's activeChart(). */
  function inChart<T>(frame: Frame, expression: string): Promise<T> {
    return frame.evaluate(
      `(() => { const chart = window.tradingViewApi.activeChart(); return ${expression}; })()`,
    );
  }

  /** The centre of the chart pane, in top-page coordinates. */
  function paneCentre(reading: TradingViewReading): { x: number; y: number } {
    const pane = reading.pane!;
    return { x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 };
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
    const { page, reading } = await openTradingView();
    expect(reading.frameId).toMatch(TRADINGVIEW_LIBRARY.frameIdPattern);
    const frame = page.locator(`.chart-widget-root #chart_futures-tradingview iframe#${reading.frameId}`);
    await expect.poll(() => frame.count()).toBe(1);
    expect(await frame.getAttribute('name')).toBe(reading.frameId);
    expect(reading.symbol).toBe('BTCUSDT@PRICETYPE=LAST');
    expect(reading.resolution).toBe(BINANCE_PAGE.defaultResolution);
    expect(reading.mode).toBe(0);
    expect(reading.inverted).toBe(false);
    expect(reading.panesHeight[0]).toBeGreaterThan(300);
    expect(reading.rightAxisWidth).toBeGreaterThan(30);
    await saveScreenshot(page);
    await page.close();
  });

  it('marks the layout as TradingView does: a 0 px left axis cell first, the pane cell, the right axis cell, a time-axis row', async () => {
    const { page, frame, reading } = await openTradingView();
    const layout = await frame.evaluate<{
      tables: number;
      firstAxis: { width: number; nextIsPane: boolean };
      row: string[];
      paneCanvasParent: boolean;
      lastRow: string[];
      axisCells: number;
    }>(`(() => {
      const table = document.querySelector('table.chart-markup-table');
      const first = document.querySelector('.price-axis-container');
      const pane = document.querySelector('td.chart-markup-table.pane');
      const rows = [...table.rows];
      return {
        tables: document.querySelectorAll('table.chart-markup-table').length,
        firstAxis: { width: first.getBoundingClientRect().width, nextIsPane: first.nextElementSibling === pane },
        row: [...pane.parentElement.cells].map((c) => c.className),
        paneCanvasParent: [...pane.querySelectorAll('canvas')].every((c) => c.parentElement.classList.contains('chart-gui-wrapper')),
        lastRow: [rows[rows.length - 1].className, ...[...rows[rows.length - 1].cells].map((c) => c.className)],
        axisCells: document.querySelectorAll('td.chart-markup-table.price-axis-container').length,
      };
    })()`);
    expect(layout.tables).toBe(1);
    // querySelector('.price-axis-container') finds the LEFT cell: 0 px, just before the pane.
    expect(layout.firstAxis).toEqual({ width: 0, nextIsPane: true });
    expect(reading.priceAxisWidth).toBe(0);
    expect(layout.row).toEqual([
      'chart-markup-table price-axis-container',
      'chart-markup-table pane',
      'chart-markup-table price-axis-container',
    ]);
    expect(layout.axisCells).toBe(2);
    expect(layout.paneCanvasParent).toBe(true);
    expect(layout.lastRow).toEqual([
      'time-axis-row',
      'chart-markup-table price-axis-stub',
      'chart-markup-table time-axis',
      'chart-markup-table price-axis-stub',
    ]);
    // The pane cell is what the documented calls describe.
    expect(reading.pane!.width).toBeCloseTo(reading.timeScale.width, 5);
    expect(reading.pane!.height).toBeCloseTo(reading.paneHeight, 5);
    expect(reading.pane!.x).toBeCloseTo(reading.frame.x, 5);
    expect(reading.pane!.width + reading.rightAxisWidth!).toBeCloseTo(reading.frame.width, 5);
    await page.close();
  });

  it('has no chart model for its first animation frames: hasModel() is false and model calls throw', async () => {
    const page = await ext.context.newPage();
    // Watches from the top page's first animation frame, as an overlay's bridge would.
    await page.addInitScript(`(() => {
      if (window.top !== window) return;
      const probe = (window.__modelProbe = { first: null, ready: null, frames: 0 });
      const attempt = (fn) => { try { fn(); return 'ok'; } catch (e) { return 'threw'; } };
      const tick = () => {
        const frame = document.querySelector('iframe[id^="tradingview_"]');
        let chart = null;
        try { chart = frame && frame.contentWindow.tradingViewApi && frame.contentWindow.tradingViewApi.activeChart(); } catch (e) {}
        if (chart) {
          probe.frames++;
          if (!probe.first) probe.first = {
            at: performance.now(),
            hasModel: chart.hasModel(),
            getPanes: attempt(() => chart.getPanes()),
            getAllPanesHeight: attempt(() => chart.getAllPanesHeight()),
            getVisibleRange: attempt(() => chart.getVisibleRange()),
            getTimeScale: attempt(() => chart.getTimeScale()),
            privateModel: attempt(() => chart._chartWidget.model().model()),
          };
          if (chart.hasModel()) {
            probe.ready = { at: performance.now(), frames: probe.frames, getPanes: attempt(() => chart.getPanes()[0].getHeight()), privateModel: attempt(() => chart._chartWidget.model().model()) };
            return;
          }
        }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`);
    await page.goto(binance.url('BTCUSDT', { mode: 'tradingview', standin: 'private-model' }));
    await expect
      .poll(() => page.evaluate('window.__modelProbe && window.__modelProbe.ready !== null'), {
        timeout: 10_000,
      })
      .toBe(true);
    const probe = await page.evaluate<{
      first: Record<string, unknown> & { at: number };
      ready: Record<string, unknown> & { at: number; frames: number };
    }>('window.__modelProbe');
    expect(probe.first).toMatchObject({
      hasModel: false,
      getPanes: 'threw',
      getAllPanesHeight: 'threw',
      getVisibleRange: 'threw',
      getTimeScale: 'threw',
      privateModel: 'threw',
    });
    expect(probe.ready.frames).toBeGreaterThanOrEqual(15);
    expect(probe.ready.at - probe.first.at).toBeGreaterThanOrEqual(250);
    expect(probe.ready).toMatchObject({ getPanes: 'ok', privateModel: 'ok' });
    await page.close();
  });

  it('getVisibleRange() gives the open times of the first and last bars in view, not the pane edges', async () => {
    const { page, frame } = await openTradingView();
    // A right margin of 3.4 bars: the pane's edges fall inside bars, not on their boundaries.
    await inChart(frame, 'chart.getTimeScale().setRightOffset(3.4)');
    await expect.poll(async () => (await readTradingView(page))?.timeScale.rightOffset).toBeCloseTo(3.4, 6);
    const truth = await chartTruth(page, binance);
    const reading = (await readTradingView(page))!;
    const interval = truth.barSeconds;
    const first = truth.firstBarTime!;
    const last = truth.lastBarTime!;
    const logical = truth.logicalRange!;
    const { from, to } = reading.visibleRange;
    // `from`: the open time of the bar holding the pane's left edge (rounded wider), not the edge.
    expect(from).toBe(first + Math.floor(logical.from) * interval);
    const leftEdgeTime = first + (logical.from + 1 / truth.barSpacing) * interval;
    expect(leftEdgeTime - from).toBeGreaterThan(0.2 * interval);
    expect(leftEdgeTime - from).toBeLessThan(interval);
    // `to`: extrapolated into the right margin, past the last bar, a whole number of bars on.
    expect(to).toBe(last + (Math.ceil(logical.to) - (truth.barCount - 1)) * interval);
    expect(to).toBeGreaterThan(last);
    const rightEdgeTime = first + (logical.to + 1 + 1 / truth.barSpacing) * interval;
    expect(Math.abs(rightEdgeTime - to)).toBeGreaterThan(0.2 * interval);

    // Scrolled left of the data: `from` stays at the first loaded bar.
    await inChart(frame, `chart.getTimeScale().setRightOffset(-${truth.barCount - 40})`);
    await expect.poll(async () => (await chartTruth(page, binance)).logicalRange!.from).toBeLessThan(-20);
    expect((await readTradingView(page))!.visibleRange.from).toBe(first);
    await saveScreenshot(page, 'left-of-data');
    await page.close();
  });

  it('getVisiblePriceRange() gives the prices at pane rows 0 (to) and h−1 (from), unsorted: to < from when inverted', async () => {
    for (const [flag, check] of [
      ['', (r: { from: number; to: number }) => expect(r.to).toBeGreaterThan(r.from)],
      ['inverted', (r: { from: number; to: number }) => expect(r.to).toBeLessThan(r.from)],
      ['log', (r: { from: number; to: number }) => expect(r.to).toBeGreaterThan(r.from)],
    ] as const) {
      const { page, reading } = await openTradingView(flag ? { standin: flag } : {});
      const range = reading.priceRange!;
      check(range);
      expect(reading.inverted).toBe(flag === 'inverted');
      expect(reading.mode).toBe(flag === 'log' ? 1 : 0);
      const mid = flag === 'log' ? Math.sqrt(range.from * range.to) : (range.from + range.to) / 2;
      const truth = await chartTruth(page, binance, { prices: [range.to, range.from, mid] });
      const h = truth.paneSize.height;
      expect(truth.priceY[0]).toBeCloseTo(0, 3);
      expect(truth.priceY[1]).toBeCloseTo(h - 1, 3);
      // Linear over h − 1 rows, in log space on a log scale.
      expect(truth.priceY[2]).toBeCloseTo((h - 1) / 2, 3);
      await saveScreenshot(page, flag || 'normal');
      await page.close();
    }
  });

  it('getTimeScale() gives the pane width, the live bar spacing, the right offset and the bar at a pane x', async () => {
    const { page, frame, reading } = await openTradingView();
    expect(reading.timeScale.width).toBe(reading.pane!.width);
    let truth = await chartTruth(page, binance);
    expect(reading.timeScale.barSpacing).toBeCloseTo(truth.barSpacing, 6);
    // A wheel zoom changes the spacing (the barSpacing option does not follow it; the API does).
    await page.mouse.move(paneCentre(reading).x, paneCentre(reading).y);
    await page.mouse.wheel(0, -500);
    await expect.poll(async () => (await readTradingView(page))?.timeScale.barSpacing).not.toBeCloseTo(6, 3);
    await page.mouse.move(1, 1);
    truth = await chartTruth(page, binance);
    const zoomed = (await readTradingView(page))!;
    expect(zoomed.timeScale.barSpacing).toBeCloseTo(truth.barSpacing, 6);
    await inChart(frame, 'chart.getTimeScale().setRightOffset(6)');
    await expect.poll(async () => (await readTradingView(page))?.timeScale.rightOffset).toBe(6);
    // coordinateToTime(x): the open time of the bar whose slot holds x.
    const t = truth.lastBarTime! - 10 * truth.barSeconds;
    truth = await chartTruth(page, binance, { times: [t] });
    const left = truth.barLeftX[0]!;
    const at = await inChart<Array<number | null>>(
      frame,
      `[${left + 0.5}, ${left + truth.barSpacing - 0.5}, ${left - 0.5}, ${truth.paneSize.width - 2}].map((x) => chart.getTimeScale().coordinateToTime(x))`,
    );
    expect(at).toEqual([t, t, t - truth.barSeconds, null]);
    await page.close();
  });

  it('a maximized pane: getAllPanesHeight() gives stretch factors, getPanes()[0].getHeight() px', async () => {
    const { page, reading } = await openTradingView({ standin: 'maximized' });
    expect(reading.panesHeight).toEqual([1000]);
    expect(reading.paneHeight).toBe(reading.pane!.height);
    expect(reading.paneHeight).not.toBe(1000);
    await page.close();
  });

  it('offers the private model and coordinateToPrice only when asked, mapping as the chart draws', async () => {
    const plain = await openTradingView();
    expect(
      await inChart(
        plain.frame,
        `[typeof chart._chartWidget, typeof chart.getPanes()[0].getMainSourcePriceScale().coordinateToPrice]`,
      ),
    ).toEqual(['undefined', 'undefined']);
    await plain.page.close();

    const { page, frame, reading } = await openTradingView({ standin: 'private-model,coordinate-to-price' });
    const t = reading.visibleRange.from + 20 * 900;
    const price = (reading.priceRange!.from + reading.priceRange!.to) / 2;
    const truth = await chartTruth(page, binance, { prices: [price], times: [t] });
    const model = await inChart<{ index: number; centre: number; y: number; back: number; outside: null }>(
      frame,
      `(() => {
        const model = chart._chartWidget.model().model();
        const index = model.timeScale().timePointToIndex(${t}, 0);
        const series = model.mainSeries();
        const y = series.priceScale().priceToCoordinate(${price}, series.firstValue());
        return {
          index,
          centre: model.timeScale().indexToCoordinate(index),
          y,
          back: chart.getPanes()[0].getMainSourcePriceScale().coordinateToPrice(y),
          outside: model.timeScale().timePointToIndex(${truth.firstBarTime! - 3600}, 0),
        };
      })()`,
    );
    expect(model.index).toBe(truth.barIndex[0]);
    expect(model.centre - truth.barSpacing / 2).toBeCloseTo(truth.barLeftX[0]!, 6);
    expect(model.y).toBeCloseTo(truth.priceY[0]!, 6);
    expect(model.back).toBeCloseTo(price, 6);
    expect(model.outside).toBeNull();
    await page.close();
  });

  it.each(['blob', 'about:blank', 'sameorigin'] as FrameSrc[])(
    'serves the trading page under a strict Content-Security-Policy, and the chart still works (%s frame)',
    async (frameSrc) => {
      const strict = await installBinancePage(ext.context, { candles: () => bars, frameSrc, csp: true });
      const page = await ext.context.newPage();
      try {
        const response = await page.goto(strict.url('BTCUSDT', { mode: 'tradingview' }));
        expect(response?.headers()['content-security-policy']).toBe(STRICT_CSP);
        const reading = await waitForTradingViewReady(page);
        expect(reading.symbol).toBe('BTCUSDT@PRICETYPE=LAST');
        // The policy is in force: an inline script does not run, in the page or in the chart frame.
        const inlineRan = `(() => {
          const s = document.createElement('script');
          s.textContent = 'window.__inlineRan = true';
          document.head.append(s);
          return window.__inlineRan === true;
        })()`;
        expect(await page.evaluate(inlineRan)).toBe(false);
        expect(await (await tradingViewFrame(page)).evaluate(inlineRan)).toBe(false);
      } finally {
        await page.close();
        await strict.uninstall();
      }
    },
  );

  it('shows the replayed candles: the visible price range brackets the visible bars', async () => {
    const { page, reading } = await openTradingView();
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
    const { page, reading: before } = await openTradingView();
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
    const { page, frame, reading: before } = await openTradingView();
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

  it('fires onVisibleRangeChanged only when a bar at an edge changes, not for moves of less than a bar', async () => {
    const { page, frame } = await openTradingView();
    await frame.evaluate(`(() => {
      window.__rangeEvents = [];
      window.tradingViewApi.activeChart().onVisibleRangeChanged()
        .subscribe(null, (range) => window.__rangeEvents.push(range));
    })()`);
    const moveTo = async (offset: number) => {
      await inChart(frame, `chart.getTimeScale().setRightOffset(${offset})`);
      await expect
        .poll(async () => (await readTradingView(page))?.timeScale.rightOffset)
        .toBeCloseTo(offset, 6);
    };
    const events = () => frame.evaluate<unknown[]>('window.__rangeEvents');
    await moveTo(2.2);
    await expect.poll(async () => (await events()).length).toBeGreaterThan(0);
    const before = (await events()).length;
    // 0.3 of a bar: the pane's edges stay inside the same bars.
    await moveTo(2.5);
    await page.waitForTimeout(100);
    expect((await events()).length).toBe(before);
    // A whole bar: both edge bars change.
    await moveTo(3.5);
    await expect.poll(async () => (await events()).length).toBe(before + 1);
    expect((await events()).at(-1)).toEqual((await readTradingView(page))!.visibleRange);
    await page.close();
  });

  it('reports log mode and an explicitly set price range through the price scale', async () => {
    const { page, frame } = await openTradingView();
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
    const { page, frame } = await openTradingView();
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

  it('has a Basic mode without the frame, and builds a NEW frame element with a new id on every return to Trading View', async () => {
    const page = await ext.context.newPage();
    await page.goto(binance.url('BTCUSDT'));
    // Basic is the site's default (exchange-charts.md).
    await expect
      .poll(() => page.locator('#standin-chart-root').getAttribute('data-chart-mode'))
      .toBe('basic');
    expect(await page.locator('iframe[id^="tradingview_"]').count()).toBe(0);
    expect(await readTradingView(page)).toBeNull();
    await saveScreenshot(page, 'basic');

    const ids: string[] = [];
    let previous: Awaited<ReturnType<Page['$']>> = null;
    for (let round = 0; round < 3; round++) {
      await page.click('[data-chart-mode="tradingview"]');
      const reading = await waitForTradingViewReady(page);
      expect(reading.frameId).toMatch(TRADINGVIEW_LIBRARY.frameIdPattern);
      ids.push(reading.frameId);
      const element = await page.$(`iframe#${reading.frameId}`);
      // The old element is gone from the document, not reused.
      if (previous) expect(await previous.evaluate((e) => e.isConnected)).toBe(false);
      previous = element;
      await page.click('[data-chart-mode="basic"]');
      await expect.poll(() => page.locator('iframe[id^="tradingview_"]').count()).toBe(0);
    }
    expect(new Set(ids).size).toBe(3);

    // Depth hides the frame but keeps it.
    await page.click('[data-chart-mode="tradingview"]');
    const kept = await waitForTradingViewReady(page);
    await page.click('[data-chart-mode="depth"]');
    await expect.poll(() => page.locator(`iframe#${kept.frameId}`).isVisible()).toBe(false);
    expect(await page.locator(`iframe#${kept.frameId}`).count()).toBe(1);
    await page.close();
  });

  it('opens another market in-page: pushState to its path and setSymbol on the chart, no page load', async () => {
    const { page, frame, reading } = await openTradingView();
    await page.evaluate('window.__samePage = true');
    await frame.evaluate(`(() => {
      window.__symbolEvents = 0;
      window.tradingViewApi.activeChart().onSymbolChanged().subscribe(null, () => window.__symbolEvents++);
    })()`);
    const loads = binance.served().pages;
    await page.locator('[data-standin-symbol-link="ETHUSDT"]:visible').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/en/futures/ETHUSDT');
    await expect.poll(async () => (await readTradingView(page))?.symbol).toBe('ETHUSDT@PRICETYPE=LAST');
    expect(await page.evaluate('window.__samePage')).toBe(true);
    expect(binance.served().pages).toBe(loads);
    expect(await frame.evaluate('window.__symbolEvents')).toBe(1);
    expect((await readTradingView(page))?.frameId).toBe(reading.frameId);
    expect(await page.title()).toContain('ETHUSDT');

    // Back: the site follows the history entry, still without a load.
    await page.goBack();
    await expect.poll(async () => (await readTradingView(page))?.symbol).toBe('BTCUSDT@PRICETYPE=LAST');
    expect(await page.evaluate('window.__samePage')).toBe(true);

    // A frame rebuilt after the move shows the market of the page now.
    await page.locator('[data-standin-symbol-link="ETHUSDT"]:visible').click();
    await page.click('[data-chart-mode="basic"]');
    await page.click('[data-chart-mode="tradingview"]');
    await expect
      .poll(async () => (await readTradingView(page).catch(() => null))?.symbol)
      .toBe('ETHUSDT@PRICETYPE=LAST');
    await page.close();
  });

  it('opens a header dropdown over the chart: fixed, z-index 1000, in the top document', async () => {
    const { page, reading } = await openTradingView();
    const menu = page.locator('[data-standin-dropdown]');
    expect(await menu.isVisible()).toBe(false);
    await page.click('[data-standin-dropdown-button]');
    await expect.poll(() => menu.isVisible()).toBe(true);
    const box = (await menu.boundingBox())!;
    const style = await menu.evaluate((el) => {
      const s = getComputedStyle(el);
      return { position: s.position, zIndex: s.zIndex };
    });
    expect(style).toEqual({ position: 'fixed', zIndex: '1000' });
    const pane = reading.pane!;
    const overlap = {
      x0: Math.max(box.x, pane.x),
      x1: Math.min(box.x + box.width, pane.x + pane.width),
      y0: Math.max(box.y, pane.y),
      y1: Math.min(box.y + box.height, pane.y + pane.height),
    };
    // Most of the menu lies over the chart pane, and there it is what the user sees.
    expect((overlap.x1 - overlap.x0) * (overlap.y1 - overlap.y0)).toBeGreaterThan(
      0.8 * box.width * box.height,
    );
    const onTop = await page.evaluate(
      `document.elementFromPoint(${(overlap.x0 + overlap.x1) / 2}, ${(overlap.y0 + overlap.y1) / 2}).closest('[data-standin-dropdown]') !== null`,
    );
    expect(onTop).toBe(true);
    await saveScreenshot(page, 'dropdown');
    await page.mouse.click(5, 790);
    await expect.poll(() => menu.isVisible()).toBe(false);
    await page.close();
  });

  it('answers Binance URLs without a language and with a lowercase symbol', async () => {
    const page = await ext.context.newPage();
    await page.goto('https://www.binance.com/futures/btcusdt?mode=tradingview');
    const reading = await waitForTradingViewReady(page);
    expect(reading.symbol).toBe('BTCUSDT@PRICETYPE=LAST');
    expect(await page.locator('[data-standin-market-name]').textContent()).toBe('BTCUSDT');
    await page.goto('https://www.binance.com/de/futures/ethusdt?mode=tradingview');
    expect((await waitForTradingViewReady(page)).symbol).toBe('ETHUSDT@PRICETYPE=LAST');
    const other = await page.goto('https://www.binance.com/en/trade/BTC_USDT');
    expect(other?.status()).toBe(404);
    await page.close();
  });

  it('serves Bybit at /en/ and /en-US/, and moves a bare /trade/usdt/ URL to /en/ client-side', async () => {
    const bybit = await installBybitPage(ext.context, { candles: () => bars });
    const page = await ext.context.newPage();
    try {
      await page.goto(bybit.url('BTCUSDT'));
      expect(page.url()).toBe('https://www.bybit.com/en/trade/usdt/BTCUSDT');
      const reading = await waitForTradingViewReady(page);
      expect(reading.symbol).toBe('BTCUSDT');
      expect(reading.frameId).toMatch(TRADINGVIEW_LIBRARY.frameIdPattern);
      await saveScreenshot(page);

      await page.goto('https://www.bybit.com/en-US/trade/usdt/ethusdt');
      expect((await waitForTradingViewReady(page)).symbol).toBe('ETHUSDT');

      const loads = bybit.served().pages;
      await page.goto('https://www.bybit.com/trade/usdt/solusdt');
      await page.evaluate('window.__samePage = true');
      await expect.poll(() => page.url()).toBe('https://www.bybit.com/en/trade/usdt/solusdt');
      expect(await page.evaluate('window.__samePage')).toBe(true);
      expect(bybit.served().pages).toBe(loads + 1);
      expect((await waitForTradingViewReady(page)).symbol).toBe('SOLUSDT');
    } finally {
      await page.close();
      await bybit.uninstall();
    }
  });

  it('checks band pixels against the truth: bands drawn where the chart puts them pass; 2 px off, or mapped over getVisibleRange(), fail', async () => {
    const { page, frame } = await openTradingView({}, binance);
    await inChart(frame, 'chart.getTimeScale().setBarSpacing(12)');
    await page.mouse.move(1, 1);
    // Whatever the extension shows on this page stays out of the picture.
    await expect.poll(() => setOverlayShown(page, false)).toBeGreaterThanOrEqual(0);
    const truth = await chartTruth(page, binance);
    const reading = (await readTradingView(page))!;
    const interval = truth.barSeconds * 1000;
    const last = truth.lastBarTime! * 1000;
    const price = reading.priceRange!;
    const at = (share: number) => price.from + (price.to - price.from) * share;
    // Bands with gaps between, some ended (their right end checked), some live; and a stack of
    // three bands about 2.4 px tall each, as the worker's price bins often come out.
    const bands: BandLike[] = Array.from({ length: 10 }, (_, i) => ({
      priceLow: at(0.08 + i * 0.09),
      priceHigh: at(0.08 + i * 0.09 + 0.013 + 0.004 * i),
      timeStart: last - (60 - 3 * i) * interval,
      timeEnd: i % 3 === 2 ? last + interval : last - (25 - i) * interval,
      intensity: 0.3 + 0.07 * i,
    }));
    for (let k = 0; k < 3; k++) {
      bands.push({
        priceLow: at(0.035 + k * 0.0035),
        priceHigh: at(0.035 + (k + 1) * 0.0035),
        timeStart: last - 50 * interval,
        timeEnd: last - 20 * interval,
        intensity: 0.4 + 0.2 * k,
      });
    }
    const asOf = last + interval;
    const verdicts: Record<string, ReturnType<typeof checkBandEdges>> = {};
    for (const [name, shift] of [
      ['exact', { x: 0, y: 0 }],
      ['half a pixel off', { x: 0.5, y: -0.5 }],
      ['2 px low', { x: 0, y: 2 }],
      ['2 px right', { x: 2, y: 0 }],
    ] as const) {
      await drawReferenceBands(page, binance, bands, asOf, shift);
      const capture = await captureShownHidden(page, binance, bands, (hidden) =>
        setReferenceShown(page, !hidden),
      );
      verdicts[name] = checkBandEdges(capture, expectedBands(bands, asOf, capture.truth), capture.truth);
    }
    const count = (name: string, edge: string, ok?: boolean) =>
      verdicts[name]!.filter((c) => c.edge === edge && (ok === undefined || c.ok === ok)).length;
    for (const name of ['exact', 'half a pixel off']) {
      expect(count(name, 'top'), describeChecks(verdicts[name]!)).toBeGreaterThanOrEqual(5);
      expect(count(name, 'right'), describeChecks(verdicts[name]!)).toBeGreaterThanOrEqual(3);
      expect(
        verdicts[name]!.every((c) => c.ok),
        describeChecks(verdicts[name]!),
      ).toBe(true);
    }
    expect(count('2 px low', 'top', true) + count('2 px low', 'bottom', true)).toBe(0);
    expect(count('2 px low', 'top', false)).toBeGreaterThanOrEqual(5);
    expect(count('2 px right', 'right', true)).toBe(0);
    expect(count('2 px right', 'right', false)).toBeGreaterThanOrEqual(3);

    // The mapping the notes warn against: getVisibleRange() stretched over the pane's width, and
    // getVisiblePriceRange() over h rows. Its band ends miss the bar boundaries.
    const size = truth.paneSize;
    const now = (await readTradingView(page))!;
    const x = (ms: number) =>
      ((ms / 1000 - now.visibleRange.from) / (now.visibleRange.to - now.visibleRange.from)) * size.width;
    const y = (p: number) =>
      ((now.priceRange!.to - p) / (now.priceRange!.to - now.priceRange!.from)) * size.height;
    await drawReferenceRects(
      page,
      binance,
      bands.map((b) => ({
        x0: Math.max(0, x(b.timeStart)),
        x1: b.timeEnd >= asOf ? size.width : x(b.timeEnd),
        y0: y(b.priceHigh),
        y1: y(b.priceLow),
        alpha: 0.5,
      })),
      size,
    );
    const capture = await captureShownHidden(page, binance, bands, (hidden) =>
      setReferenceShown(page, !hidden),
    );
    const naive = checkBandEdges(capture, expectedBands(bands, asOf, capture.truth), capture.truth);
    expect(
      naive.filter((c) => c.edge === 'right' && !c.ok).length,
      describeChecks(naive),
    ).toBeGreaterThanOrEqual(3);
    await page.close();
  });
});
