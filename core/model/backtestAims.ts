import type { PartReport } from './types';

/** Issue 15's aims, meant for the held-back last 40 % of the shared hourly file. */
export const BACKTEST_AIMS = {
  /** partial Spearman on both sides at least this. */
  partialSpearman: 0.65,
  /** top-decile capture at least this much above the baseline's, both sides. */
  captureOverBaseline: 0.05,
  /** predicted long : short totals within this factor of the real long : short totals. */
  longShortFactor: 1.5,
} as const;

export interface AimCheck {
  aim: string;
  /** The measured figure(s), as printed. */
  measured: string;
  met: boolean;
}

/**
 * The predicted long : short ratio of the totals over the real one; 1 = the same balance.
 * NaN-free: 0 when a total the ratio needs is 0.
 */
export function longShortFactor(part: PartReport): number {
  const predicted = part.short.predicted_usd > 0 ? part.long.predicted_usd / part.short.predicted_usd : 0;
  const actual = part.short.actual_usd > 0 ? part.long.actual_usd / part.short.actual_usd : 0;
  return actual > 0 ? predicted / actual : 0;
}

/** Each aim checked on one part of the backtest, met or not. */
export function checkAims(part: PartReport): AimCheck[] {
  const f = (n: number) => n.toFixed(3);
  const { long, short } = part;
  const over = (s: typeof long) => s.top_decile_capture - s.baseline_top_decile_capture;
  const factor = longShortFactor(part);
  const a = BACKTEST_AIMS;
  return [
    {
      aim: `partial Spearman ≥ ${a.partialSpearman} both sides`,
      measured: `long ${f(long.partial_spearman)}, short ${f(short.partial_spearman)}`,
      met: long.partial_spearman >= a.partialSpearman && short.partial_spearman >= a.partialSpearman,
    },
    {
      aim: `top-decile capture ≥ baseline + ${a.captureOverBaseline} both sides`,
      measured: `long ${signed(over(long))}, short ${signed(over(short))}`,
      met: over(long) >= a.captureOverBaseline && over(short) >= a.captureOverBaseline,
    },
    {
      aim: `predicted long : short within ×${a.longShortFactor} of the real ratio`,
      measured: `×${factor.toFixed(2)}`,
      met: factor >= 1 / a.longShortFactor && factor <= a.longShortFactor,
    },
    {
      aim: 'calibration buckets in rank order both sides',
      measured: `long ${yesNo(long.calibration_in_rank_order)}, short ${yesNo(short.calibration_in_rank_order)}`,
      met: long.calibration_in_rank_order && short.calibration_in_rank_order,
    },
  ];
}

const signed = (n: number) => `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(3)}`;
const yesNo = (b: boolean) => (b ? 'yes' : 'no');
