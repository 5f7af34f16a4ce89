import { INTERVAL_MS } from '../exchanges/types';
import type { SyncStatus } from '../storage/db';

/** Data this much older than it should be is called stale, error or not. */
export const STALE_AFTER_MS = 15 * 60_000;

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
