import type { Bar } from '../../core/data/bars';
import type { ExchangeAdapter } from '../../core/exchanges/adapter';
import { binance } from '../../core/exchanges/binance';
import { RequestBudget } from '../../core/exchanges/budget';
import { bybit } from '../../core/exchanges/bybit';
import { createMarketDataClient, type MarketDataClient } from '../../core/exchanges/client';
import { createTransport, timerSleep } from '../../core/exchanges/http';
import { okx } from '../../core/exchanges/okx';
import type { ExchangeId } from '../../core/exchanges/types';
import { DB_NAME, openHeatBandsDb } from '../../core/storage/db';
import { historyToFetchMs, keepMsFor } from '../../core/sync/history';
import { syncSeries } from '../../core/sync/syncSeries';
import { startReplayExchange } from '../replay-exchange/index';
import { routedFetch } from '../replay-exchange/routedFetch';

/**
 * The worker's REST polling once streams are up: the real adapters, transport and syncSeries
 * (as core/sync/syncSeries.test.ts runs them in Node, IndexedDB by fake-indexeddb) against the
 * replay exchange. One backfill, then one sync per exchange per replay minute, as the worker's
 * poll alarm does; requests counted per exchange per minute from the replay's request log.
 */
const HOST_EXCHANGE: Record<string, ExchangeId> = {
  'fapi.binance.com': 'binance',
  'api.bybit.com': 'bybit',
  'www.okx.com': 'okx',
};
const ADAPTERS: Record<ExchangeId, ExchangeAdapter> = { binance, bybit, okx };

export interface RestMinuteFigures {
  exchange: ExchangeId;
  backfillRequests: number;
  /** Requests in each of the steady minutes after the backfill. */
  perMinute: number[];
  maxPerMinute: number;
  meanPerMinute: number;
  /** Path → requests over all steady minutes. */
  endpoints: Record<string, number>;
}

const deleteDb = () =>
  new Promise<void>((done) => {
    const req = indexedDB.deleteDatabase(DB_NAME);
    req.onsuccess = () => done();
    req.onerror = () => done();
  });

export async function benchRestPerMinute(bars: Bar[], minutes = 10): Promise<RestMinuteFigures[]> {
  const start = bars[0]!.time + 2 * 86_400_000 + 2 * 60_000;
  const replay = await startReplayExchange({ bars, start, speed: 0 });
  await deleteDb();
  const db = await openHeatBandsDb();
  try {
    const client = (adapter: ExchangeAdapter): MarketDataClient => {
      const budget = new RequestBudget(adapter.rateLimits, { now: Date.now });
      const transport = createTransport({
        fetch: routedFetch(replay.port),
        budget,
        now: Date.now,
        sleep: timerSleep,
        random: Math.random,
        timeoutMs: 5_000,
      });
      return createMarketDataClient({ adapter, transport });
    };
    const exchanges = Object.keys(ADAPTERS) as ExchangeId[];
    // One client per exchange for the whole run, as the worker keeps them (server-time offsets).
    const clients = new Map(exchanges.map((e) => [e, client(ADAPTERS[e])]));
    const syncAll = () =>
      Promise.all(
        exchanges.map((exchange) =>
          syncSeries(
            db,
            clients.get(exchange)!,
            {
              exchange,
              symbol: 'BTCUSDT',
              interval: '5m',
              historyMs: historyToFetchMs('12h'),
              keepMs: keepMsFor(180),
            },
            Date.now,
          ),
        ),
      );
    const slice = (from: number) => replay.requests.slice(from).filter((r) => !r.ws);
    await syncAll();
    const backfill = slice(0);
    const perMinute: Array<typeof backfill> = [];
    for (let m = 1; m <= minutes; m++) {
      const seen = replay.requests.length;
      replay.clock.set(start + m * 60_000);
      await syncAll();
      perMinute.push(slice(seen));
    }
    return exchanges.map((exchange) => {
      const mine = (rs: typeof backfill) => rs.filter((r) => HOST_EXCHANGE[r.host] === exchange);
      const counts = perMinute.map((rs) => mine(rs).length);
      const endpoints: Record<string, number> = {};
      for (const rs of perMinute) for (const r of mine(rs)) endpoints[r.path] = (endpoints[r.path] ?? 0) + 1;
      return {
        exchange,
        backfillRequests: mine(backfill).length,
        perMinute: counts,
        maxPerMinute: Math.max(...counts),
        meanPerMinute: counts.reduce((a, b) => a + b, 0) / counts.length,
        endpoints,
      };
    });
  } finally {
    db.close();
    await deleteDb();
    await replay.close();
  }
}
