import type { Bar } from '../data/bars';
import type { RecordedLiquidation } from '../data/events';
import type { DepthColumn, Wall } from '../depth/types';
import { WALL_MIN_STAND_MS, wallsFromColumns } from '../depth/walls';
import type { PositionSide } from '../exchanges/types';
import { hottestDecileWeights } from './liveScoreDeciles';
import { type EventSample, type ScoredRows, scoreEvents } from './liveScoreEvents';
import { sideLift } from './liveScoreLift';
import { HOUR_MS, type LiveScoreOptions, MIN_EVENTS_PER_SIDE } from './liveScoreOptions';
import { averageRanks } from './stats';
import type { WindowId } from './types';

/**
 * Depth in the live score (issue 16): on the SAME real liquidation events the live score scores
 * (scoreEvents: each event against the rows of its bar's range in the engine's grid as of the
 * previous bar's close), per side, three picks of a decile of those rows, each scored by the live
 * score's lift (sideLift: USD hit share over chance, Wilson 95 % interval):
 * - heat: the engine's hottest decile, exactly as the live score picks it;
 * - walls: the decile of rows with the most standing wall size on the side facing the event's
 *   liquidations (bid walls for longs, ask walls for shorts) at the bar's open (see `wallRows`);
 * - combined: the decile with the highest mean of the two percentile ranks, heat and wall size.
 * Each pick is `hottestDecileWeights` of its row values: the same ceil(rows/10) rows every time,
 * tied rows sharing the remaining places, so a bar without walls in its range is a random pick for
 * the walls (hit = chance in expectation) and the three chances are comparable.
 *
 * Only events whose bar opened with depth known count (a depth column of some exchange ending
 * within DEPTH_FRESH_MS before the open): the heat's figure here is on those events only, and can
 * differ from the live score's own on all events. The figures are withheld, with a reason, below
 * MIN_DEPTH_HOURS of depth (clock hours in which one exchange's columns cover at least half the
 * hour) or MIN_EVENTS_PER_SIDE events with depth on a side.
 */

/** Fewer clock hours with depth than this: no figures. */
export const MIN_DEPTH_HOURS = 24;
/** Depth counts as known at a bar's open when a column ended at most this long before it. */
export const DEPTH_FRESH_MS = 60_000;

/** One pick's figures (all null below the minimums). */
export interface DepthLift {
  lift: number | null;
  hit_share: number | null;
  chance: number | null;
  wilson_low: number | null;
  wilson_high: number | null;
}

export interface DepthSideScore {
  /** Events of the side the live score scored, and those among them whose bar opened with depth. */
  events_scored: number;
  events: number;
  usd: number;
  effective_events: number;
  /** Events whose bar's range held at least one row of a standing wall on the facing side. */
  events_with_wall_rows: number;
  hours_with_depth: number;
  heat: DepthLift;
  walls: DepthLift;
  combined: DepthLift;
  /** Why the figures are null, else null. */
  reason: string | null;
}

/** What `npm run score -- --depth DEPTH.csv --json` prints under `depth`. */
export interface DepthScore {
  window: WindowId;
  hours_with_depth: number;
  /** Walls found in the depth (wallsFromColumns), by fate. */
  walls: { total: number; traded: number; pulled: number; standing: number };
  long: DepthSideScore;
  short: DepthSideScore;
  minimum: { events_per_side: number; depth_hours: number };
}

export interface DepthScoreInput {
  bars: readonly Bar[];
  events: readonly RecordedLiquidation[];
  /** Recorded depth columns (a depth CSV); one symbol, the bars' own. */
  columns: readonly DepthColumn[];
  /** The walls of those columns; wallsFromColumns(columns) when absent. */
  walls?: readonly Wall[];
  options: LiveScoreOptions & { minDepthHours?: number };
}

/**
 * Clock hours in which one exchange's columns cover at least half the hour (a column counted in
 * the hour it starts in).
 */
