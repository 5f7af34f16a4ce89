/** The liquidation engine's public surface. */

export type { BacktestSeries } from './backtest';
export { backtestSeries, baselineSpearman, runBacktest, SCORE_FROM_INDEX } from './backtest';
export type { EngineConfig } from './config';
export { DEFAULT_CONFIG, parseEngineConfig } from './config';
export type { EngineResult, HeatmapOptions, MultiHeatmapOptions } from './engine';
export {
  computeHeatmap,
  computeMultiExchangeHeatmap,
  HeatmapInputError,
  HeatmapSession,
  MultiExchangeHeatmapSession,
  prepareBars,
  tryComputeHeatmap,
} from './engine';
export { LevelBook, leverageBands } from './levelBook';
export type { LiquidationInput, LiquidationResult, MaintenanceTier } from './liquidationPrice';
export {
  binanceLiquidationPrice,
  bybitLiquidationPrice,
  liquidationPrice,
  liquidationRatio,
  tierForNotional,
} from './liquidationPrice';
export { liquidationProfile } from './profile';
export * from './types';
export { findZones } from './zones';
