import type { Bar } from '@/core/data/bars';
import type { ExchangeId } from '@/core/exchanges/types';
import { computeMultiExchangeHeatmap } from '@/core/model';
import type { HeatmapResult } from '@/core/model/types';
import type { Settings } from '@/core/settings';
import { openHeatBandsDb, readBars, readSyncStatuses, type SyncStatus } from '@/core/storage/db';
import { historyNeededMs } from '@/core/sync/history';
import { loadSettings } from './settings';

/** Everything a view needs to draw: the filters, the estimate, and how fresh the data is. */
export interface HeatmapView {
  settings: Settings;
  statuses: SyncStatus[];
  result?: HeatmapResult;
  /** Why there is no estimate, in words a trader understands. */
  problem?: string;
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
    // The engine takes the price and candles from the first series: put the freshest first, so
    // one exchange that is banned or behind does not set the price for all.
    const freshestFirst = statuses
      .map((s) => ({ exchange: s.exchange, newest: s.newestBarTime ?? s.newestCandleTime }))
      .filter((s): s is { exchange: ExchangeId; newest: number } => s.newest !== undefined)
      .sort((a, b) => b.newest - a.newest);
    const series = new Map<ExchangeId, Bar[]>();
    for (const { exchange, newest } of freshestFirst) {
      const bars = await readBars(
        db,
        exchange,
        settings.symbol,
        '5m',
        newest - historyNeededMs(settings.window),
      );
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
      return { settings, statuses, problem };
    }
    try {
      const result = computeMultiExchangeHeatmap(series, {
        window: settings.window,
        filter: { exchanges: settings.exchanges, sides: settings.sides, leverages: settings.leverages },
      });
      return { settings, statuses, result };
    } catch (e) {
      return {
        settings,
        statuses,
        problem: `Could not compute the estimate: ${e instanceof Error ? e.message : e}`,
      };
    }
  } finally {
    db.close();
  }
}
