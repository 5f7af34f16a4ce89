import type { ExchangeId } from '../exchanges/types';
import type { EngineConfig } from './config';
import type { HeatFilter, WindowId } from './types';

/**
 * What the engine's entry points (heatmap.ts, session.ts) take. Contract for input (documented
 * here once):
 * - Bars may come unsorted: they are sorted by time; a repeated time keeps the later bar (as the
 *   CSV parser does). Empty input, or a bar with a non-finite or non-positive price, high < low,
 *   or open/close outside [low, high], is rejected with a HeatmapInputError naming the bar.
 * - oiUsd that is not a finite positive number is treated as not known (the level book checks).
 *   So is a value repeated for FROZEN_OI_MIN_MS or longer (a source that stopped updating; see
 *   core/data/openInterest.ts) after its first reading; such runs come back as the result's oiGaps.
 * - Bars are not copied: the engine keeps references and never mutates them.
 * - Warm-up: the book is built from the bars in the `warmUpMs` before the window's first column
 *   (default: WARM_UP_HALF_LIVES ageing half-lives, 14 days with the default 48 h; see
 *   defaultWarmUpMs); older bars are skipped. Ageing alone leaves a level opened before that
 *   horizon at most 2^−7 < 0.8 % of its notional by the window's start (less by every later
 *   column); measured on the recorded 5-minute data, see TUNING.md "Warm-up horizon". Without
 *   ageing, or with `warmUpMs: Infinity`, every bar given is replayed. The level-book bin is sized
 *   from the first bar replayed, so passing more history than the warm-up changes nothing. A
 *   session cuts once, when built: its later appends (and any re-laying of rows) replay from that
 *   same first bar.
 * - The window is the ceil(window / column span) columns ending with the one holding `at`
 *   (144 columns for 12h of 5-minute bars).
 * - `at` defaults to the newest bar; only bars with time ≤ at are used.
 */
export interface SessionOptions {
  window: WindowId;
  config?: EngineConfig;
  /** Bar interval, ms; inferred from the bars (their most common spacing) when absent. */
  intervalMs?: number;
  /** History replayed before the window, ms (see the contract above); default defaultWarmUpMs. */
  warmUpMs?: number;
  /** The symbol's price step: the level book's bin is never finer (heatGrid.ts bookBinSize). */
  tickSize?: number;
}

export interface MultiHeatmapOptions extends SessionOptions {
  at?: number;
  filter?: HeatFilter;
}

export interface HeatmapOptions extends MultiHeatmapOptions {
  exchange?: ExchangeId;
}

/**
 * Half-lives of warm-up before a window: 2^−7 < 0.8 % of a level's notional survives ageing over
 * that span, the ε the engine accepts for not replaying older history.
 */
export const WARM_UP_HALF_LIVES = 7;

/** The default warm-up, ms: WARM_UP_HALF_LIVES half-lives, or everything when levels do not age. */
export function defaultWarmUpMs(config: EngineConfig): number {
  const h = config.ageing.halfLifeHours;
  return h === null ? Number.POSITIVE_INFINITY : WARM_UP_HALF_LIVES * h * 3_600_000;
}
