import type { Bar } from '../data/bars';
import type { RecordedLiquidation } from '../data/events';
import type { ExchangeId } from '../exchanges/types';
import type { SessionOptions } from './heatmapOptions';
import { hourlyBars, recordedSpanOf } from './liveScoreHourly';
import { HeatmapSession } from './session';
import type { Zone } from './types';
import { type ConfidenceTable, confidenceTable } from './zoneConfidence';

const HOUR_MS = 3_600_000;
/** Bars replayed before the first recorded hour, so its zones stand on a built book. */
const REPLAY_LEAD_MS = 7 * 24 * HOUR_MS;

/**
 * The zones the engine showed at the start of each clock hour of `bars` (zones from the bars before
 * the hour), by the hour's start time: the bars replayed once through a live session of `options`
 * (the first day builds state). O(bars) appends.
 */
export function zonesByHour(
  bars: readonly Bar[],
  options: SessionOptions & { exchange?: ExchangeId },
): Map<number, readonly Zone[]> {
  const out = new Map<number, readonly Zone[]>();
  if (bars.length < 2) return out;
  const firstTime = bars[0]!.time;
  let start = bars.findIndex((b) => b.time >= firstTime + 24 * HOUR_MS);
  if (start < 1) start = Math.min(bars.length - 1, 1);
  const session = new HeatmapSession(bars.slice(0, start), options);
  for (let i = start; i < bars.length; i++) {
    const bar = bars[i]!;
    if (bar.time % HOUR_MS === 0) out.set(bar.time, session.newestColumn().zones);
    session.append(bar);
  }
  return out;
}

/**
 * The confidence table the extension shows (zoneConfidence.ts) from what it has: the stored bars of
 * one market and its recorded liquidation events, the hours outside the recorded span unknown (no
 * case). Replays the bars once: the worker runs it once per closed hour, not per bar.
 */
export function measureZoneConfidence(
  bars: readonly Bar[],
  events: readonly RecordedLiquidation[],
  options: SessionOptions & { exchange?: ExchangeId },
): ConfidenceTable {
  const recorded = recordedSpanOf(events);
  const hours = hourlyBars(bars, events, recorded, options.intervalMs);
  if (!recorded || !hours.some((h) => h.liqLongUsd !== undefined))
    return confidenceTable([], () => undefined);
  // Only hours inside the recorded span can be cases: replay from a week before it, not all history.
  const from = recorded.from - REPLAY_LEAD_MS;
  const byHour = zonesByHour(
    bars.filter((b) => b.time >= from),
    options,
  );
  return confidenceTable(hours, (hour) => byHour.get(hour));
}