export function hoursWithDepth(columns: readonly DepthColumn[]): number {
  const covered = new Map<string, number>();
  for (const c of columns) {
    const key = `${Math.floor(c.time / HOUR_MS)}|${c.exchange}`;
    covered.set(key, (covered.get(key) ?? 0) + c.spanMs);
  }
  const hours = new Set<string>();
  for (const [key, ms] of covered) if (ms >= HOUR_MS / 2) hours.add(key.split('|')[0]!);
  return hours.size;
}

/** Per exchange, columns by time, to read what was known at an instant. */
class DepthTimeline {
  private readonly books = new Map<string, DepthColumn[]>();
  private readonly ends: number[];

  constructor(columns: readonly DepthColumn[]) {
    for (const c of columns) {
      const list = this.books.get(c.exchange);
      if (list) list.push(c);
      else this.books.set(c.exchange, [c]);
    }
    for (const list of this.books.values()) list.sort((a, b) => a.time - b.time);
    this.ends = columns.map((c) => c.time + c.spanMs).sort((a, b) => a - b);
  }

  /** A column (of any exchange) ended in [t − DEPTH_FRESH_MS, t]. */
  knownAt(t: number): boolean {
    const i = lastAtOrBefore(this.ends, t, (x) => x);
    return i >= 0 && this.ends[i]! >= t - DEPTH_FRESH_MS;
  }

  /**
   * A wall's size as known at t: the larger of its side's mean in the last two columns of its
   * exchange that ended by t (one column of flicker), 0 where unknown.
   */
  sizeAt(wall: Wall, t: number): number {
    const list = this.books.get(wall.exchange) ?? [];
    const i = lastAtOrBefore(list, t, (c) => c.time + c.spanMs);
    let size = 0;
    for (const c of [list[i], list[i - 1]]) {
      if (!c || c.symbol !== wall.symbol) continue;
      const k = Math.round(wall.price / c.binSize) - c.loBin;
      const v = (wall.side === 'bid' ? c.bidMean : c.askMean)[k];
      if (v !== undefined && v > size) size = v;
    }
    return size;
  }
}

