import { BookSync, type BookSyncEffect } from '@/core/depth/bookSync';
import { depthBinSize, MAX_DEPTH_BINS_PER_SIDE } from '@/core/depth/depthBins';
import { DEPTH_COLUMN_MS, DepthColumnBuilder } from '@/core/depth/depthColumns';
import { type DepthFeed, depthFeed } from '@/core/depth/depthFeeds';
import { MAX_LIVE_WALLS } from '@/core/depth/liveDepthSchema';
import { binBook } from '@/core/depth/liveProfile';
import { snapshotRequest } from '@/core/depth/snapshotRequest';
import type { BookHealth, BookSample, LiveDepth, Wall } from '@/core/depth/types';
import { WallTracker } from '@/core/depth/walls';
import type { StreamEvent } from '@/core/exchanges/adapter';
import type { ExchangeResult } from '@/core/exchanges/errors';
import type { RequestSpec } from '@/core/exchanges/request';
import type { ExchangeId } from '@/core/exchanges/types';
import { type HeatBandsDatabase, openHeatBandsDb } from '@/core/storage/db';
import { DepthBuffer, indexedDbDepthStore } from '@/core/storage/depth';
import type { StreamProfile } from '@/core/streams/streamProfiles';
import { liveDepthItem } from './depth';
import { loadOkxInstrument, okxContractSizes } from './okxInstruments';
import { StreamRunner } from './streamRunner';

/**
 * The worker's order books (issue 16): for the followed symbol on each enabled exchange, one
 * WebSocket run by the same session machine as the other streams (utils/streamRunner.ts), and one
 * BookSync (core/depth/bookSync.ts) that keeps the local book in step by the exchange's documented
 * rule and asks for a REST snapshot or a fresh subscription when it must.
 *
 * Once a second every live book is sampled: the sample is folded into 10 s depth columns
 * (core/depth/depthColumns.ts), fed to the wall tracker (core/depth/walls.ts), and the binned
 * profile, each book's health and the walls are published for the views (`liveDepthItem`). At each
 * 10 s boundary the closed columns and the walls that changed are written in ONE IndexedDB
 * transaction (core/storage/depth.ts). A book that is syncing or out of sync is published as such
 * and not sampled: the views say why its depth is missing rather than draw it as empty.
 *
 * Times: a sample is stamped on the exchange's clock (the newest message's time plus the local time
 * since it came), so depth columns line up with the bars and the liquidations the exchange stamps.
 */
const SAMPLE_MS = 1_000;

export interface DepthWish {
  symbol: string;
  exchanges: readonly ExchangeId[];
  retentionDays?: number;
}

/** Answers a budgeted GET with the body text (the sync's transport in the worker). */
export type SnapshotFetch = (spec: RequestSpec) => Promise<ExchangeResult<string>>;

export interface DepthStats {
  books: number;
  frames: number;
  messages: number;
  snapshots: number;
  snapshotFailures: number;
  reconnects: number;
  samples: number;
  columns: number;
  transactions: number;
  walls: Partial<Record<ExchangeId, number>>;
  problems: string[];
}

class DepthBook {
  readonly sync: BookSync;
  readonly runner: StreamRunner;
  private tracker: WallTracker | undefined;
  private builder: DepthColumnBuilder | undefined;
  binSize: number | undefined;
  /** Exchange time of the newest message, and the local time it came. */
  private clock: { exchange: number; local: number } | undefined;
  private lastSampleTime = Number.NEGATIVE_INFINITY;
  private fetching = false;
  readonly wallIds = new Set<string>();

  constructor(
    readonly feed: DepthFeed,
    private readonly owner: DepthStreams,
  ) {
    this.sync = new BookSync(feed.exchange, feed.symbol);
    const profile: StreamProfile = {
      exchange: feed.exchange,
      url: feed.url,
      topics: [],
      subscribeMessages: feed.subscribeMessages,
      heartbeat: feed.heartbeat,
      silenceMs: feed.silenceMs,
      liquidationsRestAvailable: false,
      parse: (text) => {
        const parsed = feed.parseFrame(text);
        if (!parsed.ok) {
          this.owner.noteProblem(`${feed.exchange} depth frame: ${parsed.error.message}`);
          return parsed;
        }
        return { ok: true, value: parsed.value.map((message): StreamEvent => ({ type: 'book', message })) };
      },
    };
    this.runner = new StreamRunner(profile, {
      onEvents: (_p, events) => this.onEvents(events),
      onOpen: () => this.run(this.sync.onSocketOpen(Date.now())),
      onClose: (_p, reason) => this.run(this.sync.onSocketClosed(Date.now(), reason)),
    });
  }

