import type { Frame, Page } from 'playwright-core';

/**
 * Facts about TradingView's Charting Library itself, the same on every site that embeds it
 * (shared/notes/exchange-charts.md, "TradingView library"). The in-frame stand-in
 * (tradingview-chart.js) is built to them; the per-site modules hold everything else.
 */
/**
 * The class names of the library's DOM, each with what proves it (exchange-charts.md, "Layout inside
 * the frame"). The frame's layout script (tradingview-chart-layout.js) builds its markup from these
 * (site.ts hands them over in the frame config) and the readers select with them: one place.
 */
const CLASSES = {
  // CONFIRMED (v27.004 and v30.2.0 runtime bundles; v23's table carries the same): the markup.
  markup: 'chart-markup-table',
  pane: 'pane',
  priceAxis: 'price-axis-container',
  timeAxis: 'time-axis',
  guiWrapper: 'chart-gui-wrapper',
  /** The gui wrapper's `data-name`, the hook most public automation uses. */
  guiWrapperName: 'pane-widget-chart-gui-wrapper',
  // STAND-IN (the notes name none): rows, the time-axis row's end cells, separators, the legend.
  row: 'standin-row',
  timeAxisRow: 'time-axis-row',
  timeAxisStub: 'price-axis-stub',
  separator: 'pane-separator',
  legend: 'pane-legend',
  // LIKELY (TradingView's chart page, not in the notes): the layout areas around the charts (the
  // header toolbar on top, the drawing toolbar on the left), the chart containers and the mark of
  // the active one in a multi-chart layout.
  areaTop: 'layout__area--top',
  areaLeft: 'layout__area--left',
  areaCenter: 'layout__area--center',
  chartContainer: 'chart-container',
  chartWidget: 'chart-widget',
  active: 'active',
} as const;

export type LibraryClasses = typeof CLASSES;

const cls = (...names: string[]) => names.map((n) => `.${n}`).join('');

export const TRADINGVIEW_LIBRARY = {
  /** The frame's id and name: this prefix and five hex digits. */
  framePrefix: 'tradingview_',
  frameIdPattern: /^tradingview_[0-9a-f]{5}$/,
  /** Where a site's library build would serve its same-origin frame page (the `sameorigin` src). */
  sameOriginPath: '/__standin/charting_library/sameorigin.html',
  classes: CLASSES,
  /**
   * The frame's layout: built from <div>s since v27, from a <table> in v23 and older; only the
   * class names are shared, so these select by class, never by tag. Per pane a row of left axis,
   * pane, right axis; indicator panes below the main pane; a time-axis row last.
   */
  layout: {
    /** The markup root of one chart widget (several in a multi-chart layout, in chart order). */
    markup: `${cls(CLASSES.markup)}${[CLASSES.pane, CLASSES.priceAxis, CLASSES.timeAxis, CLASSES.timeAxisStub]
      .map((n) => `:not(.${n})`)
      .join('')}`,
    /** Left AND right of every pane; the left one first and 0 px wide without a left scale. */
    priceAxis: cls(CLASSES.markup, CLASSES.priceAxis),
    /** The main pane is the first of these in its chart's markup. */
    pane: cls(CLASSES.markup, CLASSES.pane),
    /** The pane canvases' parent. */
    guiWrapper: `${cls(CLASSES.guiWrapper)}[data-name="${CLASSES.guiWrapperName}"]`,
    timeAxis: cls(CLASSES.markup, CLASSES.timeAxis),
    timeAxisRow: cls(CLASSES.timeAxisRow),
    timeAxisStub: cls(CLASSES.markup, CLASSES.timeAxisStub),
    headerToolbar: cls(CLASSES.areaTop),
    drawingToolbar: cls(CLASSES.areaLeft),
    activeChartContainer: cls(CLASSES.chartContainer, CLASSES.active),
  },
  /** From v29.4 the frame carries `version="CL v30.2.0 (internal id …)"`. */
  frameVersion: 'CL v30.2.0 (internal id stand-in)',
} as const;

/** How the library's frame gets its document: the first three leave it on the host page's origin, `cross-origin` does not. */
export type FrameSrc = 'blob' | 'about:blank' | 'sameorigin' | 'cross-origin';

/**
 * Where a `cross-origin` frame's page comes from: an origin other than the trading site's, so no
 * script of the page can reach into it (the case exchange-charts.md names for Bybit, UNKNOWN there).
 */
export const CROSS_ORIGIN_CHART = 'https://charts.standin-cdn.test';

/**
 * How one build or one user's chart behaves: each field is a case an overlay must survive. Every
 * field can be set per site (its build), per install, or per page load with the `standin` query
 * (`?standin=` and the flags of VARIANT_FLAGS, comma-separated, e.g. `?standin=table-markup,log`).
 */
