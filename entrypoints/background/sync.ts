import { RequestBudget } from '@/core/exchanges/budget';
import { createMarketDataClient, type MarketDataClient } from '@/core/exchanges/client';
import { createTransport, timerSleep } from '@/core/exchanges/http';
import { ADAPTERS } from '@/core/exchanges/index';
import type { ExchangeId } from '@/core/exchanges/types';
import type { Settings } from '@/core/settings';
import { type HeatBandsDatabase, openHeatBandsDb, readSyncStatuses } from '@/core/storage/db';
import { historyNeededMs, MAX_HISTORY_MS } from '@/core/sync/history';
import { type SyncOutcome, syncSeries } from '@/core/sync/syncSeries';

/**
 * The worker's polling: one sync per enabled exchange, one at a time per exchange. The worker
 * can be stopped at any moment, so nothing here is trusted to survive in memory: bans and
 * back-offs are re-read from the stored sync status when the worker starts again.
 */
const INTERVAL = '5m' as const;

let budget: RequestBudget | undefined;
let clients: Map<ExchangeId, MarketDataClient> | undefined;
let restored: Promise<void> | undefined;
let running: Promise<SyncOutcome[]> | undefined;

function createClients(): Map<ExchangeId, MarketDataClient> {
  budget = new RequestBudget(
    Object.values(ADAPTERS).flatMap((a) => a.rateLimits),
    { now: Date.now },
  );
  const transport = createTransport({
    fetch: (url, init) => fetch(url, { signal: init.signal, credentials: 'omit', cache: 'no-store' }),
    budget,
    now: Date.now,
    sleep: timerSleep,
    random: Math.random,
  });
  const map = new Map<ExchangeId, MarketDataClient>();
  for (const adapter of Object.values(ADAPTERS)) {
    map.set(adapter.id, createMarketDataClient({ adapter, transport, now: Date.now }));
  }
  return map;
}

/** Re-applies bans and rate-limit back-offs that an earlier worker recorded. */
async function restoreBlocks(db: HeatBandsDatabase): Promise<void> {
  const now = Date.now();
  for (const status of await readSyncStatuses(db)) {
    const retryAt = status.error?.retryAt;
    if (retryAt && retryAt > now) budget?.block(status.exchange, retryAt, status.error!.message);
  }
}

/** Syncs every enabled exchange for the chosen symbol. Concurrent calls share one run. */
export function syncAll(settings: Settings): Promise<SyncOutcome[]> {
  if (running) return running;
  running = (async () => {
    clients ??= createClients();
    const db = await openHeatBandsDb();
    try {
      restored ??= restoreBlocks(db);
      await restored;
      const historyMs = historyNeededMs(settings.window);
      const runs = settings.exchanges.map((exchange) =>
        syncSeries(
          db,
          clients!.get(exchange)!,
          { exchange, symbol: settings.symbol, interval: INTERVAL, historyMs, keepMs: MAX_HISTORY_MS },
          Date.now(),
        ),
      );
      return await Promise.all(runs);
    } finally {
      db.close();
    }
  })().finally(() => {
    running = undefined;
  });
  return running;
}
