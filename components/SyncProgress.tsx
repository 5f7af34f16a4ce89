import { EXCHANGE_NAMES } from '@/core/exchanges/types';
import { type ProgressByExchange, timeLeftMs } from '@/utils/syncProgress';

/** While the worker backfills a window: which exchange, how much is loaded, and the time left. */
export function SyncProgress({ progress, window }: { progress: ProgressByExchange; window: string }) {
  const running = Object.values(progress).filter((p): p is NonNullable<typeof p> => p?.backfill === true);
  if (running.length === 0) return null;
  return (
    <section class="progress" aria-label="Loading history">
      {running.map((p) => {
        const left = timeLeftMs(p);
        return (
          <div
            key={p.exchange}
            class="progress-row"
            data-progress-exchange={p.exchange}
            data-fraction={p.fraction}
          >
            <span>
              Loading {EXCHANGE_NAMES[p.exchange]} history for {window}: {Math.round(p.fraction * 100)} %
              {left !== undefined ? `, about ${Math.max(1, Math.round(left / 1000))} s left` : ''}
            </span>
            <progress max={1} value={p.fraction} />
          </div>
        );
      })}
    </section>
  );
}
