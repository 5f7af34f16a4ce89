import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeatmapReply } from '../core/messaging';
import { DEFAULT_SETTINGS } from '../core/settings';
import {
  type LaunchedExtension,
  launchExtension,
  messageServiceWorker,
  openExtensionPage,
  saveJsonArtifact,
  savePngArtifact,
  saveScreenshot,
  waitForWorkerBands,
  workerHeatmap,
} from '../tools/browser';
import { captureShownHidden, type ShownHidden } from '../tools/browser/band-pixels/capture';
import {
  checkBandEdges,
  type EdgeCheck,
  type EdgeCheckOptions,
} from '../tools/browser/band-pixels/edge-checks';
import { describeChecks, maskPicture } from '../tools/browser/band-pixels/evidence';
import { expectedBands } from '../tools/browser/band-pixels/expected-bands';
import { sameImage, screenshotBox } from '../tools/browser/band-pixels/screenshot';
import {
  hasBands,
  isDrawing,
  isExplainedHint,
  markOverlayHosts,
  type OverlayHost,
  overlayControl,
  overlayHosts,
  overlayZoneMarks,
  overlayZones,
  setOverlayShown,
  waitForOverlay,
} from '../tools/browser/overlay';
import { installBinancePage } from '../tools/browser/standin/binance-page';
import {
  readTradingView,
  type StandinSite,
  tradingViewFrame,
  waitForTradingViewReady,
} from '../tools/browser/standin/site';
import { chartTruth, rebuildChartPane } from '../tools/browser/standin/truth';
import { DEMO_SYMBOL, loadDemoBars } from '../tools/demo/demo-bars';
import { type ReplayExchange, startReplayExchange } from '../tools/replay-exchange/index';

const DAY = 86_400_000;
const FIVE_MINUTES = 5 * 60_000;
/** How far a zone outline's stroke (2 px, centred on the zone's edge) can move a found edge, px. */
const OUTLINE_REACH_PX = 4;

type OkReply = Extract<HeatmapReply, { ok: true }>;

/**
 * The heat bands against the chart's own truth, pixel by pixel: screenshots of the chart pane with
 * the overlay shown and hidden; what differs is what the overlay painted; its band edges are
 * compared with where lightweight-charts itself (the stand-in's truth, tools/browser/standin/truth.ts)
 * puts each band's prices and bar boundaries. Bands are the worker's reply to `get-heatmap`, the
 * same bands the overlay draws. The stand-in chart is built to the real library's semantics
 * (shared/notes/exchange-charts.md), so an overlay that maps getVisibleRange() onto the pane edges,
 * measures the wrong axis cell, or flips an inverted scale twice is caught here.
 *
 * The overlay's side of the contract: a `<heatbands-overlay>` host (top page or chart frame) with an
 * open shadow root and `data-bands`, `data-state` (drawing | hint | off), `data-reason` with a hint.
 */
