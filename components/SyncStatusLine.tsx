import type { SyncStatus } from '@/core/storage/db';
import { historyLimitNotes, stalenessOf } from '@/core/sync/staleness';

function ago(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s}s ago`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min ago`;
  return `${Math.round(m / 60)} h ago`;
}

/**
 * Per exchange: how fresh the cached data is, if the last sync failed, why, and where the
 * exchange keeps less history than the window asks for (OKX: 5 days of open interest).
 */
export function SyncStatusLine({ statuses, now }: { statuses: readonly SyncStatus[]; now: number }) {
  if (statuses.length === 0) return <p class="status muted">No data fetched yet.</p>;
  return (
    <ul class="status">
      {statuses.map((s) => {
        const stale = stalenessOf(s, now);
        return (
          <li key={s.key} data-exchange={s.exchange} class={stale ? 'stale' : 'fresh'}>
            <strong>{s.exchange}</strong>{' '}
            {s.lastSuccessAt ? `updated ${ago(now - s.lastSuccessAt)}` : 'never updated'}
            {stale ? ` — stale: ${stale.detail}` : ''}
            {historyLimitNotes(s).map((note) => (
              <span key={note} class="limit">
                {' '}
                — {note}
              </span>
            ))}
          </li>
        );
      })}
    </ul>
  );
}
