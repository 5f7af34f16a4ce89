import type { Bar } from '../data/bars';
import type { ExchangeId, PositionSide } from '../exchanges/types';
import type { EngineConfig } from './config';
import { liquidationRatio } from './liquidationPrice';

const LN2 = Math.log(2);
/** Below this, a lazy scale is folded into the stored values so they never underflow. */
const RESCALE_BELOW = 1e-150;
/** A book never spans more bins than this; a level that would need more is not stored. */
const MAX_BINS = 1 << 17;

/**
 * The leverage range each tier stands for: from the geometric midpoint with the tier below to the
 * one with the tier above; the outer tiers extend as far (in log terms) as their inner half, the top
 * capped at the exchange's maximum leverage, the bottom at 1×.
 */
export function leverageBands(tiers: readonly number[], maxLeverage: number): Array<[number, number]> {
  const sorted = tiers.map((l, i) => [l, i] as const).sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = tiers.map((l) => [l, l]);
  for (let k = 0; k < sorted.length; k++) {
    const [l, i] = sorted[k]!;
    const below = sorted[k - 1]?.[0];
    const above = sorted[k + 1]?.[0];
    const lo =
      below !== undefined ? Math.sqrt(below * l) : above !== undefined ? (l * l) / Math.sqrt(above * l) : l;
    const hi =
      above !== undefined ? Math.sqrt(above * l) : below !== undefined ? (l * l) / Math.sqrt(below * l) : l;
    out[i] = [Math.max(1, Math.min(lo, l)), Math.max(l, Math.min(hi, Math.max(maxLeverage, l)))];
  }
  return out;
}

/**
 * The live liquidation levels of one exchange and symbol, built bar by bar (see
 * shared/notes/liquidation-model.md, "A transparent estimator").
 *
 * Storage: per side one Float64Array over fixed price bins of `binSize` USD, laid out
 * [bin][leverage tier], so a leverage filter needs no rebuild and a run of bins is one contiguous
 * slice. Bin k covers [k·binSize, (k+1)·binSize) and stands for its centre price. The arrays grow
 * (and shift) when a level lands outside them.
 *
 * Proportional closing and exponential ageing touch every level by the same factor, so they only
 * change a per-side scale: stored value × scale = USD. That keeps a bar O(tiers + bins crossed).
 *
 * Treatment of awkward bars:
 * - oiUsd undefined: nothing is added or closed for that bar; the last known OI is kept, so the
 *   next known value's change is taken as one step (a gap in the bars is treated the same way).
 * - The first bar with a known OI has no change to measure: it only sets the reference.
 * - Ageing uses the real time elapsed, so a gap ages the book by the gap's length.
 * - A level at price ≤ 0 (a 1× long) can never be liquidated and is not stored.
 */
export class LevelBook {
  readonly binSize: number;
  readonly exchange: ExchangeId;
  readonly leverages: readonly number[];
  readonly tierCount: number;
  private readonly weights: Float64Array;
  private readonly longRatio: Float64Array;
  private readonly shortRatio: Float64Array;
  /** LP/E at the edges of each tier's leverage band: [ratio at the band's low leverage, at its high]. */
  private readonly longBand: Float64Array;
  private readonly shortBand: Float64Array;
  private readonly config: EngineConfig;
  /** Band sampling (EngineConfig.entry.bandPoints): points per band, and their LP/E ratios per tier. */
  private readonly bandPoints: number;
  private readonly longPoints: Float64Array;
  private readonly shortPoints: Float64Array;
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
  private prevOi: number | undefined;
  private lastTime: number | undefined;
  /** Notional (USD) triggered by the last processed bar: the estimate of that bar's liquidations. */
  triggeredLong = 0;
  triggeredShort = 0;

