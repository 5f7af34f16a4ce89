import type { Bar } from '../data/bars';
import { ohlcProblem } from '../data/ohlc';

/** Input the engine cannot use: the message names the bar or the option at fault. */
export class HeatmapInputError extends Error {
  override name = 'HeatmapInputError';
}

/** Rejects a bar whose time is not epoch ms or whose prices are impossible (see ohlcProblem). */
export function checkBar(bar: Bar, where: string): void {
  const { time } = bar;
  if (!Number.isSafeInteger(time) || time < 0)
    throw new HeatmapInputError(`${where}: time ${time} is not epoch ms`);
  const problem = ohlcProblem(bar);
  if (problem) throw new HeatmapInputError(`${where}: ${problem.message}`);
}

/**
 * Validated, sorted, de-duplicated copy of a bar series (see the contract in heatmapOptions.ts):
 * a repeated time keeps the later bar, as the CSV parser does.
 */
export function prepareBars(bars: readonly Bar[], label = 'bars'): Bar[] {
  if (!Array.isArray(bars) || bars.length === 0) throw new HeatmapInputError(`${label}: no bars given`);
  const out: Bar[] = [];
  let sorted = true;
  for (let i = 0; i < bars.length; i++) {
    const bar = bars[i]!;
    checkBar(bar, `${label}[${i}]`);
    if (i > 0 && bar.time <= bars[i - 1]!.time) sorted = false;
    out.push(bar);
  }
  if (sorted) return out;
  const order = out.map((b, i) => [b, i] as const).sort((a, b) => a[0].time - b[0].time || a[1] - b[1]);
  const dedup: Bar[] = [];
  for (const [b] of order) {
    if (dedup.length > 0 && dedup[dedup.length - 1]!.time === b.time) dedup[dedup.length - 1] = b;
    else dedup.push(b);
  }
  return dedup;
}

/** The bars with time ≤ at (all when at is undefined); at least one must remain. */
export function barsUpTo(bars: Bar[], at: number | undefined, label: string): Bar[] {
  if (at === undefined) return bars;
  if (!Number.isFinite(at)) throw new HeatmapInputError(`at ${at} is not a time`);
  const kept = bars.filter((b) => b.time <= at);
  if (kept.length === 0) throw new HeatmapInputError(`${label}: no bar at or before ${at}`);
  return kept;
}

/** The bars from the first at or after `time` on, keeping at least the newest (bars sorted). */
export function barsFrom(bars: Bar[], time: number): Bar[] {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid]!.time < time) lo = mid + 1;
    else hi = mid;
  }
  const i = Math.min(lo, bars.length - 1);
  return i > 0 ? bars.slice(i) : bars;
}
