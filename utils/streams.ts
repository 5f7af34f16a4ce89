import { storage } from '#imports';
import type { StreamEvent, StreamTopic } from '@/core/exchanges/adapter';
import type { ExchangeId, LiquidationEvent } from '@/core/exchanges/types';
import { type HeatBandsDatabase, openHeatBandsDb } from '@/core/storage/db';
import { indexedDbLiquidationStore, LiquidationBuffer } from '@/core/storage/liquidations';
import { type StreamProfile, streamProfiles } from '@/core/streams/streamProfiles';
import { livePriceItem, streamHealthItem } from './livePrice';
import { loadOkxInstrument, okxContractSizes } from './okxInstruments';
import { StreamRunner } from './streamRunner';

/**
 * The worker's live streams: one WebSocket per stream profile (core/streams), run by the pure
 * stream session. Real liquidations go to IndexedDB through a batching buffer; the latest mark
 * price is kept in session storage for the views. Each session's `liveUntil` is persisted, so a
 * restarted worker knows the gap it left. While sockets exchange messages Chrome keeps the worker
 * alive (Chrome 116+), and every socket gets a frame or sends a ping at least every 20 s.
 */
const TOPICS: readonly StreamTopic[] = ['liquidations', 'markPrice', 'candles1m'];
const FLUSH_MS = 2_000;

/** Where each stream was last known live, by profile URL: a restart resumes from here. */
const liveUntilItem = storage.defineItem<Record<string, number>>('local:streamLiveUntil', { fallback: {} });

/** What the streams have done, for diagnostics and tests. */
export interface StreamStats {
  sessions: number;
  liquidations: number;
  written: number;
  gaps: Array<{ exchange: ExchangeId; from: number; to: number; restAvailable: boolean }>;
}

/** Which market the streams follow, on which exchanges. */
export interface StreamWish {
  symbol: string;
  exchanges: readonly ExchangeId[];
  retentionDays?: number;
}

/** The streams for one symbol on some exchanges; `update` opens and closes them to match. */
export class LiveStreams {
  private runners: StreamRunner[] = [];
  private key = '';
  /** The connection of the current streams' buffer; closed with them, or it would block a schema upgrade. */
  private db: HeatBandsDatabase | undefined;
  private buffer: LiquidationBuffer | undefined;
  private flushTimer: ReturnType<typeof setInterval> | undefined;
  private prices: Record<string, { price: number; at: number }> = {};
  private lastProblem: string | undefined;
  private queue: Promise<void> = Promise.resolve();
  readonly stats: StreamStats = { sessions: 0, liquidations: 0, written: 0, gaps: [] };

  constructor(
    private readonly onLiquidations: () => void = () => {},
    /** Liquidations of a gap from REST, where the exchange keeps them (OKX); none elsewhere. */
    private readonly catchUp?: (
      exchange: ExchangeId,
      symbol: string,
      from: number,
      to: number,
    ) => Promise<LiquidationEvent[]>,
  ) {}

  /**
   * Applies one wish at a time, in the order asked: two overlapping changes (a tab and the side
   * panel at once) would otherwise both open a connection and sockets, and leak the first.
   */
  update(want: StreamWish | undefined): Promise<void> {
    const run = this.queue.then(() => this.apply(want));
    this.queue = run.catch(() => {});
    return run;
  }

  private async apply(want: StreamWish | undefined): Promise<void> {
    const key = want ? `${want.symbol}:${[...want.exchanges].sort().join(',')}` : '';
    if (key === this.key) return;
    await this.stopAll();
    this.key = key;
    if (!want) return;
    const db = await openHeatBandsDb();
    this.db = db;
    this.buffer = new LiquidationBuffer(indexedDbLiquidationStore(db), {
      ...(want.retentionDays !== undefined ? { retentionDays: want.retentionDays } : {}),
    });
    const resume = await liveUntilItem.getValue();
    // OKX liquidations count contracts: the stored contract value (the sync fetches it) is read first.
    if (want.exchanges.includes('okx')) await loadOkxInstrument(want.symbol);
    for (const exchange of want.exchanges) {
      for (const profile of streamProfiles(exchange, want.symbol, TOPICS, { okxContractSizes })) {
        const runner = new StreamRunner(profile, {
          onEvents: (p, events) => this.take(p, events),
          onGap: (gap) => this.refill(gap, want.symbol),
        });
        this.runners.push(runner);
        runner.start(resume[profile.url]);
      }
    }
    this.stats.sessions = this.runners.length;
    this.flushTimer = setInterval(() => void this.flush(), FLUSH_MS);
  }

  private refill(gap: StreamStats['gaps'][number], symbol: string): void {
    this.stats.gaps.push(gap);
    if (!gap.restAvailable || !this.catchUp) return;
    void this.catchUp(gap.exchange, symbol, gap.from, gap.to)
      .then((events) => {
        if (events.length > 0) this.buffer?.add(events);
      })
      .catch((error: unknown) => console.warn('HeatBands: gap refill failed', error));
  }

  private take(profile: StreamProfile, events: StreamEvent[]): void {
    const liquidations = events.flatMap((e) => (e.type === 'liquidation' ? [e.event] : []));
    if (liquidations.length > 0) {
      this.stats.liquidations += liquidations.length;
      this.buffer?.add(liquidations);
    }
    for (const e of events) {
      if (e.type === 'mark')
        this.prices[`${profile.exchange}:${e.mark.symbol}`] = { price: e.mark.markPrice, at: e.mark.time };
    }
  }

  private async flush(): Promise<void> {
    const buffer = this.buffer;
    if (!buffer) return;
    const result = await buffer.flush();
    if (result.ok && result.written > 0) {
      this.stats.written += result.written;
      this.onLiquidations();
    }
    if (!result.ok) console.warn('HeatBands: liquidations not stored yet:', result.message);
    // Storage trouble is the trader's business too: the side panel shows it (and when it cleared).
    const problem = !result.ok
      ? `Real liquidations are not being stored: ${result.message}${result.reason === 'quota' ? ' (storage full even after pruning past the retention)' : ''}; ${result.kept} waiting.`
      : result.quotaRecovered
        ? `Storage was full: pruned ${result.quotaRecovered.pruned} liquidations past the retention, then stored the rest.`
        : undefined;
    if (problem !== this.lastProblem) {
      this.lastProblem = problem;
      await streamHealthItem.setValue(problem ? { problem, at: Date.now() } : null);
    }
    const live: Record<string, number> = {};
    for (const r of this.runners) if (r.liveUntil !== undefined) live[r.profile.url] = r.liveUntil;
    await liveUntilItem.setValue({ ...(await liveUntilItem.getValue()), ...live });
    if (Object.keys(this.prices).length > 0) await livePriceItem.setValue({ ...this.prices });
  }

  private async stopAll(): Promise<void> {
    for (const runner of this.runners) runner.stop();
    this.runners = [];
    clearInterval(this.flushTimer);
    this.flushTimer = undefined;
    await this.flush().catch(() => {});
    this.buffer = undefined;
    this.db?.close();
    this.db = undefined;
    this.stats.sessions = 0;
  }
}
