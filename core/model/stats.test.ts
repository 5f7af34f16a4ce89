import { describe, expect, it } from 'vitest';
import {
  averageRanks,
  olsResiduals,
  partialSpearman,
  pearson,
  spearman,
  topDecileCapture,
  topK,
} from './stats';

describe('averageRanks', () => {
  it('gives tied values the average of the ranks they span', () => {
    // sorted: 10 (1), 20 20 (2,3 → 2.5), 30 (4), 40 40 40 (5,6,7 → 6)
    expect(Array.from(averageRanks([20, 40, 10, 40, 30, 20, 40]))).toEqual([2.5, 6, 1, 6, 4, 2.5, 6]);
  });
});

describe('spearman', () => {
  it('is 1 for any increasing relation and −1 for a decreasing one', () => {
    expect(spearman([1, 2, 3, 4], [1, 10, 100, 1000])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [9, 7, 5, 1])).toBeCloseTo(-1, 12);
  });

  it('matches a hand computation with ties', () => {
    // x ranks [1, 2.5, 2.5, 4]; y ranks [2, 1, 3, 4]. Pearson of the ranks:
    // mean 2.5 each; dx = [−1.5, 0, 0, 1.5], dy = [−0.5, −1.5, 0.5, 1.5];
    // Σdxdy = 0.75 + 2.25 = 3; Σdx² = 4.5; Σdy² = 5 → 3/√22.5 = 0.632455532.
    expect(spearman([1, 2, 2, 3], [20, 10, 30, 40])).toBeCloseTo(0.632455532, 8);
  });

  it('is 0, not NaN, for a constant series or fewer than two values', () => {
    expect(spearman([1, 1, 1], [1, 2, 3])).toBe(0);
    expect(spearman([1], [2])).toBe(0);
    expect(pearson([], [])).toBe(0);
  });
});

describe('olsResiduals', () => {
  it('fits y = α + βx and returns what is left', () => {
    // x = [0,1,2,3], y = [1,3,7,9]: β = Σdxdy/Σdx² = (−1.5·−4 + −0.5·−2 + 0.5·2 + 1.5·4)/5 = 14/5 = 2.8,
    // α = 5 − 2.8·1.5 = 0.8; residuals = [0.2, −0.6, 0.6, −0.2].
    const r = Array.from(olsResiduals([0, 1, 2, 3], [1, 3, 7, 9]));
    for (const [i, v] of [0.2, -0.6, 0.6, -0.2].entries()) expect(r[i]).toBeCloseTo(v, 12);
  });

  it('uses β = 0 when x is constant', () => {
    expect(Array.from(olsResiduals([2, 2, 2], [1, 2, 6]))).toEqual([-2, -1, 3]);
  });
});

describe('partialSpearman', () => {
  it('ranks the prediction against what the baseline leaves unexplained', () => {
    // a = e^(b'+r) − 1 with log1p(b) = [0,1,2,3] and residual pattern r = [0.2, −0.6, 0.6, −0.2].
    const lb = [0, 1, 2, 3];
    const r = [0.2, -0.6, 0.6, -0.2];
    const b = lb.map((v) => Math.expm1(v));
    const a = lb.map((v, i) => Math.expm1(1 + 2 * v + r[i]!));
    const pGood = [3, 1, 4, 2]; // same order as r
    const pBad = [2, 4, 1, 3]; // reversed order
    expect(partialSpearman(a, pGood, b)).toBeCloseTo(1, 12);
    expect(partialSpearman(a, pBad, b)).toBeCloseTo(-1, 12);
  });
});

describe('topDecileCapture', () => {
  it('takes k = floor(n/10) and counts the overlap of the top-k sets', () => {
    const actual = Array.from({ length: 25 }, (_, i) => i); // top 2: indices 24, 23
    const pred = Array.from({ length: 25 }, (_, i) => (i === 24 ? 100 : i === 3 ? 99 : 0));
    expect(topDecileCapture(actual, pred)).toBe(0.5);
  });

  it('breaks ties by the earlier bar first', () => {
    expect([...topK([5, 7, 7, 7, 1], 2)]).toEqual([1, 2]);
    const actual = [0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0]; // k = 1: index 9
    const tiedPred = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]; // every tie goes to index 0
    expect(topDecileCapture(actual, tiedPred)).toBe(0);
  });

  it('is 0 when n < 10', () => {
    expect(topDecileCapture([1, 2, 3], [1, 2, 3])).toBe(0);
  });
});
