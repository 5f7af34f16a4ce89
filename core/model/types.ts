import type { ExchangeId, PositionSide } from '../exchanges/types';
import type { CalibrationBucket } from './calibration';

/**
 * The engine's public shapes: what the CLI, the benchmarks, the worker and the UI consume.
 * Grids are typed arrays indexed [column * rows + row]; row 0 is the lowest price bin.
 */
export const WINDOWS = ['12h', '24h', '3d', '7d', '30d', '90d', '180d'] as const;
export type WindowId = (typeof WINDOWS)[number];
export const isWindowId = (text: string): text is WindowId => (WINDOWS as readonly string[]).includes(text);
export const WINDOW_MS: Record<WindowId, number> = {
  '12h': 12 * 3_600_000,
  '24h': 24 * 3_600_000,
  '3d': 3 * 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
  // Longer than any exchange keeps open interest (Binance: 30 days): built only from what
  // HeatBands has recorded itself (see core/sync/history.ts, recordedWindows).
  '90d': 90 * 86_400_000,
  '180d': 180 * 86_400_000,
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
  /** Peak cell of the zone relative to the hottest cell of its side in the window, 0..1. */
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
  /**
   * Stretches where a market's open interest was not known because its source repeated one value
   * (see core/data/openInterest.ts): no positions were added or closed there, which is a gap in
   * the data, not a quiet market. Over the bars replayed (warm-up included), oldest first.
   */
  oiGaps: OiGap[];
}

export interface OiGap {
  exchange: ExchangeId;
  /** Open time of the first and of the last bar of the frozen run, epoch ms. */
  from: number;
  to: number;
}

/**
 * What a live heatmap needs per new bar: the newest column of result().grid, with the map beside
 * it and the zones, without rebuilding the grid. `rows`, `priceMin`, `binSize` and `timeStart`
 * equal result()'s: when they differ from the grid on screen (rows re-laid, or more than one new
 * column after a gap), take a full result() instead.
 */
export interface NewestColumn {
  at: number;
  price: number;
  /** Start time of the newest column, and of the window's first column, epoch ms. */
  time: number;
  timeStart: number;
  rows: number;
  priceMin: number;
  binSize: number;
  long: Float32Array;
  short: Float32Array;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Largest long + short cell of the whole window (as result().grid.maxCell). */
  maxCell: number;
  profile: LiquidationProfile;
  zones: Zone[];
}

/** Which parts of the estimate to show; applied without rebuilding the books where possible. */
export interface HeatFilter {
  exchanges?: readonly ExchangeId[];
  sides?: readonly PositionSide[];
  /** Leverage tiers to include, by leverage (e.g. [25, 50, 100]); all when absent. */
  leverages?: readonly number[];
}

/** The backtest's figures on the whole file, exactly as the scoring rules define them. */
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

/** A side's figures on one part of the file: the scoring rules' four, then totals and calibration. */
export interface SideReport extends SideScore {
  /** Spearman of the excursion baseline and the actual liquidations. */
  baseline_spearman: number;
  /** Σ over the part's scored hours of the engine's predicted liquidations, USD. */
  predicted_usd: number;
  /** Σ over the part's scored hours of the actual liquidations, USD. */
  actual_usd: number;
  calibration: CalibrationBucket[];
  /** At least two buckets, each one's observed share above the one before. */
  calibration_in_rank_order: boolean;
}

/** Every figure on one run of scored hours; `from` and `to` are the first and last hour's open time (ms). */
export interface PartReport {
  from: number;
  to: number;
  bars: number;
  long: SideReport;
  short: SideReport;
}

/**
 * `npm run backtest -- --json`: the tuning part (first 60 % of the scored hours), the held-back
 * part (the rest) and the whole file. `split.at` is the open time of the first held-back hour
 * (null when there is none).
 */
export interface SplitBacktestReport {
  split: { tuning_share: number; at: number | null };
  tuning: PartReport;
  held_back: PartReport;
  whole: PartReport;
}
