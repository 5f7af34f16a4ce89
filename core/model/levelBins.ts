import type { PositionSide } from '../exchanges/types';

/** Below this, a lazy scale is folded into the stored values so they never underflow. */
const RESCALE_BELOW = 1e-150;
/** A book never spans more bins than this; a level that would need more is not stored. */
const MAX_BINS = 1 << 17;

/**
 * Where the level book keeps its live levels.
 *
 * Per side one Float64Array over fixed price bins of `binSize` USD, laid out [bin][leverage tier],
 * so a leverage filter needs no rebuild and a run of bins is one contiguous slice. Bin k covers
 * [k·binSize, (k+1)·binSize) and stands for its centre price. Both sides share one geometry; the
 * arrays grow (and shift) when a level lands outside them.
 *
 * Proportional closing and exponential ageing touch every level by the same factor, so they only
 * change a per-side scale: stored value × scale = USD. That keeps a bar O(tiers + bins crossed).
 * A level at price ≤ 0 (a 1× long) can never be liquidated and is not stored.
 */
export class LevelBins {
  readonly binSize: number;
  readonly tierCount: number;
  private long = new Float64Array(0);
  private short = new Float64Array(0);
  /** Absolute bin number of array index 0, and how many bins the arrays hold. */
  private base = 0;
  private capacity = 0;
  private longScale = 1;
  private shortScale = 1;
  /** Inclusive bounds (absolute bins) outside which a side holds nothing; empty when lo > hi. */
  private longLo = Number.POSITIVE_INFINITY;
  private longHi = Number.NEGATIVE_INFINITY;
  private shortLo = Number.POSITIVE_INFINITY;
  private shortHi = Number.NEGATIVE_INFINITY;

  constructor(binSize: number, tierCount: number) {
    if (!Number.isFinite(binSize) || binSize <= 0)
      throw new RangeError(`bin size must be positive, got ${binSize}`);
    this.binSize = binSize;
    this.tierCount = tierCount;
  }

  /** Every level of both sides times f (ageing, proportional closing): O(1). */
  scaleAll(f: number): void {
    this.longScale *= f;
    this.shortScale *= f;
  }

  /** Every level of one side times f (a side-weighted close): O(1). */
  scaleSide(isLong: boolean, f: number): void {
    if (isLong) this.longScale *= f;
    else this.shortScale *= f;
  }

  /** Live notional of one side, USD, every tier: O(bins of that side). */
  total(isLong: boolean): number {
    const lo = isLong ? this.longLo : this.shortLo;
    const hi = isLong ? this.longHi : this.shortHi;
    if (lo > hi) return 0;
    const arr = isLong ? this.long : this.short;
    const T = this.tierCount;
    let sum = 0;
    for (let i = (lo - this.base) * T, end = (hi - this.base + 1) * T; i < end; i++) sum += arr[i]!;
    return sum * this.scaleOf(isLong);
  }

  /** Folds a scale that came near underflow into the stored values. */
  rescaleIfTiny(): void {
    if (this.longScale < RESCALE_BELOW) this.rescale('long');
    if (this.shortScale < RESCALE_BELOW) this.rescale('short');
  }

  clear(): void {
    this.long.fill(0);
    this.short.fill(0);
    this.resetBounds(true);
    this.resetBounds(false);
    this.longScale = 1;
    this.shortScale = 1;
  }

  /** Adds `usd` of a tier at one price. */
  addAt(isLong: boolean, tier: number, price: number, usd: number): void {
    this.addRawAt(isLong, tier, price, usd / this.scaleOf(isLong));
  }

  /** Spreads `usd` of a tier evenly over the price interval [from, to]. */
  addSpread(isLong: boolean, tier: number, from: number, to: number, usd: number): void {
    const raw = usd / this.scaleOf(isLong);
    if (!(from > 0) || raw <= 0) return;
    const a = from / this.binSize;
    const b = to / this.binSize;
    const k0 = Math.floor(a);
    const k1 = Math.min(Math.floor(b), Math.ceil(b) - 1);
    if (k1 <= k0) {
      this.addRawAt(isLong, tier, from, raw);
      return;
    }
    if (!this.ensureBins(k0, k1)) return;
    const arr = isLong ? this.long : this.short;
    const perUnit = raw / (b - a);
    const T = this.tierCount;
    for (let k = k0; k <= k1; k++) {
      const overlap = Math.min(b, k + 1) - Math.max(a, k);
      arr[(k - this.base) * T + tier]! += overlap * perUnit;
    }
    this.widen(isLong, k0, k1);
  }

