/**
 * Facts about TradingView's library itself, the same on every site that embeds it
 * (shared/notes/exchange-charts.md, "TradingView library"): the calls the overlay may use, typed
 * as all-optional because a site's build may lack any of them, and the layout of the chart frame.
 * Site facts (which frame, which page) stay in each site's module.
 */

/** The price scale of the main pane (IPriceScaleApi). */
export interface PriceScaleApi {
  /** Prices at pixel rows 0 (`to`) and h − 1 (`from`), after margins, log mode and inversion. */
  getVisiblePriceRange?(): { from: number; to: number } | null;
  /** 0 normal, 1 log, 2 percentage, 3 indexed to 100. */
  getMode?(): number;
  isInverted?(): boolean;
  /** Undocumented, present on Binance's build (UNVERIFIED elsewhere). */
  coordinateToPrice?(y: number): number | null;
}

export interface PaneApi {
  getHeight?(): number;
  getMainSourcePriceScale?(): PriceScaleApi | null;
}

/** The documented time scale (ITimeScaleApi). */
export interface TimeScaleApi {
  width?(): number;
  barSpacing?(): number;
  rightOffset?(): number;
  /** UNIX seconds of the bar at pane x, or null where there is none. */
  coordinateToTime?(x: number): number | null;
}

/** The library's private chart model: its own mapping, used only behind feature detection. */
export interface PrivateChartModel {
  timeScale?(): {
    timePointToIndex?(time: number, findMode: number): number | null;
    /** x of bar index i's centre, pane px. */
    indexToCoordinate?(index: number): number;
  };
  mainSeries?(): {
    priceScale?(): { priceToCoordinate?(price: number, firstValue: number | null): number };
    firstValue?(): number | null;
  };
}

/** The active chart (IChartWidgetApi), as `tradingViewApi.activeChart()` gives it. */
export interface ChartApi {
  /** The API exists before the chart model: nothing else may be called until this is true. */
  hasModel?(): boolean;
  symbol?(): string;
  resolution?(): string;
  /** Without a callback: whether the main series has data. */
  dataReady?(): boolean;
  /** Open times (UNIX s) of the first and last bars in view; NOT the pane's edges. */
  getVisibleRange?(): { from: number; to: number };
  getPanes?(): PaneApi[];
  /** Pixel heights, or stretch factors when a pane is maximized: not to be trusted as px. */
  getAllPanesHeight?(): number[];
  getTimeScale?(): TimeScaleApi;
  _chartWidget?: { model?(): { model?(): PrivateChartModel } };
}

/** The library's API object in the chart frame (`tradingViewApi`): the charts of its layout. */
export interface TradingViewApi {
  activeChart?(): ChartApi;
  /** Index of the active chart in the layout (multi-chart layouts), in layout order. */
  activeChartIndex?(): number;
  /** How many charts the layout shows. */
  chartsCount?(): number;
}

/**
 * The chart frame's markup, by class only: since v27 the library builds it from `<div>`s, v23 and
 * older from a `<table>`; the class names are the same in both (exchange-charts.md, "Layout inside
 * the frame", CONFIRMED from the v23, v27.004 and v30.2.0 runtime bundles). A selector naming a tag
 * finds nothing on one of the two. The bridge finds the main pane in tiers, best first; the
 * self-check (core/overlay/calibrate.ts) judges whatever a tier found.
 */
export const TRADINGVIEW_DOM = {
  /**
   * Tier `class`: a pane of the chart markup (`td` in v23, `div` in v27+); the chart's main pane is
   * the first of its chart in document order, indicator panes follow it. Not `.price-axis-container`:
   * the left axis comes first and is 0 px wide without a left scale.
   */
  pane: '.chart-markup-table.pane',
  /**
   * Tier `gui-wrapper`: the positioned box holding a pane's canvases; `data-name` is the hook most
   * public automation uses (v27+), the class is in every version.
   */
  guiWrapper: '[data-name="pane-widget-chart-gui-wrapper"]',
  guiWrapperClass: '.chart-gui-wrapper',
  /** One per chart widget: what tells the charts of a multi-chart layout apart. */
  timeAxis: '.chart-markup-table.time-axis',
  /** The chart frame's `version` attribute, e.g. "CL v30.2.0 (internal id …)": from v29.4 only. */
  frameVersionAttribute: 'version',
  /** Top-window globals a site may expose the library under, checked by the probe. */
  globals: ['tvWidget', 'TradingView', 'tradingViewApi', 'widget'],
} as const;

/** How the main pane was found, best first; the last tier matches a canvas's box to the chart's own size. */
export const PANE_TIERS = ['class', 'gui-wrapper', 'canvas'] as const;
export type PaneTier = (typeof PANE_TIERS)[number];

/**
 * Seconds per bar of a library resolution ("1", "15", "60", "1D", "1W", "5S"), or undefined when
 * bars are not evenly spaced in time: months, ticks, ranges, and second bars (which skip empty
 * seconds, so a bar grid does not hold there).
 */
export function barSeconds(resolution: string): number | undefined {
  const m = /^(\d*)([DW]?)$/i.exec(resolution.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  const count = m[1] === '' ? 1 : Number(m[1]);
  if (!(count > 0)) return undefined;
  const unit = m[2]!.toUpperCase();
  const seconds = unit === 'D' ? 86_400 : unit === 'W' ? 604_800 : 60;
  return count * seconds;
}
