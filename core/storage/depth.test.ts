import 'fake-indexeddb/auto';
import { serialize } from 'node:v8';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { depthSpanBins, reachBins } from '../depth/depthBins';
import { DEPTH_COLUMN_MS, DepthColumnBuilder, depthOnRows } from '../depth/depthColumns';
import type { BookSample, DepthColumn, Wall } from '../depth/types';
import type { ExchangeId } from '../exchanges/types';
import { DB_NAME, DB_VERSION, type HeatBandsDatabase, openHeatBandsDb } from './db';
import {
  DepthBuffer,
  DepthRecordError,
  type DepthStore,
  decodeDepthColumn,
  encodeDepthColumn,
  indexedDbDepthStore,
  pruneDepth,
  readDepthColumns,
  readWalls,
  saveDepth,
  saveDepthColumns,
  saveWalls,
  sizeCode,
} from './depth';

const deleteDb = () =>
  new Promise<void>((done) => {
    const req = indexedDB.deleteDatabase(DB_NAME);
    req.onsuccess = () => done();
    req.onerror = () => done();
  });

const T0 = Date.UTC(2026, 11, 6, 12, 0, 0);
const DAY = 86_400_000;
const EXCHANGES: readonly ExchangeId[] = ['binance', 'bybit', 'okx'];

/** A seeded generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A BTCUSDT column as the builder folds one: $20 bins over the book's reach (a fraction of price
 * each side of the mid), bids below the mid bin and asks above, log-normal sizes around $1.5M a bin
 * (several million per 0.05 %), one bin in 40 a wall ten times that; most bins stood all 10 s,
 * one in ten flickered.
 */
function btcColumn(exchange: ExchangeId, time: number, mid: number, reachPct: number, random: () => number) {
  const binSize = 20;
  const span = depthSpanBins(mid, binSize);
  const reach = reachBins(mid * (1 - reachPct), mid * (1 + reachPct), binSize);
  const lo = Math.max(span.lo, reach.lo);
  const hi = Math.min(span.hi, reach.hi);
  const n = hi - lo + 1;
  const midBin = Math.floor(mid / binSize);
  const c: DepthColumn = {
    exchange,
    symbol: 'BTCUSDT',
    time,
    spanMs: DEPTH_COLUMN_MS,
    binSize,
    loBin: lo,
    hiBin: hi,
    mid,
    samples: 10,
    bidMax: new Float32Array(n),
    bidMean: new Float32Array(n),
    askMax: new Float32Array(n),
    askMean: new Float32Array(n),
    stoodSec: new Uint8Array(n),
  };
  for (let x = 0; x < n; x++) {
    const k = lo + x;
    const gauss = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const size = 1.5e6 * Math.exp(gauss) * (random() < 0.025 ? 10 : 1);
    const flicker = random() < 0.1;
    const stood = flicker ? 1 + Math.floor(random() * 9) : 10;
    const mean = flicker ? (size * stood) / 10 : size * (0.7 + 0.3 * random());
    // The mid moved a bin within the column: the mid bin held both a bid and an ask.
    if (k <= midBin) {
      c.bidMax[x] = size;
      c.bidMean[x] = mean;
    }
    if (k >= midBin) {
      c.askMax[x] = size;
      c.askMean[x] = mean;
    }
    c.stoodSec[x] = stood;
  }
  return c;
}

