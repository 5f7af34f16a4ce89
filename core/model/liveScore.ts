import type { Bar } from '../data/bars';
import type { RecordedLiquidation } from '../data/events';
import { EXCHANGE_IDS, type ExchangeId, type PositionSide } from '../exchanges/types';
import { err, ok, type Result } from '../result';
import { HeatmapInputError } from './barInput';
import { type SkippedEvents, scoreEvents } from './liveScoreEvents';
import { type HourlySide, hourlyScore } from './liveScoreHourly';
import { type SideLift, sideLift } from './liveScoreLift';
import { type LiveScoreOptions, MIN_EVENTS_PER_SIDE, MIN_HOURS } from './liveScoreOptions';
import type { WindowId } from './types';

/**
 * The live score (issue 10): the engine against liquidations that really happened, from bars and
 * recorded liquidation events, in two parts.
 *
 * Per closed hour (the backtest's definitions, shared/notes/liquidation-model.md "Scoring"): the
 * bars are cut into clock hours, the events summed per hour and side, and `backtestSeries` runs on
 * those hourly bars unchanged: its warm-up (the first 168 hourly bars only build state), its
 * predicted notional (the backtest book's levels crossed in the hour, built from earlier hours
 * only) and its excursion baseline. Reported per side: Spearman, partial Spearman and the
 * baseline's own Spearman. On hourly bars whose liquidation columns equal the hourly event sums
 * this is exactly `npm run backtest`.
 *
 * Per event (where inside the bar it happened): for an event in bar b, the engine's heat of the
 * event's side as of the close of bar b−1 (what `computeHeatmap(bars, { window, at: time(b−1) })`
 * shows in its newest column: no look-ahead; see scoreEvents for how it is read fast) over the rows
 * of the grid that bar b's range [low, high] spans; the hottest decile of those rows is compared
 * with where the event's price fell. See `hottestDecileWeights` and `sideLift`.
 *
 * This module puts the two together; the parts: liveScoreHourly.ts (per hour), liveScoreEvents.ts
 * and liveScoreDeciles.ts (per event), liveScoreLift.ts (an event side's figures), and
 * liveScoreOptions.ts (options, defaults and minimums).
 */

export type SideLiveScore = SideLift & HourlySide;

/** The live score, shaped as `npm run score -- --json` prints it. */
export interface LiveScore {
  window: WindowId;
  /** Events scored (both sides) and closed hours scored. */
  events: number;
  hours: number;
  long: SideLiveScore;
  short: SideLiveScore;
  /** Scored events per exchange (Binance's stream is a sample: one event per symbol per second). */
  exchanges: Record<ExchangeId, number>;
  skipped: SkippedEvents;
  minimum: { events_per_side: number; hours: number };
}

/** Both parts of the live score. Throws HeatmapInputError on unusable bars (see tryScoreLive). */
export function scoreLive(
  bars: readonly Bar[],
  events: readonly RecordedLiquidation[],
  options: LiveScoreOptions,
): LiveScore {
  const minEvents = options.minEventsPerSide ?? MIN_EVENTS_PER_SIDE;
  const minHours = options.minHours ?? MIN_HOURS;
  const { samples, skipped } = scoreEvents(bars, events, options);
  const hourly = hourlyScore(bars, events, options);
  const exchanges = Object.fromEntries(EXCHANGE_IDS.map((x) => [x, 0])) as Record<ExchangeId, number>;
  for (const s of samples) exchanges[s.exchange]++;
  const side = (which: PositionSide): SideLiveScore => ({
    ...sideLift(
      samples.filter((s) => s.side === which),
      minEvents,
    ),
    ...hourly[which],
  });
  return {
    window: options.window,
    events: samples.length,
    hours: hourly.hours,
    long: side('long'),
    short: side('short'),
    exchanges,
    skipped,
    minimum: { events_per_side: minEvents, hours: minHours },
  };
}

/** scoreLive as a Result instead of a throw, for callers at a boundary. */
export function tryScoreLive(
  bars: readonly Bar[],
  events: readonly RecordedLiquidation[],
  options: LiveScoreOptions,
): Result<LiveScore> {
  try {
    return ok(scoreLive(bars, events, options));
  } catch (e) {
    if (e instanceof HeatmapInputError) return err(e.message);
    throw e;
  }
}
