import type { StatsSeries } from '../exchanges/adapter';
import type { MarketDataClient } from '../exchanges/client';
import { describeError, type ExchangeError } from '../exchanges/errors';
import {
  type ExchangeId,
  INTERVAL_MS,
  type Interval,
  type TakerFlow,
  type TimeRange,
} from '../exchanges/types';
import {
  type HeatBandsDatabase,
  type HistoryLimit,
  pruneBars,
  readSyncStatus,
  type StoredBar,
  type SyncStatus,
  saveSync,
  saveSyncStatus,
  syncKey,
} from '../storage/db';
import { assembleBars } from './assembleBars';

/**
 * The market-data calls a sync needs, as core/exchanges/client.ts's MarketDataClient has them.
 * Optional ones: `serverTime` (ranges follow the exchange's clock when offered), `takerFlow`, and
 * `statsReachMs` (how far back the exchange keeps open interest and taker flow).
 */
export type SeriesSource = Pick<MarketDataClient, 'candles' | 'openInterestHistory'> &
  Partial<Pick<MarketDataClient, 'takerFlow' | 'serverTime' | 'statsReachMs'>>;

export interface SyncPlan {
  exchange: ExchangeId;
  symbol: string;
  interval: Interval;
  /** How far back the first sync reaches; later syncs continue from the newest stored bar. */
  historyMs: number;
  /**
   * Bars older than this are pruned after a successful sync: the retention the trader chose,
   * which may exceed historyMs (what the exchanges still keep) by far.
   */
  keepMs: number;
}

/** How far a sync has come, for a progress bar: 0…1 of its pages, and since when it runs. */
export interface SyncProgress {
  exchange: ExchangeId;
  fraction: number;
  startedAt: number;
  /** Whether this sync fills in history (a first sync, or a wider window): the long kind. */
  backfill: boolean;
}

export type SyncOutcome =
  | { ok: true; added: number; newestBarTime?: number; notes: string[] }
  | { ok: false; error: ExchangeError };

/** How long a resume waits for open interest that never arrives before moving on without it. */
const OI_PATIENCE_MS = 2 * 3_600_000;

/**
 * The statistics series this sync read whose history on the exchange is shorter than the plan
 * asks for (OKX keeps 1,440 periods: 5 days at 5 minutes), so a long window does not silently
 * lack that exchange's older heat.
 */
function historyLimitsOf(
  source: SeriesSource,
  plan: SyncPlan,
  read: readonly StatsSeries[],
): HistoryLimit[] | undefined {
  const limits: HistoryLimit[] = [];
  for (const series of read) {
    const reachMs = source.statsReachMs?.(series, plan.interval);
    if (reachMs !== undefined && reachMs < plan.historyMs) limits.push({ source: series, reachMs });
  }
  return limits.length > 0 ? limits : undefined;
}

/**
 * One sync of one series: fetch what is new since the newest stored bar (re-fetching that bar,
 * which may have been in progress), join candles with open interest and taker flow, and store
 * closed bars together with the sync status in one transaction. On failure nothing cached is
 * touched; only the status records the error, so the UI can say what is stale and why.
 * When the plan reaches further back than any earlier sync did (a wider window was chosen), the
 * sync starts from the plan's earliest bar instead, once, to fill the history in.
 * `localClock` is the machine's clock: it stamps attempts and retry times; the exchange's own
 * clock decides which bars exist.
 */
