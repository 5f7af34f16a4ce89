import type { Bar } from '@/core/data/bars';
import type { ExchangeId, LiquidationEvent } from '@/core/exchanges/types';
import { computeMultiExchangeHeatmap } from '@/core/model';
import { type LiveScore, tryScoreLive } from '@/core/model/liveScore';
import type { HeatmapResult, WindowId } from '@/core/model/types';
import { WINDOW_MS } from '@/core/model/types';
import type { Settings } from '@/core/settings';
import { openHeatBandsDb, readBars, readSyncStatuses, type SyncStatus } from '@/core/storage/db';
import { readLiquidationEvents } from '@/core/storage/liquidations';
import { availableWindows, historyToReadMs, windowToShow } from '@/core/sync/history';
import { loadSettings } from './settings';

/** Everything a view needs to draw: the filters, the estimate, and how fresh the data is. */
export interface HeatmapView {
  settings: Settings;
  statuses: SyncStatus[];
  result?: HeatmapResult;
  /** Real liquidations the worker recorded for the window (its streams), oldest first. */
  liquidations: LiquidationEvent[];
  /** The live score from what was recorded; absent without bars. */
  liveScore?: LiveScore;
  /** Why there is no estimate, in words a trader understands. */
  problem?: string;
  /** Windows these exchanges can show now: 90d and 180d once HeatBands has recorded them. */
  windows: WindowId[];
  /** Set when the chosen window cannot be shown (too little recorded) and a shorter one is. */
  fallbackNote?: string;
}

/**
 * Reads the cached bars (IndexedDB, written by the worker) and computes the estimate. An aborted
 * `signal` (a newer load started) stops it between reads with an AbortError.
 */
export async function loadHeatmapView(signal?: AbortSignal): Promise<HeatmapView> {
  const settings = await loadSettings();
  signal?.throwIfAborted();
  const db = await openHeatBandsDb();
  try {
    const statuses = (await readSyncStatuses(db)).filter(
      (s) => s.symbol === settings.symbol && settings.exchanges.includes(s.exchange),
    );
    const windows = availableWindows(statuses, settings.symbol, settings.exchanges);
    // A recorded window whose history was pruned (or not yet recorded here) falls back, saying so.
    const { window, fallbackNote } = windowToShow(settings.window, windows);
    const context = { settings, statuses, windows, fallbackNote };
    // The engine takes the price and candles from the first series: put the freshest first, so
    // one exchange that is banned or behind does not set the price for all.
    const freshestFirst = statuses
      .map((s) => ({ exchange: s.exchange, newest: s.newestBarTime ?? s.newestCandleTime }))
      .filter((s): s is { exchange: ExchangeId; newest: number } => s.newest !== undefined)
      .sort((a, b) => b.newest - a.newest);
    const series = new Map<ExchangeId, Bar[]>();
    for (const { exchange, newest } of freshestFirst) {
      const bars = await readBars(db, exchange, settings.symbol, '5m', newest - historyToReadMs(window));
      if (bars.length > 0) series.set(exchange, bars);
      // A newer load has started: stop before the costly part.
      signal?.throwIfAborted();
    }
    if (series.size === 0) {
      const failures = statuses.filter((s) => s.error).map((s) => s.error!.message);
      const problem =
        failures.length > 0
          ? `No data for ${settings.symbol}: ${failures.join('; ')}`
          : `No cached data for ${settings.symbol} yet: waiting for the first sync.`;
      return { ...context, liquidations: [], problem };
    }
    const newest = freshestFirst[0]!.newest;
    const liquidations = (
      await readLiquidationEvents(db, settings.symbol, newest - WINDOW_MS[settings.window])
    ).filter((e) => settings.exchanges.includes(e.exchange));
    try {
      const result = computeMultiExchangeHeatmap(series, {
        window,
        filter: { exchanges: settings.exchanges, sides: settings.sides, leverages: settings.leverages },
      });
      return {
        ...context,
        result,
        liquidations,
        liveScore: liveScoreOf(series, liquidations, settings),
      };
    } catch (e) {
      return {
        ...context,
        liquidations,
        problem: `Could not compute the estimate: ${e instanceof Error ? e.message : e}`,
      };
    }
  } finally {
    db.close();
  }
}

/**
 * The live score over the recorded liquidations and the freshest exchange's bars. Skipped (absent)
 * while nothing is recorded: the panel then says "too few events yet" without the cost.
 */
function liveScoreOf(
  series: ReadonlyMap<ExchangeId, Bar[]>,
  liquidations: readonly LiquidationEvent[],
  settings: Settings,
): LiveScore | undefined {
  const bars = series.values().next().value;
  if (!bars || liquidations.length === 0) return undefined;
  const scored = tryScoreLive(bars, liquidations, { window: settings.window });
  return scored.ok ? scored.value : undefined;
}
