import type { BookSample } from './types';

/**
 * One book's profile as the views draw it: USD per depth bin from the lowest known bid bin to the
 * highest known ask bin, no further. A bin outside [loBin, loBin + length) is unknown (beyond the
 * book's reach), never zero, and the published arrays never hold a bin the book does not reach.
 */
export interface BinnedBook {
  loBin: number;
  bids: number[];
  asks: number[];
}

/**
 * Bins a sampled book on fixed price bins (bin k covers [k·binSize, (k+1)·binSize)), keeping at
 * most `maxBinsPerSide` bins on each side of the mid, so a 5,000-level book never makes the
 * published item large. The reach is cut to those bins: what is cut off is unknown to the views.
 * USD is rounded to whole dollars (the views draw bars, not cents).
 */
export function binBook(sample: BookSample, binSize: number, maxBinsPerSide: number): BinnedBook {
  if (!(binSize > 0)) throw new RangeError(`bin size must be positive, got ${binSize}`);
  const midBin = Math.floor(sample.mid / binSize);
  const lo = Math.max(Math.floor(sample.reachLow / binSize), midBin - maxBinsPerSide);
  const hi = Math.min(Math.floor(sample.reachHigh / binSize), midBin + maxBinsPerSide);
  if (!(hi >= lo) || !Number.isFinite(lo) || !Number.isFinite(hi))
    return { loBin: midBin, bids: [], asks: [] };
  const n = hi - lo + 1;
  const bids = new Array<number>(n).fill(0);
  const asks = new Array<number>(n).fill(0);
  for (const [price, usd] of sample.bids) {
    const k = Math.floor(price / binSize) - lo;
    if (k < 0) break; // bids come best first: every later one is lower still
    if (k < n) bids[k] = (bids[k] ?? 0) + usd;
  }
  for (const [price, usd] of sample.asks) {
    const k = Math.floor(price / binSize) - lo;
    if (k >= n) break; // asks come best first: every later one is higher still
    if (k >= 0) asks[k] = (asks[k] ?? 0) + usd;
  }
  for (let i = 0; i < n; i++) {
    bids[i] = Math.round(bids[i] ?? 0);
    asks[i] = Math.round(asks[i] ?? 0);
  }
  return { loBin: lo, bids, asks };
}