export async function syncSeries(
  db: HeatBandsDatabase,
  source: SeriesSource,
  plan: SyncPlan,
  localClock: () => number,
  onProgress?: (progress: SyncProgress) => void,
): Promise<SyncOutcome> {
  const { exchange, symbol, interval } = plan;
  const attemptAt = localClock();
  const clock = await source.serverTime?.();
  const now = clock?.ok ? clock.value : attemptAt;
  const step = INTERVAL_MS[interval];
  const key = syncKey(exchange, symbol, interval);
  const previous = await readSyncStatus(db, key);
  const earliest = Math.floor((now - plan.historyMs) / step) * step;
  const backfill = previous?.coveredFrom === undefined || previous.coveredFrom > earliest;
  // Resume where open interest is known; if it never came, give up waiting after a while.
  const resume =
    previous?.newestBarTime ??
    (previous?.newestCandleTime !== undefined ? previous.newestCandleTime - OI_PATIENCE_MS : earliest);
  const startTime = backfill ? earliest : Math.max(earliest, resume);
  const range: TimeRange = { startTime, endTime: now };

  const failWith = async (error: ExchangeError): Promise<SyncOutcome> => {
    // Retry times count from when the error arrived, not from when the sync began.
    const failedAt = localClock();
    const status: SyncStatus = {
      ...(previous ?? { key, exchange, symbol, interval, sources: [] }),
      lastAttemptAt: attemptAt,
      error: {
        kind: error.kind,
        message: describeError(error),
        retryAt: error.retryAfterMs !== undefined ? failedAt + error.retryAfterMs : undefined,
      },
    };
    await saveSyncStatus(db, status);
    return { ok: false, error };
  };

  // Candles, open interest and taker flow: three phases of pages, each a third of the bar.
  const phase =
    (index: number) =>
    (done: number, total: number): void =>
      onProgress?.({ exchange, fraction: (index + done / total) / 3, startedAt: attemptAt, backfill });
  const candles = await source.candles(symbol, interval, range, phase(0));
  if (!candles.ok) return failWith(candles.error);
  const oi = await source.openInterestHistory(symbol, interval, range, phase(1));
  if (!oi.ok) return failWith(oi.error);
  const notes: string[] = [];
  const sources = ['candles', 'openInterestHistory'];
  let flow: TakerFlow[] = [];
  if (source.takerFlow) {
    const f = await source.takerFlow(symbol, interval, range, phase(2));
    if (f.ok) {
      flow = f.value;
      sources.push('takerFlow');
    } else {
      const why = f.error.kind === 'not-offered' ? f.error.message : describeError(f.error);
      notes.push(`taker flow unavailable: ${why}`);
    }
  }

  const closed = candles.value.filter((c) => c.openTime + step <= now);
  const bars: StoredBar[] = assembleBars(closed, step, oi.value, flow).map((b) => ({
    ...b,
    exchange,
    symbol,
    interval,
  }));
  // Resume from the newest bar whose open interest is known: the exchanges publish OI a little
  // after the candle closes, and a bar stored without it must be fetched again.
  const newestWithOi = bars.findLast((b) => b.oiUsd !== undefined)?.time;
  const newest = newestWithOi ?? previous?.newestBarTime;
  const newestCandle = bars.at(-1)?.time ?? previous?.newestCandleTime;
  // Bars before this are pruned once saved (on the bar grid, as `earliest` is).
  const keptFrom = Math.floor((now - plan.keepMs) / step) * step;
  const read: StatsSeries[] = sources.includes('takerFlow')
    ? ['open-interest', 'taker-flow']
    : ['open-interest'];
  await saveSync(db, bars, {
    key,
    exchange,
    symbol,
    interval,
    lastAttemptAt: attemptAt,
    lastSuccessAt: attemptAt,
    exchangeTimeAtSync: now,
    newestBarTime: newest,
    newestCandleTime: newestCandle,
    // What is stored without a hole starts here: windows longer than the exchanges keep are
    // offered from it (core/sync/history.ts). Pruning moves it forward, and so does a pause
    // longer than the exchanges keep (the bars in between can no longer be fetched).
    coveredFrom: Math.max(
      keptFrom,
      resume < earliest ? startTime : Math.min(startTime, previous?.coveredFrom ?? startTime),
    ),
    sources,
    historyLimits: historyLimitsOf(source, plan, read),
  });
  await pruneBars(db, exchange, symbol, interval, keptFrom);
  return { ok: true, added: bars.length, newestBarTime: newest, notes };
}
