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

export interface TradingViewApi {
  activeChart?(): ChartApi;
}

/** The chart frame's layout: one table; per pane a row of left axis, pane cell, right axis. */
export const TRADINGVIEW_DOM = {
  /** The main pane's cell: the first pane cell of the chart's markup table. */
  paneCell: 'table.chart-markup-table td.chart-markup-table.pane',
  /** Top-window globals a site may expose the library under, checked by the probe. */
  globals: ['tvWidget', 'TradingView', 'tradingViewApi', 'widget'],
} as const;

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
