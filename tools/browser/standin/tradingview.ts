import type { Frame, Page } from 'playwright-core';

/**
 * Facts about TradingView's Charting Library itself, the same on every site that embeds it
 * (shared/notes/exchange-charts.md, "TradingView library"). The in-frame stand-in
 * (tradingview-chart.js) is built to them; the per-site modules hold everything else.
 */
export const TRADINGVIEW_LIBRARY = {
  /** The frame's id and name: this prefix and five hex digits. */
  framePrefix: 'tradingview_',
  frameIdPattern: /^tradingview_[0-9a-f]{5}$/,
  /** Where a site's library build would serve its same-origin frame page (the `sameorigin` src). */
  sameOriginPath: '/__standin/charting_library/sameorigin.html',
  /** The frame's layout: one table; per pane a row of left axis, pane cell, right axis; a time-axis row. */
  layout: {
    table: 'table.chart-markup-table',
    /** Left AND right of every pane; the left one first and 0 px wide without a left scale. */
    priceAxis: 'td.chart-markup-table.price-axis-container',
    pane: 'td.chart-markup-table.pane',
    /** The pane canvases' parent. */
    guiWrapper: '.chart-gui-wrapper',
    /** Chosen by the stand-in (the notes name no classes for it): the row and its middle cell. */
    timeAxisRow: 'tr.time-axis-row',
    timeAxis: 'td.chart-markup-table.time-axis',
  },
} as const;

/** How the library's frame gets its document; all three leave it on the host page's origin. */
export type FrameSrc = 'blob' | 'about:blank' | 'sameorigin';

/**
 * How one build or one user's chart behaves: each field is a case an overlay must survive. Every
 * field can be set per site (its build), per install, or per page load with the `standin` query
 * (`?standin=inverted,log,maximized,private-model,coordinate-to-price,no-model-delay,csp`).
 */
export interface LibraryVariant {
  /** `priceScale.coordinateToPrice(y)`: undocumented, reported on Binance's build. */
  coordinateToPrice: boolean;
  /** `chart._chartWidget.model().model()`: the library's private model (Binance v30). */
  privateModel: boolean;
  /** The price scale opens inverted (the user's "Invert scale"). */
  inverted: boolean;
  /** The price scale opens in log mode (getMode() 1). */
  log: boolean;
  /** The main pane is maximized: getAllPanesHeight() gives stretch factors, not px. */
  maximizedPane: boolean;
  /** hasModel() stays false (and model calls throw) for this many animation frames AND ms. */
  modelDelayFrames: number;
  modelDelayMs: number;
}

/** The library as the stand-in plays it unless told otherwise: the harder case wherever the notes allow. */
export const LIBRARY_DEFAULTS: LibraryVariant = {
  coordinateToPrice: false,
  privateModel: false,
  inverted: false,
  log: false,
  maximizedPane: false,
  modelDelayFrames: 20,
  modelDelayMs: 300,
};

/** The `standin` query's flags. */
export const VARIANT_FLAGS = {
  inverted: { inverted: true },
  log: { log: true },
  maximized: { maximizedPane: true },
  'private-model': { privateModel: true },
  'coordinate-to-price': { coordinateToPrice: true },
  'no-model-delay': { modelDelayFrames: 0, modelDelayMs: 0 },
} as const satisfies Record<string, Partial<LibraryVariant>>;