  constructor(binSize: number, exchange: ExchangeId, config: EngineConfig) {
    if (!Number.isFinite(binSize) || binSize <= 0)
      throw new RangeError(`bin size must be positive, got ${binSize}`);
    this.binSize = binSize;
    this.exchange = exchange;
    this.config = config;
    this.leverages = [...config.leverage.tiers];
    this.tierCount = this.leverages.length;
    const sum = config.leverage.weights.reduce((a, b) => a + b, 0);
    this.weights = Float64Array.from(config.leverage.weights, (w) => w / sum);
    const rate = config.maintenance[exchange].maintenanceMarginRate;
    this.longRatio = new Float64Array(this.tierCount);
    this.shortRatio = new Float64Array(this.tierCount);
    this.longBand = new Float64Array(this.tierCount * 2);
    this.shortBand = new Float64Array(this.tierCount * 2);
    const ratio = (side: PositionSide, lev: number) => {
      const r = liquidationRatio(exchange, side, lev, rate);
      if (!r.ok) throw new RangeError(r.error);
      return r.price;
    };
    const bands = leverageBands(this.leverages, config.leverage.maxLeverage);
    for (let i = 0; i < this.tierCount; i++) {
      const lev = this.leverages[i]!;
      this.longRatio[i] = ratio('long', lev);
      this.shortRatio[i] = ratio('short', lev);
      const [lo, hi] = bands[i]!;
      // Long LP rises with leverage, short LP falls: store each band as [lower price, higher price].
      this.longBand[2 * i] = ratio('long', lo);
      this.longBand[2 * i + 1] = ratio('long', hi);
      this.shortBand[2 * i] = ratio('short', hi);
      this.shortBand[2 * i + 1] = ratio('short', lo);
    }
    const sampled = config.entry.leverageBands && config.entry.placement === 'typical';
    const K = sampled ? config.entry.bandPoints : 0;
    this.bandPoints = K;
    this.longPoints = new Float64Array(this.tierCount * K);
    this.shortPoints = new Float64Array(this.tierCount * K);
    for (let i = 0; i < this.tierCount; i++) {
      for (let j = 0; j < K; j++) {
        const f = (j + 0.5) / K;
        const lb = this.longBand;
        const sb = this.shortBand;
        this.longPoints[i * K + j] = lb[2 * i]! + f * (lb[2 * i + 1]! - lb[2 * i]!);
        this.shortPoints[i * K + j] = sb[2 * i]! + f * (sb[2 * i + 1]! - sb[2 * i]!);
      }
    }
  }

  /** One bar: age, trigger what the bar's range crossed, then open or close OI. */
  process(bar: Bar): void {
    const { low, high } = bar;
    if (!(low > 0 && high >= low && Number.isFinite(high))) {
      throw new RangeError(`bar at ${bar.time} has an impossible range (low ${low}, high ${high})`);
    }
    const halfLife = this.config.ageing.halfLifeHours;
    if (halfLife !== null && this.lastTime !== undefined && bar.time > this.lastTime) {
      const f = Math.exp((-LN2 * (bar.time - this.lastTime)) / (halfLife * 3_600_000));
      this.longScale *= f;
      this.shortScale *= f;
    }
    this.lastTime = bar.time;
    this.triggeredLong = this.triggerLongs(low);
    this.triggeredShort = this.triggerShorts(high);

    const oi = bar.oiUsd;
    if (oi === undefined || !Number.isFinite(oi) || oi <= 0) return;
    const prev = this.prevOi;
    this.prevOi = oi;
    if (prev === undefined) return;
    const d = oi - prev;
    if (d > 0) this.open(bar, d);
    else if (d < 0) {
      // Liquidations themselves lower OI: with netOfTriggered, only the rest is closed by choice.
      const closed = this.config.oiDecrease.netOfTriggered
        ? Math.max(0, -d - this.triggeredLong - this.triggeredShort)
        : -d;
      this.close(Math.min(1, (this.config.oiDecrease.closeFactor * closed) / prev));
    }
    if (this.longScale < RESCALE_BELOW) this.rescale('long');
    if (this.shortScale < RESCALE_BELOW) this.rescale('short');
  }

  /** Share of a bar's new OI counted as longs (see EngineConfig.split). */
  longShare(bar: Bar, oiIncrease: number): number {
    const s = this.config.split;
    let share = 0.5;
    if (bar.takerDeltaBase !== undefined && Number.isFinite(bar.takerDeltaBase) && s.takerK > 0) {
      const takerUsd = bar.takerDeltaBase * bar.close;
      share = 0.5 + 0.5 * s.takerK * Math.tanh(takerUsd / oiIncrease);
    } else if (s.directionK > 0 && bar.high > bar.low) {
      share = 0.5 + (0.5 * s.directionK * (bar.close - bar.open)) / (bar.high - bar.low);
    }
    return Math.min(s.maxLongShare, Math.max(s.minLongShare, share));
  }

