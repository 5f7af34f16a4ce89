import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiquidationEvent } from '../exchanges/types';
import { DB_NAME, type HeatBandsDatabase, openHeatBandsDb } from './db';
import {
  countLiquidationEvents,
  DEFAULT_RETENTION_DAYS,
  indexedDbLiquidationStore,
  LiquidationBuffer,
  type LiquidationStore,
  pruneLiquidationEvents,
  readLiquidationEvents,
  writeLiquidationEvents,
} from './liquidations';

let db: HeatBandsDatabase;

const deleteDb = () =>
  new Promise<void>((done) => {
    const req = indexedDB.deleteDatabase(DB_NAME);
    req.onsuccess = () => done();
    req.onerror = () => done();
  });

beforeEach(async () => {
  db = await openHeatBandsDb();
});
afterEach(async () => {
  db.close();
  await deleteDb();
});

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 30, 12, 0);
const event = (over: Partial<LiquidationEvent>): LiquidationEvent => ({
  exchange: 'bybit',
  symbol: 'BTCUSDT',
  time: T0,
  side: 'long',
  price: 91_000,
  quantityBase: 0.5,
  notionalUsd: 45_500,
  ...over,
});

/** Counts the write transactions the buffer opens; throws a QuotaExceededError on the chosen calls. */
function countingStore(quotaOnCalls: number[] = []) {
  const inner = indexedDbLiquidationStore(db);
  const log = { writes: 0, prunes: 0 };
  const store: LiquidationStore = {
    async write(events) {
      log.writes++;
      if (quotaOnCalls.includes(log.writes))
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      await inner.write(events);
    },
    async prune(before) {
      log.prunes++;
      return inner.prune(before);
    },
  };
  return { store, log };
}

