import { EXCHANGE_NAMES, INTERVAL_MS } from '../exchanges/types';
import type { HistoryLimit, SyncStatus } from '../storage/db';

/** Data this much older than it should be is called stale, error or not. */
const STALE_AFTER_MS = 15 * 60_000;

export interface Staleness {
  /** A few words: "rate-limited, retrying after 12:03 UTC", "no sync for 40 min". */
  short: string;
  /** The whole reason, for the side panel. */
  detail: string;
}

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;
const utc = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;

/**
 * Whether one series' cached data is stale, and why. Stale is not only "the last sync failed":
 * a worker that has not synced for a while, or an exchange whose newest bars stopped coming
 * (by the exchange's own clock), make the picture just as old.
 */
export function stalenessOf(status: SyncStatus, localNow: number): Staleness | undefined {
  if (status.error) {
    const retry =
      status.error.retryAt && status.error.retryAt > localNow
        ? `, retrying after ${utc(status.error.retryAt)}`
        : '';
    return { short: `${status.error.kind}${retry}`, detail: `${status.error.message}${retry}` };
  }
  if (status.lastSuccessAt === undefined) return { short: 'not synced yet', detail: 'not synced yet' };
  const sinceSync = localNow - status.lastSuccessAt;
  if (sinceSync > STALE_AFTER_MS) {
    const text = `no sync for ${minutes(sinceSync)}`;
    return { short: text, detail: text };
  }
  if (status.exchangeTimeAtSync !== undefined && status.newestBarTime !== undefined) {
    const lag = status.exchangeTimeAtSync - (status.newestBarTime + INTERVAL_MS[status.interval]);
    if (lag > STALE_AFTER_MS) {
      const text = `newest bar with open interest is ${minutes(lag)} behind the exchange`;
      return { short: text, detail: text };
    }
  }
  return undefined;
}

const DAY_MS = 86_400_000;
const span = (ms: number) =>
  ms >= 2 * DAY_MS ? `${Math.round(ms / DAY_MS)} days` : `${Math.round(ms / 3_600_000)} hours`;

const LIMIT_WORDS: Record<HistoryLimit['source'], { what: string; lack: string }> = {
  'open-interest': { what: 'open interest', lack: 'older heat has none from' },
  'taker-flow': {
    what: 'taker flow',
    lack: 'older bars split longs and shorts by bar direction, with no taker flow from',
  },
};

/**
 * One sentence per statistics series the exchange keeps for less time than the window needs,
 * e.g. "OKX keeps 5 days of open interest at 5m; older heat has none from OKX". Not staleness: the
 * data is as fresh as it gets, only shorter. Empty when nothing is missing.
 */
export function historyLimitNotes(status: SyncStatus): string[] {
  const name = EXCHANGE_NAMES[status.exchange];
  return (status.historyLimits ?? []).map(({ source, reachMs }) => {
    const { what, lack } = LIMIT_WORDS[source];
    return `${name} keeps ${span(reachMs)} of ${what} at ${status.interval}; ${lack} ${name}`;
  });
}
