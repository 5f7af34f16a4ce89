import { BOOK_DEPTH as BYBIT_BOOK_DEPTH } from '../exchanges/bybit/depth';
import { BOOK_DEPTH as OKX_BOOK_DEPTH } from '../exchanges/okx/depth';
import { EXCHANGE_NAMES, type ExchangeId } from '../exchanges/types';
import { LocalBook } from './localBook';
import type { BookHealth, BookMessage } from './types';

/**
 * One local book's synchronisation with its exchange, as explicit steps (like
 * core/streams/streamSession.ts): the worker reports what happened (the socket opened or closed, a
 * parsed book message, a REST snapshot or its failure, a one-second tick) and runs the effects it
 * gets back. No timers, sockets or fetches in here, so every rule below is tested without them.
 *
 * Binance (diff stream + REST snapshot, "How to manage a local order book correctly"):
 *  1. buffer the stream; on the first event ask for the REST snapshot (asking before the stream
 *     has started would only get a snapshot older than it);
 *  2. drop buffered events with u < lastUpdateId;
 *  3. the first applied event must reach the snapshot: U ≤ lastUpdateId ≤ u (or, equally sound, its
 *     pu or U − 1 is lastUpdateId); when the first remaining event starts after that, the snapshot
 *     is older than the stream ("stale snapshot"): ask again, keeping the buffer;
 *  4. every later event's pu must equal the previous u; otherwise the book has a gap: it is
 *     cleared, marked out-of-sync and rebuilt from step 1.
 *  The diff stream covers the whole book but the snapshot only 1000 levels a side, so the book's
 *  reach is the snapshot's span (LocalBook reach rule 'snapshot'). When price has used up most of
 *  that span on one side, a fresh snapshot is fetched while the book stays live ("re-anchoring"):
 *  events keep being applied and are also buffered, and the new snapshot replaces the book only
 *  if the buffer links to it by rule 3.
 * Bybit (orderbook.200): a snapshot (or any message with u = 1) resets the book; a delta applies
 *  when its u is the previous u + 1 (Bybit documents u as in sequence per subscription). A delta
 *  before any snapshot, a gap, or no snapshot within `firstSnapshotWaitMs` of opening → reconnect:
 *  a new subscription starts with a fresh snapshot. A REST snapshot is never asked for; one given
 *  anyway is applied as a base and deltas must chain onto its u.
 * OKX (books): a snapshot (prevSeqId −1) resets the book; an update applies when its prevSeqId is
 *  the previous seqId (an empty keep-alive update with prevSeqId == seqId passes the same test). A
 *  gap → reconnect. OKX may drop the initial snapshot: updates are buffered, and when no snapshot
 *  came within `firstSnapshotWaitMs` of opening, the REST snapshot is fetched. The REST reply has
 *  no seqId, so the join is by time: the buffered updates must reach back to the snapshot's ts
 *  (else the snapshot is older than the stream we hold: "stale", fetched again); updates with
 *  ts ≤ the snapshot's are taken as contained in it, and the rest must chain by prevSeqId from the
 *  last of those. With nothing buffered yet, nothing ties the snapshot to the stream: it is not
 *  used, and a new one is asked for as soon as the first update is buffered. Updates in the
 *  snapshot's own millisecond are the one ambiguity left. A stream snapshot arriving later
 *  replaces the REST-built book.
 * Bybit and OKX keep a fixed-depth window (200, 400 levels): once a second the book is trimmed to
 *  it, so a level that left the window without a removal cannot linger as if it were known.
 * Every exchange: a crossed book after an update (best bid ≥ best ask) means the book lost sync
 *  and it is rebuilt like after a gap. A dropped socket keeps the book but marks it out-of-sync.
 */

export type BookSyncEffect =
  /** GET feed.snapshotPath (core/depth/depthFeeds.ts) and call onSnapshot or onSnapshotFailed. */
  | { type: 'fetch-snapshot' }
  /** Close the socket and open it again (then call onSocketClosed and onSocketOpen). */
  | { type: 'reconnect'; reason: string }
  /** The book's health changed: publish it. */
  | { type: 'health'; health: BookHealth };