export interface LibraryVariant {
  /** `div`: the markup of v27 and later; `table`: v23 and older (exchange-charts.md). */
  markup: 'div' | 'table';
  /** A visible left price scale: the left axis cell has width, the pane starts right of it. */
  leftScale: boolean;
  /** An indicator pane (an RSI drawn from the bars) below the main pane. */
  indicatorPane: boolean;
  /**
   * How the panes are marked: `classes` as the notes give them (CONFIRMED); `gui-wrapper-only`, a
   * build whose pane element lost its classes but whose canvas box keeps its `data-name`; `none`,
   * neither (only the chart's own size tells the pane's canvas). The last two are for the bridge's
   * fallback tiers: no known build is like this.
   */
  paneMarks: 'classes' | 'gui-wrapper-only' | 'none';
  /** `single`, or `two-charts`: two chart widgets side by side in one frame, the SECOND active. */
  chartLayout: 'single' | 'two-charts';
  /** Whether the api offers `activeChartIndex()`. */
  activeChartIndex: boolean;
  /** The frame's `version` attribute (from v29.4), or null for an older build without one. */
  frameVersion: string | null;
  /** `priceScale.coordinateToPrice(y)`: undocumented, reported on Binance's build. */
  coordinateToPrice: boolean;
  /** `chart._chartWidget.model().model()`: the library's private model (Binance v30). */
  privateModel: boolean;
  /** The price scale opens inverted (the user's "Invert scale"). */
  inverted: boolean;
  /** The price scale opens in log mode (getMode() 1). */
  log: boolean;
  /** The main pane is maximized: getAllPanesHeight() gives stretch factors, not px; other panes hidden. */
  maximizedPane: boolean;
  /** hasModel() stays false (and model calls throw) for this many animation frames AND ms. */
  modelDelayFrames: number;
  modelDelayMs: number;
}

/** The library as the stand-in plays it unless told otherwise: the harder case wherever the notes allow. */
export const LIBRARY_DEFAULTS: LibraryVariant = {
  markup: 'div',
  leftScale: false,
  indicatorPane: true,
  paneMarks: 'classes',
  chartLayout: 'single',
  activeChartIndex: true,
  frameVersion: TRADINGVIEW_LIBRARY.frameVersion,
  coordinateToPrice: false,
  privateModel: false,
  inverted: false,
  log: false,
  maximizedPane: false,
  modelDelayFrames: 20,
  modelDelayMs: 300,
};

/** The `standin` query's flags (`csp` besides these: the strict policy, see site.ts). */
export const VARIANT_FLAGS = {
  /** v23's table markup (and no frame version attribute: that came with v29.4). */
  'table-markup': { markup: 'table', frameVersion: null },
  'left-scale': { leftScale: true },
  'no-indicator': { indicatorPane: false },
  'no-pane-class': { paneMarks: 'gui-wrapper-only' },
  'unmarked-pane': { paneMarks: 'none' },
  'two-charts': { chartLayout: 'two-charts' },
  'two-charts-no-index': { chartLayout: 'two-charts', activeChartIndex: false },
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
  /** The frame's `version` attribute (v29.4 and later), or null. */
  frameVersion: string | null;
  /** What the chart markup is built from: `div` (v27+) or `table` (v23). */
  markupTag: 'div' | 'table' | null;
  chartsCount: number;
  /** api.activeChartIndex(), or null when the api has none. */
  activeChartIndex: number | null;
  /** Which markup is the active chart's, in document order (by activeChartIndex(), else the active container). */
  activeMarkupIndex: number;
  /** Width of what `querySelector('.price-axis-container')` finds: the LEFT axis cell of the first pane. */
  priceAxisWidth: number | null;
  /** The active chart's main pane (its first `.chart-markup-table.pane`) in the top page, CSS px. */
  pane: Box | null;
  /** The axis cells beside that pane, CSS px wide. */
  leftAxisWidth: number | null;
  rightAxisWidth: number | null;
}

// Source text rather than a function: no transpiler helper can leak into the page.
const READ_TRADINGVIEW = `(() => {
  const layout = ${JSON.stringify(TRADINGVIEW_LIBRARY.layout)};
  const frame = document.querySelector('iframe[id^="${TRADINGVIEW_LIBRARY.framePrefix}"]');
  const api = frame && frame.contentWindow && frame.contentWindow.tradingViewApi;
  if (!api) return null;
  const chart = api.activeChart();
  if (!chart.hasModel()) return null;
  const scale = chart.getPanes()[0].getMainSourcePriceScale();
  const box = frame.getBoundingClientRect();
  const doc = frame.contentDocument;
  const markups = [...doc.querySelectorAll(layout.markup)];
  const activeChartIndex = typeof api.activeChartIndex === 'function' ? api.activeChartIndex() : null;
  const activeContainer = doc.querySelector(layout.activeChartContainer);
  const activeMarkupIndex = activeChartIndex !== null
    ? activeChartIndex
    : Math.max(0, markups.findIndex((m) => activeContainer && activeContainer.contains(m)));
  const markup = markups[activeMarkupIndex];
  const axis = doc.querySelector('.price-axis-container');
  // The fallback-tier variants leave the pane unmarked; the stand-in's own class still finds it.
  const cell = markup && (markup.querySelector(layout.pane) || markup.querySelector('.standin-pane'));
  const axes = cell ? [...cell.parentElement.children].filter((c) => c.matches(layout.priceAxis)) : [];
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
    frameVersion: frame.getAttribute('version'),
    markupTag: markup ? markup.tagName.toLowerCase() : null,
    chartsCount: api.chartsCount(),
    activeChartIndex,
    activeMarkupIndex,
    priceAxisWidth: axis ? axis.getBoundingClientRect().width : null,
    pane: cellBox && { x: originX + cellBox.left, y: originY + cellBox.top, width: cellBox.width, height: cellBox.height },
    leftAxisWidth: axes.length === 2 ? axes[0].getBoundingClientRect().width : null,
    rightAxisWidth: axes.length === 2 ? axes[1].getBoundingClientRect().width : null,
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