  /**
   * Splits `usd` of a tier evenly over its K band points for entry `entry`: the prices
   * entry·ratios[tier·K + j], ratios ascending.
   */
  addPoints(
    isLong: boolean,
    tier: number,
    entry: number,
    ratios: Float64Array,
    K: number,
    usd: number,
  ): void {
    const raw = usd / this.scaleOf(isLong);
    if (raw <= 0) return;
    const first = entry * ratios[tier * K]!;
    if (!(first > 0)) {
      for (let j = 0; j < K; j++) this.addRawAt(isLong, tier, entry * ratios[tier * K + j]!, raw / K);
      return;
    }
    const bs = this.binSize;
    const k0 = Math.floor(first / bs);
    const k1 = Math.floor((entry * ratios[tier * K + K - 1]!) / bs);
    if (!this.ensureBins(k0, k1)) return;
    const arr = isLong ? this.long : this.short;
    const T = this.tierCount;
    const share = raw / K;
    const offset = tier - this.base * T;
    for (let j = 0; j < K; j++) {
      const k = Math.floor((entry * ratios[tier * K + j]!) / bs);
      arr[k * T + offset]! += share;
    }
    this.widen(isLong, k0, k1);
  }

  /** Removes every long level at or above `low` (its bin centre ≥ low); returns their USD. */
  triggerLongs(low: number): number {
    if (this.longLo > this.longHi) return 0;
    const cut = Math.ceil(low / this.binSize - 0.5);
    if (cut > this.longHi) return 0;
    const from = Math.max(cut, this.longLo);
    const sum = this.take(this.long, from, this.longHi);
    this.longHi = from - 1;
    if (this.longHi < this.longLo) this.resetBounds(true);
    return sum * this.longScale;
  }

  /** Removes every short level at or below `high` (its bin centre ≤ high); returns their USD. */
  triggerShorts(high: number): number {
    if (this.shortLo > this.shortHi) return 0;
    const cut = Math.floor(high / this.binSize - 0.5);
    if (cut < this.shortLo) return 0;
    const to = Math.min(cut, this.shortHi);
    const sum = this.take(this.short, this.shortLo, to);
    this.shortLo = to + 1;
    if (this.shortLo > this.shortHi) this.resetBounds(false);
    return sum * this.shortScale;
  }

  /**
   * Adds the side's live notional (USD) into `out`, one entry per view row: row r covers absolute
   * bins [rowBaseBin + r·factor, rowBaseBin + (r+1)·factor). `tierMask[t]` = 0 leaves tier t out.
   */
  addToRows(
    side: PositionSide,
    out: Float32Array | Float64Array,
    outOffset: number,
    rowBaseBin: number,
    factor: number,
    rows: number,
    tierMask: Uint8Array | null,
  ): void {
    const isLong = side === 'long';
    const lo = isLong ? this.longLo : this.shortLo;
    const hi = isLong ? this.longHi : this.shortHi;
    if (lo > hi) return;
    const from = Math.max(lo, rowBaseBin);
    const to = Math.min(hi, rowBaseBin + rows * factor - 1);
    if (from > to) return;
    const arr = isLong ? this.long : this.short;
    const scale = this.scaleOf(isLong);
    const T = this.tierCount;
    let row = Math.floor((from - rowBaseBin) / factor);
    let inRow = from - rowBaseBin - row * factor;
    let acc = 0;
    let i = (from - this.base) * T;
    for (let k = from; k <= to; k++, i += T) {
      // Without a mask a bin's tiers are summed as one contiguous run, with no test per tier.
      acc = tierMask === null ? addBin(acc, arr, i, T) : addMaskedBin(acc, arr, i, T, tierMask);
      if (++inRow === factor) {
        out[outOffset + row] = out[outOffset + row]! + acc * scale;
        acc = 0;
        inRow = 0;
        row++;
      }
    }
    if (inRow !== 0) out[outOffset + row] = out[outOffset + row]! + acc * scale;
  }

  /** Lowest and highest price bin (absolute) holding any level of a side; undefined when empty. */
  extent(side: PositionSide): { lo: number; hi: number } | undefined {
    const lo = side === 'long' ? this.longLo : this.shortLo;
    const hi = side === 'long' ? this.longHi : this.shortHi;
    return lo > hi ? undefined : { lo, hi };
  }

  /**
   * Makes this store an exact copy of `other` (same bin size and tiers). When both share their
   * array geometry only the live ranges are copied, which keeps a per-bar undo point cheap.
   */
  copyFrom(other: LevelBins): void {
    if (this.long.length === other.long.length && this.base === other.base) {
      this.copySide(this.long, other.long, this.longLo, this.longHi, other.longLo, other.longHi);
      this.copySide(this.short, other.short, this.shortLo, this.shortHi, other.shortLo, other.shortHi);
    } else {
      this.long = other.long.slice();
      this.short = other.short.slice();
    }
    this.base = other.base;
    this.capacity = other.capacity;
    this.longScale = other.longScale;
    this.shortScale = other.shortScale;
    this.longLo = other.longLo;
    this.longHi = other.longHi;
    this.shortLo = other.shortLo;
    this.shortHi = other.shortHi;
  }

