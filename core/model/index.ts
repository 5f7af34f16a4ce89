/** The liquidation engine's public surface. */

export type { BacktestSeries } from './backtest';
export { backtestSeries, baselineSpearman, runBacktest, SCORE_FROM_INDEX } from './backtest';
export type { EngineConfig } from './config';
export { DEFAULT_CONFIG, parseEngineConfig } from './config';
export type {
  EngineResult,
  HeatmapOptions,
  MultiHeatmapOptions,
  NewestColumn,
  SessionOptions,
} from './engine';
export {
  computeHeatmap,
  computeMultiExchangeHeatmap,
  defaultWarmUpMs,
  HeatmapInputError,
  HeatmapSession,
  MultiExchangeHeatmapSession,
  prepareBars,
  tryComputeHeatmap,
  WARM_UP_HALF_LIVES,
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
export { columnProfile, liquidationProfile } from './profile';
export * from './types';
export { findZones } from './zones';
