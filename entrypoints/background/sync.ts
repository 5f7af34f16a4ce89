import { RequestBudget } from '@/core/exchanges/budget';
import { createMarketDataClient, type MarketDataClient } from '@/core/exchanges/client';
import type { ExchangeResult } from '@/core/exchanges/errors';
import { createTransport, type Transport, timerSleep } from '@/core/exchanges/http';
import { ADAPTERS } from '@/core/exchanges/index';
import { createOkxAdapter } from '@/core/exchanges/okx';
import { instrumentRequest } from '@/core/exchanges/okx/endpoints';
import { parseInstrument } from '@/core/exchanges/okx/instruments';
import type { RequestSpec } from '@/core/exchanges/request';
import type { ExchangeId, LiquidationEvent } from '@/core/exchanges/types';
import type { Settings } from '@/core/settings';
import {
  forgetUnusedSeries,
  type HeatBandsDatabase,
  openHeatBandsDb,
  readSyncStatuses,
} from '@/core/storage/db';
import { historyToFetchMs, keepMsFor } from '@/core/sync/history';
import { latestWins } from '@/core/sync/latestWins';
import { type SyncOutcome, syncSeries } from '@/core/sync/syncSeries';
import { ensureOkxInstrument, okxContractSizes } from '@/utils/okxInstruments';
import { progressWriter } from '@/utils/syncProgress';
import { ensureTickSizes } from '@/utils/tickSizes';

/**
 * The worker's polling: one sync per enabled exchange, one at a time per exchange. The worker
 * can be stopped at any moment, so nothing here is trusted to survive in memory: bans and
 * back-offs are re-read from the stored sync status when the worker starts again.
 */
const INTERVAL = '5m' as const;
/** A series no sync has asked for in this long (another symbol, a disabled exchange) is dropped. */
const UNUSED_SERIES_MS = 7 * 86_400_000;

let budget: RequestBudget | undefined;
const progress = progressWriter();
let clients: Map<ExchangeId, MarketDataClient> | undefined;
let transport: Transport | undefined;
let restored: Promise<void> | undefined;

function createClients(): Map<ExchangeId, MarketDataClient> {
  budget = new RequestBudget(
    Object.values(ADAPTERS).flatMap((a) => a.rateLimits),
    { now: Date.now },
  );
  transport = createTransport({
    fetch: (url, init) => fetch(url, { signal: init.signal, credentials: 'omit', cache: 'no-store' }),
    budget,
    now: Date.now,
    sleep: timerSleep,
    random: Math.random,
  });
  // OKX sizes in contracts: its adapter reads each symbol's contract value from the instruments cache.
  const adapters = { ...ADAPTERS, okx: createOkxAdapter({ contractSizes: okxContractSizes }) };
  const map = new Map<ExchangeId, MarketDataClient>();
  for (const adapter of Object.values(adapters)) {
    map.set(adapter.id, createMarketDataClient({ adapter, transport }));
  }
  return map;
}

/** The OKX swap's contract value and tick size, from the instruments endpoint (refreshed daily). */
async function fetchOkxInstrument(symbol: string) {
  const body = await transport!.get(instrumentRequest(symbol));
  return body.ok ? parseInstrument(symbol, body.value) : body;
}

/** Re-applies bans and rate-limit back-offs that an earlier worker recorded. */
async function restoreBlocks(db: HeatBandsDatabase): Promise<void> {
  const now = Date.now();
  for (const status of await readSyncStatuses(db)) {
    const retryAt = status.error?.retryAt;
    if (retryAt && retryAt > now) budget?.block(status.exchange, retryAt, status.error!.message);
  }
}

async function syncEnabled(settings: Settings): Promise<SyncOutcome[]> {
  clients ??= createClients();
  const db = await openHeatBandsDb();
  try {
    restored ??= restoreBlocks(db).catch((error: unknown) => {
      // Try again next time rather than failing every sync of this worker's life.
      restored = undefined;
      throw error;
    });
    await restored;
    if (settings.exchanges.includes('okx')) {
      await ensureOkxInstrument(settings.symbol, fetchOkxInstrument, Date.now());
    }
    // Price steps for the views and the book's bins; a failure leaves the stored (or no) tick.
    await ensureTickSizes(
      settings.symbol,
      settings.exchanges,
      (exchange, symbol) => clients!.get(exchange)!.tickSize(symbol),
      Date.now(),
    );
    // Fetch no further back than the exchanges keep; keep what was recorded for the retention.
    const historyMs = historyToFetchMs(settings.window);
    const keepMs = keepMsFor(settings.retentionDays);
    const runs = settings.exchanges.map((exchange) =>
      syncSeries(
        db,
        clients!.get(exchange)!,
        { exchange, symbol: settings.symbol, interval: INTERVAL, historyMs, keepMs },
        Date.now,
        progress.update,
      ).finally(() => progress.done(exchange)),
    );
    const outcomes = await Promise.all(runs);
    await forgetUnusedSeries(db, Date.now() - UNUSED_SERIES_MS);
    return outcomes;
  } finally {
    db.close();
  }
}

/**
 * Syncs every enabled exchange for the chosen symbol, one run at a time; a call during a run
 * (a refresh, changed settings) gets one more run right after, with the latest settings.
 */
export const syncAll = latestWins(syncEnabled);

/**
 * Refills a stream gap's liquidations from REST where the exchange has them (OKX). The gap is in
 * the machine's time; the exchange is asked in its own, shifted by the measured clock offset.
 */
export async function catchUpLiquidations(
  exchange: ExchangeId,
  symbol: string,
  from: number,
  to: number,
): Promise<LiquidationEvent[]> {
  clients ??= createClients();
  const client = clients.get(exchange);
  if (!client) return [];
  const clock = await client.serverTime();
  const offset = clock.ok ? clock.value - Date.now() : 0;
  const got = await client.liquidations(symbol, { startTime: from + offset, endTime: to + offset });
  return got.ok ? got.value : [];
}

/**
 * One budgeted GET through the sync's transport: the order books' REST snapshots
 * (utils/depthStreams.ts) share the exchanges' rate limits and bans with the sync.
 */
export async function budgetedGet(spec: RequestSpec): Promise<ExchangeResult<string>> {
  clients ??= createClients();
  return transport!.get(spec);
}
