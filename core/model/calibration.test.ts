import { describe, expect, it } from 'vitest';
import { calibrationBuckets, inRankOrder } from './calibration';

const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

describe('calibrationBuckets', () => {
  it('puts ten distinct predictions two to a bucket, each share the hour’s part of the side’s total', () => {
    // p = 1…10 (Σ 55), a = 2·p (Σ 110): shares are equal, bucket 1 holds p = 1, 2.
    const p = range(10, (i) => i + 1);
    const a = p.map((x) => 2 * x);
    const buckets = calibrationBuckets(p, a);
    expect(buckets.map((b) => b.n)).toEqual([2, 2, 2, 2, 2]);
    expect(buckets.map((b) => b.bucket)).toEqual([1, 2, 3, 4, 5]);
    expect(buckets[0]!.predicted).toBeCloseTo(3 / 55 / 2, 15);
    expect(buckets[4]!.predicted).toBeCloseTo(19 / 55 / 2, 15);
    for (const b of buckets) expect(b.observed).toBeCloseTo(b.predicted, 15);
    // Weighted by hours the shares add up to the whole side.
    expect(buckets.reduce((s, b) => s + b.predicted * b.n, 0)).toBeCloseTo(1, 12);
    expect(inRankOrder(buckets)).toBe(true);
  });

  it('buckets by predicted notional, whatever the order of the hours', () => {
    const p = [5, 1, 4, 2, 3, 10, 6, 9, 7, 8];
    const a = [0, 0, 0, 0, 0, 100, 0, 0, 0, 0];
    const buckets = calibrationBuckets(p, a);
    // Only the hour predicting 10 had liquidations: it is in the top bucket with p = 9.
    expect(buckets.map((b) => b.observed)).toEqual([0, 0, 0, 0, 0.5]);
    expect(buckets[4]!.predicted).toBeCloseTo(19 / 55 / 2, 15);
  });

  it('keeps equal predictions in one bucket and leaves out the quintiles that ties emptied', () => {
    // Six hours predict 0: the first three cuts (ranks 2, 4, 6) are all 0, the fourth (rank 8) is 2.
    const p = [0, 0, 0, 0, 0, 0, 1, 2, 3, 4];
    const a = [1, 1, 1, 1, 1, 1, 2, 2, 10, 10];
    const buckets = calibrationBuckets(p, a);
    expect(buckets.map((b) => [b.bucket, b.n])).toEqual([
      [1, 6],
      [2, 2],
      [3, 2],
    ]);
    expect(buckets.map((b) => b.predicted)).toEqual([0, 3 / 10 / 2, 7 / 10 / 2]);
    expect(buckets.map((b) => b.observed)).toEqual([6 / 30 / 6, 4 / 30 / 2, 20 / 30 / 2]);
    expect(inRankOrder(buckets)).toBe(true);
  });

  it('says when real liquidations do not rise with the prediction', () => {
    const p = range(10, (i) => i + 1);
    const reversed = calibrationBuckets(
      p,
      p.map((x) => 11 - x),
    );
    expect(inRankOrder(reversed)).toBe(false);
    // One bucket out of order is enough.
    const a = [1, 1, 2, 2, 3, 3, 9, 9, 5, 5];
    expect(calibrationBuckets(p, a).map((b) => b.observed * 40 * 2)).toEqual([2, 4, 6, 18, 10]);
    expect(inRankOrder(calibrationBuckets(p, a))).toBe(false);
  });

  it('reports 0 shares, never NaN, when a side predicted or saw nothing, and no bucket order for one bucket', () => {
    const buckets = calibrationBuckets([0, 0, 0, 0, 0], [0, 0, 0, 0, 0]);
    expect(buckets).toEqual([{ bucket: 1, predicted: 0, observed: 0, n: 5 }]);
    expect(inRankOrder(buckets)).toBe(false);
    expect(calibrationBuckets([], [])).toEqual([]);
  });
});