describe('depth column encoding', () => {
  it('round-trips within the stated precision: largest ±4.2 %, mean ±(3.5 % of largest + 4.2 %), stood exact', () => {
    const random = rng(7);
    const c = btcColumn('binance', T0, 91_003, 0.05, random);
    // Extremes of the scale and a bin with nothing.
    c.bidMax[0] = 3;
    c.bidMean[0] = 3;
    c.bidMax[1] = 0;
    c.bidMean[1] = 0;
    c.stoodSec[1] = 0;
    c.bidMax[2] = 2e10;
    c.bidMean[2] = 1e10;
    const stored = encodeDepthColumn(c);
    expect(stored.bytes).toBe(stored.cells.byteLength);
    const d = decodeDepthColumn(structuredClone(stored));
    for (const key of [
      'exchange',
      'symbol',
      'time',
      'spanMs',
      'binSize',
      'loBin',
      'hiBin',
      'mid',
      'samples',
    ] as const)
      expect(d[key], key).toBe(c[key]);
    expect(d.bidMax[0]).toBeCloseTo(10, 6);
    expect(d.bidMax[1]).toBe(0);
    expect(d.bidMax[2]).toBeCloseTo(1e10, -4);
    let worstMax = 0;
    for (let x = 3; x < c.bidMax.length; x++) {
      for (const [max, mean, dMax, dMean] of [
        [c.bidMax[x]!, c.bidMean[x]!, d.bidMax[x]!, d.bidMean[x]!],
        [c.askMax[x]!, c.askMean[x]!, d.askMax[x]!, d.askMean[x]!],
      ] as const) {
        if (max === 0) {
          expect(dMax).toBe(0);
          continue;
        }
        worstMax = Math.max(worstMax, Math.abs(dMax / max - 1));
        expect(Math.abs(dMax / max - 1)).toBeLessThanOrEqual(0.042);
        expect(Math.abs(dMean - mean)).toBeLessThanOrEqual(0.035 * max + 0.042 * mean);
      }
      expect(d.stoodSec[x]).toBe(c.stoodSec[x]);
    }
    // The scale is used: the worst error is near the half step, not far below it.
    expect(worstMax).toBeGreaterThan(0.03);
  });

  it('stores only the bins within reach, and only the sides present', () => {
    const c = btcColumn('okx', T0, 91_000, 0.005, rng(1));
    // ±0.5 % of $91k = [90,545, 91,455]: whole bins 4,528…4,571; bids up to the mid bin 4,550 (23),
    // asks from it (22).
    expect([c.loBin, c.hiBin]).toEqual([4_528, 4_571]);
    expect(encodeDepthColumn(c).bytes).toBe(30 + 2 * (23 + 22));
  });

  it('lays the header out as the sample above decodeDepthColumn shows', () => {
    const stored = encodeDepthColumn(btcColumn('binance', T0, 91_000, 0.005, rng(1)));
    expect(stored).toMatchObject({ exchange: 'binance', symbol: 'BTCUSDT', time: 1796558400000, bytes: 120 });
    const header = Buffer.from(stored.cells, 0, 30).toString('hex');
    expect(header).toBe(
      '010a0a00' + '0000000000003440' + '000000008037f640' + 'b0110000' + '2c00' + '1700' + '1600',
    );
    expect(sizeCode(1.6e6)).toBe(0x94);
  });

  it('refuses to decode a record that is not a depth column, naming what is wrong', () => {
    const good = encodeDepthColumn(btcColumn('bybit', T0, 91_000, 0.01, rng(2)));
    expect(() => decodeDepthColumn({ ...good, exchange: 'kraken' })).toThrow(DepthRecordError);
    expect(() => decodeDepthColumn({ ...good, cells: good.cells.slice(0, 40) })).toThrow(/do not fit/);
    expect(() => decodeDepthColumn({ ...good, cells: new ArrayBuffer(4) })).toThrow(
      /shorter than its header/,
    );
  });
});

describe('depth from samples to stored columns to grid rows', () => {
  it('keeps a bin the mid crossed on both sides, and what the grid reads back is within the stated precision', () => {
    const builder = new DepthColumnBuilder('bybit', 'BTCUSDT', 20);
    // The mid climbs $3 a second from $90,995: bin 4,550 ($91,000–91,020) holds the best bid or ask
    // (mid ∓ 0.1) from the third second to the ninth, both in the ninth.
    const sampleAt = (s: number): BookSample => {
      const mid = 90_995 + 3 * s;
      return {
        exchange: 'bybit',
        symbol: 'BTCUSDT',
        time: T0 + s * 1000,
        mid,
        bids: [
          [mid - 0.1, 400_000],
          [90_950, 2_000_000],
        ],
        asks: [
          [mid + 0.1, 300_000],
          [91_100, 5_000_000 + 100_000 * s],
        ],
        reachLow: mid - 300,
        reachHigh: mid + 300,
      };
    };
    const columns: DepthColumn[] = [];
    for (let s = 0; s <= 10; s++) columns.push(...builder.add(sampleAt(s)));
    const c = columns[0]!;
    const mixed = 4_550 - c.loBin;
    expect(c.bidMax[mixed]).toBe(400_000);
    expect(c.askMax[mixed]).toBe(300_000);
    const d = decodeDepthColumn(encodeDepthColumn(c));
    expect(d.bidMax[mixed]! / 400_000).toBeCloseTo(1, 1);
    expect(d.askMax[mixed]! / 300_000).toBeCloseTo(1, 1);
    expect(d.stoodSec[mixed]).toBe(7);
    // One row per $100 (5 book bins of $20) from $90,900: the $91,100 wall is row 2.
    const rows = depthOnRows([d], { rowBaseBin: 4_545, factor: 5, rows: 3 }, 20, {
      times: [T0],
      spanMs: 10_000,
    });
    expect(Array.from(rows.known)).toEqual([1, 1, 1]);
    const wallMax = 5_000_000 + 100_000 * 9;
    expect(Math.abs(rows.askMax[2]! / wallMax - 1)).toBeLessThanOrEqual(0.042);
    expect(Math.abs(rows.askMean[2]! / (wallMax - 450_000) - 1)).toBeLessThanOrEqual(0.08);
    // Row 0 ($90,900–91,000): the $2M bid and, for the first two seconds, the best bid in bin 4,549.
    expect(Math.abs(rows.bidMax[0]! / 2_400_000 - 1)).toBeLessThanOrEqual(0.042);
  });
});

