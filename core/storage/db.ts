import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB } from 'idb';
import type { Bar } from '../data/bars';
import type { Wall } from '../depth/types';
import type { StatsSeries } from '../exchanges/adapter';
import type { ExchangeId, Interval, LiquidationEvent } from '../exchanges/types';

/**
 * The IndexedDB cache shared by the worker (writer) and the popup/side panel (readers), same
 * origin. Every write is one transaction, so a worker killed mid-write leaves the previous
 * state intact rather than half a range.
 */
export const DB_NAME = 'heatbands';
/**
 * 1: bars, sync, liquidations (append-only, one row per save).
 * 2: liquidationEvents, the streamed real liquidations keyed by what identifies one (see
 *    core/storage/liquidations.ts), so a frame seen twice is stored once; v1 rows are copied in.
 * 3: depthColumns (10 s order-book depth columns, encoded) and depthWalls (see core/storage/depth.ts).
 */
export const DB_VERSION = 3;

export interface StoredBar extends Bar {
  exchange: ExchangeId;
  symbol: string;
  interval: Interval;
}

/** What the last sync of one series did: the user sees staleness and its reason from this. */
export interface SyncStatus {
  key: string; // `${exchange}:${symbol}:${interval}`
  exchange: ExchangeId;
  symbol: string;
  interval: Interval;
  lastAttemptAt: number;
  lastSuccessAt?: number;
  /** The exchange's clock at the last successful sync: how old the newest bar was then. */
  exchangeTimeAtSync?: number;
  /** Newest stored bar whose open interest is known (the sync resumes here). */
  newestBarTime?: number;
  /** Newest stored candle, with or without open interest. */
  newestCandleTime?: number;
  /**
   * The earliest bar time a successful sync has asked for and not pruned since: history before
   * it was never fetched, or is past the retention.
   */
  coveredFrom?: number;
  /** Set while the last attempt failed; cleared by the next success. */
  error?: { kind: string; message: string; retryAt?: number };
  /** Which endpoints supplied the stored data. */
  sources: string[];
  /**
   * Statistics the exchange keeps for less time than this series' history needs: bars older
   * than `reachMs` before the exchange's now have none of it from this exchange, so the heat
   * of a long window misses its part. Absent when the exchange keeps enough.
   */
  historyLimits?: HistoryLimit[];
}

/** One statistics series the exchange keeps only `reachMs` of (OKX: 1,440 periods). */
export interface HistoryLimit {
  source: StatsSeries;
  reachMs: number;
}

interface HeatBandsDb extends DBSchema {
  bars: { key: [ExchangeId, string, Interval, number]; value: StoredBar };
  sync: { key: string; value: SyncStatus };
  liquidationEvents: {
    key: LiquidationEventKey;
    value: LiquidationEvent;
    indexes: { bySymbolTime: [string, number]; byTime: number };
  };
  depthColumns: {
    key: [ExchangeId, string, number];
    value: StoredDepthColumn;
    /** [time, bytes]: the byte budget is summed from index keys, without reading a column. */
    indexes: { byTime: [number, number] };
  };
  depthWalls: {
    key: [ExchangeId, string, Wall['side'], number, number];
    value: Wall;
    indexes: { bySymbolFrom: [string, number]; byUntil: number };
  };
}

/** One exchange's 10 s depth column as stored: `cells` is encoded by core/storage/depth.ts. */
export interface StoredDepthColumn {
  exchange: ExchangeId;
  symbol: string;
  time: number;
  /** cells.byteLength, kept in the byTime index for the byte budget. */
  bytes: number;
  cells: ArrayBuffer;
}

/** What identifies one real liquidation: the same event from two frames (or REST) has one key. */
export type LiquidationEventKey = [ExchangeId, string, number, LiquidationEvent['side'], number, number];
export const LIQUIDATION_EVENT_KEY_PATH = ['exchange', 'symbol', 'time', 'side', 'price', 'quantityBase'];

export type HeatBandsDatabase = IDBPDatabase<HeatBandsDb>;

