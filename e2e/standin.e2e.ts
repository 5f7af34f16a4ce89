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
import { chartTruth, rebuildChartPane } from '../tools/browser/standin/truth';
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

  /** The frame's markup as a reader sees it, by class; boxes in frame px. */
  interface MarkupFacts {
    tables: number;
    markups: { tag: string; pane: Box; charts: number }[];
    firstAxis: { width: number; nextIsPane: boolean };
    mainRow: string[];
    guiWrapper: boolean;
    paneCanvasesInWrapper: boolean;
    panes: Box[];
    paneCanvases: number[];
    timeAxis: Box | null;
    timeAxisCanvas: boolean;
    rightAxisText: string;
    header: Box | null;
    drawingToolbar: Box | null;
    toolbarCanvases: number;
  }
  type Box = { x: number; y: number; width: number; height: number };

  /** Facts of the markup of chart `chart` (in document order) in the frame, read by class only. */
  function markupFacts(frame: Frame, chart = 0): Promise<MarkupFacts> {
    return frame.evaluate(`(() => {
      const layout = ${JSON.stringify(TRADINGVIEW_LIBRARY.layout)};
      const box = (el) => { if (!el) return null; const r = el.getBoundingClientRect(); return { x: r.left, y: r.top, width: r.width, height: r.height }; };
      const markups = [...document.querySelectorAll(layout.markup)];
      const markup = markups[${chart}];
      const panes = [...markup.querySelectorAll(layout.pane)];
      const pane = panes[0];
      const first = document.querySelector('.price-axis-container');
      const right = pane.nextElementSibling;
      const header = document.querySelector(layout.headerToolbar);
      const drawing = document.querySelector(layout.drawingToolbar);
      const timeAxis = markup.querySelector(layout.timeAxis);
      return {
        tables: document.querySelectorAll('table, tbody, tr, td').length,
        markups: markups.map((m) => ({ tag: m.tagName.toLowerCase(), pane: box(m.querySelector(layout.pane)), charts: 1 })),
        firstAxis: { width: first.getBoundingClientRect().width, nextIsPane: first.nextElementSibling === document.querySelector(layout.pane) },
        mainRow: [...pane.parentElement.children].map((c) => c.className),
        guiWrapper: pane.querySelector(layout.guiWrapper) !== null,
        paneCanvasesInWrapper: panes.every((p) => [...p.querySelectorAll('canvas')].every((c) => c.parentElement.matches(layout.guiWrapper))),
        panes: panes.map(box),
        paneCanvases: panes.map((p) => p.querySelectorAll(layout.guiWrapper + ' canvas').length),
        timeAxis: box(timeAxis),
        timeAxisCanvas: timeAxis !== null && timeAxis.querySelector('canvas') !== null,
        rightAxisText: right.textContent.trim(),
        header: box(header),
        drawingToolbar: box(drawing),
        toolbarCanvases: (header ? header.querySelectorAll('canvas').length : 0) + (drawing ? drawing.querySelectorAll('canvas').length : 0),
      };
    })()`);
  }

  /** Counts painted pixels (not the pane's background) on the first canvas of the active chart's main pane. */
  function paintedPixels(page: Page, site: StandinSite = binance): Promise<number> {
    return tradingViewFrame(page).then((frame) =>
      frame.evaluate(`(() => {
        const pane = window.__standinTruth(${JSON.stringify(site.truthToken)}).paneElement();
        const canvas = pane.querySelector('${TRADINGVIEW_LIBRARY.layout.guiWrapper} canvas');
        const g = canvas.getContext('2d');
        const { data } = g.getImageData(0, 0, canvas.width, canvas.height);
        const bg = [data[0], data[1], data[2]];
        let n = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] !== bg[0] || data[i + 1] !== bg[1] || data[i + 2] !== bg[2]) n++;
        return n;
      })()`),
    );
  }

  it("builds TradingView's v27+ DIV markup: toolbars around, a 0 px left axis first, the pane with its gui wrapper, the right axis, an indicator pane below, the time axis; no table anywhere", async () => {
    const { page, frame, reading } = await openTradingView();
    const facts = await markupFacts(frame);
    expect(facts.tables, 'a <table>/<td> in the frame document').toBe(0);
    expect(facts.markups.map((m) => m.tag)).toEqual(['div']);
    expect(reading.markupTag).toBe('div');
    // querySelector('.price-axis-container') finds the LEFT cell: 0 px, just before the pane.
    expect(facts.firstAxis).toEqual({ width: 0, nextIsPane: true });
    expect(reading.priceAxisWidth).toBe(0);
    expect(reading.leftAxisWidth).toBe(0);
    expect(facts.mainRow).toEqual([
      'chart-markup-table price-axis-container',
      'chart-markup-table pane',
      'chart-markup-table price-axis-container',
    ]);
    expect(facts.guiWrapper).toBe(true);
    expect(facts.paneCanvasesInWrapper).toBe(true);
    // The indicator pane: below the main pane, as wide, with canvases of its own.
    expect(facts.panes).toHaveLength(2);
    const [main, indicator] = facts.panes as [Box, Box];
    expect(indicator.y).toBeGreaterThanOrEqual(main.y + main.height);
    expect(indicator.x).toBe(main.x);
    expect(indicator.width).toBe(main.width);
    expect(facts.paneCanvases.every((n) => n > 0)).toBe(true);
    expect(reading.panesHeight).toEqual([main.height, indicator.height]);
    // The time axis below both, under the pane's columns; axes drawn on canvas, no DOM labels.
    expect(facts.timeAxis!.y).toBeGreaterThanOrEqual(indicator.y + indicator.height);
    expect(facts.timeAxis!.x).toBe(main.x);
    expect(facts.timeAxis!.width).toBe(main.width);
    expect(facts.timeAxisCanvas).toBe(true);
    expect(facts.rightAxisText).toBe('');
    // The library's toolbars: the header above the chart, the drawing toolbar left of it (DOM only).
    expect(facts.header!.y + facts.header!.height).toBeLessThanOrEqual(main.y);
    expect(facts.drawingToolbar!.x + facts.drawingToolbar!.width).toBeLessThanOrEqual(main.x);
    expect(facts.toolbarCanvases).toBe(0);
    // So the pane starts neither at the frame's left nor its top edge; the documented calls describe it.
    expect(reading.pane!.x).toBeGreaterThan(reading.frame.x + 20);
    expect(reading.pane!.y).toBeGreaterThan(reading.frame.y + 20);
    expect(reading.pane!.width).toBe(reading.timeScale.width);
    expect(reading.pane!.height).toBe(reading.paneHeight);
    expect(reading.pane!.x + reading.pane!.width + reading.rightAxisWidth!).toBeCloseTo(
      reading.frame.x + reading.frame.width,
      5,
    );
    // The truth measures the same pane.
    expect((await chartTruth(page, binance)).pane).toEqual(reading.pane);
    await page.close();
  });

  it('carries the library version on the frame (v29.4+) and the frame title', async () => {
    const { page, reading } = await openTradingView();
    expect(reading.frameVersion).toBe(TRADINGVIEW_LIBRARY.frameVersion);
    expect(await page.locator(`iframe#${reading.frameId}`).getAttribute('title')).toBe('Financial Chart');
    await page.close();
  });

  it('table-markup: the v23 markup, a table with the same classes (td.chart-markup-table.pane), no version attribute', async () => {
    const { page, frame, reading } = await openTradingView({ standin: 'table-markup' });
    const facts = await markupFacts(frame);
    expect(facts.markups.map((m) => m.tag)).toEqual(['table']);
    expect(reading.markupTag).toBe('table');
    const cells = await frame.evaluate<{ pane: number; axes: number; timeAxis: number; tables: number }>(`({
      tables: document.querySelectorAll('table.chart-markup-table').length,
      pane: document.querySelectorAll('table.chart-markup-table td.chart-markup-table.pane').length,
      axes: document.querySelectorAll('td.chart-markup-table.price-axis-container').length,
      timeAxis: document.querySelectorAll('td.chart-markup-table.time-axis').length,
    })`);
    expect(cells).toEqual({ tables: 1, pane: 2, axes: 4, timeAxis: 1 });
    expect(facts.firstAxis).toEqual({ width: 0, nextIsPane: true });
    expect(facts.mainRow).toEqual([
      'chart-markup-table price-axis-container',
      'chart-markup-table pane',
      'chart-markup-table price-axis-container',
    ]);
    expect(facts.paneCanvasesInWrapper).toBe(true);
    expect(reading.frameVersion).toBeNull();
    expect(reading.pane!.width).toBe(reading.timeScale.width);
    expect(reading.pane!.height).toBe(reading.paneHeight);
    expect((await chartTruth(page, binance)).pane).toEqual(reading.pane);
    await page.close();
  });

  it('left-scale: the left axis cell has width, so the pane starts right of it (and the first .price-axis-container is not 0 px)', async () => {
    const { page, frame, reading } = await openTradingView({ standin: 'left-scale' });
    const facts = await markupFacts(frame);
    expect(facts.tables).toBe(0);
    expect(reading.leftAxisWidth).toBeGreaterThan(30);
    expect(reading.priceAxisWidth).toBe(reading.leftAxisWidth);
    const leftAxisRight = await frame.evaluate<number>(
      `document.querySelector('.price-axis-container').getBoundingClientRect().right`,
    );
    expect(facts.panes[0]!.x).toBe(leftAxisRight);
    expect(reading.pane!.width).toBe(reading.timeScale.width);
    expect(await inChart(frame, 'chart.getPanes()[0].getLeftPriceScales().length')).toBe(1);
    expect(await paintedPixels(page)).toBeGreaterThan(1000);
    expect((await chartTruth(page, binance)).pane).toEqual(reading.pane);
    await saveScreenshot(page);
    await page.close();
  });

  it('no-indicator: the main pane only', async () => {
    const { page, frame, reading } = await openTradingView({ standin: 'no-indicator' });
    expect((await markupFacts(frame)).panes).toHaveLength(1);
    expect(reading.panesHeight).toEqual([reading.paneHeight]);
    await page.close();
  });

  it.each([
    ['two-charts', 1],
    ['two-charts-no-index', null],
  ] as const)(
    '%s: two chart widgets side by side in one frame, panes of the same size; the SECOND is active and the truth describes it',
    async (flag, index) => {
      const { page, frame, reading } = await openTradingView({ standin: flag });
      const facts = await markupFacts(frame, 1);
      expect(facts.tables).toBe(0);
      expect(facts.markups).toHaveLength(2);
      const [first, second] = facts.markups as [MarkupFacts['markups'][0], MarkupFacts['markups'][0]];
      expect(second.pane.width).toBe(first.pane.width);
      expect(second.pane.height).toBe(first.pane.height);
      expect(second.pane.x).toBeGreaterThan(first.pane.x + first.pane.width);
      const api = await frame.evaluate<{
        count: number;
        index: number | null;
        activeIsSecond: boolean;
        symbols: string[];
        ranges: Array<{ from: number; to: number }>;
      }>(`(() => {
        const api = window.tradingViewApi;
        const charts = [api.chart(0), api.chart(1)];
        return {
          count: api.chartsCount(),
          index: typeof api.activeChartIndex === 'function' ? api.activeChartIndex() : null,
          activeIsSecond: api.activeChart() === charts[1],
          symbols: charts.map((c) => c.symbol()),
          ranges: charts.map((c) => c.getPanes()[0].getMainSourcePriceScale().getVisiblePriceRange()),
        };
      })()`);
      expect(api.count).toBe(2);
      expect(api.index).toBe(index);
      expect(api.activeIsSecond).toBe(true);
      // The first chart in the document shows another market, at other prices.
      expect(api.symbols).toEqual(['ETHUSDT@PRICETYPE=LAST', 'BTCUSDT@PRICETYPE=LAST']);
      expect(api.ranges[0]!.to).toBeLessThan(api.ranges[1]!.to / 5);
      // The reader and the truth both describe the active (second) chart.
      expect(reading.activeMarkupIndex).toBe(1);
      expect(reading.chartsCount).toBe(2);
      expect(reading.pane!.x - reading.frame.x).toBeCloseTo(second.pane.x, 5);
      const range = reading.priceRange!;
      const truth = await chartTruth(page, binance, { prices: [range.to, range.from] });
      expect(truth.chartIndex).toBe(1);
      expect(truth.pane).toEqual(reading.pane);
      expect(truth.priceY[0]).toBeCloseTo(0, 6);
      expect(truth.priceY[1]).toBeCloseTo(truth.paneSize.height - 1, 6);
      await saveScreenshot(page, flag);
      await page.close();
    },
  );

  it('rebuilds the main pane as the library does on a layout change: the old pane element and what was put in it are gone, the new one is painted, the API keeps its geometry', async () => {
    const { page, frame, reading } = await openTradingView();
    await page.mouse.move(1, 1);
    // An overlay's element in the pane, and the pane's elements as they are now.
    await frame.evaluate(`(() => {
      const pane = document.querySelector('${TRADINGVIEW_LIBRARY.layout.pane}');
      pane.append(document.createElement('third-party-overlay'));
      window.__oldPane = { pane, wrapper: pane.querySelector('${TRADINGVIEW_LIBRARY.layout.guiWrapper}'), canvas: pane.querySelector('canvas') };
    })()`);
    const truthBefore = await chartTruth(page, binance, { prices: [reading.priceRange!.to] });
    await rebuildChartPane(page, binance);
    const after = await frame.evaluate<{ gone: boolean[]; markers: number; panes: number }>(
      `(() => {
        const old = window.__oldPane;
        return {
          gone: [old.pane, old.wrapper, old.canvas].map((e) => !e.isConnected),
          markers: document.querySelectorAll('third-party-overlay').length,
          panes: document.querySelectorAll('${TRADINGVIEW_LIBRARY.layout.pane}').length,
        };
      })()`,
    );
    expect(after).toEqual({ gone: [true, true, true], markers: 0, panes: 2 });
    expect(await paintedPixels(page)).toBeGreaterThan(1000);
    const readingAfter = (await readTradingView(page))!;
    expect(readingAfter.pane).toEqual(reading.pane);
    expect(readingAfter.priceRange).toEqual(reading.priceRange);
    expect(readingAfter.timeScale).toEqual(reading.timeScale);
    const truthAfter = await chartTruth(page, binance, { prices: [reading.priceRange!.to] });
    expect(truthAfter).toEqual(truthBefore);
    // Still a live chart: a wheel zoom over the new pane changes the spacing.
    const centre = paneCentre(readingAfter);
    await page.mouse.move(centre.x, centre.y);
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => (await readTradingView(page))?.timeScale.barSpacing).toBeGreaterThan(7);
    await page.close();
  });

  it('draws at the device pixel ratio: canvases of 2× the CSS size at DPR 2, the same geometry in CSS px', async () => {
    const page = await ext.context.newPage();
    const cdp = await ext.context.newCDPSession(page);
    await cdp.send('Emulation.setDeviceMetricsOverride', {
      width: 1280,
      height: 800,
      deviceScaleFactor: 2,
      mobile: false,
    });
    await page.goto(binance.url('BTCUSDT', { mode: 'tradingview' }));
    const reading = await waitForTradingViewReady(page);
    const frame = await tradingViewFrame(page);
    await expect
      .poll(() =>
        frame.evaluate<number[]>(`(() => {
          const canvas = document.querySelector('${TRADINGVIEW_LIBRARY.layout.pane} canvas');
          return [window.devicePixelRatio, canvas.width, canvas.height];
        })()`),
      )
      .toEqual([2, 2 * reading.pane!.width, 2 * reading.pane!.height]);
    expect(reading.timeScale.width).toBe(reading.pane!.width);
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
    const { page, frame, reading: opened } = await openTradingView();
    // A whole number of bars across the pane and a right margin of 3.4 bars: both pane edges fall
    // 0.4 of a bar into a bar, not on bar boundaries.
    await inChart(frame, `chart.getTimeScale().setBarSpacing(${opened.timeScale.width / 190})`);
    await inChart(frame, 'chart.getTimeScale().setRightOffset(3.4)');
    await expect.poll(async () => (await readTradingView(page))?.timeScale.rightOffset).toBeCloseTo(3.4, 6);
    const truth = await chartTruth(page, binance);
    const reading = (await readTradingView(page))!;
    const interval = truth.barSeconds;
    const first = truth.firstBarTime!;
    const last = truth.lastBarTime!;
    // Bar i's slot is logical i − ½ … i + ½; its open time is at i − ½.
    const logical = truth.logicalRange!;
    const timeAt = (position: number) => first + (position + 0.5) * interval;
    const { from, to } = reading.visibleRange;
    // `from`: the open time of the bar holding the pane's left edge (rounded wider), not the edge.
    expect(from).toBe(first + Math.round(logical.from) * interval);
    expect(timeAt(logical.from) - from).toBeCloseTo(0.4 * interval, 6);
    // `to`: the open time of the bar slot holding the right edge, extrapolated into the right
    // margin past the last bar, a whole number of bars on; 0.4 of a bar short of the edge.
    expect(to).toBe(last + (Math.round(logical.to) - (truth.barCount - 1)) * interval);
    expect(to).toBeGreaterThan(last);
    expect(timeAt(logical.to) - to).toBeCloseTo(0.4 * interval, 6);

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
    // One factor per pane; the indicator pane is hidden while the main pane is maximized.
    expect(reading.panesHeight).toEqual([1000, 1000]);
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