export interface BookSyncOptions {
  /** Stream messages kept while waiting for a snapshot (Binance events, OKX updates); oldest go first. */
  bufferCap: number;
  /** A snapshot request unanswered for this long is made again. */
  snapshotTimeoutMs: number;
  /** OKX: no stream snapshot this long after opening → REST snapshot. Bybit: → reconnect. */
  firstSnapshotWaitMs: number;
  /** Retries after failed or stale snapshots wait retryBaseMs · 2^(n−1), at most retryCapMs. */
  retryBaseMs: number;
  retryCapMs: number;
  /** Binance: re-anchor when the known span on a side of the mid falls below this share of the snapshot's. */
  reanchorShare: number;
  /** Binance: at most one re-anchoring snapshot this often (a one-sided book must not poll REST). */
  reanchorMinIntervalMs: number;
}

/**
 * 1000 buffered events = 100 s of a 100 ms stream, longer than any snapshot should take; 10 s for a
 * snapshot answer (the transport's own timeout is shorter); 5 s for OKX's initial snapshot, which
 * normally arrives within a second of subscribing; retries 1 s doubling to 30 s (a 429 or an outage
 * is not hammered); re-anchor when a quarter of a side's span is left, at most every 10 s (a
 * snapshot of 1000 levels weighs 20 of Binance's 2400 a minute: 6 a minute is 5 %).
 */
export const DEFAULT_BOOK_SYNC_OPTIONS: BookSyncOptions = {
  bufferCap: 1_000,
  snapshotTimeoutMs: 10_000,
  firstSnapshotWaitMs: 5_000,
  retryBaseMs: 1_000,
  retryCapMs: 30_000,
  reanchorShare: 0.25,
  reanchorMinIntervalMs: 10_000,
};

/**
 * The depth each feed maintains (core/exchanges/<exchange>/depth.ts): levels beyond it are no longer
 * updated by the exchange, so the book is trimmed to it once a second. Binance's diff stream covers
 * the whole book; its bound is the snapshot's span (LocalBook's 'snapshot' reach rule).
 */
const FEED_DEPTH: Record<ExchangeId, number> = {
  binance: Number.POSITIVE_INFINITY,
  bybit: BYBIT_BOOK_DEPTH,
  okx: OKX_BOOK_DEPTH,
};

interface SnapshotRequest {
  inFlight: boolean;
  requestedAt: number;
  /** When to ask again after a failure (undefined: no retry pending). */
  retryAt: number | undefined;
  /** Failed or stale snapshots in a row; reset when the book goes live. */
  failures: number;
}

export class BookSync {
  readonly book: LocalBook;
  private readonly options: BookSyncOptions;
  private readonly name: string;
  private current: BookHealth;

  private socketOpen = false;
  private openedAt = 0;
  /** The book is complete and every message since its base has been applied. */
  private synced = false;
  /** The id the next message must link to: Binance u, Bybit u, OKX seqId. */
  private lastId = Number.NaN;
  /** Messages waiting for a snapshot (Binance: also while re-anchoring). */
  private buffer: BookMessage[] = [];
  private snapshotRequest: SnapshotRequest = {
    inFlight: false,
    requestedAt: 0,
    retryAt: undefined,
    failures: 0,
  };
  /** A reconnect was asked for: ignore the stream until the socket is reopened. */
  private reconnecting = false;
  /** Binance: snapshot applied, waiting for the first event that reaches it. */
  private awaitingFirstEvent = false;
  /** Binance: a re-anchoring snapshot was asked for while the book stays live. */
  private reanchoring = false;
  /** Binance: the bid and ask span of the last snapshot, for the re-anchoring rule. */
  private anchorSpan = { below: Number.NaN, above: Number.NaN };
  /** Binance: when the last snapshot was applied or a re-anchoring one asked for. */
  private anchoredAt = Number.NEGATIVE_INFINITY;
  /** Bybit and OKX: the book has a base (a snapshot) to apply updates to. */
  private hasBase = false;
  /** OKX: a REST snapshot came while nothing was buffered; ask again once the stream moves. */
  private refetchOnUpdate = false;

