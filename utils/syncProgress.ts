import { storage } from '#imports';
import type { ExchangeId } from '@/core/exchanges/types';
import type { SyncProgress } from '@/core/sync/syncSeries';

/**
 * The worker's running syncs, per exchange, for the side panel's progress bar. Session storage:
 * shared by the extension's pages, gone with the browser session, never written to disk.
 */
export type ProgressByExchange = Partial<Record<ExchangeId, SyncProgress & { updatedAt: number }>>;

export const syncProgressItem = storage.defineItem<ProgressByExchange>('session:syncProgress', {
  fallback: {},
});

/**
 * A writer for the worker: keeps the latest progress of each exchange and writes the whole record,
 * one write at a time, so a late page can never undo the `done` that cleared it.
 */
export function progressWriter(now: () => number = Date.now): {
  update(progress: SyncProgress): void;
  done(exchange: ExchangeId): void;
} {
  const current: ProgressByExchange = {};
  let writing = Promise.resolve();
  const flush = () => {
    const snapshot = { ...current };
    writing = writing.then(() => syncProgressItem.setValue(snapshot)).catch(() => {});
  };
  return {
    update(progress) {
      current[progress.exchange] = { ...progress, updatedAt: now() };
      flush();
    },
    done(exchange) {
      delete current[exchange];
      flush();
    },
  };
}

/** "about 20 s left" from how long the sync has run and how far it is; undefined too early to tell. */
export function timeLeftMs(progress: SyncProgress & { updatedAt: number }): number | undefined {
  if (!(progress.fraction > 0.02) || progress.fraction >= 1) return undefined;
  const elapsed = progress.updatedAt - progress.startedAt;
  return (elapsed * (1 - progress.fraction)) / progress.fraction;
}