describe('depth in IndexedDB', () => {
  let db: HeatBandsDatabase;
  beforeEach(async () => {
    db = await openHeatBandsDb();
  });
  afterEach(async () => {
    db.close();
    await deleteDb();
  });

  const boundary = (time: number, reachPct = 0.01) =>
    EXCHANGES.map((e, i) => btcColumn(e, time, 91_000 + i, reachPct, rng(time + i)));

  it('saves the columns every exchange closed at one boundary in one transaction, and reads one back by range', async () => {
    const spy = vi.spyOn(db, 'transaction');
    await saveDepthColumns(db, boundary(T0));
    await saveDepthColumns(db, boundary(T0 + 10_000));
    expect(spy).toHaveBeenCalledTimes(2);
    const read = await readDepthColumns(db, 'bybit', 'BTCUSDT', T0, T0 + 10_000);
    expect(read.map((c) => [c.exchange, c.time - T0])).toEqual([
      ['bybit', 0],
      ['bybit', 10_000],
    ]);
    expect(await readDepthColumns(db, 'okx', 'BTCUSDT', T0 + 5_000, T0 + 60_000)).toHaveLength(1);
    expect(await readDepthColumns(db, 'okx', 'ETHUSDT', 0, T0 + 60_000)).toHaveLength(0);
  });

  it('leaves the stored columns whole when a save is aborted midway', async () => {
    await saveDepthColumns(db, boundary(T0));
    const before = await readDepthColumns(db, 'binance', 'BTCUSDT', 0, T0 + DAY);
    // The same column again with other sizes, a new one, then one whose key IndexedDB refuses.
    const changed = btcColumn('binance', T0, 95_000, 0.01, rng(99));
    const fresh = btcColumn('binance', T0 + 10_000, 91_000, 0.01, rng(3));
    const broken = { ...btcColumn('bybit', T0 + 10_000, 91_000, 0.01, rng(4)), time: Number.NaN };
    await expect(saveDepthColumns(db, [changed, fresh, broken])).rejects.toThrow();
    const after = await readDepthColumns(db, 'binance', 'BTCUSDT', 0, T0 + DAY);
    expect(after).toEqual(before);
    expect(after.map((c) => c.mid)).toEqual([91_000]);
  });

  const wall = (over: Partial<Wall>): Wall => ({
    exchange: 'binance',
    symbol: 'BTCUSDT',
    side: 'bid',
    price: 90_000,
    peakUsd: 25e6,
    lastUsd: 20e6,
    from: T0,
    until: T0 + 120_000,
    fate: 'standing',
    ...over,
  });

  it('keys a wall by exchange, symbol, side, price and start: saving it again updates it', async () => {
    await saveWalls(db, [wall({}), wall({ side: 'ask', price: 92_000 }), wall({ exchange: 'okx' })]);
    await saveWalls(db, [wall({ until: T0 + 300_000, fate: 'traded', lastUsd: 5e6 })]);
    const all = await readWalls(db, 'BTCUSDT', 0, T0 + DAY);
    expect(all).toHaveLength(3);
    expect(all.find((w) => w.exchange === 'binance' && w.side === 'bid')).toMatchObject({
      fate: 'traded',
      until: T0 + 300_000,
      lastUsd: 5e6,
    });
    // Overlap: a wall that ended before `from`, or began after `to`, is not in the range.
    await saveWalls(db, [wall({ price: 89_000, from: T0 - DAY, until: T0 - DAY + 60_000, fate: 'pulled' })]);
    await saveWalls(db, [wall({ price: 88_000, from: T0 + DAY, until: T0 + DAY + 60_000 })]);
    expect((await readWalls(db, 'BTCUSDT', T0 + 200_000, T0 + 400_000)).map((w) => w.fate)).toEqual([
      'traded',
    ]);
    expect(await readWalls(db, 'ETHUSDT', 0, T0 + 2 * DAY)).toEqual([]);
  });

  it('prunes past the retention, then the oldest beyond the byte budget; walls that ended before go too', async () => {
    for (let i = 0; i < 6; i++) await saveDepth(db, boundary(T0 + i * 10_000), []);
    await saveWalls(db, [
      wall({ from: T0 - 120_000, until: T0 - 60_000, fate: 'pulled' }),
      wall({ price: 91_500, side: 'ask', from: T0 - 120_000, until: T0 + 60_000 }),
    ]);
    const bytesAt = async (time: number) => {
      let sum = 0;
      for (const e of EXCHANGES)
        for (const c of await readDepthColumns(db, e, 'BTCUSDT', time, time))
          sum += encodeDepthColumn(c).bytes;
      return sum;
    };
    const newestTwo = (await bytesAt(T0 + 40_000)) + (await bytesAt(T0 + 50_000));
    // Retention: everything before the second boundary.
    const r1 = await pruneDepth(db, T0 + 10_000, Number.MAX_SAFE_INTEGER);
    expect(r1).toMatchObject({ columns: 3, walls: 1 });
    expect((await readWalls(db, 'BTCUSDT', 0, T0 + DAY)).map((w) => w.price)).toEqual([91_500]);
    // Budget: room for the newest two boundaries and not one column more keeps exactly those.
    const r2 = await pruneDepth(db, T0, newestTwo + 10);
    expect(r2).toMatchObject({ columns: 9, bytesKept: newestTwo });
    for (const e of EXCHANGES) {
      const left = await readDepthColumns(db, e, 'BTCUSDT', 0, T0 + DAY);
      expect(left.map((c) => c.time - T0)).toEqual([40_000, 50_000]);
    }
  });

  it('DepthBuffer: one transaction per flush, keeps a failed batch, and recovers from a full disk by pruning', async () => {
    const inner = indexedDbDepthStore(db);
    const log = { writes: 0, prunes: 0, failOn: [2, 3, 5] as number[], quota: true };
    const store: DepthStore = {
      async write(columns, walls) {
        log.writes++;
        if (log.failOn.includes(log.writes))
          throw log.quota
            ? new DOMException('The quota has been exceeded.', 'QuotaExceededError')
            : new Error('disk gone');
        await inner.write(columns, walls);
      },
      async prune(before, budget) {
        log.prunes++;
        return inner.prune(before, budget);
      },
    };
    const buffer = new DepthBuffer(store, { now: () => T0 + 60_000, retentionDays: 1, maxBuffered: 7 });
    buffer.add(boundary(T0));
    buffer.addWalls([wall({})]);
    expect(await buffer.flush()).toEqual({ ok: true, columns: 3, walls: 1 });
    // Write 2 and its retry (3) hit the quota: the batch stays, nothing is lost.
    buffer.add(boundary(T0 + 10_000));
    const full = await buffer.flush();
    expect(full).toMatchObject({ ok: false, reason: 'quota', kept: 3 });
    expect(log.prunes).toBe(1);
    // More arrives; the next flush writes all of it in one transaction.
    buffer.add(boundary(T0 + 20_000));
    buffer.addWalls([wall({ fate: 'traded' })]);
    expect(await buffer.flush()).toEqual({ ok: true, columns: 6, walls: 1 });
    expect(await readDepthColumns(db, 'bybit', 'BTCUSDT', 0, T0 + DAY)).toHaveLength(3);
    expect((await readWalls(db, 'BTCUSDT', 0, T0 + DAY))[0]!.fate).toBe('traded');
    // Quota on the write, fine on the retry after pruning.
    buffer.add(boundary(T0 + 30_000));
    expect(await buffer.flush()).toMatchObject({ ok: true, columns: 3, quotaRecovered: { pruned: 0 } });
    expect(buffer.stats).toMatchObject({
      transactions: 6,
      columns: 12,
      walls: 2,
      quotaRecoveries: 1,
      dropped: 0,
    });
    // Writes that keep failing: beyond 7 columns held, the oldest go, counted.
    log.failOn = [7, 8, 9];
    log.quota = false;
    buffer.add(boundary(T0 + 40_000));
    expect(await buffer.flush()).toMatchObject({ ok: false, reason: 'error', kept: 3 });
    buffer.add(boundary(T0 + 50_000));
    buffer.add(boundary(T0 + 60_000));
    expect(buffer.stats.dropped).toBe(2);
    expect(buffer.size).toBe(7);
  });
});

