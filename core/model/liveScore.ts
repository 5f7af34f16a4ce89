import { type Bar, commonSpacing } from '../data/bars';
import type { RecordedLiquidation } from '../data/events';
import { EXCHANGE_IDS, type ExchangeId, type PositionSide } from '../exchanges/types';
import { err, ok, type Result } from '../result';
import { backtestSeries, SCORE_FROM_INDEX } from './backtest';
import { HeatmapInputError, prepareBars } from './barInput';
import { DEFAULT_CONFIG, type EngineConfig } from './config';
import { columnSpanMs, niceBinSize } from './heatGrid';
import { defaultWarmUpMs } from './heatmapOptions';
import { HeatmapSession } from './session';
import { partialSpearman, spearman } from './stats';
import { type NewestColumn, WINDOW_MS, type WindowId } from './types';

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
 */

export const HOUR_MS = 3_600_000;
/** Events are scored from this long after the first bar on: the backtest's 168 warm-up hours. */
export const LIVE_WARM_UP_MS = SCORE_FROM_INDEX * HOUR_MS;
/** Below this many scored events on a side, its event figures are absent (TOO_FEW_EVENTS). */
export const MIN_EVENTS_PER_SIDE = 30;
/** Below this many scored hours, the hourly figures are absent (TOO_FEW_HOURS). */
export const MIN_HOURS = 24;
export const TOO_FEW_EVENTS = 'too few events yet';
export const TOO_FEW_HOURS = 'too few hours yet';
/**
 * An event priced outside its bar's [low, high] by at most this fraction is counted in the nearest
 * row of the range (exchanges, mark and bankruptcy prices differ a little from the bars' last
 * price); farther out it is not scored (skipped.price_outside_bar): it cannot be the same market.
 */
export const PRICE_TOLERANCE = 0.01;
/** The normal quantile of a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

/**
 * Wilson score interval of a proportion: observed share `p` of `n` trials (n may be fractional,
 * e.g. an effective sample size), clipped to [0, 1]. n ≤ 0 gives [0, 1] (nothing is known).
 */