  constructor(
    readonly exchange: ExchangeId,
    readonly symbol: string,
    options: Partial<BookSyncOptions> = {},
  ) {
    this.options = { ...DEFAULT_BOOK_SYNC_OPTIONS, ...options };
    this.name = `${EXCHANGE_NAMES[exchange]} book`;
    this.book = new LocalBook(exchange === 'binance' ? 'snapshot' : 'levels');
    this.current = { state: 'syncing', since: 0, reason: `${this.name}: not connected yet` };
  }

  get health(): BookHealth {
    return this.current;
  }

  // ---- inputs ----

  onSocketOpen(now: number): BookSyncEffect[] {
    this.socketOpen = true;
    this.openedAt = now;
    this.resetSyncState();
    const waitingFor =
      this.exchange === 'binance' ? 'waiting for the first depth update' : 'waiting for the snapshot';
    return this.setHealth(now, 'syncing', `connected; ${waitingFor}`);
  }

  onSocketClosed(now: number, reason: string): BookSyncEffect[] {
    this.socketOpen = false;
    this.resetSyncState();
    return this.setHealth(
      now,
      'out-of-sync',
      `socket dropped: ${reason}; the book is kept but no longer updated`,
    );
  }

  onStreamMessage(m: BookMessage, now: number): BookSyncEffect[] {
    if (!this.socketOpen || this.reconnecting || !this.isOurs(m)) return [];
    switch (this.exchange) {
      case 'binance':
        return this.binanceEvent(m, now);
      case 'bybit':
        return this.bybitMessage(m, now);
      case 'okx':
        return this.okxMessage(m, now);
    }
  }

  onSnapshot(m: BookMessage, now: number): BookSyncEffect[] {
    this.snapshotRequest.inFlight = false;
    if (!this.socketOpen || this.reconnecting || !this.isOurs(m) || m.kind !== 'snapshot') return [];
    switch (this.exchange) {
      case 'binance':
        return this.binanceSnapshot(m, now);
      case 'bybit':
        // A stream snapshot already came: the REST one is older news.
        return this.hasBase ? [] : this.resetTo(m, now);
      case 'okx':
        return this.hasBase ? [] : this.okxRestSnapshot(m, now);
    }
  }

  onSnapshotFailed(now: number, message: string): BookSyncEffect[] {
    this.snapshotRequest.inFlight = false;
    if (!this.socketOpen) return [];
    const req = this.snapshotRequest;
    req.failures++;
    const delay = Math.min(this.options.retryCapMs, this.options.retryBaseMs * 2 ** (req.failures - 1));
    req.retryAt = now + delay;
    if (this.synced) return []; // a failed re-anchor: the live book is still right
    const state = this.current.state === 'out-of-sync' ? 'out-of-sync' : 'syncing';
    return this.setHealth(
      now,
      state,
      `the snapshot request failed (${message}); retrying in ${Math.round(delay / 1000)} s`,
    );
  }

  onTick(now: number): BookSyncEffect[] {
    if (!this.socketOpen || this.reconnecting) return [];
    const req = this.snapshotRequest;
    if (req.inFlight && now - req.requestedAt >= this.options.snapshotTimeoutMs) {
      req.inFlight = false;
      req.failures++;
      return this.requestSnapshot(now);
    }
    if (!req.inFlight && req.retryAt !== undefined && now >= req.retryAt) return this.requestSnapshot(now);
    const waited = now - this.openedAt >= this.options.firstSnapshotWaitMs;
    if (this.exchange === 'okx' && !this.hasBase && waited && !req.inFlight && req.retryAt === undefined) {
      return [
        ...this.setHealth(now, 'syncing', 'no snapshot on the stream; building the book from REST'),
        ...this.requestSnapshot(now),
      ];
    }
    if (this.exchange === 'bybit' && !this.hasBase && waited) {
      return this.reconnect(now, 'no snapshot arrived after subscribing', false);
    }
    if (
      this.exchange === 'binance' &&
      this.synced &&
      !this.reanchoring &&
      !req.inFlight &&
      now - this.anchoredAt >= this.options.reanchorMinIntervalMs &&
      this.needsReanchor()
    ) {
      this.reanchoring = true;
      this.anchoredAt = now;
      this.buffer = [];
      return this.requestSnapshot(now);
    }
    if (this.hasBase) this.book.trimTo(FEED_DEPTH[this.exchange]);
    return [];
  }

