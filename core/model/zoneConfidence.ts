import type { Bar } from '../data/bars';
import type { PositionSide } from '../exchanges/types';
import type { Zone } from './types';

/**
 * How often a zone like this one has really produced liquidations when price reached it.
 *
 * A zone's STRENGTH CLASS is its notional as a share of its side's strongest zone at that moment,
 * in quartiles: class 3 above 75 % (the strongest is always 3), 2 above 50 %, 1 above 25 %, 0 the
 * rest. A CASE is a zone standing at the start of a closed clock hour (from the bars before it) that
 * price entered during the hour: a long zone when the hour's low went under its top, a short zone
 * when the hour's high reached its bottom (the sweep rule of zones.ts). A case is a HIT when that
 * hour's real liquidations on the zone's side were a SPIKE: above the 75th percentile of the same
 * side's hourly liquidations over the trailing 30 days (and above zero), counted only once those
 * days hold at least a week of hours with known liquidations. A zone's confidence is the hit rate
 * of the cases of its class, both sides pooled, with the number of cases; below 30 cases the rate
 * is not given ("not enough history").
 *
 * CONTROLLING FOR THE MOVE. Entering a zone takes a price move toward it, and big moves bring
 * spikes whether or not a zone stood there, so the hit rate alone overstates what the zone adds.
 * An hour's MOVE toward a side is (open − low) / open for longs and (high − open) / open for shorts,
 * in MOVE_BUCKETS_PCT buckets. For class k and side s, the CONTROL hours of a bucket are the hours
 * with a known spike flag whose move toward s fell in that bucket and that entered NO zone of class
 * k on side s (other zones, or none, may stand); their spike share is that bucket's base rate. Each
 * case is matched to the control hours of its own side and bucket (a case whose bucket has no
 * control hour is left out of this comparison), so the class's BASE RATE is the mean of its matched
 * cases' bucket rates: the spike rate of hours that moved as far toward that side without entering
 * such a zone, weighted as the cases' moves are. `nBase` counts the control hours behind it (each
 * (side, bucket) used once), and LIFT_VS_MOVE = hits among the matched cases / Σ their base rates:
 * 1 means a zone of that strength adds nothing to what the move alone predicts.
 */
export interface ZoneConfidence {
  /** Share of the cases that were hits, 0..1; null below MIN_CONFIDENCE_CASES cases. */
  hitRate: number | null;
  /** Cases of the zone's strength class. */
  n: number;
  /**
   * The move-matched base rate (see above), 0..1, and the control hours behind it; null (and the
   * lift null) below MIN_CONFIDENCE_CASES matched cases or control hours, or in a table measured
   * before it existed (nBase 0 then).
   */
  baseRate?: number | null;
  nBase?: number;
  /** Hits among the matched cases over the hits their base rates expect; null with baseRate. */
  liftVsMove?: number | null;
}

/** Buckets of an hour's move toward a side, % of its open: [0, 0.1), [0.1, 0.25), … [2, ∞). */
export const MOVE_BUCKETS_PCT = [0.1, 0.25, 0.5, 1, 2] as const;

/** The bucket of a move toward a side, as a fraction of the open (0.004 = 0.4 %). */
export function moveBucket(move: number): number {
  let b = 0;
  while (b < MOVE_BUCKETS_PCT.length && move * 100 >= MOVE_BUCKETS_PCT[b]!) b++;
  return b;
}

export const MIN_CONFIDENCE_CASES = 30;
export const STRENGTH_CLASSES = 4;
export const SPIKE_QUANTILE = 0.75;
const HOUR_MS = 3_600_000;
export const SPIKE_TRAILING_MS = 30 * 24 * HOUR_MS;
/** Fewer known hours than this in the trailing 30 days: no spike threshold for the hour. */
export const SPIKE_MIN_TRAILING_HOURS = 7 * 24;

