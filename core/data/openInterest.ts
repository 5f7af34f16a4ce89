import type { Bar } from './bars';

/**
 * How long one open-interest value may repeat before the repeats count as "not known": 3 hours
 * between the first and the last bar reading it. Why this figure:
 * - Open interest in USD is contracts × price, so a working source changes it practically every
 *   reading: the recorded 5-minute file has no two equal readings in a row outside its defect,
 *   which froze one value for 5 days 20 hours (2026-06-14 15:00 → 06-20 10:55 UTC).
 * - The recorded hourly file (values rounded to the dollar) repeats a value for at most 2 hours
 *   (3 readings, 6 times in 2,821 bars). Such short repeats cost the estimate nothing: the level
 *   book adds nothing for "no change" and for "not known" alike, and takes the next change as one
 *   step either way; a gap that short is not worth a mark on the chart.
 * Measured in time, not readings, so it means the same for 5-minute bars (37 readings) as for
 * hourly ones (4 readings).
 */
export const FROZEN_OI_MIN_MS = 3 * 3_600_000;

/** A stretch of bars repeating one open-interest value for at least the threshold. */
export interface FrozenOiRun {
  /** Open time of the run's first bar (its reading is kept as real) and of its last bar. */
  from: number;
  to: number;
  /** Bars in the run, the first included. */
  bars: number;
  oiUsd: number;
}

const known = (oi: number | undefined): oi is number => oi !== undefined && Number.isFinite(oi) && oi > 0;

/** [first, last] bar index of every frozen run; bars sorted by time. */
function frozenRunIndices(bars: readonly Bar[], minRunMs: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = 0;
  for (let i = 1; i <= bars.length; i++) {
    const v = bars[start]!.oiUsd;
    if (i < bars.length && known(v) && bars[i]!.oiUsd === v) continue;
    if (i - 1 > start && bars[i - 1]!.time - bars[start]!.time >= minRunMs) runs.push([start, i - 1]);
    start = i;
  }
  return runs;
}

/**
 * Runs of consecutive bars (sorted by time) whose known oiUsd is one identical value for at least
 * `minRunMs` between the first and the last bar: a source that stopped updating. A bar whose OI
 * is not known ends a run.
 */
export function frozenOpenInterestRuns(bars: readonly Bar[], minRunMs = FROZEN_OI_MIN_MS): FrozenOiRun[] {
  return frozenRunIndices(bars, minRunMs).map((run) => runOf(bars, run));
}

function runOf(bars: readonly Bar[], [a, b]: [number, number]): FrozenOiRun {
  return { from: bars[a]!.time, to: bars[b]!.time, bars: b - a + 1, oiUsd: bars[a]!.oiUsd! };
}

function withoutOi(bar: Bar): Bar {
  return { ...bar, oiUsd: undefined };
}

/**
 * The bars with every repeat in a frozen run marked not known (oiUsd undefined; the run's
 * first reading stays), and the runs. Bars outside the runs are the same objects, not copies.
 */
export function unfreezeOpenInterest(
  bars: readonly Bar[],
  minRunMs = FROZEN_OI_MIN_MS,
): { bars: Bar[]; runs: FrozenOiRun[] } {
  const out = bars.slice();
  const runs = frozenRunIndices(bars, minRunMs);
  for (const [a, b] of runs) for (let i = a + 1; i <= b; i++) out[i] = withoutOi(bars[i]!);
  return { bars: out, runs: runs.map((run) => runOf(bars, run)) };
}

/**
 * The newest bar as a live feed should take it: with oiUsd undefined when it repeats a value that,
 * by this bar, has stood for `minRunMs`. Earlier repeats of that run, taken while it was shorter,
 * added nothing to the book either (no change), so a live feed and unfreezeOpenInterest agree.
 */
export function unfreezeNewest(bars: readonly Bar[], minRunMs = FROZEN_OI_MIN_MS): Bar {
  const i = bars.length - 1;
  const bar = bars[i]!;
  const v = bar.oiUsd;
  if (!known(v)) return bar;
  for (let j = i - 1; j >= 0 && bars[j]!.oiUsd === v; j--) {
    if (bar.time - bars[j]!.time >= minRunMs) return withoutOi(bar);
  }
  return bar;
}