  private onEvents(events: StreamEvent[]): void {
    const now = Date.now();
    for (const e of events) {
      if (e.type !== 'book') continue;
      this.owner.stats.messages++;
      if (e.message.time > 0) this.clock = { exchange: e.message.time, local: now };
      this.run(this.sync.onStreamMessage(e.message, now));
    }
  }

  run(effects: BookSyncEffect[]): void {
    for (const effect of effects) {
      switch (effect.type) {
        case 'fetch-snapshot':
          void this.fetchSnapshot();
          break;
        case 'reconnect':
          this.owner.stats.reconnects++;
          this.runner.restart(effect.reason);
          break;
        case 'health':
          this.owner.healthChanged(this.feed.exchange, effect.health);
          break;
      }
    }
  }

  private async fetchSnapshot(): Promise<void> {
    if (this.fetching) return;
    this.fetching = true;
    try {
      const body = await this.owner.fetchSnapshot(snapshotRequest(this.feed));
      const parsed = body.ok ? this.feed.parseSnapshot(body.value) : body;
      if (!this.owner.isCurrent(this)) return;
      if (parsed.ok) {
        this.owner.stats.snapshots++;
        this.run(this.sync.onSnapshot(parsed.value, Date.now()));
      } else {
        this.owner.stats.snapshotFailures++;
        this.run(this.sync.onSnapshotFailed(Date.now(), parsed.error.message));
      }
    } finally {
      this.fetching = false;
    }
  }

  /** The exchange's clock now, estimated from the newest message. */
  exchangeNow(now: number): number | undefined {
    return this.clock ? this.clock.exchange + (now - this.clock.local) : undefined;
  }

  /** One second's work: timeouts, then a sample of a live book. Returns the walls that ended. */
  tick(now: number): { ended: Wall[]; live: boolean } {
    this.run(this.sync.onTick(now));
    const time = this.exchangeNow(now);
    if (this.sync.health.state !== 'live' || this.sync.book.empty || time === undefined) {
      return { ended: [], live: false };
    }
    const t = Math.floor(time);
    if (t <= this.lastSampleTime) return { ended: [], live: true };
    const sample = this.sync.book.sample(t, this.feed.exchange, this.feed.symbol);
    if (!(sample.mid > 0)) return { ended: [], live: false };
    this.binSize ??= depthBinSize(sample.mid);
    this.builder ??= new DepthColumnBuilder(this.feed.exchange, this.feed.symbol, this.binSize);
    this.tracker ??= new WallTracker(this.feed.exchange, this.feed.symbol, { binSize: this.binSize });
    this.lastSampleTime = t;
    this.owner.stats.samples++;
    this.owner.buffer?.add(this.builder.add(sample));
    const ended = this.tracker.push(sample);
    this.lastSample = sample;
    return { ended, live: true };
  }

  lastSample: BookSample | undefined;

  walls(): Wall[] {
    const time = this.lastSample?.time;
    return time !== undefined && this.tracker ? this.tracker.walls(time) : [];
  }

  /** Closes the columns that ended before `now` on the exchange clock (a quiet book still gets them). */
  closeColumns(now: number): void {
    const time = this.exchangeNow(now);
    if (this.builder && time !== undefined) this.owner.buffer?.add(this.builder.flush(time));
  }
}

/** The order books for one symbol on some exchanges; `update` opens and closes them to match. */
export class DepthStreams {
  private books: DepthBook[] = [];
  private key = '';
  private symbol = '';
  private db: HeatBandsDatabase | undefined;
  buffer: DepthBuffer | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastFlushBoundary = 0;
  private health = new Map<ExchangeId, BookHealth>();
  private queue: Promise<void> = Promise.resolve();
  readonly stats: DepthStats = {
    books: 0,
    frames: 0,
    messages: 0,
    snapshots: 0,
    snapshotFailures: 0,
    reconnects: 0,
    samples: 0,
    columns: 0,
    transactions: 0,
    walls: {},
    problems: [],
  };

  constructor(readonly fetchSnapshot: SnapshotFetch) {}

  update(want: DepthWish | undefined): Promise<void> {
    const run = this.queue.then(() => this.apply(want));
    this.queue = run.catch(() => {});
    return run;
  }

  isCurrent(book: DepthBook): boolean {
    return this.books.includes(book);
  }

  noteProblem(problem: string): void {
    this.stats.problems.push(problem);
    if (this.stats.problems.length > 20) this.stats.problems.shift();
  }

  healthChanged(exchange: ExchangeId, health: BookHealth): void {
    this.health.set(exchange, health);
  }