/** Cases and hits per strength class (index = class), and the move-matched comparison. */
export interface ConfidenceTable {
  cases: number[];
  hits: number[];
  /**
   * Per class: cases matched to control hours of their side and move bucket, the hits among them,
   * the hits their buckets' base rates expect (Σ of the rates), and the control hours behind those
   * rates. Absent in a table stored before they existed.
   */
  matched?: number[];
  matchedHits?: number[];
  expectedHits?: number[];
  controlHours?: number[];
}

/** The zone's strength class among `zones` (its side's zones standing at the same moment). */
export function strengthClass(zone: Zone, zones: readonly Zone[]): number {
  let strongest = 0;
  for (const z of zones) if (z.side === zone.side && z.notionalUsd > strongest) strongest = z.notionalUsd;
  if (!(strongest > 0)) return 0;
  const share = zone.notionalUsd / strongest;
  return Math.max(0, Math.min(STRENGTH_CLASSES - 1, Math.ceil(share * STRENGTH_CLASSES) - 1));
}

/** Per hour and side: whether its liquidations were a spike; undefined when unknown (see above). */
export function spikeHours(hours: readonly Bar[]): Record<PositionSide, (boolean | undefined)[]> {
  const side = (liq: (h: Bar) => number | undefined) => {
    const out: (boolean | undefined)[] = [];
    let from = 0;
    for (let i = 0; i < hours.length; i++) {
      const now = liq(hours[i]!);
      while (hours[from]!.time < hours[i]!.time - SPIKE_TRAILING_MS) from++;
      const trailing: number[] = [];
      for (let j = from; j < i; j++) {
        const v = liq(hours[j]!);
        if (v !== undefined && Number.isFinite(v)) trailing.push(v);
      }
      if (now === undefined || !Number.isFinite(now) || trailing.length < SPIKE_MIN_TRAILING_HOURS) {
        out.push(undefined);
        continue;
      }
      trailing.sort((a, b) => a - b);
      out.push(now > 0 && now > quantileSorted(trailing, SPIKE_QUANTILE));
    }
    return out;
  };
  return { long: side((h) => h.liqLongUsd), short: side((h) => h.liqShortUsd) };
}