/** Index of the last item whose key is ≤ t in a list sorted by key; −1 when none. */
function lastAtOrBefore<T>(list: readonly T[], t: number, key: (x: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(list[mid]!) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * The walls' value of each row of a bar's range for an event of `side`: the summed size (as known
 * at the bar's open, DepthTimeline.sizeAt) of the walls standing at the open on the facing side
 * (bid walls for long liquidations, ask walls for short ones) whose bin overlaps the row. Standing
 * at the open t: it had stood WALL_MIN_STAND_MS by t (from + 60 s ≤ t) and was seen within the
 * last column before t (until ≥ t − that column's span). No wall's later life is used.
 */
function wallRows(
  walls: readonly Wall[],
  depth: DepthTimeline,
  spanMs: number,
  side: PositionSide,
  open: number,
  rows: ScoredRows,
  binSizeOf: (w: Wall) => number,
): Float64Array {
  const facing = side === 'long' ? 'bid' : 'ask';
  const values = new Float64Array(rows.heat.length);
  for (const w of walls) {
    if (w.side !== facing || w.from + WALL_MIN_STAND_MS > open || w.until < open - spanMs) continue;
    const size = depth.sizeAt(w, open);
    if (!(size > 0)) continue;
    // Rows overlapping the wall's bin [price, price + binSize).
    const lo = Math.floor((w.price - rows.priceMin) / rows.binSize + 1e-9) - rows.first;
    const hi = Math.ceil((w.price + binSizeOf(w) - rows.priceMin) / rows.binSize - 1e-9) - 1 - rows.first;
    for (let r = Math.max(0, lo); r <= Math.min(values.length - 1, hi); r++) values[r]! += size;
  }
  return values;
}

/** Percentile ranks in [0, 1] (average ranks for ties; a single row is 1). */
function percentileRanks(values: Float64Array): Float64Array {
  const n = values.length;
  const ranks = averageRanks(values);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = n > 1 ? (ranks[i]! - 1) / (n - 1) : 1;
  return out;
}

/** The hit and chance of a decile pick of `values` for one event. */
function pick(values: Float64Array, rows: ScoredRows): { hit: number; chance: number } {
  const weights = hottestDecileWeights(values);
  let chance = 0;
  for (let i = 0; i < weights.length; i++) chance += weights[i]! * rows.cover[i]!;
  return { hit: weights[rows.at]!, chance };
}

const figures = (s: ReturnType<typeof sideLift>): DepthLift => ({
  lift: s.lift,
  hit_share: s.hit_share,
  chance: s.chance,
  wilson_low: s.wilson_low,
  wilson_high: s.wilson_high,
});

/** Heat, walls and both together on the live score's events; see the module note. */
export function scoreDepth(input: DepthScoreInput): DepthScore {
  const { bars, events, columns, options } = input;
  const minEvents = options.minEventsPerSide ?? MIN_EVENTS_PER_SIDE;
  const minHours = options.minDepthHours ?? MIN_DEPTH_HOURS;
  const walls = input.walls ?? wallsFromColumns(columns);
  const depth = new DepthTimeline(columns);
  const hours = hoursWithDepth(columns);
  const spanMs = columns.reduce((m, c) => Math.max(m, c.spanMs), 0);
  const binSizes = new Map(columns.map((c) => [`${c.exchange}|${c.symbol}`, c.binSize]));
  const binSizeOf = (w: Wall) => binSizes.get(`${w.exchange}|${w.symbol}`) ?? 0;

  const scored: Record<PositionSide, number> = { long: 0, short: 0 };
  const picks: Record<PositionSide, { heat: EventSample[]; walls: EventSample[]; combined: EventSample[] }> =
    {
      long: { heat: [], walls: [], combined: [] },
      short: { heat: [], walls: [], combined: [] },
    };
  const withWalls: Record<PositionSide, number> = { long: 0, short: 0 };
  scoreEvents(bars, events, options, (sample, rows) => {
    scored[sample.side]++;
    if (!depth.knownAt(sample.barTime)) return;
    const byWalls = wallRows(walls, depth, spanMs, sample.side, sample.barTime, rows, binSizeOf);
    if (byWalls.some((v) => v > 0)) withWalls[sample.side]++;
    const heatRank = percentileRanks(rows.heat);
    const wallRank = percentileRanks(byWalls);
    const both = new Float64Array(byWalls.length);
    for (let i = 0; i < both.length; i++) both[i] = (heatRank[i]! + wallRank[i]!) / 2;
    const side = picks[sample.side];
    side.heat.push(sample);
    side.walls.push({ ...sample, ...pick(byWalls, rows) });
    side.combined.push({ ...sample, ...pick(both, rows) });
  });

  const total = walls.length;
  const fates = { traded: 0, pulled: 0, standing: 0 };
  for (const w of walls) fates[w.fate]++;

  const sideScore = (side: PositionSide): DepthSideScore => {
    const p = picks[side];
    const heat = sideLift(p.heat, minEvents);
    const base = {
      events_scored: scored[side],
      events: heat.events,
      usd: heat.usd,
      effective_events: heat.effective_events,
      events_with_wall_rows: withWalls[side],
      hours_with_depth: hours,
    };
    const none: DepthLift = {
      lift: null,
      hit_share: null,
      chance: null,
      wilson_low: null,
      wilson_high: null,
    };
    const reason =
      hours < minHours
        ? `not enough depth recorded yet: ${hours} h of ${minHours}`
        : heat.events < minEvents
          ? `too few events in hours with depth yet: ${heat.events} of ${minEvents}`
          : heat.reason;
    if (reason !== null) return { ...base, heat: none, walls: none, combined: none, reason };
    return {
      ...base,
      heat: figures(heat),
      walls: figures(sideLift(p.walls, minEvents)),
      combined: figures(sideLift(p.combined, minEvents)),
      reason: null,
    };
  };

  return {
    window: options.window,
    hours_with_depth: hours,
    walls: { total, ...fates },
    long: sideScore('long'),
    short: sideScore('short'),
    minimum: { events_per_side: minEvents, depth_hours: minHours },
  };
}
