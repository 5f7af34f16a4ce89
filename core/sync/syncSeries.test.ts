import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoBars } from '../../tools/demo/demo-bars';
import { type ReplayExchange, startReplayExchange } from '../../tools/replay-exchange/index';
import { routedFetch } from '../../tools/replay-exchange/routedFetch';
import type { Bar } from '../data/bars';
import type { ExchangeAdapter } from '../exchanges/adapter';
import { binance } from '../exchanges/binance';
import { RequestBudget } from '../exchanges/budget';
import { bybit } from '../exchanges/bybit';
import { createMarketDataClient, type MarketDataClient } from '../exchanges/client';
import { createTransport, timerSleep } from '../exchanges/http';
import { okx } from '../exchanges/okx';
import {
  DB_NAME,
  forgetUnusedSeries,
  type HeatBandsDatabase,
  openHeatBandsDb,
  readBars,
  readSyncStatuses,
  type StoredBar,
  saveSync,
} from '../storage/db';
import { type SeriesSource, type SyncPlan, type SyncProgress, syncSeries } from './syncSeries';

/**
 * The worker's sync, end to end below the browser: real adapters and transport, real IndexedDB
 * semantics (fake-indexeddb), and the replay exchange answering exactly as Binance and Bybit do
 * from the embedded recording. Only the socket is redirected (routedFetch).
 */
const HOUR = 3_600_000;
const STEP = 300_000;
const recorded: Bar[] = loadDemoBars();
const byTime = new Map(recorded.map((b) => [b.time, b]));
const START = recorded[0]!.time + 2 * 24 * HOUR + 2 * 60_000; // two days in, mid-bar

let replay: ReplayExchange;
let db: HeatBandsDatabase;