/** A strict policy like a hardened exchange page's: no inline script, frames only from itself or blob:. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-src 'self' blob:; img-src 'self' data: blob:";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the Charting Library reports, read the way a MAIN-world script in the top frame reaches it. */
export interface TradingViewReading {
  frameId: string;
  symbol: string;
  resolution: string;
  hasModel: true;
  dataReady: boolean;
  /** Open times (UNIX s) of the first and last bars in view: NOT the pane edges. */
  visibleRange: { from: number; to: number };
  /** Prices at pane rows 0 (`to`) and h − 1 (`from`): `to < from` on an inverted scale. */
  priceRange: { from: number; to: number } | null;
  mode: number;
  inverted: boolean;
  /** px, or stretch factors when a pane is maximized. */
  panesHeight: number[];
  /** getPanes()[0].getHeight(): always px. */
  paneHeight: number;
  timeScale: { width: number; barSpacing: number; rightOffset: number };
  /** The frame's box in the top page, CSS px. */
  frame: Box;
  /** Width of what `querySelector('.price-axis-container')` finds: the LEFT axis cell, 0 px here. */
  priceAxisWidth: number | null;
  /** The main pane cell (`td.chart-markup-table.pane`) in the top page, CSS px. */
  pane: Box | null;
  /** The right price-axis cell of the main pane row, CSS px wide. */
  rightAxisWidth: number | null;
}

// Source text rather than a function: no transpiler helper can leak into the page.
const READ_TRADINGVIEW = `(() => {
  const frame = document.querySelector('iframe[id^="${TRADINGVIEW_LIBRARY.framePrefix}"]');
  const api = frame && frame.contentWindow && frame.contentWindow.tradingViewApi;
  if (!api) return null;
  const chart = api.activeChart();
  if (!chart.hasModel()) return null;
  const scale = chart.getPanes()[0].getMainSourcePriceScale();
  const box = frame.getBoundingClientRect();
  const doc = frame.contentDocument;
  const axis = doc.querySelector('.price-axis-container');
  const cell = doc.querySelector('${TRADINGVIEW_LIBRARY.layout.pane}');
  const row = cell && cell.parentElement;
  const right = row && row.cells[row.cells.length - 1];
  const originX = box.left + frame.clientLeft;
  const originY = box.top + frame.clientTop;
  const cellBox = cell && cell.getBoundingClientRect();
  const timeScale = chart.getTimeScale();
  return {
    frameId: frame.id,
    symbol: chart.symbol(),
    resolution: chart.resolution(),
    hasModel: true,
    dataReady: chart.dataReady(),
    visibleRange: chart.getVisibleRange(),
    priceRange: scale.getVisiblePriceRange(),
    mode: scale.getMode(),
    inverted: scale.isInverted(),
    panesHeight: chart.getAllPanesHeight(),
    paneHeight: chart.getPanes()[0].getHeight(),
    timeScale: { width: timeScale.width(), barSpacing: timeScale.barSpacing(), rightOffset: timeScale.rightOffset() },
    frame: { x: box.left, y: box.top, width: box.width, height: box.height },
    priceAxisWidth: axis ? axis.getBoundingClientRect().width : null,
    pane: cellBox && { x: originX + cellBox.left, y: originY + cellBox.top, width: cellBox.width, height: cellBox.height },
    rightAxisWidth: right && right !== cell ? right.getBoundingClientRect().width : null,
  };
})()`;

/**
 * Reads the stand-in's TradingView chart from the top frame; null when no frame or api is there or
 * the chart has no model yet (hasModel() is checked first, as the notes require of any reader).
 */
export function readTradingView(page: Page): Promise<TradingViewReading | null> {
  return page.evaluate(READ_TRADINGVIEW);
}

/** Waits until the TradingView frame's chart has its model, data, a price range and its pane cell. */
export async function waitForTradingViewReady(page: Page, timeoutMs = 15_000): Promise<TradingViewReading> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reading = await readTradingView(page).catch(() => null);
    if (reading?.dataReady && reading.priceRange && reading.pane && reading.pane.width > 0) return reading;
    if (Date.now() > deadline) {
      throw new Error(
        `the stand-in TradingView chart was not ready within ${timeoutMs} ms: ${JSON.stringify(reading)}`,
      );
    }
    await page.waitForTimeout(100);
  }
}

/** The TradingView frame as a Playwright frame (for mouse input and in-frame evaluation). */
export async function tradingViewFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector(`iframe[id^="${TRADINGVIEW_LIBRARY.framePrefix}"]`);
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the TradingView iframe has no content frame');
  return frame;
}