  private scaleOf(isLong: boolean): number {
    return isLong ? this.longScale : this.shortScale;
  }

  private addRawAt(isLong: boolean, tier: number, price: number, raw: number): void {
    if (!(price > 0) || raw <= 0) return;
    const k = Math.floor(price / this.binSize);
    if (!this.ensureBins(k, k)) return;
    const arr = isLong ? this.long : this.short;
    arr[(k - this.base) * this.tierCount + tier]! += raw;
    this.widen(isLong, k, k);
  }

  /** Sums and zeroes the stored values of bins lo..hi (absolute), every tier. */
  private take(arr: Float64Array, lo: number, hi: number): number {
    const T = this.tierCount;
    const i0 = (lo - this.base) * T;
    const i1 = (hi - this.base + 1) * T;
    let sum = 0;
    for (let i = i0; i < i1; i++) sum += arr[i]!;
    arr.fill(0, i0, i1);
    return sum;
  }

  private widen(isLong: boolean, k0: number, k1: number): void {
    if (isLong) {
      if (k0 < this.longLo) this.longLo = k0;
      if (k1 > this.longHi) this.longHi = k1;
    } else {
      if (k0 < this.shortLo) this.shortLo = k0;
      if (k1 > this.shortHi) this.shortHi = k1;
    }
  }

  private resetBounds(isLong: boolean): void {
    if (isLong) {
      this.longLo = Number.POSITIVE_INFINITY;
      this.longHi = Number.NEGATIVE_INFINITY;
    } else {
      this.shortLo = Number.POSITIVE_INFINITY;
      this.shortHi = Number.NEGATIVE_INFINITY;
    }
  }

  private rescale(side: PositionSide): void {
    const isLong = side === 'long';
    const arr = isLong ? this.long : this.short;
    const scale = isLong ? this.longScale : this.shortScale;
    for (let i = 0; i < arr.length; i++) arr[i]! *= scale;
    if (isLong) this.longScale = 1;
    else this.shortScale = 1;
  }

  /** Makes bins k0..k1 addressable; false when that would exceed MAX_BINS. */
  private ensureBins(k0: number, k1: number): boolean {
    if (this.capacity > 0 && k0 >= this.base && k1 < this.base + this.capacity) return true;
    const T = this.tierCount;
    if (this.capacity === 0) {
      if (k1 - k0 + 1 > MAX_BINS) return false;
      const span = Math.max(1024, (k1 - k0 + 1) * 4);
      this.base = k0 - Math.floor(span / 2);
      this.capacity = span + (k1 - k0 + 1);
      this.long = new Float64Array(this.capacity * T);
      this.short = new Float64Array(this.capacity * T);
      return true;
    }
    const lo = Math.min(k0, this.base);
    const hi = Math.max(k1, this.base + this.capacity - 1);
    if (hi - lo + 1 > MAX_BINS) return false;
    const grow = Math.max(this.capacity, hi - lo + 1);
    // Leave room on the side that grew, so a drifting price does not reallocate every bar.
    const newBase = k0 < this.base ? lo - Math.floor(grow / 2) : lo;
    const newCapacity = hi - newBase + 1 + (k1 >= this.base + this.capacity ? Math.floor(grow / 2) : 0);
    const shift = (this.base - newBase) * T;
    const long = new Float64Array(newCapacity * T);
    const short = new Float64Array(newCapacity * T);
    long.set(this.long, shift);
    short.set(this.short, shift);
    this.long = long;
    this.short = short;
    this.base = newBase;
    this.capacity = newCapacity;
    return true;
  }

  private copySide(
    dst: Float64Array,
    src: Float64Array,
    lo: number,
    hi: number,
    srcLo: number,
    srcHi: number,
  ): void {
    const T = this.tierCount;
    if (lo <= hi) dst.fill(0, (lo - this.base) * T, (hi - this.base + 1) * T);
    if (srcLo <= srcHi) {
      const i0 = (srcLo - this.base) * T;
      const i1 = (srcHi - this.base + 1) * T;
      dst.set(src.subarray(i0, i1), i0);
    }
  }
}

/** acc plus the bin's tiers at arr[i..i+T), in tier order. */
function addBin(acc: number, arr: Float64Array, i: number, T: number): number {
  for (let x = i; x < i + T; x++) acc += arr[x]!;
  return acc;
}

/** acc plus the bin's tiers the mask keeps, in tier order. */
function addMaskedBin(acc: number, arr: Float64Array, i: number, T: number, mask: Uint8Array): number {
  for (let t = 0; t < T; t++) if (mask[t] !== 0) acc += arr[i + t]!;
  return acc;
}
