import type { LiquidationEvent } from '../../core/exchanges/types';
import { DB_NAME, openHeatBandsDb } from '../../core/storage/db';
import {
  countLiquidationEvents,
  indexedDbLiquidationStore,
  LiquidationBuffer,
} from '../../core/storage/liquidations';

/**
 * Bursts of liquidations through the worker's LiquidationBuffer into IndexedDB (fake-indexeddb in
 * Node, as core/storage/liquidations.test.ts sets it up): events are added as they arrive, in
 * 100 ms ticks of simulated time, and flushed every 2 s as utils/streams.ts does. Needs a global
 * `indexedDB` (import 'fake-indexeddb/auto' first).
 */
export const FLUSH_MS = 2_000;
const TICK_MS = 100;

export interface BurstFigures {
  ratePerSec: number;
  simulatedSec: number;
  sent: number;
  written: number;
  /** Rows in the store afterwards: equal to `sent` when nothing was dropped or collapsed. */
  stored: number;
  transactions: number;
  dropped: number;
  /** Wall time of the whole run, adds and flushes. */
  wallMs: number;
  /** The slowest single flush (one transaction of FLUSH_MS worth of events). */
  slowestFlushMs: number;
  /** Events written per wall-clock second. */
  writtenPerSec: number;
  /** Write transactions per simulated second of the burst (what the browser sees). */
  transactionsPerSimSec: number;
  /** True when every flush finished inside its 2 s window and nothing was lost. */
  keepsUp: boolean;
}

const deleteDb = () =>
  new Promise<void>((done) => {
    const req = indexedDB.deleteDatabase(DB_NAME);
    req.onsuccess = () => done();
    req.onerror = () => done();
  });

/** A distinct liquidation: a Bybit-sized order near 91,000, ten per millisecond at most. */
function burstEvent(t0: number, i: number, ratePerSec: number): LiquidationEvent {
  const time = t0 + Math.floor((i * 1000) / ratePerSec);
  const price = 91_000 + ((i * 7) % 2_000) / 10;
  const quantityBase = 0.001 * (1 + (i % 500));
  return {
    exchange: i % 3 === 0 ? 'binance' : i % 3 === 1 ? 'bybit' : 'okx',
    symbol: 'BTCUSDT',
    time,
    side: i % 2 === 0 ? 'long' : 'short',
    price,
    quantityBase,
    notionalUsd: price * quantityBase,
  };
}

export async function benchBurst(ratePerSec: number, simulatedSec: number): Promise<BurstFigures> {
  await deleteDb();
  const db = await openHeatBandsDb();
  const t0 = Date.UTC(2026, 10, 30, 12, 0);
  const buffer = new LiquidationBuffer(indexedDbLiquidationStore(db), { now: () => t0 });
  const perTick = (ratePerSec * TICK_MS) / 1000;
  let sent = 0;
  let slowestFlushMs = 0;
  let late = false;
  const started = performance.now();
  for (let simMs = TICK_MS; simMs <= simulatedSec * 1000; simMs += TICK_MS) {
    const tick: LiquidationEvent[] = [];
    for (let k = 0; k < perTick; k++) tick.push(burstEvent(t0, sent++, ratePerSec));
    buffer.add(tick);
    if (simMs % FLUSH_MS === 0) {
      const f0 = performance.now();
      const result = await buffer.flush();
      const took = performance.now() - f0;
      slowestFlushMs = Math.max(slowestFlushMs, took);
      if (!result.ok || took > FLUSH_MS) late = true;
    }
  }
  const last = await buffer.flush();
  if (!last.ok) late = true;
  const wallMs = performance.now() - started;
  const stored = await countLiquidationEvents(db);
  db.close();
  await deleteDb();
  const { written, transactions, dropped } = buffer.stats;
  return {
    ratePerSec,
    simulatedSec,
    sent,
    written,
    stored,
    transactions,
    dropped,
    wallMs,
    slowestFlushMs,
    writtenPerSec: (written / wallMs) * 1000,
    transactionsPerSimSec: transactions / simulatedSec,
    keepsUp: !late && written === sent && stored === sent && dropped === 0,
  };
}

/** Doubles the burst rate from 1,000/s until a 2 s flush no longer fits in 2 s (or the cap). */
export async function maxBurstRate(
  simulatedSec: number,
  capPerSec = 64_000,
): Promise<{ keptUpWith: number; firstFailed: BurstFigures | undefined; runs: BurstFigures[] }> {
  const runs: BurstFigures[] = [];
  let keptUpWith = 0;
  for (let rate = 1_000; rate <= capPerSec; rate *= 2) {
    const run = await benchBurst(rate, simulatedSec);
    runs.push(run);
    if (!run.keepsUp) return { keptUpWith, firstFailed: run, runs };
    keptUpWith = rate;
  }
  return { keptUpWith, firstFailed: undefined, runs };
}