  private open(bar: Bar, d: number): void {
    const longUsd = d * this.longShare(bar, d);
    const shortUsd = d - longUsd;
    const spread = this.config.entry.placement === 'range' && bar.high > bar.low;
    const typical = (bar.high + bar.low + bar.close) / 3;
    const bands = this.config.entry.leverageBands;
    const entryLo = spread ? bar.low : typical;
    const entryHi = spread ? bar.high : typical;
    for (let t = 0; t < this.tierCount; t++) {
      const w = this.weights[t]!;
      if (w === 0) continue;
      const lr = this.longRatio[t]!;
      const sr = this.shortRatio[t]!;
      if (this.bandPoints > 0) {
        this.addPoints(true, t, typical, this.longPoints, (longUsd * w) / this.longScale);
        this.addPoints(false, t, typical, this.shortPoints, (shortUsd * w) / this.shortScale);
      } else if (bands) {
        const lb = this.longBand;
        const sb = this.shortBand;
        this.addSpread(
          true,
          t,
          entryLo * lb[2 * t]!,
          entryHi * lb[2 * t + 1]!,
          (longUsd * w) / this.longScale,
        );
        this.addSpread(
          false,
          t,
          entryLo * sb[2 * t]!,
          entryHi * sb[2 * t + 1]!,
          (shortUsd * w) / this.shortScale,
        );
      } else if (spread) {
        this.addSpread(true, t, bar.low * lr, bar.high * lr, (longUsd * w) / this.longScale);
        this.addSpread(false, t, bar.low * sr, bar.high * sr, (shortUsd * w) / this.shortScale);
      } else {
        this.addAt(true, t, typical * lr, (longUsd * w) / this.longScale);
        this.addAt(false, t, typical * sr, (shortUsd * w) / this.shortScale);
      }
    }
  }