function quantileSorted(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * The cases and hits per strength class. `hours` are closed clock hours with their real
 * liquidations; `zonesAt(time)` the zones standing at the start of the hour starting at `time`
 * (undefined: none known).
 */
export function confidenceTable(
  hours: readonly Bar[],
  zonesAt: (hourStart: number) => readonly Zone[] | undefined,
): ConfidenceTable {
  const K = STRENGTH_CLASSES;
  const B = MOVE_BUCKETS_PCT.length + 1;
  const cases = new Array<number>(K).fill(0);
  const hits = new Array<number>(K).fill(0);
  const spikes = spikeHours(hours);
  // Control counts per side, class and move bucket: [side][k * B + b].
  const control = { long: new Float64Array(K * B), short: new Float64Array(K * B) };
  const controlSpikes = { long: new Float64Array(K * B), short: new Float64Array(K * B) };
  const caseList: { side: PositionSide; k: number; b: number; spike: boolean }[] = [];
  for (let i = 0; i < hours.length; i++) {
    const hour = hours[i]!;
    // Hours whose zones are unknown can be neither cases nor controls.
    const zones = zonesAt(hour.time);
    if (!zones) continue;
    for (const side of ['long', 'short'] as const) {
      const spike = spikes[side][i];
      if (spike === undefined) continue;
      const move = side === 'long' ? (hour.open - hour.low) / hour.open : (hour.high - hour.open) / hour.open;
      const b = moveBucket(Math.max(0, move));
      const enteredClass = new Array<boolean>(K).fill(false);
      for (const zone of zones) {
        if (zone.side !== side) continue;
        const entered = side === 'long' ? hour.low < zone.priceHigh : hour.high >= zone.priceLow;
        if (!entered) continue;
        const k = strengthClass(zone, zones);
        enteredClass[k] = true;
        cases[k]!++;
        if (spike) hits[k]!++;
        caseList.push({ side, k, b, spike });
      }
      for (let k = 0; k < K; k++) {
        if (enteredClass[k]) continue;
        control[side][k * B + b]!++;
        if (spike) controlSpikes[side][k * B + b]!++;
      }
    }
  }
  const matched = new Array<number>(K).fill(0);
  const matchedHits = new Array<number>(K).fill(0);
  const expectedHits = new Array<number>(K).fill(0);
  const controlHours = new Array<number>(K).fill(0);
  const used = { long: new Uint8Array(K * B), short: new Uint8Array(K * B) };
  for (const c of caseList) {
    const cell = c.k * B + c.b;
    const n = control[c.side][cell]!;
    if (!(n > 0)) continue;
    matched[c.k]!++;
    if (c.spike) matchedHits[c.k]!++;
    expectedHits[c.k]! += controlSpikes[c.side][cell]! / n;
    if (!used[c.side][cell]) {
      used[c.side][cell] = 1;
      controlHours[c.k]! += n;
    }
  }
  return { cases, hits, matched, matchedHits, expectedHits, controlHours };
}

/** The confidence of a zone standing among `zones`, read from a table. */
export function zoneConfidence(table: ConfidenceTable, zone: Zone, zones: readonly Zone[]): ZoneConfidence {
  const k = strengthClass(zone, zones);
  const n = table.cases[k] ?? 0;
  const matched = table.matched?.[k] ?? 0;
  const nBase = table.controlHours?.[k] ?? 0;
  const expected = table.expectedHits?.[k] ?? 0;
  const enough = matched >= MIN_CONFIDENCE_CASES && nBase >= MIN_CONFIDENCE_CASES;
  return {
    hitRate: n >= MIN_CONFIDENCE_CASES ? (table.hits[k] ?? 0) / n : null,
    n,
    baseRate: enough ? expected / matched : null,
    nBase,
    liftVsMove: enough && expected > 0 ? (table.matchedHits?.[k] ?? 0) / expected : null,
  };
}

/**
 * "hit 64 %, n = 112; 1.3× the rate after a like move without such a zone (31 %, n = 640)", or
 * "not enough history (n = 12)" below the minimum; the comparison is left out when it has too few.
 */
export function confidenceText(c: ZoneConfidence | undefined): string {
  if (!c || c.hitRate === null) return `not enough history${c ? ` (n = ${c.n})` : ''}`;
  const hit = `hit ${Math.round(c.hitRate * 100)} %, n = ${c.n}`;
  if (c.baseRate === undefined || c.baseRate === null || c.liftVsMove === undefined || c.liftVsMove === null)
    return hit;
  return `${hit}; ${c.liftVsMove.toFixed(1)}× the rate after a like move without such a zone (${Math.round(c.baseRate * 100)} %, n = ${c.nBase})`;
}

/**
 * Bars cut into clock hours (highest high, lowest low, liquidations summed per side; a side's sum is
 * unknown when a bar of the hour lacks it). Hourly bars come back as they are.
 */
export function liquidationHours(bars: readonly Bar[]): Bar[] {
  const out: Bar[] = [];
  for (const b of bars) {
    const time = Math.floor(b.time / HOUR_MS) * HOUR_MS;
    const last = out[out.length - 1];
    if (!last || last.time !== time) {
      out.push({ ...b, time });
      continue;
    }
    last.high = Math.max(last.high, b.high);
    last.low = Math.min(last.low, b.low);
    last.close = b.close;
    last.liqLongUsd =
      last.liqLongUsd === undefined || b.liqLongUsd === undefined
        ? undefined
        : last.liqLongUsd + b.liqLongUsd;
    last.liqShortUsd =
      last.liqShortUsd === undefined || b.liqShortUsd === undefined
        ? undefined
        : last.liqShortUsd + b.liqShortUsd;
  }
  return out;
}