  // ---- Binance ----

  private binanceEvent(m: BookMessage, now: number): BookSyncEffect[] {
    if (this.synced) {
      if (m.prevId !== this.lastId) {
        return this.binanceGap(
          now,
          `a gap in the update ids (expected pu ${this.lastId}, got ${m.prevId})`,
          m,
        );
      }
      this.book.applyLevels(m);
      this.lastId = m.lastId;
      if (this.reanchoring) this.pushBuffer(m);
      return this.checkCrossed(now, m);
    }
    if (this.awaitingFirstEvent) {
      if (m.lastId < this.lastId) return [];
      if (!links(m, this.lastId)) return this.staleSnapshot(now, [m], staleWhy(this.lastId, m));
      this.awaitingFirstEvent = false;
      this.book.applyLevels(m);
      this.lastId = m.lastId;
      return this.goLive(now, m);
    }
    this.pushBuffer(m);
    const req = this.snapshotRequest;
    return req.inFlight || req.retryAt !== undefined ? [] : this.requestSnapshot(now);
  }

  private binanceSnapshot(s: BookMessage, now: number): BookSyncEffect[] {
    const snapshotId = s.lastId;
    const pending = this.buffer.filter((e) => e.lastId >= snapshotId);
    if (this.reanchoring) {
      this.reanchoring = false;
      // Only replace the live book when the buffered stream provably continues from the snapshot.
      const first = pending[0];
      if (first === undefined || !links(first, snapshotId) || !chained(pending)) {
        this.buffer = [];
        return [];
      }
      this.buffer = [];
      this.book.applySnapshot(s);
      for (const e of pending) this.book.applyLevels(e);
      this.lastId = pending[pending.length - 1]!.lastId;
      this.recordAnchor(now);
      return this.checkCrossed(now, pending[pending.length - 1]!);
    }
    if (this.synced) return []; // a late answer to an earlier request
    this.buffer = pending;
    const first = pending[0];
    if (first === undefined) {
      // The snapshot is newer than everything buffered: wait for the event that reaches it.
      this.book.applySnapshot(s);
      this.recordAnchor(now);
      this.lastId = snapshotId;
      this.awaitingFirstEvent = true;
      return this.setHealth(now, this.current.state, 'snapshot received; waiting for the stream to reach it');
    }
    if (!links(first, snapshotId)) return this.staleSnapshot(now, pending, staleWhy(snapshotId, first));
    this.book.applySnapshot(s);
    this.recordAnchor(now);
    this.lastId = snapshotId;
    this.buffer = [];
    for (let i = 0; i < pending.length; i++) {
      const e = pending[i]!;
      if (i > 0 && e.prevId !== this.lastId) {
        return this.binanceGap(
          now,
          `a gap in the buffered update ids (expected pu ${this.lastId}, got ${e.prevId})`,
          ...pending.slice(i),
        );
      }
      this.book.applyLevels(e);
      this.lastId = e.lastId;
    }
    return this.goLive(now, pending[pending.length - 1]!);
  }

  private staleSnapshot(now: number, keep: BookMessage[], what: string): BookSyncEffect[] {
    this.awaitingFirstEvent = false;
    this.buffer = keep;
    this.snapshotRequest.failures++;
    const state = this.current.state === 'live' ? 'syncing' : this.current.state;
    return [
      ...this.setHealth(now, state, `${what}; fetching again`),
      ...this.requestSnapshotAfterFailure(now),
    ];
  }

