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
 */
export interface ZoneConfidence {
  /** Share of the cases that were hits, 0..1; null below MIN_CONFIDENCE_CASES cases. */
  hitRate: number | null;
  /** Cases of the zone's strength class. */
  n: number;
}

export const MIN_CONFIDENCE_CASES = 30;
export const STRENGTH_CLASSES = 4;
export const SPIKE_QUANTILE = 0.75;
const HOUR_MS = 3_600_000;
export const SPIKE_TRAILING_MS = 30 * 24 * HOUR_MS;
/** Fewer known hours than this in the trailing 30 days: no spike threshold for the hour. */
export const SPIKE_MIN_TRAILING_HOURS = 7 * 24;

/** Cases and hits per strength class (index = class). */
export interface ConfidenceTable {
  cases: number[];
  hits: number[];
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
  const cases = new Array<number>(STRENGTH_CLASSES).fill(0);
  const hits = new Array<number>(STRENGTH_CLASSES).fill(0);
  const spikes = spikeHours(hours);
  for (let i = 0; i < hours.length; i++) {
    const hour = hours[i]!;
    const zones = zonesAt(hour.time);
    if (!zones) continue;
    for (const zone of zones) {
      const spike = spikes[zone.side][i];
      if (spike === undefined) continue;
      const entered = zone.side === 'long' ? hour.low < zone.priceHigh : hour.high >= zone.priceLow;
      if (!entered) continue;
      const k = strengthClass(zone, zones);
      cases[k]!++;
      if (spike) hits[k]!++;
    }
  }
  return { cases, hits };
}

/** The confidence of a zone standing among `zones`, read from a table. */
export function zoneConfidence(table: ConfidenceTable, zone: Zone, zones: readonly Zone[]): ZoneConfidence {
  const k = strengthClass(zone, zones);
  const n = table.cases[k] ?? 0;
  return { hitRate: n >= MIN_CONFIDENCE_CASES ? (table.hits[k] ?? 0) / n : null, n };
}

/** "hit 64 %, n = 112", or "not enough history (n = 12)" below the minimum. */
export function confidenceText(c: ZoneConfidence | undefined): string {
  if (!c || c.hitRate === null) return `not enough history${c ? ` (n = ${c.n})` : ''}`;
  return `hit ${Math.round(c.hitRate * 100)} %, n = ${c.n}`;
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
