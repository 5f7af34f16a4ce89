import { SCORE_FROM_INDEX } from './backtest';
import type { EngineConfig } from './config';
import type { WindowId } from './types';

/** The live score's options, their defaults, and the minimums below which its figures are absent. */

export const HOUR_MS = 3_600_000;
/** Events are scored from this long after the first bar on: the backtest's 168 warm-up hours. */
export const LIVE_WARM_UP_MS = SCORE_FROM_INDEX * HOUR_MS;
/** Below this many scored events on a side, its event figures are absent (TOO_FEW_EVENTS). */
export const MIN_EVENTS_PER_SIDE = 30;
/** Below this many scored hours, the hourly figures are absent (TOO_FEW_HOURS). */
export const MIN_HOURS = 24;
export const TOO_FEW_EVENTS = 'too few events yet';
export const TOO_FEW_HOURS = 'too few hours yet';
/** The partial lift's reasons: too few events outside the baseline's decile, or nothing to compare there. */
export const TOO_FEW_OUTSIDE_BASELINE = 'too few events outside the extreme rows yet';
export const DECILE_INSIDE_BASELINE = 'the hottest rows lie within the extreme rows';

export interface LiveScoreOptions {
  /** The engine window whose heat is used (its bins and rows). */
  window: WindowId;
  config?: EngineConfig;
  /** Bar interval, ms; the bars' most common spacing when absent. */
  intervalMs?: number;
  /** Events are scored from this long after the first bar on; default LIVE_WARM_UP_MS. */
  scoreWarmUpMs?: number;
  /**
   * The span in which events were being recorded, [from, to) epoch ms: only hours inside it are
   * scored (an hour in it without events counts as zero liquidations). Default: from the start of
   * the hour holding the first event to the end of the hour holding the last.
   */
  recorded?: { from: number; to: number };
  /** The symbol's price step: the heat's bins are never finer (as the worker's estimate). */
  tickSize?: number;
  minEventsPerSide?: number;
  minHours?: number;
}
