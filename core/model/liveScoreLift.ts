import type { EventSample } from './liveScoreEvents';
import {
  DECILE_INSIDE_BASELINE,
  MIN_EVENTS_PER_SIDE,
  TOO_FEW_EVENTS,
  TOO_FEW_OUTSIDE_BASELINE,
} from './liveScoreOptions';

/**
 * The live score's event figures of one side: the USD share of events in the engine's hottest
 * decile against the share chance would give it (the lift), with a Wilson interval, and the same
 * for the baseline's extreme decile.
 */

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
  /**
   * Beyond the bar's extremes: the engine decile's lift over only the events that fell outside the
   * baseline's decile, where the baseline knows nothing (see sideLift). Events and Kish's effective
   * number of them; the figures are null (with `partial_reason`) below the minimum of such events.
   */
  partial_events: number;
  partial_effective_events: number;
  partial_lift: number | null;
  partial_hit_share: number | null;
  partial_chance: number | null;
  /** Wilson 95 % bounds of partial_hit_share (n = partial_effective_events), divided by partial_chance. */
  partial_lift_low: number | null;
  partial_lift_high: number | null;
  partial_reason: string | null;
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
 *
 * The partial lift asks whether the heat knows anything the price path does not. Only the events
 * outside the baseline's decile count (baselineHit = 0: not in the rows at the side's extreme), so
 * partial_hit_share = Σ usd·hit / Σ usd over those events, and its chance is what the engine's
 * decile would catch of an event placed uniformly at random in the part of its bar's range outside
 * the baseline's decile: per event, partialChance = Σ_rows hot·(1 − extreme)·coverage /
 * Σ_rows (1 − extreme)·coverage (liveScoreEvents.ts), USD-weighted over those events like `chance`.
 * partial_lift = partial_hit_share / partial_chance: 1 means the engine's hottest rows catch no more
 * of those events than rows picked at random from where the baseline is blind; the interval is
 * Wilson's on partial_hit_share with n = Kish's effective number of those events, over the chance.
 * Null below minEvents such events, or when the engine's decile lies wholly inside the baseline's
 * (partial_chance 0: nothing to compare).
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
  const partial = partialLift(samples, minEvents);
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
      ...partial,
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
    ...partial,
    clamped,
    reason: null,
  };
}

type PartialLift = Pick<
  SideLift,
  | 'partial_events'
  | 'partial_effective_events'
  | 'partial_lift'
  | 'partial_hit_share'
  | 'partial_chance'
  | 'partial_lift_low'
  | 'partial_lift_high'
  | 'partial_reason'
>;

/** The partial lift of one side's samples (see sideLift). */
function partialLift(samples: readonly EventSample[], minEvents: number): PartialLift {
  let events = 0;
  let usd = 0;
  let usd2 = 0;
  let hit = 0;
  let chance = 0;
  for (const s of samples) {
    if (s.baselineHit !== 0) continue;
    events++;
    usd += s.usd;
    usd2 += s.usd * s.usd;
    hit += s.usd * s.hit;
    chance += s.usd * s.partialChance;
  }
  const effective = usd2 > 0 ? (usd * usd) / usd2 : 0;
  const none = {
    partial_events: events,
    partial_effective_events: effective,
    partial_lift: null,
    partial_hit_share: null,
    partial_chance: null,
    partial_lift_low: null,
    partial_lift_high: null,
  };
  if (events < minEvents || !(usd > 0)) return { ...none, partial_reason: TOO_FEW_OUTSIDE_BASELINE };
  if (!(chance > 0)) return { ...none, partial_reason: DECILE_INSIDE_BASELINE };
  const share = hit / usd;
  const c = chance / usd;
  const w = wilsonInterval(share, effective);
  return {
    partial_events: events,
    partial_effective_events: effective,
    partial_lift: share / c,
    partial_hit_share: share,
    partial_chance: c,
    partial_lift_low: w.low / c,
    partial_lift_high: w.high / c,
    partial_reason: null,
  };
}
