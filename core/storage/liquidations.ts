import type { ExchangeId, LiquidationEvent } from '../exchanges/types';
import type { HeatBandsDatabase, LiquidationEventKey } from './db';

/**
 * The real liquidations the streams (and OKX's REST catch-up) deliver, kept in IndexedDB's
 * `liquidationEvents` store. An event is identified by (exchange, symbol, time, side, price, size):
 * that is the store's key, so a frame seen twice, a reconnect's overlap or a REST refill of what
 * the stream already gave is written over itself, never twice. Writes come in batches (one
 * transaction each) through `LiquidationBuffer`; when to flush is the caller's choice.
 */

/** Recorded liquidations are kept this long unless the user sets otherwise (issue 10: 180 days). */
export const DEFAULT_RETENTION_DAYS = 180;
const DAY_MS = 86_400_000;

export const liquidationEventKey = (e: LiquidationEvent): LiquidationEventKey => [
  e.exchange,
  e.symbol,
  e.time,
  e.side,
  e.price,
  e.quantityBase,
];

/** Writes one batch in ONE transaction; an event already stored is overwritten by itself. */
export async function writeLiquidationEvents(
  db: HeatBandsDatabase,
  events: readonly LiquidationEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const tx = db.transaction('liquidationEvents', 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    for (const e of events) writes.push(tx.store.put({ ...e }));
  } catch (e) {
    // A bad key throws synchronously; abort so the puts already queued do not commit half a batch.
    tx.abort();
    await Promise.allSettled([...writes, tx.done]);
    throw e;
  }
  await Promise.all([...writes, tx.done]);
}

/** One symbol's liquidations within [fromTime, toTime], oldest first, whatever order they arrived in. */
export async function readLiquidationEvents(
  db: HeatBandsDatabase,
  symbol: string,
  fromTime: number,
  toTime = Number.MAX_SAFE_INTEGER,
  exchange?: ExchangeId,
): Promise<LiquidationEvent[]> {
  const rows = await db.getAllFromIndex(
    'liquidationEvents',
    'bySymbolTime',
    IDBKeyRange.bound([symbol, fromTime], [symbol, toTime]),
  );
  return exchange ? rows.filter((e) => e.exchange === exchange) : rows;
}

export async function countLiquidationEvents(db: HeatBandsDatabase): Promise<number> {
  return db.count('liquidationEvents');
}

/** Deletes every event older than `beforeTime` (all exchanges and symbols); returns how many. */
export async function pruneLiquidationEvents(db: HeatBandsDatabase, beforeTime: number): Promise<number> {
  const tx = db.transaction('liquidationEvents', 'readwrite');
  let deleted = 0;
  for (
    let c = await tx.store.index('byTime').openCursor(IDBKeyRange.upperBound(beforeTime, true));
    c;
    c = await c.continue()
  ) {
    await c.delete();
    deleted++;
  }
  await tx.done;
  return deleted;
}

/** True for the error a full origin quota gives (a DOMException named QuotaExceededError). */
export function isQuotaExceeded(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'name' in e && e.name === 'QuotaExceededError';
}

/** Where batches go: IndexedDB in the extension; a wrapper in tests. */
export interface LiquidationStore {
  write(events: readonly LiquidationEvent[]): Promise<void>;
  prune(beforeTime: number): Promise<number>;
}

export const indexedDbLiquidationStore = (db: HeatBandsDatabase): LiquidationStore => ({
  write: (events) => writeLiquidationEvents(db, events),
  prune: (beforeTime) => pruneLiquidationEvents(db, beforeTime),
});

export interface LiquidationBufferOptions {
  /** The retention setting; events older than this many days are pruned. */
  retentionDays?: number;
  now?: () => number;
  /**
   * Most events held while writes keep failing; the oldest beyond it are dropped and counted.
   * 100,000 is more than a day of Bybit's busiest symbol, and about 15 MB.
   */
  maxBuffered?: number;
}

export type FlushResult =
  | {
      ok: true;
      written: number;
      /** Set when the quota was reached: old events were pruned and the batch written on the retry. */
      quotaRecovered?: { pruned: number };
    }
  | {
      ok: false;
      /** 'quota': still full after pruning past the retention; 'error': anything else. */
      reason: 'quota' | 'error';
      message: string;
      pruned: number;
      /** Events kept in the buffer for the next flush. */
      kept: number;
    };