  private binanceGap(now: number, what: string, ...keep: BookMessage[]): BookSyncEffect[] {
    this.synced = false;
    this.reanchoring = false;
    this.awaitingFirstEvent = false;
    this.book.clear();
    this.buffer = keep;
    this.lastId = Number.NaN;
    const health = this.setHealth(now, 'out-of-sync', `${what}; rebuilding`);
    const req = this.snapshotRequest;
    return req.inFlight || req.retryAt !== undefined ? health : [...health, ...this.requestSnapshot(now)];
  }

  private recordAnchor(now: number): void {
    this.anchoredAt = now;
    const { low, high } = this.book.reach();
    const mid = this.book.mid;
    this.anchorSpan = { below: mid - low, above: high - mid };
  }

  private needsReanchor(): boolean {
    const { low, high } = this.book.reach();
    const mid = this.book.mid;
    if (!Number.isFinite(mid)) return true;
    const share = this.options.reanchorShare;
    return mid - low < share * this.anchorSpan.below || high - mid < share * this.anchorSpan.above;
  }

  // ---- Bybit ----

  private bybitMessage(m: BookMessage, now: number): BookSyncEffect[] {
    if (m.kind === 'snapshot') return this.resetTo(m, now);
    if (!this.hasBase) return this.reconnect(now, 'a delta arrived before any snapshot', false);
    if (m.lastId !== this.lastId + 1) {
      return this.reconnect(
        now,
        `a gap in the update ids (expected u ${this.lastId + 1}, got ${m.lastId})`,
        true,
      );
    }
    this.book.applyLevels(m);
    this.lastId = m.lastId;
    return this.checkCrossed(now, m);
  }

  // ---- OKX ----

  private okxMessage(m: BookMessage, now: number): BookSyncEffect[] {
    if (m.kind === 'snapshot') {
      this.refetchOnUpdate = false;
      this.buffer = [];
      return this.resetTo(m, now);
    }
    if (!this.hasBase) {
      this.pushBuffer(m);
      if (!this.refetchOnUpdate || this.snapshotRequest.inFlight) return [];
      this.refetchOnUpdate = false;
      return this.requestSnapshot(now);
    }
    return this.okxUpdate(m, now);
  }

  private okxUpdate(m: BookMessage, now: number): BookSyncEffect[] {
    if (m.prevId !== this.lastId) {
      return this.reconnect(
        now,
        `a gap in the sequence ids (expected prevSeqId ${this.lastId}, got ${m.prevId})`,
        true,
      );
    }
    this.book.applyLevels(m);
    this.lastId = m.lastId;
    return this.checkCrossed(now, m);
  }

  private okxRestSnapshot(s: BookMessage, now: number): BookSyncEffect[] {
    let pending: BookMessage[];
    if (s.lastId >= 0) {
      // Not documented for REST books, but read when OKX sends it: then the ids join as usual.
      pending = this.buffer.filter((e) => e.lastId > s.lastId);
      this.lastId = s.lastId;
    } else {
      // No seqId: join by time. The buffered stream must reach back to the snapshot's time, and
      // the updates after it chain from the last one at or before it.
      let k = -1;
      for (let i = 0; i < this.buffer.length; i++) if (this.buffer[i]!.time <= s.time) k = i;
      if (this.buffer.length > 0 && k < 0) {
        return this.staleSnapshot(
          now,
          this.buffer,
          `the REST snapshot (ts ${s.time}) is older than the first buffered update (ts ${this.buffer[0]!.time})`,
        );
      }
      if (k < 0) {
        // Nothing buffered: nothing proves which update the snapshot is at. Wait for the stream
        // to move, then ask again, so the next snapshot can be joined to a buffered update.
        this.refetchOnUpdate = true;
        return this.setHealth(now, 'syncing', 'REST snapshot received; waiting for the stream to join it');
      }
      this.lastId = this.buffer[k]!.lastId;
      pending = this.buffer.slice(k + 1);
    }
    this.book.applySnapshot(s);
    this.hasBase = true;
    this.buffer = [];
    const effects = this.goLive(now, s);
    for (const e of pending) {
      if (this.reconnecting) break;
      effects.push(...this.okxUpdate(e, now));
    }
    return effects;
  }

  // ---- shared ----