beforeAll(async () => {
  replay = await startReplayExchange({ bars: recorded, start: START, speed: 0 });
});
afterAll(async () => {
  await replay.close();
});
beforeEach(async () => {
  replay.clock.set(START);
  replay.faults.clear();
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

function clientFor(adapter: ExchangeAdapter): MarketDataClient {
  const budget = new RequestBudget(adapter.rateLimits, { now: Date.now });
  const transport = createTransport({
    fetch: routedFetch(replay.port),
    budget,
    now: Date.now,
    // Real timers (the timeout is one); random 0 makes the 5xx back-off zero.
    sleep: timerSleep,
    random: () => 0,
    timeoutMs: 1500,
    maxRetries: 1,
  });
  return createMarketDataClient({ adapter, transport });
}

const plan = (exchange: 'binance' | 'bybit'): SyncPlan => ({
  exchange,
  symbol: 'BTCUSDT',
  interval: '5m',
  historyMs: 12 * HOUR,
  keepMs: 30 * 24 * HOUR,
});

const stored = (exchange: 'binance' | 'bybit'): Promise<StoredBar[]> =>
  readBars(db, exchange, 'BTCUSDT', '5m');

describe('syncSeries against the replay exchange', () => {
  it("stores the closed bars of the window by the exchange's clock, with the recording's OI and taker flow", async () => {
    // The local clock is months after the recording: ranges must follow the exchange's clock.
    const outcome = await syncSeries(db, clientFor(binance), plan('binance'), Date.now);
    expect(outcome.ok).toBe(true);
    const bars = await stored('binance');
    const lastClosed = Math.floor(START / STEP) * STEP - STEP;
    expect(bars.at(-1)!.time).toBe(lastClosed);
    expect(bars.length).toBeGreaterThanOrEqual(144);
    for (const bar of bars) {
      const truth = byTime.get(bar.time)!;
      expect(bar.close).toBe(truth.close);
      expect(bar.oiUsd).toBeCloseTo(truth.oiUsd!, 0);
      expect(bar.takerDeltaBase).toBeCloseTo(truth.takerDeltaBase!, 3);
    }
    const [status] = await readSyncStatuses(db);
    expect(status).toMatchObject({
      exchange: 'binance',
      newestBarTime: lastClosed,
      sources: expect.any(Array),
    });
    expect(status!.error).toBeUndefined();
    expect(replay.requests.some((r) => r.host === 'fapi.binance.com' && r.path === '/fapi/v1/time')).toBe(
      true,
    );
  });

  it('reports its progress page by page, rising to the whole, and marks a first sync as a backfill', async () => {
    const seen: SyncProgress[] = [];
    const outcome = await syncSeries(
      db,
      clientFor(binance),
      { ...plan('binance'), historyMs: 7 * 24 * HOUR },
      Date.now,
      (p) => seen.push(p),
    );
    expect(outcome.ok).toBe(true);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    const fractions = seen.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBeCloseTo(1, 9);
    expect(seen.every((p) => p.exchange === 'binance' && p.backfill)).toBe(true);
  });

  it('continues from the newest stored bar when replay time moves on', async () => {
    await syncSeries(db, clientFor(binance), plan('binance'), Date.now);
    const before = await stored('binance');
    replay.clock.set(START + HOUR);
    const outcome = await syncSeries(db, clientFor(binance), plan('binance'), Date.now);
    expect(outcome.ok && outcome.added).toBeLessThanOrEqual(13);
    const after = await stored('binance');
    expect(after.length - before.length).toBe(12);
    expect(after.at(-1)!.time - before.at(-1)!.time).toBe(HOUR);
  });

  it('reads Bybit: one-sided open interest in USD from its both-sided figure, bars oldest first', async () => {
    const outcome = await syncSeries(db, clientFor(bybit), plan('bybit'), Date.now);
    expect(outcome.ok).toBe(true);
    const bars = await stored('bybit');
    expect(bars.length).toBeGreaterThanOrEqual(144);
    for (const bar of bars.slice(1)) {
      // Bybit gives base units; USD = base × close, which is the recording's one-sided OI.
      expect(bar.oiUsd! / byTime.get(bar.time)!.oiUsd!).toBeCloseTo(1, 4);
    }
  });

  it("reads OKX by its own clock: USD open interest and closes equal the recording's, recent pages on /market/candles", async () => {
    const outcome = await syncSeries(db, clientFor(okx), { ...plan('binance'), exchange: 'okx' }, Date.now);
    expect(outcome).toMatchObject({ ok: true, notes: [] });
    const bars = await readBars(db, 'okx', 'BTCUSDT', '5m');
    const lastClosed = Math.floor(START / STEP) * STEP - STEP;
    expect(bars.at(-1)!.time).toBe(lastClosed);
    expect(bars.length).toBeGreaterThanOrEqual(144);
    for (const bar of bars) {
      const truth = byTime.get(bar.time)!;
      expect(bar.close).toBe(truth.close);
      // oiUsd comes straight from OKX's oiUsd column, which the replay fills from oi_usd.
      expect(bar.oiUsd).toBeCloseTo(truth.oiUsd!, 0);
      if (truth.takerDeltaBase !== undefined) expect(bar.takerDeltaBase).toBeCloseTo(truth.takerDeltaBase, 3);
    }
    const okxPaths = replay.requests.filter((r) => r.host === 'www.okx.com').map((r) => r.path);
    expect(okxPaths).toContain('/api/v5/public/time');
    // Twelve hours back from OKX's clock are all within the 1,440 bars /market/candles keeps.
    expect(okxPaths).toContain('/api/v5/market/candles');
    expect(okxPaths).not.toContain('/api/v5/market/history-candles');
  });
});

describe('syncSeries resumes, backfills and forgets as the trader changes views', () => {
  it('fills in older history once when a wider window is chosen, then goes back to resuming', async () => {
    await syncSeries(db, clientFor(binance), plan('binance'), Date.now);
    const narrow = await stored('binance');
    const wide = { ...plan('binance'), historyMs: 36 * HOUR };
    await syncSeries(db, clientFor(binance), wide, Date.now);
    const filled = await stored('binance');
    expect(filled[0]!.time).toBeLessThanOrEqual(START - 36 * HOUR + STEP);
    expect(filled.length).toBeGreaterThan(narrow.length + 200);
    const again = await syncSeries(db, clientFor(binance), wide, Date.now);
    expect(again.ok && again.added).toBeLessThanOrEqual(1);
  });

  it('stops waiting for open interest that never comes, instead of re-fetching the whole history', async () => {
    const client = clientFor(binance);
    const ranges: number[] = [];
    const noOi = {
      ...client,
      candles: (symbol: string, interval: '5m', range: { startTime: number; endTime: number }) => {
        ranges.push(range.startTime);
        return client.candles(symbol, interval, range);
      },
      openInterestHistory: async () => ({ ok: true as const, value: [] }),
    };
    await syncSeries(db, noOi, plan('binance'), Date.now);
    replay.clock.set(START + HOUR);
    await syncSeries(db, noOi, plan('binance'), Date.now);
    const [status] = await readSyncStatuses(db);
    expect(status!.newestBarTime).toBeUndefined();
    expect(status!.newestCandleTime).toBeDefined();
    // The second sync resumed two hours before the newest candle, not twelve hours back.
    expect(ranges[1]! - ranges[0]!).toBeGreaterThan(8 * HOUR);
  });

  it('forgets series nobody has synced for a while, bars and status alike', async () => {
    await syncSeries(db, clientFor(binance), plan('binance'), Date.now);
    expect(await forgetUnusedSeries(db, 0)).toEqual([]);
    expect((await stored('binance')).length).toBeGreaterThan(0);
    expect(await forgetUnusedSeries(db, Date.now() + 1)).toEqual(['binance:BTCUSDT:5m']);
    expect(await stored('binance')).toEqual([]);
    expect(await readSyncStatuses(db)).toEqual([]);
  });
});

describe('syncSeries keeps the cache intact when the exchange misbehaves', () => {
  async function seeded(): Promise<StoredBar[]> {
    const first = await syncSeries(db, clientFor(binance), plan('binance'), Date.now);
    expect(first).toMatchObject({ ok: true });
    replay.clock.set(START + HOUR);
    return stored('binance');
  }

  it('HTTP 429 with Retry-After: a rate-limited error, the retry time recorded, no bar lost', async () => {
    const cached = await seeded();
    replay.faults.add({ match: '/fapi/v1/klines', kind: 'status', status: 429, retryAfterSec: 30 });
    const now = Date.now();
    const outcome = await syncSeries(db, clientFor(binance), plan('binance'), () => now);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toMatchObject({
      kind: 'rate-limited',
      exchange: 'binance',
      endpoint: '/fapi/v1/klines',
    });
    const [status] = await readSyncStatuses(db);
    expect(status!.error!.kind).toBe('rate-limited');
    expect(status!.error!.retryAt).toBeGreaterThanOrEqual(now + 30_000);
    expect(status!.lastSuccessAt).toBeDefined();
    expect(await stored('binance')).toEqual(cached);
  });

  it.each([
    ['truncated', 'malformed'],
    ['html', 'malformed'],
    ['malformed', 'malformed'],
  ] as const)(
    'a %s openInterestHist body is a %s error naming the endpoint; cache intact',
    async (kind, expected) => {
      const cached = await seeded();
      replay.faults.add({ match: '/futures/data/openInterestHist', kind });
      const outcome = await syncSeries(db, clientFor(binance), plan('binance'), Date.now);
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.error.kind).toBe(expected);
      expect(outcome.error.endpoint).toBe('/futures/data/openInterestHist');
      expect(await stored('binance')).toEqual(cached);
      expect((await readSyncStatuses(db))[0]!.error!.message).toContain('openInterestHist');
    },
  );

  it('HTTP 503 twice: retried, then a server error; 403 from Bybit: banned', async () => {
    await seeded();
    replay.faults.add({ match: '/fapi/v1/klines', kind: 'status', status: 503 });
    const outcome = await syncSeries(db, clientFor(binance), plan('binance'), Date.now);
    expect(!outcome.ok && outcome.error.kind).toBe('server');
    replay.faults.clear();
    replay.faults.add({ match: '/v5/market/kline', kind: 'status', status: 403 });
    const banned = await syncSeries(db, clientFor(bybit), plan('bybit'), Date.now);
    expect(!banned.ok && banned.error.kind).toBe('banned');
  });

  it('a request that never answers times out, and nothing is written', async () => {
    const cached = await seeded();
    replay.faults.add({ match: '/fapi/v1/klines', kind: 'timeout' });
    const outcome = await syncSeries(db, clientFor(binance), plan('binance'), Date.now);
    expect(!outcome.ok && outcome.error.kind).toBe('timeout');
    expect(await stored('binance')).toEqual(cached);
  });

  it('a write that fails midway (as when the worker is killed) leaves the earlier bars and status as they were', async () => {
    const cached = await seeded();
    const [statusBefore] = await readSyncStatuses(db);
    const good = { ...cached.at(-1)!, time: cached.at(-1)!.time + STEP, close: 1 };
    const broken = { ...good, time: undefined } as unknown as StoredBar; // not a valid key: aborts the transaction
    await expect(
      saveSync(db, [good, broken], { ...statusBefore!, newestBarTime: good.time, lastAttemptAt: 1 }),
    ).rejects.toThrow();
    expect(await stored('binance')).toEqual(cached);
    expect((await readSyncStatuses(db))[0]).toEqual(statusBefore);
  });
});

describe('syncSeries says when the exchange keeps less history than the window needs', () => {
  const DAY = 24 * HOUR;
  const NOW = START;
  /** An exchange with no bars to give that keeps `reachMs` of its statistics, like OKX's 1,440 periods. */
  const keeping = (reachMs: number, takerFlow: boolean): SeriesSource => ({
    serverTime: async () => ({ ok: true, value: NOW }),
    candles: async () => ({ ok: true, value: [] }),
    openInterestHistory: async () => ({ ok: true, value: [] }),
    ...(takerFlow ? { takerFlow: async () => ({ ok: true as const, value: [] }) } : {}),
    statsReachMs: () => reachMs,
  });
  const okxPlan = (historyMs: number): SyncPlan => ({ ...plan('binance'), exchange: 'okx', historyMs });
  const status = async () => (await readSyncStatuses(db))[0]!;

  it('records open interest and taker flow as limited when a 7-day window asks for more than 5 days', async () => {
    const outcome = await syncSeries(db, keeping(5 * DAY, true), okxPlan(7 * DAY), () => NOW);
    expect(outcome.ok).toBe(true);
    expect((await status()).historyLimits).toEqual([
      { source: 'open-interest', reachMs: 5 * DAY },
      { source: 'taker-flow', reachMs: 5 * DAY },
    ]);
  });

  it('names only the series it read: no taker flow, no taker-flow limit', async () => {
    await syncSeries(db, keeping(5 * DAY, false), okxPlan(30 * DAY), () => NOW);
    expect((await status()).historyLimits).toEqual([{ source: 'open-interest', reachMs: 5 * DAY }]);
  });

  it('records nothing when the window fits, and clears an earlier note when it fits again', async () => {
    await syncSeries(db, keeping(5 * DAY, true), okxPlan(7 * DAY), () => NOW);
    await syncSeries(db, keeping(5 * DAY, true), okxPlan(12 * HOUR), () => NOW);
    expect((await status()).historyLimits).toBeUndefined();
  });

  it("OKX's own reach: 1,440 five-minute periods are 5 days, so a 30-day window is limited", async () => {
    const client = clientFor(okx);
    expect(client.statsReachMs('open-interest', '5m')).toBe(5 * DAY);
    expect(client.statsReachMs('taker-flow', '1h')).toBe(60 * DAY);
    await syncSeries(
      db,
      { ...keeping(0, true), statsReachMs: client.statsReachMs },
      okxPlan(30 * DAY),
      () => NOW,
    );
    expect((await status()).historyLimits?.map((l) => l.reachMs)).toEqual([5 * DAY, 5 * DAY]);
  });

  it('Binance keeps its statistics 30 days, which the longest history never exceeds', async () => {
    expect(clientFor(binance).statsReachMs('open-interest', '5m')).toBe(30 * DAY);
    await syncSeries(db, clientFor(binance), plan('binance'), Date.now);
    expect((await status()).historyLimits).toBeUndefined();
  });
});

describe('syncSeries keeps what it recorded for the retention, beyond what the exchange keeps', () => {
  const DAY = 24 * HOUR;
  const retention = { ...plan('binance'), keepMs: 60 * DAY };

  it('keeps bars older than the fetch reaches, prunes those past the retention, and says where what is kept starts', async () => {
    await syncSeries(db, clientFor(binance), retention, Date.now);
    const [first] = await readSyncStatuses(db);
    const template = (await stored('binance'))[0]!;
    // Bars recorded by earlier syncs, long before the 12 hours this plan fetches.
    const at = (daysAgo: number) => Math.floor((START - daysAgo * DAY) / STEP) * STEP;
    await saveSync(
      db,
      [45, 75].map((d) => ({ ...template, time: at(d) })),
      {
        ...first!,
        coveredFrom: at(80),
      },
    );

    replay.clock.set(START + HOUR);
    const outcome = await syncSeries(db, clientFor(binance), retention, Date.now);
    expect(outcome.ok).toBe(true);
    const times = (await stored('binance')).map((b) => b.time);
    expect(times).toContain(at(45)); // older than the exchange's 30 days, inside the 60-day retention
    expect(times).not.toContain(at(75)); // past the retention
    const [status] = await readSyncStatuses(db);
    // What is kept starts at the retention's edge, not where the first sync asked from.
    expect(status!.coveredFrom).toBeGreaterThan(START + HOUR - 60 * DAY - 2 * STEP);
    expect(status!.coveredFrom).toBeLessThanOrEqual(START + HOUR - 60 * DAY);
    // The second sync fetched only what was new: the fetch reach did not grow with the retention.
    expect(outcome.ok && outcome.added).toBeLessThan(20);
  });

  it('starts what it kept afresh after a pause longer than the fetch reaches: the bars between are lost', async () => {
    await syncSeries(db, clientFor(binance), retention, Date.now);
    replay.clock.set(START + 13 * HOUR);
    await syncSeries(db, clientFor(binance), retention, Date.now);
    const [status] = await readSyncStatuses(db);
    expect(status!.coveredFrom).toBeGreaterThanOrEqual(START + 13 * HOUR - 12 * HOUR - STEP);
  });
});