describe('heat bands aligned with the TradingView chart (Binance stand-in)', () => {
  const bars = loadDemoBars();
  // Two days into the recorded slice; the clock stands still so bands cannot move during a test.
  const start = bars[0]!.time + 2 * DAY + 2 * 60_000;
  let replay: ReplayExchange;
  let ext: LaunchedExtension;
  let site: StandinSite;
  let extensionPage: Page;
  let reply: OkReply;

  async function setSettings(patch: Partial<typeof DEFAULT_SETTINGS>): Promise<void> {
    await extensionPage.evaluate(
      `chrome.storage.local.set({ settings: ${JSON.stringify({ ...DEFAULT_SETTINGS, ...patch })} })`,
    );
  }

  async function storedSymbol(): Promise<string | undefined> {
    return extensionPage.evaluate(
      `chrome.storage.local.get('settings').then((r) => r.settings && r.settings.symbol)`,
    );
  }

  async function heatmapReply(symbol: string): Promise<HeatmapReply | undefined> {
    return (await workerHeatmap(extensionPage, symbol)) as HeatmapReply | undefined;
  }

  const waitForBands = (): Promise<OkReply> => waitForWorkerBands<OkReply>(extensionPage, DEMO_SYMBOL);

  beforeAll(async () => {
    replay = await startReplayExchange({ bars, symbol: DEMO_SYMBOL, start, speed: 0 });
    // Developer mode: the last test reloads the extension (see LaunchOptions.developerMode).
    ext = await launchExtension({ replay, developerMode: true });
    site = await installBinancePage(ext.context, {
      candles: () => bars.filter((b) => b.time + FIVE_MINUTES <= replay.clock.now()),
      resolution: '5',
    });
    extensionPage = await openExtensionPage(ext, 'popup.html');
    await messageServiceWorker(extensionPage, { type: 'refresh' });
    reply = await waitForBands();
  });
  afterAll(async () => {
    await ext?.close();
    await replay?.close();
  });

  /** The trading page in Trading View mode; `standin` selects the library's variant (site.ts). */
  async function openChart(standin = '', on: StandinSite = site): Promise<{ page: Page; frame: Frame }> {
    const page = await ext.context.newPage();
    await page.goto(on.url(DEMO_SYMBOL, { mode: 'tradingview', ...(standin ? { standin } : {}) }));
    await waitForTradingViewReady(page);
    await page.bringToFront();
    // No crosshair: the mouse stays off the chart while pixels are compared.
    await page.mouse.move(1, 1);
    return { page, frame: await tradingViewFrame(page) };
  }

  function inChart<T>(frame: Frame, expression: string): Promise<T> {
    return frame.evaluate(
      `(() => { const chart = window.tradingViewApi.activeChart(); return ${expression}; })()`,
    );
  }

  /**
   * The overlay draws bands: waits for them, failing with what it shows instead. Only `data-bands`
   * is needed here, so the pixel checks judge any overlay that draws; `data-state` is checked
   * where the state is the point (hints, Basic mode, navigation).
   */
  function waitForDrawing(page: Page): Promise<OverlayHost> {
    return waitForOverlay(page, hasBands, { what: 'overlay drawing bands (data-bands > 0)' });
  }

  interface Alignment {
    checks: EdgeCheck[];
    capture: ShownHidden;
  }

  /**
   * Captures and checks the band edges until they pass or `timeoutMs` runs out (the overlay may
   * redraw a frame or two after the chart moved); the last attempt is returned either way.
   * Only the part of the pane where bars are loaded is checked: what belongs where no bar is, or
   * in the right margin, is the overlay's choice.
   */
  async function alignment(
    page: Page,
    enough: (checks: EdgeCheck[]) => boolean,
    on: StandinSite,
    options: EdgeCheckOptions = {},
    timeoutMs = 10_000,
  ): Promise<Alignment> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const capture = await captureShownHidden(page, on, reply.bands, (hidden) =>
        setOverlayShown(page, !hidden),
      );
      const loaded = capture.truth.loadedX ?? { from: 0, to: capture.truth.paneSize.width };
      const checks = checkBandEdges(
        capture,
        expectedBands(reply.bands, reply.asOf, capture.truth),
        capture.truth,
        {
          xRange: { from: Math.max(0, loaded.from), to: Math.min(capture.truth.paneSize.width, loaded.to) },
          ...options,
        },
      );
      const clear = await awayFromOutlines(page, on, checks);
      if ((enough(clear) && clear.every((c) => c.ok)) || Date.now() > deadline)
        return { checks: clear, capture };
      await page.waitForTimeout(300);
    }
  }

  /**
   * The checks not within reach of the overlay's own marks beside the bands: a zone listed beside
   * the chart but under the threshold is outlined across the pane (a dashed 2 px stroke at its
   * prices, listed by the overlay in `data-zones-outlined`), and the folded legend's button sits at
   * the pane's upper right. Both are paint of their own, not band edges.
   */
  async function awayFromOutlines(page: Page, on: StandinSite, checks: EdgeCheck[]): Promise<EdgeCheck[]> {
    const outlined = (await overlayZoneMarks(page)).outlined ?? [];
    const rows: number[] = [];
    if (outlined.length > 0) {
      const truth = await chartTruth(page, on, {
        prices: outlined.flatMap((z) => [z.priceLow, z.priceHigh]),
      });
      rows.push(...truth.priceY.filter((y): y is number => y !== null && Number.isFinite(y)));
    }
    const legend = await overlayLegendBox(page);
    const near = (y: number) => rows.some((row) => Math.abs(row - y) <= OUTLINE_REACH_PX);
    const inLegend = (x: number, y: number) =>
      legend !== null &&
      x >= legend.left - OUTLINE_REACH_PX &&
      x <= legend.right + OUTLINE_REACH_PX &&
      y >= legend.top - OUTLINE_REACH_PX &&
      y <= legend.bottom + OUTLINE_REACH_PX;
    return checks.filter((c) =>
      c.edge === 'right'
        ? !near(c.at) && !inLegend(c.expected, c.at)
        : !near(c.expected) && !inLegend(c.at, c.expected),
    );
  }

  /** The legend's box relative to the overlay host (so, to the pane), or null without one. */
  function overlayLegendBox(
    page: Page,
  ): Promise<{ left: number; right: number; top: number; bottom: number } | null> {
    return page.evaluate(`(() => {
      const docs = [document, ...[...document.querySelectorAll('iframe')].map((f) => { try { return f.contentDocument; } catch { return null; } })];
      for (const doc of docs) {
        const host = doc && doc.querySelector('heatbands-overlay');
        const legend = host && host.shadowRoot && host.shadowRoot.querySelector('.legend');
        if (!legend) continue;
        const h = host.getBoundingClientRect();
        const b = legend.getBoundingClientRect();
        return { left: b.left - h.left, right: b.right - h.left, top: b.top - h.top, bottom: b.bottom - h.top };
      }
      return null;
    })()`);
  }

  const count = (checks: EdgeCheck[], ...edges: EdgeCheck['edge'][]) =>
    checks.filter((c) => edges.includes(c.edge)).length;

  /** Band edges within 1 px of the truth, with at least `min` of each kind measured. */
  async function expectAligned(
    page: Page,
    label: string,
    min: { vertical: number; right?: number },
    on: StandinSite = site,
  ): Promise<Alignment> {
    const result = await alignment(
      page,
      (checks) =>
        count(checks, 'top', 'bottom') >= min.vertical && count(checks, 'right') >= (min.right ?? 0),
      on,
    );
    await saveScreenshot(page, label);
    const account = `${label}: ${describeChecks(result.checks)}`;
    if (!result.checks.every((c) => c.ok)) await saveEvidence(label, result);
    expect(count(result.checks, 'top', 'bottom'), account).toBeGreaterThanOrEqual(min.vertical);
    expect(count(result.checks, 'right'), account).toBeGreaterThanOrEqual(min.right ?? 0);
    expect(
      result.checks.filter((c) => !c.ok),
      account,
    ).toEqual([]);
    return result;
  }

  /** Writes the checks and a picture of them next to the screenshots, for whoever reads the failure. */
  async function saveEvidence(label: string, result: Alignment): Promise<void> {
    await saveJsonArtifact(`${label}-checks`, {
      failed: result.checks.filter((c) => !c.ok),
      passed: result.checks.filter((c) => c.ok).length,
      truth: { ...result.capture.truth, priceY: undefined, barIndex: undefined, barLeftX: undefined },
    });
    await savePngArtifact(`${label}-painted`, maskPicture(result.capture, result.checks));
  }

  /** Inverted, log, maximized, scrolled past the data: aligned, or a hint that says why and no bands. */
  async function expectAlignedOrExplained(
    page: Page,
    label: string,
    min: { vertical: number },
    on: StandinSite = site,
  ): Promise<string> {
    const host = await waitForOverlay(page, (h) => hasBands(h) || isExplainedHint(h), {
      what: 'overlay drawing bands, or a hint with a reason and no bands',
    });
    if (isExplainedHint(host)) {
      await saveScreenshot(page, `${label}-hint`);
      expect(host.reason!.length).toBeGreaterThan(5);
      return `hint: ${host.reason}`;
    }
    await expectAligned(page, label, min, on);
    return 'aligned';
  }

  // The alignment cases on both markups: TradingView's divs since v27 (the default) and v23's table.
  describe.each([
    ['div markup (v27+)', 'div', ''],
    ['table markup (v23)', 'table', 'table-markup'],
  ])('on the %s', (_name, label, markup) => {
    const withMarkup = (variant: string) => [markup, variant].filter(Boolean).join(',');

    it('draws each band where the chart puts its prices (edges within 1 px) at three zoom levels', async () => {
      const { page, frame } = await openChart(markup);
      await waitForDrawing(page);
      await expectAligned(page, `${label}-zoom-default`, { vertical: 10 });
      for (const spacing of [12, 24]) {
        await inChart(frame, `chart.getTimeScale().setBarSpacing(${spacing})`);
        await expect
          .poll(async () => (await readTradingView(page))?.timeScale.barSpacing)
          .toBeCloseTo(spacing, 3);
        await expectAligned(page, `${label}-zoom-${spacing}px`, { vertical: 10 });
      }
      await page.close();
    });

    it('keeps the bands on their prices after the user pans and wheel-zooms the chart', async () => {
      const { page } = await openChart(markup);
      await waitForDrawing(page);
      const pane = (await readTradingView(page))!.pane!;
      await page.mouse.move(pane.x + pane.width * 0.6, pane.y + pane.height / 2);
      await page.mouse.down();
      await page.mouse.move(pane.x + pane.width * 0.6 + 333, pane.y + pane.height / 2 + 40, { steps: 10 });
      await page.mouse.up();
      await page.mouse.move(1, 1);
      await expectAligned(page, `${label}-panned`, { vertical: 10 });
      await page.mouse.move(pane.x + pane.width * 0.3, pane.y + pane.height / 2);
      await page.mouse.wheel(0, -300);
      await page.mouse.move(1, 1);
      await expectAligned(page, `${label}-wheel-zoomed`, { vertical: 10 });
      await page.close();
    });

    it('ends a band that is no longer live at the left boundary of the bar whose candle crossed it (within 1 px)', async () => {
      const { page, frame } = await openChart(markup);
      await waitForDrawing(page);
      for (const spacing of [12, 24]) {
        await inChart(frame, `chart.getTimeScale().setBarSpacing(${spacing})`);
        await expect
          .poll(async () => (await readTradingView(page))?.timeScale.barSpacing)
          .toBeCloseTo(spacing, 3);
        await expectAligned(page, `${label}-band-ends-${spacing}px`, { vertical: 0, right: 5 });
      }
      await page.close();
    });

    it.each([
      ['an inverted price scale', 'inverted'],
      ['a log price scale', 'log'],
      ['a maximized pane (getAllPanesHeight gives stretch factors)', 'maximized'],
    ])('on %s: aligned, or a hint with a reason and no bands', async (_case, variant) => {
      const { page } = await openChart(withMarkup(variant));
      const outcome = await expectAlignedOrExplained(page, `${label}-${variant}`, { vertical: 10 });
      console.log(`${label} ${variant}: ${outcome}`);
      await page.close();
    });
  });

  // The pane finder's fallback tiers: a build whose pane lost its classes (found by the canvas box's
  // data-name), and one with neither (found by the canvas of the chart's own width × height).
  it.each([
    ['no-pane-class', 'the canvas wrapper'],
    ['unmarked-pane', "the canvas of the chart's own size"],
  ])('with the pane unmarked (%s, found by %s): aligned', async (variant) => {
    const { page } = await openChart(variant);
    await waitForDrawing(page);
    await expectAligned(page, variant, { vertical: 10 });
    await page.close();
  });

  it('with a left price scale (the pane starts right of it): aligned', async () => {
    const { page } = await openChart('left-scale');
    await waitForDrawing(page);
    const reading = (await readTradingView(page))!;
    expect(reading.leftAxisWidth).toBeGreaterThan(10);
    await expectAligned(page, 'left-scale', { vertical: 10 });
    await page.close();
  });

  it('in a two-chart layout (two-charts, activeChartIndex() is 1): on the ACTIVE chart, the second in the document, aligned', async () => {
    const { page } = await openChart('two-charts');
    await waitForDrawing(page);
    await expectAligned(page, 'two-charts', { vertical: 10 });
    await page.close();
  });

  it('in a two-chart layout without activeChartIndex(): draws nothing and says why, then draws on the chart the trader clicks', async () => {
    const { page, frame } = await openChart('two-charts-no-index');
    // Both panes have the same size: nothing the library says ties the pane to the active chart.
    const hint = await waitForOverlay(page, isExplainedHint, {
      what: 'a hint that the active chart is unknown',
    });
    expect(hint.reason).toMatch(/2 charts.*which one is active/);
    expect(hint.bands).toBe(0);
    // A click in the second chart's pane makes it the active chart (as the library does) and ties it.
    const panes = frame.locator('.chart-markup-table.pane');
    await panes.nth(await panes.count().then((n) => n - 1)).click({ position: { x: 40, y: 40 } });
    await page.mouse.move(1, 1);
    await waitForDrawing(page);
    await expectAligned(page, 'two-charts-clicked', { vertical: 10 });
    await page.close();
  });

  /** Polls until the chart's own pane holds one overlay host drawing bands; resolves with the ms it took. */
  async function backInPane(page: Page, frame: Frame, limitMs: number): Promise<number> {
    const start = Date.now();
    for (;;) {
      const state = await frame.evaluate(`(() => {
        const hosts = [...document.querySelectorAll('heatbands-overlay')];
        const inPane = hosts.filter((h) => h.closest('.chart-markup-table.pane') && Number(h.getAttribute('data-bands')) > 0);
        return { hosts: hosts.length, inPane: inPane.length };
      })()`);
      const { hosts, inPane } = state as { hosts: number; inPane: number };
      if (inPane === 1 && hosts === 1 && (await overlayHosts(page)).length === 1) return Date.now() - start;
      if (Date.now() - start > limitMs) {
        throw new Error(`the bands were not back in the pane within ${limitMs} ms: ${JSON.stringify(state)}`);
      }
      await page.waitForTimeout(25);
    }
  }

  it('after the library rebuilds the pane (new pane element and canvases): back within 1 s, one host, aligned', async () => {
    const { page, frame } = await openChart();
    await waitForDrawing(page);
    // rebuildChartPane resolves once the new pane has painted: the clock starts there.
    await rebuildChartPane(page, site);
    const tookMs = await backInPane(page, frame, 1_000);
    expect(tookMs).toBeLessThanOrEqual(1_000);
    await expectAligned(page, 'pane-rebuilt', { vertical: 10 });
    await page.close();
  });

  it('when the chart drops the overlay element itself: back within 1 s, one host', async () => {
    const { page, frame } = await openChart();
    await waitForDrawing(page);
    await frame.evaluate(`document.querySelectorAll('heatbands-overlay').forEach((h) => h.remove())`);
    const tookMs = await backInPane(page, frame, 1_000);
    expect(tookMs).toBeLessThanOrEqual(1_000);
    await page.close();
  });

  it("on Binance's build (private model and coordinateToPrice present): aligned", async () => {
    const { page, frame } = await openChart('private-model,coordinate-to-price');
    await waitForDrawing(page);
    await expectAligned(page, 'private-model', { vertical: 10 });
    await inChart(frame, 'chart.getTimeScale().setBarSpacing(12)');
    await expectAligned(page, 'private-model-12px', { vertical: 10, right: 5 });
    await page.close();
  });

  it('scrolled left of the first loaded bar: aligned where bars are, or hidden with a reason', async () => {
    // The chart has loaded the last 6 hours only; the bands reach back 12 hours, before its data.
    const recent = await installBinancePage(ext.context, {
      candles: () =>
        bars.filter(
          (b) => b.time >= reply.asOf - 6 * 3_600_000 && b.time + FIVE_MINUTES <= replay.clock.now(),
        ),
      resolution: '5',
    });
    try {
      const { page, frame } = await openChart('', recent);
      await waitForDrawing(page);
      // As a user scrolling back past the data: the first loaded bar sits in the middle of the pane.
      await inChart(frame, 'chart.getTimeScale().setRightOffset(30)');
      await expect.poll(async () => (await chartTruth(page, recent)).logicalRange!.from).toBeLessThan(-40);
      const outcome = await expectAlignedOrExplained(page, 'left-of-data', { vertical: 6 }, recent);
      console.log(`scrolled left of the data: ${outcome}`);
      await page.close();
    } finally {
      await recent.uninstall();
    }
  });

  it('under a strict Content-Security-Policy: still aligned, or a hint with a reason', async () => {
    const page = await ext.context.newPage();
    const response = await page.goto(site.url(DEMO_SYMBOL, { mode: 'tradingview', standin: 'csp' }));
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await waitForTradingViewReady(page);
    await page.bringToFront();
    await page.mouse.move(1, 1);
    const outcome = await expectAlignedOrExplained(page, 'csp', { vertical: 10 });
    console.log(`strict CSP: ${outcome}`);
    await page.close();
  });

  it("keeps the site's header dropdown above the bands: its area looks the same with the overlay on and off", async () => {
    const { page, frame } = await openChart();
    await waitForDrawing(page);
    // Fill the pane's height with the live bands, so some surely run under the dropdown.
    const live = reply.bands.filter((b) => b.timeEnd >= reply.asOf);
    const low = Math.min(...live.map((b) => b.priceLow));
    const high = Math.max(...live.map((b) => b.priceHigh));
    await inChart(
      frame,
      `chart.getPanes()[0].getMainSourcePriceScale().setVisiblePriceRange({ from: ${low - (high - low) * 0.05}, to: ${high + (high - low) * 0.05} })`,
    );
    const menu = page.locator('[data-standin-dropdown]');
    const pane = (await readTradingView(page))!.pane!;
    // Where the menu will be, over the pane (its box while open).
    await page.click('[data-standin-dropdown-button]');
    const box = (await menu.boundingBox())!;
    await page.mouse.click(1, 790);
    await expect.poll(() => menu.isVisible()).toBe(false);
    const area = {
      x: Math.max(box.x, pane.x),
      y: Math.max(box.y, pane.y),
      width: Math.min(box.x + box.width, pane.x + pane.width) - Math.max(box.x, pane.x),
      height: Math.min(box.y + box.height, pane.y + pane.height) - Math.max(box.y, pane.y),
    };
    const shot = async () => (await screenshotBox(page, area)).image;
    // Precondition: with the menu closed, the overlay paints in that area.
    await expect
      .poll(
        async () => {
          const shown = await shot();
          await setOverlayShown(page, false);
          const hidden = await shot();
          await setOverlayShown(page, true);
          return sameImage(shown, hidden);
        },
        {
          timeout: 10_000,
          message: 'the overlay paints no band where the dropdown opens (test precondition)',
        },
      )
      .toBe(false);

    await page.click('[data-standin-dropdown-button]');
    await expect.poll(() => menu.isVisible()).toBe(true);
    await page.mouse.move(1, 1);
    await saveScreenshot(page, 'dropdown-open');
    const shown = await shot();
    await setOverlayShown(page, false);
    const hidden = await shot();
    await setOverlayShown(page, true);
    expect(sameImage(shown, hidden), 'the bands show through (or over) the open dropdown').toBe(true);
    await page.close();
  });

  it('in Basic mode: a hint with a reason, no bands, and a docked card listing the zones', async () => {
    const page = await ext.context.newPage();
    await page.goto(site.url(DEMO_SYMBOL));
    await expect
      .poll(() => page.locator('#standin-chart-root').getAttribute('data-chart-mode'))
      .toBe('basic');
    const host = await waitForOverlay(page, isExplainedHint, { what: 'hint with a reason and no bands' });
    expect(host.openShadow).toBe(true);
    await expect.poll(async () => (await overlayZones(page)).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const zones = await overlayZones(page);
    for (const zone of zones) {
      const parsed = JSON.parse(zone.json ?? 'null') as Record<string, unknown>;
      expect(parsed).toMatchObject({
        side: expect.stringMatching(/^(long|short)$/),
        priceLow: expect.any(Number),
        priceHigh: expect.any(Number),
        notionalUsd: expect.any(Number),
        distancePct: expect.any(Number),
      });
      expect(parsed.priceHigh as number).toBeGreaterThan(parsed.priceLow as number);
    }
    expect(zones.some((z) => z.visible)).toBe(true);
    await saveScreenshot(page, 'basic');
    await page.close();
  });

  it('collapses the docked card, and remembers it collapsed across a reload', async () => {
    const page = await ext.context.newPage();
    await page.goto(site.url(DEMO_SYMBOL));
    await waitForOverlay(page, isExplainedHint, { what: 'hint with a reason and no bands' });
    await expect
      .poll(async () => (await overlayZones(page)).some((z) => z.visible), { timeout: 15_000 })
      .toBe(true);
    const visibleZones = async () => (await overlayZones(page)).filter((z) => z.visible).length;
    try {
      await (await overlayControl(page, '[data-action="collapse"]')).click();
      await expect.poll(visibleZones).toBe(0);
      await saveScreenshot(page, 'collapsed');
      await page.reload();
      await waitForOverlay(page, isExplainedHint, { what: 'hint with a reason and no bands' });
      // The card is back, collapsed: its control is there, its zones are not shown.
      await expect.poll(async () => (await overlayControl(page, '[data-action="collapse"]')).count()).toBe(1);
      await page.waitForTimeout(500);
      expect(await visibleZones()).toBe(0);
    } finally {
      // Expanded again for the tests after this one (the choice is stored in the profile).
      const control = await overlayControl(page, '[data-action="collapse"]').catch(() => undefined);
      if (control && (await control.count()) === 1 && (await visibleZones()) === 0) await control.click();
    }
    await expect.poll(visibleZones).toBeGreaterThan(0);
    await page.close();
  });

  it("switches to Trading View only when the user clicks the hint's button, then draws", async () => {
    const page = await ext.context.newPage();
    await page.goto(site.url(DEMO_SYMBOL));
    await waitForOverlay(page, isExplainedHint, { what: 'hint with a reason and no bands' });
    const mode = () => page.locator('#standin-chart-root').getAttribute('data-chart-mode');
    // Left alone, the page stays in the mode the user chose.
    await page.waitForTimeout(1500);
    expect(await mode()).toBe('basic');
    await (await overlayControl(page, '[data-action="switch-to-tradingview"]')).click();
    await expect.poll(mode).toBe('tradingview');
    await waitForTradingViewReady(page);
    await waitForDrawing(page);
    await page.close();
  });

  it('follows an in-page move to another market: asks for it, and shows its bands or a hint, never the old ones', async () => {
    const { page } = await openChart();
    await waitForDrawing(page);
    await page.evaluate('window.__samePage = true');
    try {
      await page.locator('[data-standin-symbol-link="ETHUSDT"]:visible').click();
      await expect.poll(() => new URL(page.url()).pathname).toBe('/en/futures/ETHUSDT');
      await expect.poll(async () => (await readTradingView(page))?.symbol).toBe('ETHUSDT@PRICETYPE=LAST');
      expect(await page.evaluate('window.__samePage')).toBe(true);
      // The worker was asked for ETHUSDT from this (active) tab: it follows the chart.
      await expect.poll(storedSymbol, { timeout: 20_000 }).toBe('ETHUSDT');
      // The replay exchange knows BTCUSDT only: a hint about ETHUSDT, and none of BTCUSDT's bands.
      const host = await waitForOverlay(
        page,
        (h) => (isExplainedHint(h) && /ETHUSDT/.test(h!.reason ?? '')) || isDrawing(h),
        { what: 'hint about ETHUSDT (or its bands)' },
      );
      if (isDrawing(host)) {
        const eth = await heatmapReply('ETHUSDT');
        expect(eth?.ok, 'bands drawn although the worker has none for ETHUSDT').toBe(true);
      }
      await saveScreenshot(page, 'ethusdt');
    } finally {
      await setSettings({});
      await page.close();
    }
    reply = await waitForBands();
  });

  it('after an extension reload, at most one overlay remains, from the new script; the old one is gone', async () => {
    const { page } = await openChart();
    await waitForDrawing(page);
    expect(await markOverlayHosts(page, 'before-reload')).toBe(1);
    const stray = async () =>
      page.evaluate<number>(`(() => {
        // Canvases outside the chart's own (its markup, by class: divs since v27; the site's own chart) and outside any overlay host.
        let n = 0;
        const docs = [document, ...[...document.querySelectorAll('iframe')].map((f) => { try { return f.contentDocument; } catch { return null; } })];
        for (const doc of docs) {
          if (!doc) continue;
          for (const canvas of doc.querySelectorAll('canvas')) {
            if (!canvas.closest('.chart-markup-table, .standin-own-chart')) n++;
          }
        }
        return n;
      })()`);
    expect(await stray()).toBe(0);

    const restarted = ext.context.waitForEvent('serviceworker', {
      predicate: (w) => w.url().startsWith(`chrome-extension://${ext.extensionId}/`),
      timeout: 15_000,
    });
    await extensionPage.evaluate('chrome.runtime.reload()').catch(() => undefined);
    // The extension did reload: its worker started anew.
    await restarted;
    // The old host must go; a new one may come (if the new worker re-injects the content script).
    await expect
      .poll(async () => (await overlayHosts(page)).filter((h) => h.testMark === 'before-reload').length, {
        timeout: 15_000,
        message: "the old content script's overlay stayed on the page after the extension reloaded",
      })
      .toBe(0);
    const seen: number[] = [];
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const hosts = await overlayHosts(page);
      seen.push(hosts.length);
      expect(hosts.filter((h) => h.testMark !== null)).toEqual([]);
      await page.waitForTimeout(250);
    }
    expect(Math.max(...seen), 'more than one <heatbands-overlay> after the reload').toBeLessThanOrEqual(1);
    expect(await stray(), 'a canvas of the old overlay was left in the page or the chart frame').toBe(0);
    const now = await overlayHosts(page);
    if (now.length === 1) expect(now[0]!.state).toMatch(/^(drawing|hint|off)$/);
    await saveScreenshot(page, 'after-reload');
    await page.close();
  });
});