describe('schema version 3', () => {
  afterEach(deleteDb);

  it('adds the depth stores to a version 2 database and keeps its data', async () => {
    // Version 2 as it shipped: bars, sync, liquidationEvents with their indexes.
    const v2 = await openDB(DB_NAME, 2, {
      upgrade(db) {
        db.createObjectStore('bars', { keyPath: ['exchange', 'symbol', 'interval', 'time'] });
        db.createObjectStore('sync', { keyPath: 'key' });
        const events = db.createObjectStore('liquidationEvents', {
          keyPath: ['exchange', 'symbol', 'time', 'side', 'price', 'quantityBase'],
        });
        events.createIndex('bySymbolTime', ['symbol', 'time']);
        events.createIndex('byTime', 'time');
      },
    });
    const bar = {
      exchange: 'binance',
      symbol: 'BTCUSDT',
      interval: '5m',
      time: T0,
      open: 1,
      high: 2,
      low: 1,
      close: 2,
    };
    const event = {
      exchange: 'bybit',
      symbol: 'BTCUSDT',
      time: T0,
      side: 'long',
      price: 91_000,
      quantityBase: 0.5,
      notionalUsd: 45_500,
    };
    await v2.put('bars', bar);
    await v2.put('sync', { key: 'binance:BTCUSDT:5m', lastAttemptAt: T0 });
    await v2.put('liquidationEvents', event);
    v2.close();

    const db = await openHeatBandsDb();
    expect(DB_VERSION).toBe(3);
    expect([...db.objectStoreNames].sort()).toEqual([
      'bars',
      'depthColumns',
      'depthWalls',
      'liquidationEvents',
      'sync',
    ]);
    expect(await db.getAll('bars')).toEqual([bar]);
    expect(await db.get('sync', 'binance:BTCUSDT:5m')).toEqual({
      key: 'binance:BTCUSDT:5m',
      lastAttemptAt: T0,
    });
    expect(await db.getAllFromIndex('liquidationEvents', 'byTime')).toEqual([event]);
    await saveDepthColumns(db, [btcColumn('okx', T0, 91_000, 0.01, rng(5))]);
    expect(await readDepthColumns(db, 'okx', 'BTCUSDT', 0, T0)).toHaveLength(1);
    db.close();
  });
});

