import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiquidationEvent } from '../exchanges/types';
import { DB_NAME, type HeatBandsDatabase, openHeatBandsDb, readLiquidations, saveLiquidations } from './db';

let db: HeatBandsDatabase;

beforeEach(async () => {
  db = await openHeatBandsDb();
});
afterEach(async () => {
  db.close();
  await new Promise<void>((done) => {
    const req = indexedDB.deleteDatabase(DB_NAME);
    req.onsuccess = () => done();
    req.onerror = () => done();
  });
});

const T0 = Date.UTC(2026, 5, 2, 12, 0);
const event = (over: Partial<LiquidationEvent>): LiquidationEvent => ({
  exchange: 'binance',
  symbol: 'BTCUSDT',
  time: T0,
  side: 'long',
  price: 66_000,
  quantityBase: 0.5,
  notionalUsd: 33_000,
  ...over,
});

describe('liquidation events in IndexedDB', () => {
  it('keeps every event as sent, each under its own id', async () => {
    const events = [event({}), event({ exchange: 'okx', side: 'short', price: 66_100, notionalUsd: 33_050 })];
    await saveLiquidations(db, events);
    const read = await readLiquidations(db, 'BTCUSDT', 0);
    expect(read.map(({ id, ...e }) => e)).toEqual(events);
    expect(new Set(read.map((e) => e.id)).size).toBe(2);
  });

  it('keeps two liquidations of the same millisecond: both happened', async () => {
    await saveLiquidations(db, [event({}), event({})]);
    expect(await readLiquidations(db, 'BTCUSDT', T0, T0)).toHaveLength(2);
  });

  it('reads one symbol within [from, to], oldest first, whatever order they were saved in', async () => {
    await saveLiquidations(db, [
      event({ time: T0 + 2_000 }),
      event({ time: T0 - 1_000 }),
      event({ time: T0 }),
      event({ symbol: 'ETHUSDT', time: T0 + 500 }),
      event({ time: T0 + 5_000 }),
    ]);
    const read = await readLiquidations(db, 'BTCUSDT', T0, T0 + 2_000);
    expect(read.map((e) => e.time)).toEqual([T0, T0 + 2_000]);
    expect((await readLiquidations(db, 'BTCUSDT', T0)).map((e) => e.time)).toEqual([
      T0,
      T0 + 2_000,
      T0 + 5_000,
    ]);
    expect((await readLiquidations(db, 'ETHUSDT', 0)).map((e) => e.time)).toEqual([T0 + 500]);
  });

  it('saving nothing writes nothing, and an unknown symbol reads as empty', async () => {
    await saveLiquidations(db, []);
    expect(await readLiquidations(db, 'BTCUSDT', 0)).toEqual([]);
    expect(await readLiquidations(db, 'SOLUSDT', 0)).toEqual([]);
  });

  it('does not keep a reference to the caller’s objects (no id written back into them)', async () => {
    const e = event({});
    await saveLiquidations(db, [e]);
    expect('id' in e).toBe(false);
  });
});
