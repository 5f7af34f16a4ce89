import type { Bar } from '../data/bars';
import { prepareBars } from './barInput';
import { DEFAULT_CONFIG, type EngineConfig } from './config';
import { niceBinSize } from './heatGrid';
import { LevelBook } from './levelBook';
import { partialSpearman, spearman, topDecileCapture } from './stats';
import type { BacktestReport, SideScore } from './types';

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

function score(actual: Float64Array, pred: Float64Array, base: Float64Array): SideScore {
  return {
    spearman: spearman(pred, actual),
    partial_spearman: partialSpearman(actual, pred, base),
    top_decile_capture: topDecileCapture(actual, pred),
    baseline_top_decile_capture: topDecileCapture(actual, base),
  };
}

/** The backtest report, exactly per the scoring rules in shared/notes/liquidation-model.md. */
export function runBacktest(bars: readonly Bar[], config: EngineConfig = DEFAULT_CONFIG): BacktestReport {
  const s = backtestSeries(bars, config);
  return {
    bars: s.time.length,
    long: score(s.actualLong, s.predLong, s.baseLong),
    short: score(s.actualShort, s.predShort, s.baseShort),
  };
}

/** The baseline's own Spearman per side, for a table beside the engine's figures. */
export function baselineSpearman(
  bars: readonly Bar[],
  config: EngineConfig = DEFAULT_CONFIG,
): { long: number; short: number } {
  const s = backtestSeries(bars, config);
  return { long: spearman(s.baseLong, s.actualLong), short: spearman(s.baseShort, s.actualShort) };
}
