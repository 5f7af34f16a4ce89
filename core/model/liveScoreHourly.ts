import { type Bar, commonSpacing } from '../data/bars';
import type { RecordedLiquidation } from '../data/events';
import { backtestSeries } from './backtest';
import { prepareBars } from './barInput';
import { DEFAULT_CONFIG } from './config';
import { HOUR_MS, type LiveScoreOptions, MIN_HOURS, TOO_FEW_HOURS } from './liveScoreOptions';
import { partialSpearman, spearman } from './stats';

/**
 * The live score per closed hour: the bars cut into clock hours with the recorded events summed per
 * hour and side, and the backtest's Spearman figures on them.
 */

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