describe('size budget: 12 h of three exchanges in ≤ 15 MB', () => {
  let db: HeatBandsDatabase;
  beforeEach(async () => {
    db = await openHeatBandsDb();
  });
  afterEach(async () => {
    db.close();
    await deleteDb();
  });

  /**
   * Twelve hours at one boundary every 10 s (4,320), three exchanges each, price walking ±0.05 %
   * a column from $91k, saved as the worker saves: one transaction per boundary. Measures the
   * records as V8 serialises them (Chrome's IndexedDB value format) and the cells alone.
   */
  async function twelveHours(reach: Record<ExchangeId, number>) {
    const random = rng(42);
    let mid = 91_000;
    let serialized = 0;
    let cells = 0;
    const spy = vi.spyOn(db, 'transaction');
    for (let b = 0; b < 4_320; b++) {
      mid *= 1 + (random() - 0.5) * 0.001;
      const time = T0 + b * 10_000;
      const columns = EXCHANGES.map((e) => btcColumn(e, time, mid, reach[e], random));
      for (const c of columns) {
        const record = encodeDepthColumn(c);
        serialized += serialize(record).byteLength;
        cells += record.bytes;
      }
      await saveDepthColumns(db, columns);
    }
    const transactions = spy.mock.calls.length;
    spy.mockRestore();
    const stored = await pruneDepth(db, 0, Number.MAX_SAFE_INTEGER);
    return { serialized, cells, transactions, storedCells: stored.bytesKept };
  }

  it('full ±5 % reach on all three books', { timeout: 120_000 }, async () => {
    const r = await twelveHours({ binance: 0.05, bybit: 0.05, okx: 0.05 });
    console.info(`depth 12 h × 3, full ±5 % reach: ${r.serialized} B serialised, ${r.cells} B cells`);
    expect(r.transactions).toBe(4_320);
    expect(r.storedCells).toBe(r.cells);
    expect(r.serialized).toBeLessThanOrEqual(15_000_000);
    // Not trivially small either: about 455 bins × 2 B a column.
    expect(r.cells).toBeGreaterThan(12_960 * 900);
  });

  it('realistic reach (Binance 1,000 levels ±1.5 %, Bybit 200 ±0.3 %, OKX 400 ±0.6 %)', {
    timeout: 120_000,
  }, async () => {
    const r = await twelveHours({ binance: 0.015, bybit: 0.003, okx: 0.006 });
    console.info(`depth 12 h × 3, realistic reach: ${r.serialized} B serialised, ${r.cells} B cells`);
    expect(r.serialized).toBeLessThanOrEqual(5_000_000);
  });
});
