import type { Bar } from '@/core/data/bars';
import type { ExchangeId, LiquidationEvent } from '@/core/exchanges/types';
import { computeMultiExchangeHeatmap } from '@/core/model';
import type { HeatmapResult, WindowId } from '@/core/model/types';
import { WINDOW_MS } from '@/core/model/types';
import type { Settings } from '@/core/settings';
import {
  type HeatBandsDatabase,
  openHeatBandsDb,
  readBars,
  readSyncStatuses,
  type SyncStatus,
} from '@/core/storage/db';
import { readLiquidationEvents } from '@/core/storage/liquidations';
import { availableWindows, historyToReadMs, windowToShow } from '@/core/sync/history';
import { loadSettings } from './settings';
import { loadTickSize } from './tickSizes';

/** Everything a view needs to draw: the filters, the estimate, and how fresh the data is. */
export interface HeatmapView {
  settings: Settings;
  statuses: SyncStatus[];
  result?: HeatmapResult;
  /** Real liquidations the worker recorded for the window (its streams), oldest first. */
  liquidations: LiquidationEvent[];
  /** Why there is no estimate, in words a trader understands. */
  problem?: string;
  /** Windows these exchanges can show now: 90d and 180d once HeatBands has recorded them. */
  windows: WindowId[];
  /** Set when the chosen window cannot be shown (too little recorded) and a shorter one is. */
  fallbackNote?: string;
  /** The symbol's price step (utils/tickSizes.ts), when known: bins and shown prices follow it. */
  tickSize?: number;
}

/** What the estimate is computed from: the cached bars per exchange and the recorded liquidations. */
export interface EstimateInputs {
  statuses: SyncStatus[];
  windows: WindowId[];
  /** The window shown: the chosen one, or a shorter one where too little is recorded. */
  window: WindowId;
  fallbackNote?: string;
  /** Freshest exchange first: the engine takes the price and candles from the first series. */
  series: Map<ExchangeId, Bar[]>;
  liquidations: LiquidationEvent[];
  /** Why there is nothing to compute from, when `series` is empty. */
  problem?: string;
}

/**
 * Reads what the estimate for `settings` is computed from, up to `until` (epoch ms, a bar's close:
 * the published estimate's asOf, so a view shows the same moment as the chart). An aborted
 * `signal` stops it between reads with an AbortError.
 */
export async function readEstimateInputs(
  db: HeatBandsDatabase,
  settings: Settings,
  { until, signal }: { until?: number; signal?: AbortSignal } = {},
): Promise<EstimateInputs> {
  const statuses = (await readSyncStatuses(db)).filter(
    (s) => s.symbol === settings.symbol && settings.exchanges.includes(s.exchange),
  );
  const windows = availableWindows(statuses, settings.symbol, settings.exchanges);
  // A recorded window whose history was pruned (or not yet recorded here) falls back, saying so.
  const { window, fallbackNote } = windowToShow(settings.window, windows);
  // The freshest first, so one exchange that is banned or behind does not set the price for all.
  const freshestFirst = statuses
    .map((s) => ({ exchange: s.exchange, newest: s.newestBarTime ?? s.newestCandleTime }))
    .filter((s): s is { exchange: ExchangeId; newest: number } => s.newest !== undefined)
    .sort((a, b) => b.newest - a.newest);
  const series = new Map<ExchangeId, Bar[]>();
  const end = until ?? Number.MAX_SAFE_INTEGER;
  for (const { exchange, newest } of freshestFirst) {
    const to = Math.min(newest, end);
    const bars = (await readBars(db, exchange, settings.symbol, '5m', to - historyToReadMs(window))).filter(
      (b) => until === undefined || b.time + FIVE_MINUTES <= until,
    );
    if (bars.length > 0) series.set(exchange, bars);
    signal?.throwIfAborted();
  }
  const base = { statuses, windows, window, ...(fallbackNote ? { fallbackNote } : {}), series };
  if (series.size === 0) {
    const failures = statuses.filter((s) => s.error).map((s) => s.error!.message);
    const problem =
      failures.length > 0
        ? `No data for ${settings.symbol}: ${failures.join('; ')}`
        : `No cached data for ${settings.symbol} yet: waiting for the first sync.`;
    return { ...base, liquidations: [], problem };
  }
  const newest = Math.min(freshestFirst[0]!.newest, end);
  return { ...base, liquidations: await readWindowLiquidations(db, settings, newest) };
}

/**
 * The real liquidations recorded for the window that ends at `newest` (the freshest bar), on the
 * chosen exchanges, oldest first; with those after it (the streams bring them in real time, ahead
 * of the next closed bar): they happened, and are drawn where they happened.
 */
export async function readWindowLiquidations(
  db: HeatBandsDatabase,
  settings: Settings,
  newest: number,
): Promise<LiquidationEvent[]> {
  return (await readLiquidationEvents(db, settings.symbol, newest - WINDOW_MS[settings.window])).filter((e) =>
    settings.exchanges.includes(e.exchange),
  );
}

const FIVE_MINUTES = 300_000;

/**
 * The side panel's study view: reads the cached bars (IndexedDB, written by the worker) up to
 * `until` and computes the full grid from them (the worker publishes only bands and zones). An
 * aborted `signal` (a newer load started) stops it between reads with an AbortError.
 */
export async function loadHeatmapView(
  signal?: AbortSignal,
  { until }: { until?: number } = {},
): Promise<HeatmapView> {
  const settings = await loadSettings();
  signal?.throwIfAborted();
  const db = await openHeatBandsDb();
  try {
    const inputs = await readEstimateInputs(db, settings, { until, signal });
    const { statuses, windows, fallbackNote, series, liquidations, window } = inputs;
    // The same price step as the worker's estimate, so the panel's rows match the published bands.
    const tickSize = await loadTickSize(settings.symbol, settings.exchanges);
    const context = {
      settings,
      statuses,
      windows,
      ...(fallbackNote ? { fallbackNote } : {}),
      liquidations,
      ...(tickSize !== undefined ? { tickSize } : {}),
    };
    if (inputs.problem) return { ...context, problem: inputs.problem };
    try {
      const result = computeMultiExchangeHeatmap(series, {
        window,
        filter: { exchanges: settings.exchanges, sides: settings.sides, leverages: settings.leverages },
        tickSize,
      });
      return { ...context, result };
    } catch (e) {
      return { ...context, problem: `Could not compute the estimate: ${e instanceof Error ? e.message : e}` };
    }
  } finally {
    db.close();
  }
}
