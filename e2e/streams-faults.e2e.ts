import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ExchangeId, LiquidationEvent } from '../core/exchanges/types';
import { DB_NAME } from '../core/storage/db';
import {
  type LaunchedExtension,
  launchExtension,
  messageServiceWorker,
  openSidePanel,
  readIndexedDbStore,
  waitForWorkerBands,
} from '../tools/browser';
import { DEMO_SYMBOL, loadDemoBars } from '../tools/demo/demo-bars';
import { type ReplayExchange, startReplayExchange } from '../tools/replay-exchange/index';

/**
 * Issue 10's stream failures, in a real Chromium with the built extension against the replay
 * exchange (set up as e2e/streams.e2e.ts does): a socket dropped without a close frame and a
 * socket gone half-open are both replaced by a new connection, and the liquidations pushed on it
 * are stored once each; an events CSV with a malformed row, a duplicated row and rows out of
 * time order ends up stored once each and read back oldest first.
 */
const SPEED = 60;
const HOSTS: Record<'binance' | 'bybit', string> = {
  binance: 'fstream.binance.com',
  bybit: 'stream.bybit.com',
};

describe('live streams: dropped and half-open sockets, duplicate and out-of-order rows', () => {
  const bars = loadDemoBars();
  const start = bars[0]!.time + 2 * 86_400_000 + 2 * 60_000;
  const dir = mkdtempSync(join(tmpdir(), 'heatbands-faults-'));
  const closeAt = (time: number) => bars.findLast((b) => b.time <= time)!.close;
  // One event every 20 s of replay time for 3 hours (a third of a second apart at ×60), alternating
  // exchange and side, so every fault below has events pushed after it.
  const regular = Array.from({ length: 540 }, (_, i) => {
    const time = start + 5_000 + i * 20_000;
    const exchange = i % 2 === 0 ? 'binance' : 'bybit';
    return `${time},${exchange},${i % 3 === 0 ? 'short' : 'long'},${closeAt(time)},${50_000 + (i % 7) * 25_000}`;
  });
  // Ten replay minutes in, when the sockets are surely open: a row repeated, a malformed row, and
  // two rows written at the end of the file though they are older than most. The events CSV
  // reader drops the repeat itself, so the duplicate that reaches the wire comes from the replay's
  // other liquidation file, whose rows are all pushed: the same Bybit liquidation twice.
  const special = start + 10 * 60_000;
  const repeated = `${special + 3_000},binance,long,${closeAt(special)},60000`;
  const late = [
    `${special + 13_000},binance,short,${closeAt(special)},80000`,
    `${special + 17_000},bybit,short,${closeAt(special)},90000`,
  ];
  const malformedLine = `${special + 11_000},bybit,long,not-a-price,70000`;
  const eventsPath = join(dir, 'events.csv');
  writeFileSync(
    eventsPath,
    `# synthetic: e2e fault events, one per 20 s at the bar close, plus a repeated, a malformed and two late rows\n` +
      `time,exchange,side,price,notional_usd\n${[...regular, repeated, repeated, malformedLine, ...late].join('\n')}\n`,
  );
  const duplicate = `${special + 7_000},bybit,long,${closeAt(special)},${1.5 * closeAt(special)}`;
  const liquidationsPath = join(dir, 'liquidations.csv');
  writeFileSync(liquidationsPath, `time,exchange,side,price,notional_usd\n${duplicate}\n${duplicate}\n`);
  let replay: ReplayExchange;
  let ext: LaunchedExtension;
  let panel: Page;

  const worker = async (): Promise<Worker> =>
    ext.context.serviceWorkers()[0] ?? (await ext.context.waitForEvent('serviceworker'));
  const stored = async (): Promise<LiquidationEvent[]> => {
    const read = await readIndexedDbStore<LiquidationEvent>(await worker(), DB_NAME, 'liquidationEvents');
    return read.found ? read.records : [];
  };
  const key = (e: { exchange: string; time: number; side: string; price: number | string }) =>
    `${e.exchange}:${e.time}:${e.side}:${Number(e.price)}`;
  const connections = (exchange: 'binance' | 'bybit') =>
    replay.requests.filter((r) => r.ws && r.host === HOSTS[exchange] && r.status === 101);
  /** Keys of the liquidations pushed on `exchange`'s streams after wall time `since`. */
  const pushedSince = (exchange: ExchangeId, since: number) =>
    replay.liquidationPushes
      .filter((p) => p.exchange === exchange && p.time > since)
      .map((p) => key(p.event));
  const expectNoDuplicates = (events: LiquidationEvent[]) => {
    const keys = events.map(key);
    expect(keys.length - new Set(keys).size, 'duplicate rows stored').toBe(0);
  };

  /** Applies `fault`, waits for the worker's new connection, then for what is pushed on it to be stored. */
  async function survives(exchange: 'binance' | 'bybit', fault: () => void, reconnectWithinMs: number) {
    const before = connections(exchange).length;
    expect(before, `an open ${exchange} stream before the fault`).toBeGreaterThan(0);
    fault();
    await expect
      .poll(() => connections(exchange).length, { timeout: reconnectWithinMs, interval: 250 })
      .toBeGreaterThan(before);
    const reconnectedAt = connections(exchange).at(-1)!.time;
    // Wait for a few pushes on the new socket, then for every one of them to be in IndexedDB.
    await expect
      .poll(() => pushedSince(exchange, reconnectedAt).length, { timeout: 20_000 })
      .toBeGreaterThan(3);
    const pushed = pushedSince(exchange, reconnectedAt);
    await expect
      .poll(
        async () => {
          const have = new Set((await stored()).map(key));
          return pushed.filter((k) => !have.has(k));
        },
        { timeout: 20_000 },
      )
      .toEqual([]);
    expectNoDuplicates(await stored());
  }

  beforeAll(async () => {
    replay = await startReplayExchange({
      bars,
      symbol: DEMO_SYMBOL,
      start,
      speed: 0,
      events: eventsPath,
      liquidationsPath,
    });
    ext = await launchExtension({ replay });
    panel = await openSidePanel(ext);
    await messageServiceWorker(panel, { type: 'refresh' });
    await waitForWorkerBands(panel, DEMO_SYMBOL);
    // The streams must be up before replay time runs: Binance and Bybit never resend a push.
    await vi.waitFor(
      () => {
        if (connections('binance').length === 0 || connections('bybit').length === 0)
          throw new Error('the Binance and Bybit streams have not connected');
      },
      { timeout: 30_000, interval: 250 },
    );
    replay.clock.setSpeed(SPEED);
  });
  afterAll(async () => {
    await ext?.close();
    await replay?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a duplicated frame once, skips a malformed row, and reads rows that came late in time order', async () => {
    expect(replay.eventIssues.some((i) => /not-a-price/.test(i))).toBe(true);
    expect(replay.eventIssues.some((i) => /repeats an earlier event/.test(i))).toBe(true);
    expect(replay.eventIssues.some((i) => /not in time order/.test(i))).toBe(true);
    const dupKey = key({ exchange: 'bybit', time: special + 7_000, side: 'long', price: closeAt(special) });
    // The replay sends the duplicated liquidation twice on Bybit's stream…
    await expect
      .poll(() => replay.liquidationPushes.filter((p) => key(p.event) === dupKey).length, { timeout: 30_000 })
      .toBe(2);
    const lateKeys = [
      key({ exchange: 'binance', time: special + 3_000, side: 'long', price: closeAt(special) }),
      key({ exchange: 'binance', time: special + 13_000, side: 'short', price: closeAt(special) }),
      key({ exchange: 'bybit', time: special + 17_000, side: 'short', price: closeAt(special) }),
    ];
    // …and the worker stores it once, with the repeated and the late rows once each.
    await expect
      .poll(
        async () => {
          const keys = (await stored()).map(key);
          return [dupKey, ...lateKeys].map((k) => keys.filter((s) => s === k).length);
        },
        { timeout: 20_000 },
      )
      .toEqual([1, 1, 1, 1]);
    expect((await stored()).some((e) => e.time === special + 11_000)).toBe(false);
    expectNoDuplicates(await stored());

    // Read as the views read them (the bySymbolTime index): oldest first across both exchanges,
    // though the store's own key order starts with the exchange.
    const byTime = await (await worker()).evaluate(
      async ({ dbName, symbol }) => {
        const db = await new Promise<IDBDatabase>((done, fail) => {
          const req = indexedDB.open(dbName);
          req.onsuccess = () => done(req.result);
          req.onerror = () => fail(req.error);
        });
        try {
          const index = db
            .transaction('liquidationEvents')
            .objectStore('liquidationEvents')
            .index('bySymbolTime');
          const rows = await new Promise<Array<{ time: number; exchange: string }>>((done, fail) => {
            const req = index.getAll(IDBKeyRange.bound([symbol, 0], [symbol, Number.MAX_SAFE_INTEGER]));
            req.onsuccess = () => done(req.result);
            req.onerror = () => fail(req.error);
          });
          return rows.map((r) => ({ time: r.time, exchange: r.exchange }));
        } finally {
          db.close();
        }
      },
      { dbName: DB_NAME, symbol: DEMO_SYMBOL },
    );
    const times = byTime.map((r) => r.time);
    expect(times.length).toBeGreaterThan(3);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(byTime.map((r) => r.exchange))).toEqual(new Set(['binance', 'bybit']));
  });

  it('reconnects after a dropped socket (no close frame) and stores what comes after, once each', async () => {
    // Backoff starts at 0.5–1 s: a new connection within a few seconds.
    await survives(
      'bybit',
      () => replay.faults.add({ match: 'allLiquidation', kind: 'ws-drop', times: 1 }),
      15_000,
    );
  });

  it('detects a half-open socket by its silence, reconnects and stores what comes after, once each', async () => {
    // Binance's silence limit is 10 s (core/streams/streamProfiles.ts), then 0.5–1 s of backoff.
    await survives(
      'binance',
      () => replay.faults.add({ match: 'forceOrder', kind: 'ws-half-open', times: 1 }),
      30_000,
    );
  });
});
