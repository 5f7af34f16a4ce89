import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StreamEvent } from '../../core/exchanges/adapter';
import { DB_NAME, openHeatBandsDb } from '../../core/storage/db';
import {
  countLiquidationEvents,
  indexedDbLiquidationStore,
  LiquidationBuffer,
} from '../../core/storage/liquidations';
import { streamProfiles } from '../../core/streams/streamProfiles';
import { defaultStreamConfig, initialStreamState, stepStream } from '../../core/streams/streamSession';
import { fullGc, usedBytes } from '../cli/timing';
import { FLUSH_MS } from './streams-burst';

/**
 * An hour of Binance's combined stream (kline_1m every 250 ms, markPrice@1s every second, a
 * forceOrder every 3 s) at replay ×60, fed as fast as it goes through what the worker runs:
 * the pure stream session (parse), the LiquidationBuffer, and IndexedDB (fake-indexeddb), flushed
 * every 2 s of stream time as utils/streams.ts does. Frames are the saved fixtures
 * (core/exchanges/binance/fixtures/ws-*.json) with their times and prices moved along.
 */
const FIXTURES = resolve(import.meta.dirname, '../../core/exchanges/binance/fixtures');
const fixture = (name: string) => JSON.parse(readFileSync(resolve(FIXTURES, name), 'utf8'));

export interface StreamMemoryFigures {
  streamSec: number;
  replaySpeed: number;
  frames: number;
  events: number;
  malformed: number;
  liquidationsStored: number;
  /** Wall time of the run. */
  wallMs: number;
  /** The replay-time budget at ×60: one hour of stream in one minute. */
  budgetMs: number;
  /** Heap + array buffers after a full GC, before the stream and after (store still open). */
  beforeBytes: number;
  afterBytes: number;
  /** After closing and deleting the database: what the stream's own state retains. */
  afterDbDeletedBytes: number;
}

const deleteDb = () =>
  new Promise<void>((done) => {
    const req = indexedDB.deleteDatabase(DB_NAME);
    req.onsuccess = () => done();
    req.onerror = () => done();
  });

export async function benchStreamMemory(streamSec = 3_600, replaySpeed = 60): Promise<StreamMemoryFigures> {
  const gc = fullGc();
  const kline = fixture('ws-kline-btcusdt-combined.json');
  const mark = fixture('ws-markPrice-btcusdt-raw.json');
  const force = fixture('ws-forceOrder-btcusdt-raw.json');
  const [profile] = streamProfiles('binance', 'BTCUSDT', ['liquidations', 'markPrice', 'candles1m']);
  const config = defaultStreamConfig(profile!, () => 0.5);
  await deleteDb();
  gc();
  const beforeBytes = usedBytes();

  // The stream runs in its own function so that nothing it made is still referenced from here
  // when the deleted store's bytes are measured.
  const run = async () => {
    const db = await openHeatBandsDb();
    const t0 = Date.UTC(2026, 5, 1);
    const buffer = new LiquidationBuffer(indexedDbLiquidationStore(db), { now: () => t0 });
    // What LiveStreams keeps in memory besides the buffer: the latest mark price per market.
    const prices: Record<string, { price: number; at: number }> = {};
    const take = (events: StreamEvent[]) => {
      for (const e of events) {
        if (e.type === 'liquidation') buffer.add([e.event]);
        else if (e.type === 'mark')
          prices[`binance:${e.mark.symbol}`] = { price: e.mark.markPrice, at: e.mark.time };
      }
    };
    let state = initialStreamState();
    const feed = (event: Parameters<typeof stepStream>[1]) => {
      const step = stepStream(state, event, config);
      state = step.state;
      for (const effect of step.effects) if (effect.type === 'events') take(effect.events);
    };

    // The kline in progress: open, high and low so far, so every frame passes the bar check.
    let bar = { openTime: 0, open: '', high: '', low: '' };
    const started = performance.now();
    feed({ type: 'start', now: t0 });
    feed({ type: 'opened', now: t0 });
    for (let ms = 250; ms <= streamSec * 1000; ms += 250) {
      const now = t0 + ms;
      const price = (77_000 + 500 * Math.sin(ms / 600_000) + (ms % 7_000) / 100).toFixed(2);
      const openTime = Math.floor(now / 60_000) * 60_000;
      if (openTime !== bar.openTime) bar = { openTime, open: price, high: price, low: price };
      bar.high = Math.max(Number(bar.high), Number(price)).toFixed(2);
      bar.low = Math.min(Number(bar.low), Number(price)).toFixed(2);
      kline.data.E = now;
      kline.data.k.o = bar.open;
      kline.data.k.h = bar.high;
      kline.data.k.l = bar.low;
      kline.data.k.t = openTime;
      kline.data.k.T = openTime + 59_999;
      kline.data.k.c = price;
      kline.data.k.x = now === openTime + 59_750;
      feed({ type: 'frame', now, text: JSON.stringify(kline) });
      if (ms % 1_000 === 0) {
        mark.E = now;
        mark.p = price;
        feed({ type: 'frame', now, text: JSON.stringify({ stream: 'btcusdt@markPrice@1s', data: mark }) });
      }
      if (ms % 3_000 === 0) {
        force.E = now;
        force.o.T = now - 5;
        force.o.S = ms % 6_000 === 0 ? 'SELL' : 'BUY';
        force.o.ap = price;
        feed({ type: 'frame', now, text: JSON.stringify({ stream: 'btcusdt@forceOrder', data: force }) });
      }
      if (ms % FLUSH_MS === 0) await buffer.flush();
    }
    await buffer.flush();
    const wallMs = performance.now() - started;
    const liquidationsStored = await countLiquidationEvents(db);
    gc();
    const afterBytes = usedBytes();
    db.close();
    if (state.counts.malformed > 0) throw new Error(`bench-streams: ${state.lastError?.message}`);
    if (Object.keys(prices).length === 0) throw new Error('bench-streams: no mark price was parsed');
    return { counts: state.counts, liquidationsStored, wallMs, afterBytes };
  };
  const { counts, liquidationsStored, wallMs, afterBytes } = await run();
  await deleteDb();
  gc();
  const afterDbDeletedBytes = usedBytes();
  return {
    streamSec,
    replaySpeed,
    frames: counts.frames,
    events: counts.events,
    malformed: counts.malformed,
    liquidationsStored,
    wallMs,
    budgetMs: (streamSec * 1000) / replaySpeed,
    beforeBytes,
    afterBytes,
    afterDbDeletedBytes,
  };
}