export function openHeatBandsDb(): Promise<HeatBandsDatabase> {
  return openDB<HeatBandsDb>(DB_NAME, DB_VERSION, {
    async upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        db.createObjectStore('bars', { keyPath: ['exchange', 'symbol', 'interval', 'time'] });
        db.createObjectStore('sync', { keyPath: 'key' });
      }
      if (oldVersion < 2) {
        const events = db.createObjectStore('liquidationEvents', { keyPath: LIQUIDATION_EVENT_KEY_PATH });
        events.createIndex('bySymbolTime', ['symbol', 'time']);
        events.createIndex('byTime', 'time');
        // Version 1 kept liquidations as sent, duplicates and all, in a store of its own: carry its
        // rows over (collapsing duplicates) and retire it, so there is one store of liquidations.
        const raw = db as unknown as IDBPDatabase;
        if (oldVersion >= 1 && raw.objectStoreNames.contains('liquidations')) {
          const v1 = (tx as unknown as IDBPTransaction<unknown, string[], 'versionchange'>).objectStore(
            'liquidations',
          );
          for (let c = await v1.openCursor(); c; c = await c.continue()) {
            const { id: _id, ...event } = c.value as LiquidationEvent & { id?: number };
            await tx.objectStore('liquidationEvents').put(event);
          }
          raw.deleteObjectStore('liquidations');
        }
      }
      if (oldVersion < 3) {
        const columns = db.createObjectStore('depthColumns', { keyPath: ['exchange', 'symbol', 'time'] });
        columns.createIndex('byTime', ['time', 'bytes']);
        const walls = db.createObjectStore('depthWalls', {
          keyPath: ['exchange', 'symbol', 'side', 'price', 'from'],
        });
        walls.createIndex('bySymbolFrom', ['symbol', 'from']);
        walls.createIndex('byUntil', 'until');
      }
    },
  });
}

export const syncKey = (exchange: ExchangeId, symbol: string, interval: Interval) =>
  `${exchange}:${symbol}:${interval}`;

/** Writes bars and the sync status in ONE transaction: either both land or neither does. */
export async function saveSync(
  db: HeatBandsDatabase,
  bars: readonly StoredBar[],
  status: SyncStatus,
): Promise<void> {
  const tx = db.transaction(['bars', 'sync'], 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    const barStore = tx.objectStore('bars');
    for (const bar of bars) writes.push(barStore.put(bar));
    writes.push(tx.objectStore('sync').put(status));
  } catch (e) {
    // put() throws synchronously on a bad key; without an explicit abort the puts already
    // queued would still commit, leaving half a range behind.
    tx.abort();
    await Promise.allSettled([...writes, tx.done]);
    throw e;
  }
  await Promise.all([...writes, tx.done]);
}

/** Records a failed attempt without touching cached bars. */
export async function saveSyncStatus(db: HeatBandsDatabase, status: SyncStatus): Promise<void> {
  await db.put('sync', status);
}

export async function readSyncStatus(db: HeatBandsDatabase, key: string): Promise<SyncStatus | undefined> {
  return db.get('sync', key);
}

export async function readSyncStatuses(db: HeatBandsDatabase): Promise<SyncStatus[]> {
  return db.getAll('sync');
}

export async function readBars(
  db: HeatBandsDatabase,
  exchange: ExchangeId,
  symbol: string,
  interval: Interval,
  fromTime = 0,
  toTime = Number.MAX_SAFE_INTEGER,
): Promise<StoredBar[]> {
  return db.getAll(
    'bars',
    IDBKeyRange.bound([exchange, symbol, interval, fromTime], [exchange, symbol, interval, toTime]),
  );
}

/** Drops bars older than `beforeTime` for one series, keeping the cache bounded. */
export async function pruneBars(
  db: HeatBandsDatabase,
  exchange: ExchangeId,
  symbol: string,
  interval: Interval,
  beforeTime: number,
): Promise<void> {
  await db.delete(
    'bars',
    IDBKeyRange.bound([exchange, symbol, interval, 0], [exchange, symbol, interval, beforeTime], false, true),
  );
}

/**
 * Drops every bar and the status of series whose last sync attempt is older than `before`: a
 * symbol the trader moved away from, an exchange switched off. Keeps the cache bounded.
 */
export async function forgetUnusedSeries(db: HeatBandsDatabase, before: number): Promise<string[]> {
  const stale = (await readSyncStatuses(db)).filter((s) => s.lastAttemptAt < before);
  for (const s of stale) {
    const tx = db.transaction(['bars', 'sync'], 'readwrite');
    await Promise.all([
      tx
        .objectStore('bars')
        .delete(
          IDBKeyRange.bound(
            [s.exchange, s.symbol, s.interval, 0],
            [s.exchange, s.symbol, s.interval, Number.MAX_SAFE_INTEGER],
          ),
        ),
      tx.objectStore('sync').delete(s.key),
      tx.done,
    ]);
  }
  return stale.map((s) => s.key);
}
