import { storage } from '#imports';
import type { Bar } from '@/core/data/bars';
import type { RecordedLiquidation } from '@/core/data/events';
import { type EstimateBase, estimateBase, estimateReply } from '@/core/estimate/estimateReply';
import type { ExchangeId } from '@/core/exchanges/types';
import type { HeatmapReply, PublishedEstimate } from '@/core/messaging';
import { HeatmapInputError, HeatmapSession } from '@/core/model';
import { type DepthScore, scoreDepth } from '@/core/model/depthScore';
import { tryScoreLive } from '@/core/model/liveScore';
import type { HeatFilter } from '@/core/model/types';
import { measureZoneConfidence } from '@/core/model/zoneHistory';
import type { Settings } from '@/core/settings';
import { type HeatBandsDatabase, openHeatBandsDb, readBars, readSyncStatuses } from '@/core/storage/db';
import { readDepthColumns } from '@/core/storage/depth';
import { availableWindows, windowToShow } from '@/core/sync/history';
import { latestWins } from '@/core/sync/latestWins';
import {
  estimateItem,
  liveScoreItem,
  loadEstimate,
  loadZoneConfidence,
  zoneConfidenceItem,
} from '@/utils/estimate';
import { readEstimateInputs, readWindowLiquidations } from '@/utils/heatmapView';
import { loadSettings } from '@/utils/settings';
import { loadTickSize } from '@/utils/tickSizes';

/**
 * The worker's one estimate for the current settings, computed once and published to every view
 * (storage, utils/estimate.ts): the trading pages, the alerts and the badge read it and are told
 * when it changes; none of them runs the engine. One incremental session per (market, window,
 * exchanges) advances bar by bar as the sync brings bars, and is rebuilt only when those settings
 * or the stored history change (a backfill, a prune, an exchange with data for the first time).
 * Filters (sides, leverages, threshold) are applied to the session's result, not rebuilt for.
 *
 * The worker can be stopped at any moment: the session is memory only and rebuilt by the next
 * refresh; the published estimate stays in storage meanwhile.
 */
const HOUR = 3_600_000;

interface LiveEstimate {
  /** What the session was built for: the market, the window shown, the exchanges. */
  key: string;
  /** The stored history it was built from, per exchange (where the sync's coverage starts). */
  covered: string;
  session: HeatmapSession;
  /** Per exchange: the newest bar appended, as text (a re-read newest bar may have gained data). */
  newest: Map<ExchangeId, { time: number; text: string }>;
  /** The published part of the result for `filterKey` (filters, threshold), kept until a bar is appended. */
  result?: { filterKey: string; base: EstimateBase };
}

/** How often the engine ran, for the bench and diagnostics (`session` storage: this browser session). */
export interface EstimateStats {
  builds: number;
  appends: number;
  /** Builds plus advances that appended a bar: what "engine runs" counts. */
  engineRuns: number;
  lastRunAt: number;
}
export const estimateStatsItem = storage.defineItem<EstimateStats>('session:estimateStats', {
  fallback: { builds: 0, appends: 0, engineRuns: 0, lastRunAt: 0 },
});

let live: LiveEstimate | undefined;

const filterOf = (settings: Settings): HeatFilter => ({
  exchanges: settings.exchanges,
  sides: settings.sides,
  leverages: settings.leverages,
});

async function countRun(kind: 'build' | 'append', bars: number): Promise<void> {
  const stats = await estimateStatsItem.getValue();
  await estimateStatsItem.setValue({
    builds: stats.builds + (kind === 'build' ? 1 : 0),
    appends: stats.appends + (kind === 'append' ? bars : 0),
    engineRuns: stats.engineRuns + 1,
    lastRunAt: Date.now(),
  });
}

/**
 * Appends the bars the sync stored since the session's newest, per exchange. False when the
 * session cannot be advanced (an exchange it does not have, a newest bar no longer stored, a bar
 * the engine refuses): then it is rebuilt from the store.
 */
async function advance(
  db: HeatBandsDatabase,
  estimate: LiveEstimate,
  settings: Settings,
  exchanges: ExchangeId[],
) {
  if (exchanges.some((ex) => !estimate.newest.has(ex))) return { ok: false as const, appended: 0 };
  let appended = 0;
  for (const [exchange, newest] of estimate.newest) {
    const bars = await readBars(db, exchange, settings.symbol, '5m', newest.time);
    if (bars[0]?.time !== newest.time) return { ok: false as const, appended };
    for (const bar of bars) {
      const text = JSON.stringify(bar);
      if (bar.time === newest.time && text === estimate.newest.get(exchange)!.text) continue;
      try {
        estimate.session.append(bar as Bar, exchange);
      } catch (error) {
        if (error instanceof HeatmapInputError) return { ok: false as const, appended };
        throw error;
      }
      estimate.newest.set(exchange, { time: bar.time, text });
      appended++;
    }
  }
  if (appended > 0) estimate.result = undefined;
  return { ok: true as const, appended };
}