describe('real liquidations in IndexedDB', () => {
  it('stores a duplicate once, whether it comes in the same batch, a later batch or from REST', async () => {
    const buffer = new LiquidationBuffer(indexedDbLiquidationStore(db), { now: () => T0 });
    buffer.add([event({}), event({}), event({ side: 'short', price: 91_200 })]);
    expect(buffer.size).toBe(2);
    expect(await buffer.flush()).toEqual({ ok: true, written: 2 });
    buffer.add([event({})]);
    await buffer.flush();
    await writeLiquidationEvents(db, [event({ notionalUsd: 45_500 })]);
    expect(await countLiquidationEvents(db)).toBe(2);
    expect(buffer.stats.duplicates).toBe(1);
  });

  it('keeps events that differ in any of exchange, symbol, time, side, price or size', async () => {
    await writeLiquidationEvents(db, [
      event({}),
      event({ exchange: 'okx' }),
      event({ symbol: 'ETHUSDT' }),
      event({ time: T0 + 1 }),
      event({ side: 'short' }),
      event({ price: 91_000.1 }),
      event({ quantityBase: 0.501 }),
    ]);
    expect(await countLiquidationEvents(db)).toBe(7);
  });

  it('reads out-of-order frames back sorted by time, one symbol, optionally one exchange', async () => {
    await writeLiquidationEvents(db, [
      event({ time: T0 + 3_000 }),
      event({ time: T0 - 1_000, exchange: 'binance' }),
      event({ time: T0 + 1_000 }),
      event({ time: T0 + 500, symbol: 'ETHUSDT' }),
    ]);
    await writeLiquidationEvents(db, [event({ time: T0 }), event({ time: T0 + 2_000, exchange: 'okx' })]);
    const read = await readLiquidationEvents(db, 'BTCUSDT', T0 - 1_000, T0 + 3_000);
    expect(read.map((e) => e.time - T0)).toEqual([-1_000, 0, 1_000, 2_000, 3_000]);
    expect((await readLiquidationEvents(db, 'BTCUSDT', T0, T0 + 1_000)).map((e) => e.time - T0)).toEqual([
      0, 1_000,
    ]);
    expect((await readLiquidationEvents(db, 'BTCUSDT', 0, undefined, 'okx')).map((e) => e.exchange)).toEqual([
      'okx',
    ]);
  });

  it('writes a burst of 1,000 events within one second in one transaction, losing none', async () => {
    const { store, log } = countingStore();
    const buffer = new LiquidationBuffer(store, { now: () => T0 });
    const burst = Array.from({ length: 1_000 }, (_, i) =>
      event({ time: T0 + (i % 1_000), price: 91_000 + i * 0.5, side: i % 2 ? 'long' : 'short' }),
    );
    // As frames arrive: 200 frames of 5 events each.
    for (let i = 0; i < burst.length; i += 5) buffer.add(burst.slice(i, i + 5));
    expect(await buffer.flush()).toEqual({ ok: true, written: 1_000 });
    expect(log.writes).toBe(1);
    expect(buffer.stats.transactions).toBe(1);
    expect(await countLiquidationEvents(db)).toBe(1_000);
    const read = await readLiquidationEvents(db, 'BTCUSDT', T0, T0 + 999);
    expect(read).toHaveLength(1_000);
    expect(read.every((e, i) => i === 0 || read[i - 1]!.time <= e.time)).toBe(true);
  });

  it('flushes never overlap, and events added during a write land in the next batch', async () => {
    const inner = indexedDbLiquidationStore(db);
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let active = 0;
    let mostActive = 0;
    const batches: number[] = [];
    const store: LiquidationStore = {
      async write(events) {
        active++;
        mostActive = Math.max(mostActive, active);
        batches.push(events.length);
        await gate;
        await inner.write(events);
        active--;
      },
      prune: inner.prune,
    };
    const buffer = new LiquidationBuffer(store);
    buffer.add([event({ time: T0 }), event({ time: T0 + 1 })]);
    const first = buffer.flush();
    await new Promise((r) => setTimeout(r, 0)); // the first write is now under way
    buffer.add([event({ time: T0 + 2 })]);
    const second = buffer.flush();
    open();
    expect(await first).toEqual({ ok: true, written: 2 });
    expect(await second).toEqual({ ok: true, written: 1 });
    expect(batches).toEqual([2, 1]);
    expect(mostActive).toBe(1);
    expect(await countLiquidationEvents(db)).toBe(3);
  });

  it('prunes events older than the retention setting (180 days by default)', async () => {
    expect(DEFAULT_RETENTION_DAYS).toBe(180);
    await writeLiquidationEvents(db, [
      event({ time: T0 - 181 * DAY }),
      event({ time: T0 - 180 * DAY - 1, exchange: 'okx' }),
      event({ time: T0 - 179 * DAY }),
      event({ time: T0 - 1 * DAY, symbol: 'ETHUSDT' }),
    ]);
    const byDefault = new LiquidationBuffer(indexedDbLiquidationStore(db), { now: () => T0 });
    expect(await byDefault.pruneExpired()).toBe(2);
    expect(
      (await readLiquidationEvents(db, 'BTCUSDT', 0)).map((e) => Math.round((T0 - e.time) / DAY)),
    ).toEqual([179]);
    const shorter = new LiquidationBuffer(indexedDbLiquidationStore(db), {
      now: () => T0,
      retentionDays: 30,
    });
    expect(await shorter.pruneExpired()).toBe(1);
    expect(await countLiquidationEvents(db)).toBe(1);
    expect(await pruneLiquidationEvents(db, T0)).toBe(1);
  });

  it('quota reached: prunes past the retention, retries once, writes the batch, and says so', async () => {
    await writeLiquidationEvents(db, [event({ time: T0 - 200 * DAY }), event({ time: T0 - 190 * DAY })]);
    const { store, log } = countingStore([1]);
    const buffer = new LiquidationBuffer(store, { now: () => T0 });
    buffer.add([event({ time: T0 }), event({ time: T0 + 1 })]);
    expect(await buffer.flush()).toEqual({ ok: true, written: 2, quotaRecovered: { pruned: 2 } });
    expect(log).toEqual({ writes: 2, prunes: 1 });
    expect(buffer.stats).toMatchObject({ transactions: 2, quotaRecoveries: 1, written: 2 });
    expect((await readLiquidationEvents(db, 'BTCUSDT', 0)).map((e) => e.time)).toEqual([T0, T0 + 1]);
  });

  it('still full after pruning: reports it, keeps the batch, and the next flush writes it', async () => {
    const { store, log } = countingStore([1, 2]);
    const buffer = new LiquidationBuffer(store, { now: () => T0 });
    buffer.add([event({ time: T0 })]);
    const failed = await buffer.flush();
    expect(failed).toMatchObject({ ok: false, reason: 'quota', pruned: 0, kept: 1 });
    expect(log.writes).toBe(2); // one retry, not more
    buffer.add([event({ time: T0 }), event({ time: T0 + 5 })]);
    expect(await buffer.flush()).toEqual({ ok: true, written: 2 });
    expect(await countLiquidationEvents(db)).toBe(2);
  });

  it('other write errors are not retried; the batch is kept, and a stuck buffer stays bounded', async () => {
    let writes = 0;
    const broken: LiquidationStore = {
      write: async () => {
        writes++;
        throw new DOMException('closing', 'InvalidStateError');
      },
      prune: async () => 0,
    };
    const buffer = new LiquidationBuffer(broken, { maxBuffered: 3 });
    buffer.add([1, 2, 3, 4, 5].map((i) => event({ time: T0 + i })));
    expect(buffer.stats.dropped).toBe(2);
    expect(await buffer.flush()).toMatchObject({ ok: false, reason: 'error', kept: 3 });
    expect(writes).toBe(1);
  });
});

describe('upgrade from version 1', () => {
  it('copies v1 rows into the deduplicated store and retires the v1 store', async () => {
    db.close();
    await deleteDb();
    const v1 = await openDB(DB_NAME, 1, {
      upgrade(d) {
        d.createObjectStore('bars', { keyPath: ['exchange', 'symbol', 'interval', 'time'] });
        d.createObjectStore('sync', { keyPath: 'key' });
        const liq = d.createObjectStore('liquidations', { keyPath: 'id', autoIncrement: true });
        liq.createIndex('bySymbolTime', ['symbol', 'time']);
      },
    });
    await v1.add('liquidations', event({}));
    await v1.add('liquidations', event({}));
    await v1.add('liquidations', event({ time: T0 - 1 }));
    v1.close();
    db = await openHeatBandsDb();
    expect((await readLiquidationEvents(db, 'BTCUSDT', 0)).map((e) => e.time)).toEqual([T0 - 1, T0]);
    expect(db.objectStoreNames.contains('liquidations' as never)).toBe(false);
  });
});
