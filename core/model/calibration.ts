/**
 * Calibration of the backtest's predictions (issue 15): do hours the engine gives more notional
 * really see more liquidations, and in what proportion?
 */

/** One bucket of hours with similar predicted notional. */
export interface CalibrationBucket {
  /** 1 = the lowest predictions; numbered consecutively over the buckets that have hours. */
  bucket: number;
  /** Mean over the bucket's hours of p(hour) / Σ p over all scored hours of the part (0 if Σ p = 0). */
  predicted: number;
  /** Mean over the bucket's hours of a(hour) / Σ a over all scored hours of the part (0 if Σ a = 0). */
  observed: number;
  /** Hours in the bucket. */
  n: number;
}

export const CALIBRATION_BUCKETS = 5;

/**
 * Hours bucketed by predicted notional into five quantile buckets. With the predictions sorted
 * ascending, the q-th cut (q = 1…4) is the value at rank ⌈q·n/5⌉; an hour's quintile is 1 + the
 * number of cuts its prediction is strictly above. Equal predictions therefore share a bucket:
 * the engine does not tell those hours apart, so splitting them by time would only add noise.
 * When ties make cuts coincide (most hours predicting 0, say) a quintile has no hours; it is
 * left out and the rest renumbered 1…k, as pandas' `qcut(…, duplicates='drop')` does.
 * Without ties every bucket holds n/5 hours (±1).
 */
export function calibrationBuckets(
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
  buckets = CALIBRATION_BUCKETS,
): CalibrationBucket[] {
  const n = Math.min(predicted.length, actual.length);
  if (n === 0) return [];
  const sorted = Float64Array.from({ length: n }, (_, i) => predicted[i]!).sort();
  const cuts = Array.from({ length: buckets - 1 }, (_, q) => sorted[Math.ceil(((q + 1) * n) / buckets) - 1]!);
  let totalP = 0;
  let totalA = 0;
  for (let i = 0; i < n; i++) {
    totalP += predicted[i]!;
    totalA += actual[i]!;
  }
  const sumP = new Float64Array(buckets);
  const sumA = new Float64Array(buckets);
  const count = new Int32Array(buckets);
  for (let i = 0; i < n; i++) {
    let q = 0;
    while (q < cuts.length && predicted[i]! > cuts[q]!) q++;
    sumP[q]! += predicted[i]!;
    sumA[q]! += actual[i]!;
    count[q]!++;
  }
  const out: CalibrationBucket[] = [];
  for (let q = 0; q < buckets; q++) {
    const hours = count[q]!;
    if (hours === 0) continue;
    out.push({
      bucket: out.length + 1,
      predicted: totalP > 0 ? sumP[q]! / totalP / hours : 0,
      observed: totalA > 0 ? sumA[q]! / totalA / hours : 0,
      n: hours,
    });
  }
  return out;
}

/** True when there are at least two buckets and each one's observed share is above the one before. */
export function inRankOrder(calibration: readonly CalibrationBucket[]): boolean {
  if (calibration.length < 2) return false;
  return calibration.every((b, i) => i === 0 || b.observed > calibration[i - 1]!.observed);
}