export interface LiquidationBufferStats {
  /** Write transactions attempted (one per flush, two when the quota path retried). */
  transactions: number;
  written: number;
  /** Duplicates collapsed in the buffer before writing (the store collapses the rest). */
  duplicates: number;
  quotaRecoveries: number;
  /** Events lost because writes kept failing and the buffer was full. */
  dropped: number;
}

/**
 * Collects streamed liquidations and writes them in batches. `add` is synchronous and cheap (a
 * burst of 1,000 a second only grows a Map); `flush` writes everything collected in one
 * transaction. Flushes never overlap: a second call waits for the first. A failed write keeps its
 * events for the next flush, so a full disk loses nothing until `maxBuffered` is passed.
 */
export class LiquidationBuffer {
  private pending = new Map<string, LiquidationEvent>();
  private flushing: Promise<FlushResult> | undefined;
  private readonly retentionMs: number;
  private readonly now: () => number;
  private readonly maxBuffered: number;
  readonly stats: LiquidationBufferStats = {
    transactions: 0,
    written: 0,
    duplicates: 0,
    quotaRecoveries: 0,
    dropped: 0,
  };

  constructor(
    private readonly store: LiquidationStore,
    options: LiquidationBufferOptions = {},
  ) {
    this.retentionMs = (options.retentionDays ?? DEFAULT_RETENTION_DAYS) * DAY_MS;
    this.now = options.now ?? Date.now;
    this.maxBuffered = options.maxBuffered ?? 100_000;
  }

  get size(): number {
    return this.pending.size;
  }

  add(events: readonly LiquidationEvent[]): void {
    for (const e of events) {
      const key = JSON.stringify(liquidationEventKey(e));
      if (this.pending.has(key)) this.stats.duplicates++;
      else this.pending.set(key, e);
    }
    this.trim();
  }

  /** Writes what is buffered now; resolves when it is on disk (or kept after a failure). */
  flush(): Promise<FlushResult> {
    const run = (this.flushing ?? Promise.resolve()).then(() => this.writeOnce());
    this.flushing = run;
    void run.finally(() => {
      if (this.flushing === run) this.flushing = undefined;
    });
    return run;
  }

  /** Applies the retention setting: deletes stored events older than it. */
  pruneExpired(): Promise<number> {
    return this.store.prune(this.now() - this.retentionMs);
  }

  private async writeOnce(): Promise<FlushResult> {
    if (this.pending.size === 0) return { ok: true, written: 0 };
    const batch = this.pending;
    this.pending = new Map();
    const events = [...batch.values()];
    try {
      this.stats.transactions++;
      await this.store.write(events);
      return this.done(events.length);
    } catch (first) {
      if (!isQuotaExceeded(first)) return this.keep(batch, 'error', first, 0);
      let pruned = 0;
      try {
        pruned = await this.pruneExpired();
        this.stats.transactions++;
        await this.store.write(events);
      } catch (second) {
        return this.keep(batch, isQuotaExceeded(second) ? 'quota' : 'error', second, pruned);
      }
      this.stats.quotaRecoveries++;
      return { ...this.done(events.length), quotaRecovered: { pruned } };
    }
  }

  private done(written: number): { ok: true; written: number } {
    this.stats.written += written;
    return { ok: true, written };
  }

  private keep(
    batch: Map<string, LiquidationEvent>,
    reason: 'quota' | 'error',
    e: unknown,
    pruned: number,
  ): FlushResult {
    // Events added during the failed write go after the batch, keeping arrival order.
    for (const [key, event] of this.pending) if (!batch.has(key)) batch.set(key, event);
    this.pending = batch;
    this.trim();
    return {
      ok: false,
      reason,
      message: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      pruned,
      kept: this.pending.size,
    };
  }

  private trim(): void {
    for (const key of this.pending.keys()) {
      if (this.pending.size <= this.maxBuffered) break;
      this.pending.delete(key);
      this.stats.dropped++;
    }
  }
}
