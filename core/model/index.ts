/** The liquidation engine's public surface. */

export type { BacktestSeries } from './backtest';
export {
  backtestSeries,
  runBacktest,
  runSplitBacktest,
  SCORE_FROM_INDEX,
  scoreSeries,
  sideScore,
  sliceSeries,
  TUNING_SHARE,
  tuningSplitIndex,
} from './backtest';
export { HeatmapInputError, prepareBars } from './barInput';
export type { CalibrationBucket } from './calibration';
export { CALIBRATION_BUCKETS, calibrationBuckets, inRankOrder } from './calibration';
export type { EngineConfig } from './config';
export { DEFAULT_CONFIG, parseEngineConfig } from './config';
export { computeHeatmap, computeMultiExchangeHeatmap, tryComputeHeatmap } from './heatmap';
export type { HeatmapOptions, MultiHeatmapOptions, SessionOptions } from './heatmapOptions';
export { defaultWarmUpMs, WARM_UP_HALF_LIVES } from './heatmapOptions';
export { LevelBook } from './levelBook';
export type { LiquidationInput, MaintenanceTier } from './liquidationPrice';
export {
  binanceLiquidationPrice,
  bybitLiquidationPrice,
  liquidationPrice,
  liquidationRatio,
  tierForNotional,
} from './liquidationPrice';
export { scoreLive, tryScoreLive } from './liveScore';
export { oiGapNote } from './oiGapNote';
export { columnProfile, liquidationProfile } from './profile';
export { HeatmapSession } from './session';
export { leverageBands } from './tierPricing';
export * from './types';
export { findZones } from './zones';
