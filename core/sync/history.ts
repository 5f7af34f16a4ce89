import { DEFAULT_CONFIG, defaultWarmUpMs } from '../model/index';
import { WINDOW_MS, type WindowId } from '../model/types';

/** Binance keeps open-interest history for 30 days only; an hour's margin for clock skew. */
export const MAX_HISTORY_MS = 30 * 86_400_000 - 3_600_000;

/**
 * How much history a window needs: the window itself plus the engine's warm-up (levels opened
 * earlier have aged away), capped by what the exchanges keep. The worker syncs this much and the
 * views read this much, so both give the engine the same bars as the CLI and the benchmarks.
 */
export function historyNeededMs(window: WindowId): number {
  return Math.min(MAX_HISTORY_MS, WINDOW_MS[window] + defaultWarmUpMs(DEFAULT_CONFIG));
}
