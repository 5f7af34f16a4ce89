/**
 * The statistics of the backtest (shared/notes/liquidation-model.md, "Scoring"). A statistic that
 * is undefined for the data (fewer than two values, a constant series) is reported as 0, never NaN.
 */

/** Ranks 1..n; tied values share the average of the ranks they span. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = rank;
    i = j + 1;
  }
  return ranks;
}

/** Pearson correlation; 0 when either series is constant or shorter than 2. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = Math.min(x.length, y.length);
  if (n < 2) return 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx <= 0 || syy <= 0) return 0;
  return sxy / Math.sqrt(sxx * syy);
}

/** Spearman rank correlation with average ranks for ties. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearson(averageRanks(x), averageRanks(y));
}

/** Ordinary least squares y = α + β·x; residuals y − α − β·x. β = 0 when x is constant. */
export function olsResiduals(x: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  const n = Math.min(x.length, y.length);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx = n > 0 ? mx / n : 0;
  my = n > 0 ? my / n : 0;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  const beta = sxx > 0 ? sxy / sxx : 0;
  const alpha = my - beta * mx;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = y[i]! - alpha - beta * x[i]!;
  return r;
}

/**
 * Spearman(residuals of OLS log1p(a) ~ α + β·log1p(b), log1p(p)): how well p ranks what the
 * baseline b leaves unexplained in a.
 */
export function partialSpearman(a: ArrayLike<number>, p: ArrayLike<number>, b: ArrayLike<number>): number {
  const la = Float64Array.from(a as ArrayLike<number>, Math.log1p);
  const lb = Float64Array.from(b as ArrayLike<number>, Math.log1p);
  const lp = Float64Array.from(p as ArrayLike<number>, Math.log1p);
  return spearman(olsResiduals(lb, la), lp);
}

/** Indices of the k largest values; ties go to the earlier index. */
export function topK(values: ArrayLike<number>, k: number): Set<number> {
  const order = Array.from({ length: values.length }, (_, i) => i).sort(
    (i, j) => values[j]! - values[i]! || i - j,
  );
  return new Set(order.slice(0, Math.max(0, k)));
}

/**
 * Share of the k = floor(n/10) bars with the largest actual that are also among the k bars with
 * the largest prediction (ties broken by earlier bar first). 0 when n < 10.
 */
export function topDecileCapture(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const n = Math.min(actual.length, predicted.length);
  const k = Math.floor(n / 10);
  if (k === 0) return 0;
  const a = topK(actual, k);
  const p = topK(predicted, k);
  let hits = 0;
  for (const i of a) if (p.has(i)) hits++;
  return hits / k;
}