async function compute(): Promise<{ settings: Settings; reply: HeatmapReply }> {
  const settings = await loadSettings();
  const db = await openHeatBandsDb();
  try {
    const statuses = (await readSyncStatuses(db)).filter(
      (s) => s.symbol === settings.symbol && settings.exchanges.includes(s.exchange),
    );
    const { window } = windowToShow(
      settings.window,
      availableWindows(statuses, settings.symbol, settings.exchanges),
    );
    // The symbol's price step (utils/tickSizes.ts): the book's bins are never finer, the views round to it.
    const tickSize = await loadTickSize(settings.symbol, settings.exchanges);
    const key = JSON.stringify([settings.symbol, window, [...settings.exchanges].sort(), tickSize ?? null]);
    const covered = JSON.stringify(statuses.map((s) => [s.exchange, s.coveredFrom ?? null]).sort());
    const withData = statuses
      .filter((s) => (s.newestBarTime ?? s.newestCandleTime) !== undefined)
      .map((s) => s.exchange);
    let current = live?.key === key && live.covered === covered ? live : undefined;
    if (current) {
      const step = await advance(db, current, settings, withData);
      if (!step.ok) current = undefined;
      else if (step.appended > 0) await countRun('append', step.appended);
    }
    if (!current) {
      live = undefined;
      const inputs = await readEstimateInputs(db, settings);
      if (inputs.problem) return { settings, reply: { ok: false, problem: inputs.problem } };
      const session = new HeatmapSession(inputs.series, { window: inputs.window, tickSize });
      const newest = new Map(
        [...inputs.series].map(([ex, bars]) => {
          const last = bars[bars.length - 1]!;
          return [ex, { time: last.time, text: JSON.stringify(last) }] as const;
        }),
      );
      current = { key, covered, session, newest };
      live = current;
      await countRun('build', 0);
    }
    const confidence = await loadZoneConfidence(settings.symbol, settings.window);
    const filterKey = JSON.stringify([
      filterOf(settings),
      settings.threshold,
      settings.window,
      confidence?.measuredTo ?? null,
    ]);
    if (current.result?.filterKey !== filterKey) {
      current.result = {
        filterKey,
        base: estimateBase(current.session.result(filterOf(settings)), settings, confidence?.table, tickSize),
      };
    }
    const { base } = current.result;
    const newestBar = Math.max(...[...current.newest.values()].map((n) => n.time));
    const liquidations = await readWindowLiquidations(db, settings, newestBar);
    const reply = estimateReply(base, { statuses, liquidations, now: Date.now() });
    return { settings, reply };
  } finally {
    db.close();
  }
}

/**
 * Brings the estimate up to date with the store and publishes it when it changed. Runs one at a
 * time; calls during a run are folded into one more run after it.
 */
export const refreshEstimate = latestWins(async (_reason: string): Promise<PublishedEstimate> => {
  let settings: Settings | undefined;
  let reply: HeatmapReply;
  try {
    ({ settings, reply } = await compute());
  } catch (error) {
    live = undefined;
    settings ??= await loadSettings();
    reply = {
      ok: false,
      problem: `Could not compute the estimate: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const published: PublishedEstimate = { symbol: settings.symbol, publishedAt: Date.now(), reply };
  const before = await loadEstimate();
  const same = before?.symbol === published.symbol && JSON.stringify(before.reply) === JSON.stringify(reply);
  if (!same) await estimateItem.setValue(published);
  return same ? before! : published;
});

/**
 * The live score and the zones' confidence table, once an hour has closed: scored and measured over
 * the recorded liquidations and the freshest exchange's bars, stored for the side panel and the
 * published zones (neither is computed per bar). Returns whether it scored.
 */
export async function scoreClosedHour(published: PublishedEstimate): Promise<boolean> {
  const { reply } = published;
  if (!reply.ok) return false;
  const settings = await loadSettings();
  if (settings.symbol !== published.symbol) return false;
  const hour = Math.floor(reply.asOf / HOUR) * HOUR;
  const stored = await liveScoreItem.getValue();
  if (
    stored &&
    stored.symbol === settings.symbol &&
    stored.window === settings.window &&
    stored.scoredTo >= hour
  ) {
    return false;
  }
  const db = await openHeatBandsDb();
  try {
    const inputs = await readEstimateInputs(db, settings, { until: reply.asOf });
    const bars = inputs.series.values().next().value;
    const scored =
      bars && inputs.liquidations.length > 0
        ? tryScoreLive(bars, inputs.liquidations, { window: settings.window, tickSize: reply.tickSize })
        : undefined;
    const depth = bars ? await scoreRecordedDepth(db, settings, bars, inputs.liquidations, reply.asOf) : null;
    await liveScoreItem.setValue({
      symbol: settings.symbol,
      window: settings.window,
      scoredTo: hour,
      score: scored?.ok ? scored.value : null,
      depth,
    });
    // Few recorded events give few cases: the views then say "not enough history".
    const table = bars
      ? measureZoneConfidence(bars, inputs.liquidations, { window: settings.window })
      : { cases: [], hits: [] };
    await zoneConfidenceItem.setValue({
      symbol: settings.symbol,
      window: settings.window,
      measuredTo: hour,
      table,
    });
    return true;
  } finally {
    db.close();
  }
}

/** Depth scored at most this far back: the recording's byte budget holds about three days. */
const DEPTH_SCORE_SPAN_MS = 72 * HOUR;

/**
 * The live score's depth part: the recorded columns of the followed exchanges over the last three
 * days, scored on the same events as the heat (core/model/depthScore.ts). Null without any depth.
 */
async function scoreRecordedDepth(
  db: HeatBandsDatabase,
  settings: Settings,
  bars: readonly Bar[],
  liquidations: readonly RecordedLiquidation[],
  until: number,
): Promise<DepthScore | null> {
  const from = until - DEPTH_SCORE_SPAN_MS;
  const columns = (
    await Promise.all(settings.exchanges.map((x) => readDepthColumns(db, x, settings.symbol, from, until)))
  ).flat();
  if (columns.length === 0) return null;
  try {
    return scoreDepth({ bars, events: liquidations, columns, options: { window: settings.window } });
  } catch (error) {
    console.warn('HeatBands depth score:', error);
    return null;
  }
}
