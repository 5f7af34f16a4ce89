import { type Bar, commonSpacing } from '../data/bars';
import type { RecordedLiquidation } from '../data/events';
import type { ExchangeId, PositionSide } from '../exchanges/types';
import { prepareBars } from './barInput';
import { DEFAULT_CONFIG, type EngineConfig } from './config';
import { bookBinSize, columnSpanMs } from './heatGrid';
import { defaultWarmUpMs } from './heatmapOptions';
import {
  chanceOutside,
  decileSize,
  extremeDecileWeights,
  hottestDecileWeights,
  rangeRows,
  rowCoverage,
} from './liveScoreDeciles';
import { LIVE_WARM_UP_MS, type LiveScoreOptions } from './liveScoreOptions';
import { HeatmapSession } from './session';
import { type NewestColumn, WINDOW_MS, type WindowId } from './types';

/**
 * The live score per event: each recorded liquidation against the engine's heat as of the close of
 * the bar before the one holding it (see scoreEvents), and the events that could not be scored.
 */

/**
 * An event priced outside its bar's [low, high] by at most this fraction is counted in the nearest
 * row of the range (exchanges, mark and bankruptcy prices differ a little from the bars' last
 * price); farther out it is not scored (skipped.price_outside_bar): it cannot be the same market.
 */
export const PRICE_TOLERANCE = 0.01;

/** One scored event: where it fell, and how the engine's decile and the baseline's covered it. */
export interface EventSample {
  time: number;
  exchange: ExchangeId;
  side: PositionSide;
  price: number;
  usd: number;
  /** Open time of the bar holding the event; the heat is the engine's at the previous bar's close. */
  barTime: number;
  /** Rows of the bar's range, and rows in its decile (ceil(rangeRows / 10)). */
  rangeRows: number;
  decileRows: number;
  /** The event's row's weight in the engine's hottest decile (1 in, 0 out, a share when tied). */
  hit: number;
  /**
   * The share of the bar's price range the engine's decile covers (Σ weight × rowCoverage): the hit
   * an event placed uniformly at random in [low, high] would score.
   */
  chance: number;
  /** The same two for the baseline's extreme decile. */
  baselineHit: number;
  baselineChance: number;
  /**
   * The engine decile's chance among the rows outside the baseline's decile (chanceOutside): the hit
   * an event placed uniformly at random in the part of [low, high] the baseline's decile leaves out
   * would score (0 when that decile covers the whole range). Used only when baselineHit is 0.
   */
  partialChance: number;
  /** The price lay outside the bar's range (within PRICE_TOLERANCE) and was counted in its end row. */
  clamped: boolean;
}

/**
 * The rows one event was scored on, handed to `scoreEvents`' optional `onScored` so another score
 * can rank the same rows on the same events (core/model/depthScore.ts) without a second pass.
 */
export interface ScoredRows {
  /** The grid's row layout (row k covers [priceMin + k·binSize, priceMin + (k+1)·binSize)) and the range's first row. */
  priceMin: number;
  binSize: number;
  first: number;
  /** Per row of the bar's range: the engine's heat of the event's side, and the share of the range it covers. */
  heat: Float64Array;
  cover: Float64Array;
  /** The event's row, counted from `first`. */
  at: number;
}

/** Events not scored, by reason. */
export interface SkippedEvents {
  /** Before the first bar or after the last bar's end. */
  outside_bars: number;
  /** Inside the bars' span, in a gap without a bar. */
  no_bar: number;
  /** In the scoring warm-up (the first LIVE_WARM_UP_MS of bars), or in the first bar (no previous close). */
  warm_up: number;
  /** Priced more than PRICE_TOLERANCE outside the bar's range. */
  price_outside_bar: number;
}

/** Events in time order (a stable copy when they are not). */
function inTimeOrder(events: readonly RecordedLiquidation[]): readonly RecordedLiquidation[] {
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.time < events[i - 1]!.time) return [...events].sort((a, b) => a.time - b.time);
  }
  return events;
}

/**
 * The level-book bin and the row-snapping quantum a full computation of `window` at bar `newest`
 * uses: both are sized from the first bar it replays (its warm-up start, heatmapOptions.ts), so
 * they change when that bar's price crosses a rounding step. Together with the window's bars they
 * fix the grid's rows.
 */
function rowSizing(
  bars: readonly Bar[],
  newest: number,
  window: WindowId,
  config: EngineConfig,
  intervalMs: number,
  tickSize: number | undefined,
): string {
  const windowMs = WINDOW_MS[window];
  const colMs = columnSpanMs(windowMs, intervalMs, config.grid.maxColumns);
  const warmUpMs = defaultWarmUpMs(config);
  let ref = 0;
  if (warmUpMs < Number.POSITIVE_INFINITY) {
    const lastCol = Math.floor(bars[newest]!.time / colMs);
    const from = (lastCol - Math.ceil(windowMs / colMs) + 1) * colMs - warmUpMs;
    let lo = 0;
    let hi = newest;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bars[mid]!.time < from) lo = mid + 1;
      else hi = mid;
    }
    ref = lo;
  }
  const price = bars[ref]!.close;
  const bookBin = bookBinSize(price, config.grid.bookBinPct[window], tickSize);
  return `${bookBin}/${Math.max(1, Math.round((config.grid.rangeQuantumPct * price) / bookBin))}`;
}