export function wilsonInterval(p: number, n: number, z = Z_95): { low: number; high: number } {
  if (!(n > 0)) return { low: 0, high: 1 };
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt(Math.max(0, (p * (1 - p)) / n + z2 / (4 * n * n)));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Rows in a bar's decile: ceil(rows / 10), at least one. */
export const decileSize = (rows: number): number => Math.max(1, Math.ceil(rows / 10));

/** The grid rows a bar's range spans: row k covers [priceMin + k·binSize, priceMin + (k+1)·binSize). */
export function rangeRows(
  priceMin: number,
  binSize: number,
  low: number,
  high: number,
): { first: number; count: number } {
  const first = Math.floor((low - priceMin) / binSize);
  const last = Math.max(first, Math.ceil((high - priceMin) / binSize) - 1);
  return { first, count: last - first + 1 };
}

/**
 * The hottest decile of `heat` (one value per row of a bar's range) as weights per row that sum to
 * decileSize(rows): 1 for rows strictly hotter than the decile's coolest row; the rows tied at that
 * heat share the remaining places equally (the expectation of breaking the tie at random, so a
 * range without heat is scored as a random pick, never a lucky one).
 */
export function hottestDecileWeights(heat: ArrayLike<number>): Float64Array {
  const n = heat.length;
  const k = decileSize(n);
  const weights = new Float64Array(n);
  const sorted = Float64Array.from(heat).sort().reverse();
  const cut = sorted[k - 1]!;
  let above = 0;
  let tied = 0;
  for (let i = 0; i < n; i++) {
    if (heat[i]! > cut) above++;
    else if (heat[i]! === cut) tied++;
  }
  const share = (k - above) / tied;
  for (let i = 0; i < n; i++) weights[i] = heat[i]! > cut ? 1 : heat[i]! === cut ? share : 0;
  return weights;
}

/**
 * The share of the bar's price range [low, high] each of its rows covers (summing to 1): the end
 * rows are usually cut by the bar's low and high. A flat bar (low = high) is one row covering all.
 */
export function rowCoverage(priceMin: number, binSize: number, low: number, high: number): Float64Array {
  const { first, count } = rangeRows(priceMin, binSize, low, high);
  const cover = new Float64Array(count);
  if (!(high > low)) {
    cover.fill(1 / count);
    return cover;
  }
  for (let i = 0; i < count; i++) {
    const bottom = priceMin + (first + i) * binSize;
    cover[i] = Math.max(0, Math.min(high, bottom + binSize) - Math.max(low, bottom)) / (high - low);
  }
  return cover;
}

/**
 * The baseline that knows only the price path: the decile of a bar's range at the side's extreme,
 * the lowest decileSize(rows) rows for longs and the highest for shorts.
 */
export function extremeDecileWeights(rows: number, side: PositionSide): Float64Array {
  const k = decileSize(rows);
  const weights = new Float64Array(rows);
  if (side === 'long') weights.fill(1, 0, k);
  else weights.fill(1, rows - k, rows);
  return weights;
}

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
  /** The price lay outside the bar's range (within PRICE_TOLERANCE) and was counted in its end row. */
  clamped: boolean;
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

export interface LiveScoreOptions {
  /** The engine window whose heat is used (its bins and rows). */
  window: WindowId;
  config?: EngineConfig;
  /** Bar interval, ms; the bars' most common spacing when absent. */
  intervalMs?: number;
  /** Events are scored from this long after the first bar on; default LIVE_WARM_UP_MS. */
  scoreWarmUpMs?: number;
  /**
   * The span in which events were being recorded, [from, to) epoch ms: only hours inside it are
   * scored (an hour in it without events counts as zero liquidations). Default: from the start of
   * the hour holding the first event to the end of the hour holding the last.
   */
  recorded?: { from: number; to: number };
  minEventsPerSide?: number;
  minHours?: number;
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
  const bookBin = niceBinSize(price * config.grid.bookBinPct[window]);
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
    const wanted = rowSizing(bars, b - 1, options.window, config, intervalMs);
    if (!session || wanted !== sizing) {
      session = new HeatmapSession(bars.slice(0, b), { window: options.window, config, intervalMs });
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
      samples.push(scoreOne(event, bar, column));
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
function scoreOne(event: RecordedLiquidation, bar: Bar, column: NewestColumn): EventSample {
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
  return {
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
    clamped: event.price < bar.low || event.price > bar.high,
  };
}

/** The event-level figures of one side. Lift figures are null (with `reason`) below the minimum. */
export interface SideLift {
  /** Scored events, their USD, and Kish's effective sample size (Σusd)² / Σusd². */
  events: number;
  usd: number;
  effective_events: number;
  /** hit_share / chance. */
  lift: number | null;
  /** Share of the events' USD that fell in the engine's hottest decile. */
  hit_share: number | null;
  /** USD-weighted mean share of the bars' price range the decile covers: the hit share of chance. */
  chance: number | null;
  /** Wilson 95 % bounds of hit_share (n = effective_events), divided by chance: bounds of the lift. */
  wilson_low: number | null;
  wilson_high: number | null;
  /** The same for the baseline's extreme decile. */
  baseline_lift: number | null;
  baseline_hit_share: number | null;
  baseline_chance: number | null;
  baseline_wilson_low: number | null;
  baseline_wilson_high: number | null;
  /** Events that lay just outside their bar's range and were counted in its end row. */
  clamped: number;
  /** Why the figures are null (TOO_FEW_EVENTS), else null. */
  reason: string | null;
}

/**
 * The lift of one side's samples: hit_share = Σ usd·hit / Σ usd, chance = Σ usd·chance / Σ usd,
 * lift = hit_share / chance (1: no better than rows picked at random; 1/chance: every dollar in the
 * decile). The interval: Wilson's score interval on hit_share with n = Kish's effective number of
 * events (Σusd)²/Σusd², which is the event count when all events are the same size and shrinks
 * when a few large ones carry the USD; both ends divided by chance (fixed by the bars and the heat,
 * not by where the events fell). The baseline's figures are built the same way from its decile.
 */
export function sideLift(samples: readonly EventSample[], minEvents = MIN_EVENTS_PER_SIDE): SideLift {
  let usd = 0;
  let usd2 = 0;
  let hit = 0;
  let chance = 0;
  let baseHit = 0;
  let baseChance = 0;
  let clamped = 0;
  for (const s of samples) {
    usd += s.usd;
    usd2 += s.usd * s.usd;
    hit += s.usd * s.hit;
    chance += s.usd * s.chance;
    baseHit += s.usd * s.baselineHit;
    baseChance += s.usd * s.baselineChance;
    if (s.clamped) clamped++;
  }
  const events = samples.length;
  const effective = usd2 > 0 ? (usd * usd) / usd2 : 0;
  if (events < minEvents || !(usd > 0) || !(chance > 0) || !(baseChance > 0)) {
    return {
      events,
      usd,
      effective_events: effective,
      lift: null,
      hit_share: null,
      chance: null,
      wilson_low: null,
      wilson_high: null,
      baseline_lift: null,
      baseline_hit_share: null,
      baseline_chance: null,
      baseline_wilson_low: null,
      baseline_wilson_high: null,
      clamped,
      reason: TOO_FEW_EVENTS,
    };
  }
  const lift = (hitUsd: number, chanceUsd: number) => {
    const share = hitUsd / usd;
    const c = chanceUsd / usd;
    const w = wilsonInterval(share, effective);
    return { share, c, lift: share / c, low: w.low / c, high: w.high / c };
  };
  const engine = lift(hit, chance);
  const baseline = lift(baseHit, baseChance);
  return {
    events,
    usd,
    effective_events: effective,
    lift: engine.lift,
    hit_share: engine.share,
    chance: engine.c,
    wilson_low: engine.low,
    wilson_high: engine.high,
    baseline_lift: baseline.lift,
    baseline_hit_share: baseline.share,
    baseline_chance: baseline.c,
    baseline_wilson_low: baseline.low,
    baseline_wilson_high: baseline.high,
    clamped,
    reason: null,
  };
}

/** The hourly figures of one side (null, with `hours_reason`, below the minimum). */
export interface HourlySide {
  hours: number;
  spearman: number | null;
  partial_spearman: number | null;
  baseline_spearman: number | null;
  hours_reason: string | null;
}

/**
 * The bars cut into closed clock hours: open of the first bar, highest high, lowest low, close of
 * the last; open interest the last known in the hour (the reading nearest its close); funding the
 * last known; taker delta the sum of the known values. An hour is closed when the bars reach its
 * end (the last bar's end at or after it); the in-progress hour is left out, and so is an hour
 * without bars. The liquidation columns are the events' USD summed per side for hours inside
 * `recorded`, undefined (not known) outside it.
 */
export function hourlyBars(
  input: readonly Bar[],
  events: readonly RecordedLiquidation[],
  recorded: { from: number; to: number } | undefined,
  intervalMs?: number,
): Bar[] {
  const bars = prepareBars(input);
  const interval = intervalMs ?? commonSpacing(bars);
  const lastEnd = bars[bars.length - 1]!.time + Math.max(interval, 0);
  const liq = new Map<number, { long: number; short: number }>();
  for (const e of events) {
    const hour = Math.floor(e.time / HOUR_MS) * HOUR_MS;
    const sums = liq.get(hour) ?? { long: 0, short: 0 };
    sums[e.side] += e.notionalUsd;
    liq.set(hour, sums);
  }
  const out: Bar[] = [];
  let i = 0;
  while (i < bars.length) {
    const hour = Math.floor(bars[i]!.time / HOUR_MS) * HOUR_MS;
    const first = bars[i]!;
    const h: Bar = { time: hour, open: first.open, high: first.high, low: first.low, close: first.close };
    let taker: number | undefined;
    for (; i < bars.length && bars[i]!.time < hour + HOUR_MS; i++) {
      const b = bars[i]!;
      h.high = Math.max(h.high, b.high);
      h.low = Math.min(h.low, b.low);
      h.close = b.close;
      if (b.oiUsd !== undefined) h.oiUsd = b.oiUsd;
      if (b.fundingRate !== undefined) h.fundingRate = b.fundingRate;
      if (b.takerDeltaBase !== undefined) taker = (taker ?? 0) + b.takerDeltaBase;
    }
    if (taker !== undefined) h.takerDeltaBase = taker;
    if (hour + HOUR_MS > lastEnd) break;
    if (recorded && hour >= recorded.from && hour + HOUR_MS <= recorded.to) {
      const sums = liq.get(hour);
      h.liqLongUsd = sums?.long ?? 0;
      h.liqShortUsd = sums?.short ?? 0;
    }
    out.push(h);
  }
  return out;
}

/** The default recorded span: the hours from the one holding the first event to the one holding the last. */
export function recordedSpanOf(
  events: readonly RecordedLiquidation[],
): { from: number; to: number } | undefined {
  if (events.length === 0) return undefined;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    lo = Math.min(lo, e.time);
    hi = Math.max(hi, e.time);
  }
  return { from: Math.floor(lo / HOUR_MS) * HOUR_MS, to: Math.floor(hi / HOUR_MS) * HOUR_MS + HOUR_MS };
}

/** Per closed hour, per side: the backtest's Spearman figures on the hourly bars (see hourlyBars). */
export function hourlyScore(
  bars: readonly Bar[],
  events: readonly RecordedLiquidation[],
  options: Pick<LiveScoreOptions, 'config' | 'intervalMs' | 'recorded' | 'minHours'>,
): { hours: number; long: HourlySide; short: HourlySide } {
  const min = options.minHours ?? MIN_HOURS;
  const interval = options.intervalMs ?? commonSpacing(prepareBars(bars));
  const absent = (hours: number, reason: string) => {
    const side: HourlySide = {
      hours,
      spearman: null,
      partial_spearman: null,
      baseline_spearman: null,
      hours_reason: reason,
    };
    return { hours, long: side, short: { ...side } };
  };
  if (interval > HOUR_MS) return absent(0, 'bars are coarser than an hour');
  const hourly = hourlyBars(bars, events, options.recorded ?? recordedSpanOf(events), interval);
  if (hourly.length === 0) return absent(0, TOO_FEW_HOURS);
  const s = backtestSeries(hourly, options.config ?? DEFAULT_CONFIG);
  const hours = s.time.length;
  if (hours < min) return absent(hours, TOO_FEW_HOURS);
  const side = (a: Float64Array, p: Float64Array, b: Float64Array): HourlySide => ({
    hours,
    spearman: spearman(p, a),
    partial_spearman: partialSpearman(a, p, b),
    baseline_spearman: spearman(b, a),
    hours_reason: null,
  });
  return {
    hours,
    long: side(s.actualLong, s.predLong, s.baseLong),
    short: side(s.actualShort, s.predShort, s.baseShort),
  };
}

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
