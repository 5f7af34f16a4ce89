import type { Bar } from '../data/bars';
import { prepareBars } from './barInput';
import { calibrationBuckets, inRankOrder } from './calibration';
import { DEFAULT_CONFIG, type EngineConfig } from './config';
import { niceBinSize } from './heatGrid';
import { LevelBook } from './levelBook';
import { partialSpearman, spearman, topDecileCapture } from './stats';
import type { BacktestReport, PartReport, SideReport, SideScore, SplitBacktestReport } from './types';

/** Bars 0..167 only build state (the scoring rules' warm-up). */
export const SCORE_FROM_INDEX = 168;

/** Per scored bar: actual, predicted and baseline liquidations, per side. */
export interface BacktestSeries {
  time: Float64Array;
  actualLong: Float64Array;
  predLong: Float64Array;
  baseLong: Float64Array;
  actualShort: Float64Array;
  predShort: Float64Array;
  baseShort: Float64Array;
}

/**
 * Replays the bars from the first and collects, for every scored bar t, the notional the book
 * (built from bars before t only) says bar t triggers, next to the excursion baseline
 * oi_usd(t−1)·max(0, (open − low)/open) (longs) and oi_usd(t−1)·max(0, (high − open)/open) (shorts).
 * Scored: index ≥ 168, both actual columns present, and oi_usd(t−1) known (else the baseline is
 * not defined). Unsorted bars are sorted first, as everywhere in the engine; open interest is taken
 * as the file gives it (no frozen-run blanking), since the scoring rules define the baseline on it.
 */
export function backtestSeries(input: readonly Bar[], config: EngineConfig = DEFAULT_CONFIG): BacktestSeries {
  const bars = prepareBars(input);
  const book = new LevelBook(niceBinSize(bars[0]!.close * config.grid.backtestBinPct), 'binance', config);
  const cols: number[][] = [[], [], [], [], [], [], []];
  for (let t = 0; t < bars.length; t++) {
    const bar = bars[t]!;
    book.process(bar);
    if (t < SCORE_FROM_INDEX) continue;
    const prevOi = bars[t - 1]!.oiUsd;
    if (bar.liqLongUsd === undefined || bar.liqShortUsd === undefined || prevOi === undefined) continue;
    const down = Math.max(0, (bar.open - bar.low) / bar.open);
    const up = Math.max(0, (bar.high - bar.open) / bar.open);
    const row = [
      bar.time,
      bar.liqLongUsd,
      book.triggeredLong,
      prevOi * down,
      bar.liqShortUsd,
      book.triggeredShort,
      prevOi * up,
    ];
    for (let i = 0; i < 7; i++) cols[i]!.push(row[i]!);
  }
  const [time, actualLong, predLong, baseLong, actualShort, predShort, baseShort] = cols.map((c) =>
    Float64Array.from(c),
  );
  return {
    time: time!,
    actualLong: actualLong!,
    predLong: predLong!,
    baseLong: baseLong!,
    actualShort: actualShort!,
    predShort: predShort!,
    baseShort: baseShort!,
  };
}

/** The share of the scored hours the tuning part takes: the first 60 %, by time (issue 15). */
export const TUNING_SHARE = 0.6;

/**
 * Where the scored hours split: the tuning part is the first ⌊0.6·n⌋ scored hours (n = all scored
 * hours of the file, in time order), the held-back part the rest. Returns the index of the first
 * held-back hour in the series; its time is the split instant (an hour at or after it is held back).
 */
export function tuningSplitIndex(scoredHours: number): number {
  return Math.floor(TUNING_SHARE * scoredHours);
}

/** The scored hours [from, to) of a series, as a series of their own. */
export function sliceSeries(s: BacktestSeries, from: number, to: number): BacktestSeries {
  return {
    time: s.time.subarray(from, to),
    actualLong: s.actualLong.subarray(from, to),
    predLong: s.predLong.subarray(from, to),
    baseLong: s.baseLong.subarray(from, to),
    actualShort: s.actualShort.subarray(from, to),
    predShort: s.predShort.subarray(from, to),
    baseShort: s.baseShort.subarray(from, to),
  };
}

const sum = (x: Float64Array) => x.reduce((acc, v) => acc + v, 0);

function score(actual: Float64Array, pred: Float64Array, base: Float64Array): SideReport {
  const calibration = calibrationBuckets(pred, actual);
  return {
    spearman: spearman(pred, actual),
    partial_spearman: partialSpearman(actual, pred, base),
    top_decile_capture: topDecileCapture(actual, pred),
    baseline_top_decile_capture: topDecileCapture(actual, base),
    baseline_spearman: spearman(base, actual),
    predicted_usd: sum(pred),
    actual_usd: sum(actual),
    calibration,
    calibration_in_rank_order: inRankOrder(calibration),
  };
}

/**
 * Every figure of a run of scored hours, by the scoring rules: the OLS fit of the partial Spearman,
 * k of the top-decile capture and the calibration's quantiles are all taken within these hours.
 */
export function scoreSeries(s: BacktestSeries): PartReport {
  const n = s.time.length;
  return {
    from: n > 0 ? s.time[0]! : 0,
    to: n > 0 ? s.time[n - 1]! : 0,
    bars: n,
    long: score(s.actualLong, s.predLong, s.baseLong),
    short: score(s.actualShort, s.predShort, s.baseShort),
  };
}

/**
 * The backtest on the tuning part (first 60 % of the scored hours), the held-back part (last 40 %)
 * and the whole file, side by side. One replay from the file's first bar: a part's predictions use
 * levels built from every bar before each hour, so the held-back part's warm-up includes the
 * tuning part's bars (prices and open interest only; the book never sees liquidations).
 */
export function runSplitBacktest(
  bars: readonly Bar[],
  config: EngineConfig = DEFAULT_CONFIG,
): SplitBacktestReport {
  const s = backtestSeries(bars, config);
  const n = s.time.length;
  const cut = tuningSplitIndex(n);
  return {
    split: { tuning_share: TUNING_SHARE, at: cut < n ? s.time[cut]! : null },
    tuning: scoreSeries(sliceSeries(s, 0, cut)),
    held_back: scoreSeries(sliceSeries(s, cut, n)),
    whole: scoreSeries(s),
  };
}

/** The backtest report on the whole file, exactly per the scoring rules in shared/notes/liquidation-model.md. */
export function runBacktest(bars: readonly Bar[], config: EngineConfig = DEFAULT_CONFIG): BacktestReport {
  const { bars: n, long, short } = scoreSeries(backtestSeries(bars, config));
  return { bars: n, long: sideScore(long), short: sideScore(short) };
}

/** The four figures the scoring rules define, without the extras. */
export function sideScore(s: SideScore): SideScore {
  return {
    spearman: s.spearman,
    partial_spearman: s.partial_spearman,
    top_decile_capture: s.top_decile_capture,
    baseline_top_decile_capture: s.baseline_top_decile_capture,
  };
}
