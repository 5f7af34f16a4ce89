import type { ExchangeId, PositionSide } from '../exchanges/types';

/**
 * The engine's public shapes: what the CLI, the benchmarks, the worker and the UI consume.
 * Grids are typed arrays indexed [column * rows + row]; row 0 is the lowest price bin.
 */
export type WindowId = '12h' | '24h' | '3d' | '7d' | '30d';
export const WINDOWS: readonly WindowId[] = ['12h', '24h', '3d', '7d', '30d'];
export const WINDOW_MS: Record<WindowId, number> = {
  '12h': 12 * 3_600_000,
  '24h': 24 * 3_600_000,
  '3d': 3 * 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

export interface HeatGrid {
  columns: number;
  rows: number;
  /** Rows cover [priceMin, priceMax); priceMax − priceMin = rows × binSize. */
  priceMin: number;
  priceMax: number;
  binSize: number;
  /** Start of the first column and end of the last, epoch ms. */
  timeStart: number;
  timeEnd: number;
  /** Start time of each column (a column aggregates one or more bars). */
  columnTimes: Float64Array;
  /** Estimated live liquidation notional, USD, per cell: longs and shorts separately. */
  long: Float32Array;
  short: Float32Array;
  /** Largest long + short in any cell: the top of the colour scale. */
  maxCell: number;
  /** Price per column, for drawing candles over the heat. */
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
}

/**
 * The liquidation map: cumulative long notional that would be liquidated if price fell to each
 * row (rows below the current price), and short notional if it rose to each row (rows above).
 */
export interface LiquidationProfile {
  price: number;
  priceMin: number;
  binSize: number;
  rows: number;
  /** Per-row notional at the snapshot (not cumulative), USD. */
  long: Float64Array;
  short: Float64Array;
  /** Cumulative from the current price outwards, USD. */
  cumulativeLong: Float64Array;
  cumulativeShort: Float64Array;
}

export interface Zone {
  side: PositionSide;
  priceLow: number;
  priceHigh: number;
  notionalUsd: number;
  /** Signed distance of the zone's nearer edge from the current price, % (negative below). */
  distancePct: number;
  /** Peak cell of the zone relative to the window's hottest cell, 0..1. */
  intensity: number;
}

export interface HeatmapResult {
  at: number;
  window: WindowId;
  price: number;
  grid: HeatGrid;
  profile: LiquidationProfile;
  /** Strongest zones above and below the current price, strongest first on each side. */
  zones: Zone[];
}

/** Which parts of the estimate to show; applied without rebuilding the books where possible. */
export interface HeatFilter {
  exchanges?: readonly ExchangeId[];
  sides?: readonly PositionSide[];
  /** Leverage tiers to include, by leverage (e.g. [25, 50, 100]); all when absent. */
  leverages?: readonly number[];
}

/** The backtest's report, shaped as `npm run backtest -- --json` prints it. */
export interface SideScore {
  spearman: number;
  partial_spearman: number;
  top_decile_capture: number;
  baseline_top_decile_capture: number;
}
export interface BacktestReport {
  bars: number;
  long: SideScore;
  short: SideScore;
}