  private async apply(want: DepthWish | undefined): Promise<void> {
    const key = want ? `${want.symbol}:${[...want.exchanges].sort().join(',')}` : '';
    if (key === this.key) return;
    await this.stopAll();
    this.key = key;
    if (!want) return;
    this.symbol = want.symbol;
    this.db = await openHeatBandsDb();
    this.buffer = new DepthBuffer(indexedDbDepthStore(this.db), {
      ...(want.retentionDays !== undefined ? { retentionDays: want.retentionDays } : {}),
    });
    if (want.exchanges.includes('okx')) await loadOkxInstrument(want.symbol);
    for (const exchange of want.exchanges) {
      const ctVal = exchange === 'okx' ? okxContractSizes.get(want.symbol) : undefined;
      if (exchange === 'okx' && ctVal === undefined) {
        this.noteProblem(`OKX book: the contract value of ${want.symbol} is not known yet`);
        this.health.set('okx', {
          state: 'out-of-sync',
          since: Date.now(),
          reason: `OKX book: the contract value of ${want.symbol} is not known yet, so its sizes cannot be read`,
        });
        continue;
      }
      const book = new DepthBook(depthFeed(exchange, want.symbol, { okxCtVal: ctVal }), this);
      this.health.set(exchange, book.sync.health);
      this.books.push(book);
      book.runner.start();
    }
    this.stats.books = this.books.length;
    this.timer = setInterval(() => void this.tick(), SAMPLE_MS);
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    const walls: Wall[] = [];
    for (const book of this.books) {
      const { ended } = book.tick(now);
      this.buffer?.addWalls(ended);
      const current = book.walls();
      // Standing walls are stored too (re-saving updates them), so a restarted worker keeps them.
      this.buffer?.addWalls(current.filter((w) => w.fate === 'standing'));
      for (const w of [...ended, ...current]) book.wallIds.add(`${w.side}:${w.price}:${w.from}`);
      this.stats.walls[book.feed.exchange] = book.wallIds.size;
      walls.push(...current);
    }
    await this.publish(walls);
    const boundary = Math.floor(now / DEPTH_COLUMN_MS);
    if (boundary !== this.lastFlushBoundary) {
      this.lastFlushBoundary = boundary;
      for (const book of this.books) book.closeColumns(now);
      await this.flush();
    }
  }

  private async flush(): Promise<void> {
    const buffer = this.buffer;
    if (!buffer || buffer.size === 0) return;
    const result = await buffer.flush();
    this.stats.transactions = buffer.stats.transactions;
    this.stats.columns = buffer.stats.columns;
    if (!result.ok) this.noteProblem(`depth not stored yet: ${result.message} (${result.kept} kept)`);
  }

  private async publish(walls: Wall[]): Promise<void> {
    const books: LiveDepth['books'] = [];
    let binSize: number | undefined;
    for (const book of this.books) {
      const health = this.health.get(book.feed.exchange) ?? book.sync.health;
      const sample = book.lastSample;
      binSize ??= book.binSize;
      if (!sample || !book.binSize || health.state !== 'live') {
        books.push({
          exchange: book.feed.exchange,
          health,
          mid: 0,
          reachLow: 0,
          reachHigh: 0,
          loBin: 0,
          bids: [],
          asks: [],
        });
        continue;
      }
      const binned = binBook(sample, book.binSize, MAX_DEPTH_BINS_PER_SIDE);
      books.push({
        exchange: book.feed.exchange,
        health,
        mid: sample.mid,
        reachLow: sample.reachLow,
        reachHigh: sample.reachHigh,
        ...binned,
      });
    }
    for (const [exchange, health] of this.health) {
      if (!books.some((b) => b.exchange === exchange))
        books.push({ exchange, health, mid: 0, reachLow: 0, reachHigh: 0, loBin: 0, bids: [], asks: [] });
    }
    // Standing walls first, then the most recently ended, within what the views accept.
    const shown = [
      ...walls.filter((w) => w.fate === 'standing'),
      ...walls.filter((w) => w.fate !== 'standing').sort((a, b) => b.until - a.until),
    ].slice(0, MAX_LIVE_WALLS);
    const live: LiveDepth = {
      symbol: this.symbol,
      time: Date.now(),
      binSize: binSize ?? 1,
      books,
      walls: shown,
    };
    await liveDepthItem.setValue(live);
  }

  private async stopAll(): Promise<void> {
    for (const book of this.books) book.runner.stop();
    this.books = [];
    this.health.clear();
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush().catch(() => {});
    this.buffer = undefined;
    this.db?.close();
    this.db = undefined;
    this.stats.books = 0;
    if (this.key !== '') await liveDepthItem.setValue(null);
  }
}