  /** Bybit and OKX: a snapshot replaces the book and starts the id chain. */
  private resetTo(m: BookMessage, now: number): BookSyncEffect[] {
    this.book.applySnapshot(m);
    this.hasBase = true;
    this.lastId = m.lastId;
    return this.goLive(now, m);
  }

  private goLive(now: number, last: BookMessage): BookSyncEffect[] {
    const crossed = this.checkCrossed(now, last);
    if (crossed.length > 0) return crossed;
    this.synced = true;
    this.snapshotRequest.failures = 0;
    this.snapshotRequest.retryAt = undefined;
    return this.setHealth(now, 'live', '');
  }

  private checkCrossed(now: number, m: BookMessage): BookSyncEffect[] {
    if (!this.book.crossed) return [];
    const what = `the book crossed (best bid ${this.book.bestBid} ≥ best ask ${this.book.bestAsk}) after update ${m.lastId}`;
    if (this.exchange === 'binance') return this.binanceGap(now, what);
    return this.reconnect(now, what, true);
  }

  private reconnect(now: number, what: string, clear: boolean): BookSyncEffect[] {
    this.reconnecting = true;
    this.synced = false;
    if (clear) this.book.clear();
    const reason = `${what}; resubscribing`;
    return [
      ...this.setHealth(now, 'out-of-sync', reason),
      { type: 'reconnect', reason: `${this.name}: ${reason}` },
    ];
  }

  private requestSnapshot(now: number): BookSyncEffect[] {
    const req = this.snapshotRequest;
    req.inFlight = true;
    req.requestedAt = now;
    req.retryAt = undefined;
    return [{ type: 'fetch-snapshot' }];
  }

  /** The first stale snapshot is asked again at once (the stream was just ahead); later ones back off. */
  private requestSnapshotAfterFailure(now: number): BookSyncEffect[] {
    const req = this.snapshotRequest;
    if (req.failures <= 1) return this.requestSnapshot(now);
    req.retryAt = now + Math.min(this.options.retryCapMs, this.options.retryBaseMs * 2 ** (req.failures - 2));
    return [];
  }

  private pushBuffer(m: BookMessage): void {
    this.buffer.push(m);
    if (this.buffer.length > this.options.bufferCap)
      this.buffer.splice(0, this.buffer.length - this.options.bufferCap);
  }

  private resetSyncState(): void {
    this.synced = false;
    this.lastId = Number.NaN;
    this.buffer = [];
    this.snapshotRequest = { inFlight: false, requestedAt: 0, retryAt: undefined, failures: 0 };
    this.reconnecting = false;
    this.awaitingFirstEvent = false;
    this.reanchoring = false;
    this.hasBase = false;
    this.refetchOnUpdate = false;
  }

  private isOurs(m: BookMessage): boolean {
    return m.exchange === this.exchange && m.symbol === this.symbol;
  }

  private setHealth(now: number, state: BookHealth['state'], reason: string): BookSyncEffect[] {
    const prev = this.current;
    const full = reason === '' ? '' : `${this.name}: ${reason}`;
    const prevReason = prev.state === 'live' ? '' : prev.reason;
    if (prev.state === state && prevReason === full) return [];
    const since = prev.state === state ? prev.since : now;
    this.current = state === 'live' ? { state, since } : { state, since, reason: full };
    return [{ type: 'health', health: this.current }];
  }
}

/** Binance rule 3: the event reaches the snapshot (U ≤ id ≤ u), or starts right after it. */
function links(e: BookMessage, snapshotId: number): boolean {
  return (
    (e.firstId <= snapshotId && snapshotId <= e.lastId) ||
    e.prevId === snapshotId ||
    e.firstId === snapshotId + 1
  );
}

function staleWhy(snapshotId: number, first: BookMessage): string {
  return `stale snapshot (lastUpdateId ${snapshotId} is older than the stream's first update ${first.firstId})`;
}

/** Binance rule 4 over a run of events. */
function chained(events: readonly BookMessage[]): boolean {
  for (let i = 1; i < events.length; i++) if (events[i]!.prevId !== events[i - 1]!.lastId) return false;
  return true;
}
