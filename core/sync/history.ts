import type { ExchangeId } from '../exchanges/types';
import { DEFAULT_CONFIG, defaultWarmUpMs } from '../model/index';
import { WINDOW_MS, WINDOWS, type WindowId } from '../model/types';
import type { SyncStatus } from '../storage/db';

const DAY_MS = 86_400_000;
/** Binance keeps open-interest history for 30 days only. */
const EXCHANGES_KEEP_MS = 30 * DAY_MS;
/** How far back a sync may ask: what the exchanges keep, less an hour's margin for clock skew. */
export const MAX_HISTORY_MS = EXCHANGES_KEEP_MS - 3_600_000;

/**
 * How much history a window needs: the window itself plus the engine's warm-up (levels opened
 * earlier have aged away). The CLI and the benchmarks give the engine this much too.
 */
function historyNeededMs(window: WindowId): number {
  return WINDOW_MS[window] + defaultWarmUpMs(DEFAULT_CONFIG);
}

/**
 * How far back a sync fetches for a window: what it needs, capped by what the exchanges keep.
 * Older history exists only where HeatBands recorded it itself, which the retention keeps.
 */
export function historyToFetchMs(window: WindowId): number {
  return Math.min(MAX_HISTORY_MS, historyNeededMs(window));
}

/**
 * How far back a view reads for a window: what it needs, uncapped, so a long window (and the
 * warm-up of a 30d one) takes whatever has been recorded beyond the exchanges' reach.
 */
export function historyToReadMs(window: WindowId): number {
  return historyNeededMs(window);
}

/**
 * How long bars are kept: the retention the trader chose, never less than one full fetch, so a
 * sync never prunes what it has just fetched.
 */
export function keepMsFor(retentionDays: number): number {
  return Math.max(MAX_HISTORY_MS, retentionDays * DAY_MS);
}

/** Windows longer than the exchanges keep: shown only once HeatBands has recorded enough. */
export const RECORDED_WINDOWS: readonly WindowId[] = WINDOWS.filter((w) => WINDOW_MS[w] > EXCHANGES_KEEP_MS);
export const isRecordedWindow = (window: WindowId): boolean => RECORDED_WINDOWS.includes(window);

/** A window's name as the views show it: a recorded one says where its history comes from. */
export const windowLabel = (window: WindowId): string =>
  isRecordedWindow(window) ? `${window} (recorded)` : window;

/** The explanation a recorded window carries (the popup's title on it). */
export const RECORDED_WINDOW_TITLE =
  'Built from the history HeatBands has recorded itself: the exchanges keep only 30 days of open interest.';

/**
 * A day short of the window still counts as covering it: under 1.2 % of a 90-day window, and a
 * 180-day retention could otherwise never fill a 180-day window (pruning runs at every sync).
 */
export const COVERAGE_SLACK_MS = DAY_MS;

/**
 * The span one series has stored, ms: from its earliest stored bar (coveredFrom, which the sync
 * moves forward as it prunes) to its newest. 0 when it has none or its last sync failed first.
 */
export function recordedSpanMs(status: SyncStatus): number {
  const newest = status.newestBarTime ?? status.newestCandleTime;
  if (status.coveredFrom === undefined || newest === undefined) return 0;
  return Math.max(0, newest - status.coveredFrom);
}

/**
 * The windows a view can offer for these exchanges and symbol: every window the exchanges keep
 * history for, and each longer one once every chosen exchange that has synced has recorded that
 * span (an exchange left out would silently thin the older part of the heat).
 */
export function availableWindows(
  statuses: readonly SyncStatus[],
  symbol: string,
  exchanges: readonly ExchangeId[],
): WindowId[] {
  const chosen = statuses.filter((s) => s.symbol === symbol && exchanges.includes(s.exchange));
  const recorded = chosen.length > 0 ? Math.min(...chosen.map(recordedSpanMs)) : 0;
  return WINDOWS.filter(
    (w) => !isRecordedWindow(w) || (chosen.length > 0 && recorded + COVERAGE_SLACK_MS >= WINDOW_MS[w]),
  );
}

/**
 * The window a view draws: the chosen one when available, else the longest available one
 * shorter than it (recorded history pruned, a new symbol or exchange), with the reason.
 */
export function windowToShow(
  chosen: WindowId,
  available: readonly WindowId[],
): { window: WindowId; fallbackNote?: string } {
  if (available.includes(chosen)) return { window: chosen };
  const shorter = available.filter((w) => WINDOW_MS[w] < WINDOW_MS[chosen]);
  const window = shorter.at(-1) ?? '12h';
  return {
    window,
    fallbackNote: `${chosen} is built from history HeatBands has recorded, and not enough is recorded for these exchanges yet: showing ${window}.`,
  };
}