  /** Adds `raw` split evenly over the tier's band points for entry `entry` (ratios ascending). */
  private addPoints(isLong: boolean, tier: number, entry: number, ratios: Float64Array, raw: number): void {
    const K = this.bandPoints;
    if (raw <= 0) return;
    const first = entry * ratios[tier * K]!;
    if (!(first > 0)) {
      for (let j = 0; j < K; j++) this.addAt(isLong, tier, entry * ratios[tier * K + j]!, raw / K);
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

  private addAt(isLong: boolean, tier: number, price: number, raw: number): void {
    if (!(price > 0) || raw <= 0) return;
    const k = Math.floor(price / this.binSize);
    if (!this.ensureBins(k, k)) return;
    const arr = isLong ? this.long : this.short;
    arr[(k - this.base) * this.tierCount + tier]! += raw;
    this.widen(isLong, k, k);
  }

  /** Spreads `raw` evenly over the price interval [from, to] (entries uniform over the bar's range). */
  private addSpread(isLong: boolean, tier: number, from: number, to: number, raw: number): void {
    if (!(from > 0) || raw <= 0) return;
    const a = from / this.binSize;
    const b = to / this.binSize;
    const k0 = Math.floor(a);
    const k1 = Math.min(Math.floor(b), Math.ceil(b) - 1);
    if (k1 <= k0) {
      this.addAt(isLong, tier, from, raw);
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

  private widen(isLong: boolean, k0: number, k1: number): void {
    if (isLong) {
      if (k0 < this.longLo) this.longLo = k0;
      if (k1 > this.longHi) this.longHi = k1;
    } else {
      if (k0 < this.shortLo) this.shortLo = k0;
      if (k1 > this.shortHi) this.shortHi = k1;
    }
  }

  private close(fraction: number): void {
    if (fraction >= 1) {
      this.clear();
      return;
    }
    this.longScale *= 1 - fraction;
    this.shortScale *= 1 - fraction;
  }

  /** Every long level at or above the bar's low is liquidated (its bin centre ≥ low). */
  private triggerLongs(low: number): number {
    if (this.longLo > this.longHi) return 0;
    const cut = Math.ceil(low / this.binSize - 0.5);
    if (cut > this.longHi) return 0;
    const from = Math.max(cut, this.longLo);
    const T = this.tierCount;
    const i0 = (from - this.base) * T;
    const i1 = (this.longHi - this.base + 1) * T;
    const arr = this.long;
    let sum = 0;
    for (let i = i0; i < i1; i++) sum += arr[i]!;
    arr.fill(0, i0, i1);
    this.longHi = from - 1;
    if (this.longHi < this.longLo) this.resetBounds(true);
    return sum * this.longScale;
  }

  /** Every short level at or below the bar's high is liquidated (its bin centre ≤ high). */
  private triggerShorts(high: number): number {
    if (this.shortLo > this.shortHi) return 0;
    const cut = Math.floor(high / this.binSize - 0.5);
    if (cut < this.shortLo) return 0;
    const to = Math.min(cut, this.shortHi);
    const T = this.tierCount;
    const i0 = (this.shortLo - this.base) * T;
    const i1 = (to - this.base + 1) * T;
    const arr = this.short;
    let sum = 0;
    for (let i = i0; i < i1; i++) sum += arr[i]!;
    arr.fill(0, i0, i1);
    this.shortLo = to + 1;
    if (this.shortLo > this.shortHi) this.resetBounds(false);
    return sum * this.shortScale;
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

  private clear(): void {
    this.long.fill(0);
    this.short.fill(0);
    this.resetBounds(true);
    this.resetBounds(false);
    this.longScale = 1;
    this.shortScale = 1;
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
    const scale = isLong ? this.longScale : this.shortScale;
    const T = this.tierCount;
    let row = Math.floor((from - rowBaseBin) / factor);
    let inRow = from - rowBaseBin - row * factor;
    let acc = 0;
    // Two copies of the loop so the common case (no tier mask) tests nothing per tier.
    if (tierMask === null) {
      let i = (from - this.base) * T;
      for (let k = from; k <= to; k++) {
        const end = i + T;
        for (; i < end; i++) acc += arr[i]!;
        if (++inRow === factor) {
          out[outOffset + row] = out[outOffset + row]! + acc * scale;
          acc = 0;
          inRow = 0;
          row++;
        }
      }
      if (inRow !== 0) out[outOffset + row] = out[outOffset + row]! + acc * scale;
      return;
    }
    for (let k = from; k <= to; k++) {
      const i = (k - this.base) * T;
      for (let t = 0; t < T; t++) if (tierMask[t] !== 0) acc += arr[i + t]!;
      if (++inRow === factor) {
        out[outOffset + row] = out[outOffset + row]! + acc * scale;
        acc = 0;
        inRow = 0;
        row++;
      }
    }
    if (inRow !== 0) out[outOffset + row] = out[outOffset + row]! + acc * scale;
  }

  /** Live notional of one side, USD, optionally only the tiers in the mask. */
  liveNotional(side: PositionSide, tierMask: Uint8Array | null = null): number {
    const isLong = side === 'long';
    const lo = isLong ? this.longLo : this.shortLo;
    const hi = isLong ? this.longHi : this.shortHi;
    if (lo > hi) return 0;
    const out = new Float64Array(1);
    this.addToRows(side, out, 0, lo, hi - lo + 1, 1, tierMask);
    return out[0]!;
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

  /** Lowest and highest price bin (absolute) holding any level of a side; undefined when empty. */
  extent(side: PositionSide): { lo: number; hi: number } | undefined {
    const lo = side === 'long' ? this.longLo : this.shortLo;
    const hi = side === 'long' ? this.longHi : this.shortHi;
    return lo > hi ? undefined : { lo, hi };
  }

  /**
   * Makes this book an exact copy of `other` (same bin size and config). When both share their
   * array geometry only the live ranges are copied, which keeps a per-bar undo point cheap.
   */
  copyFrom(other: LevelBook): void {
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
    this.prevOi = other.prevOi;
    this.lastTime = other.lastTime;
    this.triggeredLong = other.triggeredLong;
    this.triggeredShort = other.triggeredShort;
  }
}
