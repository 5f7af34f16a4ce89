/** The liquidation engine's public surface. */
export { baselineSpearman, backtestSeries, runBacktest, SCORE_FROM_INDEX } from './backtest';
export type { BacktestSeries } from './backtest';
export { DEFAULT_CONFIG, parseEngineConfig } from './config';
export type { EngineConfig } from './config';
export {
  computeHeatmap,
  computeMultiExchangeHeatmap,
  HeatmapInputError,
  HeatmapSession,
  MultiExchangeHeatmapSession,
  prepareBars,
  tryComputeHeatmap,
} from './engine';
export type { EngineResult, HeatmapOptions, MultiHeatmapOptions } from './engine';
export { LevelBook } from './levelBook';
export {
  binanceLiquidationPrice,
  bybitLiquidationPrice,
  liquidationPrice,
  liquidationRatio,
  tierForNotional,
} from './liquidationPrice';
export type { LiquidationInput, LiquidationResult, MaintenanceTier } from './liquidationPrice';
export { liquidationProfile } from './profile';
export { findZones } from './zones';
export * from './types';