/**
 * Scores every event against the heat as of the previous bar's close. Reading that heat with a
 * full computation per bar would cost milliseconds per bar, so a live HeatmapSession is used: built
 * over the bars before the first bar read (cut at the default warm-up, exactly as computeHeatmap
 * cuts), then appended bar by bar; its newest column after bar b−1 is read before bar b is
 * appended. It is rebuilt whenever the full computation at b−1 would size its rows differently
 * (rowSizing), so the grid's rows are always those of computeHeatmap(bars, { at: time(b−1) }); the
 * heat in them differs only by what the session still holds from before that computation's later
 * warm-up start, which ageing has cut below 2^−7 of its notional.
 */
export function scoreEvents(
  input: readonly Bar[],
  unsorted: readonly RecordedLiquidation[],
  options: LiveScoreOptions,
  onScored?: (sample: EventSample, rows: ScoredRows) => void,
): { samples: EventSample[]; skipped: SkippedEvents } {
  const bars = prepareBars(input);
  const events = inTimeOrder(unsorted);
  const config = options.config ?? DEFAULT_CONFIG;
  const intervalMs = options.intervalMs ?? commonSpacing(bars);
  const skipped: SkippedEvents = { outside_bars: 0, no_bar: 0, warm_up: 0, price_outside_bar: 0 };
  const samples: EventSample[] = [];
  // Bar b holds [time, time + interval), cut short by the next bar when that comes sooner.
  const barEnd = (b: number) =>
    Math.min(bars[b]!.time + Math.max(intervalMs, 1), bars[b + 1]?.time ?? Number.POSITIVE_INFINITY);
  const scoreFrom = bars[0]!.time + (options.scoreWarmUpMs ?? LIVE_WARM_UP_MS);
  const found = bars.findIndex((b) => b.time >= scoreFrom);
  // The first bar has no previous close to read heat from.
  const first = Math.max(1, found < 0 ? bars.length : found);

  let session: HeatmapSession | undefined;
  let sizing = '';
  /** The session holding bars 0..b−1, rebuilt when the full computation's rows would differ. */
  const sessionBefore = (b: number): HeatmapSession => {
    const wanted = rowSizing(bars, b - 1, options.window, config, intervalMs, options.tickSize);
    if (!session || wanted !== sizing) {
      session = new HeatmapSession(bars.slice(0, b), {
        window: options.window,
        config,
        intervalMs,
        tickSize: options.tickSize,
      });
      sizing = wanted;
    }
    return session;
  };

  let e = 0;
  for (; e < events.length && events[e]!.time < bars[0]!.time; e++) skipped.outside_bars++;
  for (let b = 0; b < bars.length; b++) {
    const bar = bars[b]!;
    let column: NewestColumn | undefined;
    for (; e < events.length && events[e]!.time < barEnd(b); e++) {
      const event = events[e]!;
      if (b < first) {
        skipped.warm_up++;
        continue;
      }
      if (event.price < bar.low * (1 - PRICE_TOLERANCE) || event.price > bar.high * (1 + PRICE_TOLERANCE)) {
        skipped.price_outside_bar++;
        continue;
      }
      // Read before this bar is appended: the heat as of the previous bar's close.
      column ??= sessionBefore(b).newestColumn();
      samples.push(scoreOne(event, bar, column, onScored));
    }
    const next = bars[b + 1]?.time;
    if (next === undefined) break;
    for (; e < events.length && events[e]!.time < next; e++) skipped.no_bar++;
    session?.append(bar);
  }
  skipped.outside_bars += events.length - e;
  return { samples, skipped };
}

/** One event against the column of the previous bar's close (see EventSample). */
function scoreOne(
  event: RecordedLiquidation,
  bar: Bar,
  column: NewestColumn,
  onScored?: (sample: EventSample, rows: ScoredRows) => void,
): EventSample {
  const { priceMin, binSize } = column;
  const { first, count } = rangeRows(priceMin, binSize, bar.low, bar.high);
  const heatOfSide = event.side === 'long' ? column.long : column.short;
  const heat = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const row = first + i;
    heat[i] = row >= 0 && row < column.rows ? heatOfSide[row]! : 0;
  }
  const cover = rowCoverage(priceMin, binSize, bar.low, bar.high);
  const hot = hottestDecileWeights(heat);
  const extreme = extremeDecileWeights(count, event.side);
  let chance = 0;
  let baselineChance = 0;
  for (let i = 0; i < count; i++) {
    chance += hot[i]! * cover[i]!;
    baselineChance += extreme[i]! * cover[i]!;
  }
  // A price just outside the range (within PRICE_TOLERANCE) counts in the range's end row.
  const at = Math.min(count - 1, Math.max(0, Math.floor((event.price - priceMin) / binSize) - first));
  const sample: EventSample = {
    time: event.time,
    exchange: event.exchange,
    side: event.side,
    price: event.price,
    usd: event.notionalUsd,
    barTime: bar.time,
    rangeRows: count,
    decileRows: decileSize(count),
    hit: hot[at]!,
    chance,
    baselineHit: extreme[at]!,
    baselineChance,
    partialChance: chanceOutside(hot, extreme, cover),
    clamped: event.price < bar.low || event.price > bar.high,
  };
  onScored?.(sample, { priceMin, binSize, first, heat, cover, at });
  return sample;
}
