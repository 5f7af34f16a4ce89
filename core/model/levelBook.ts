import type { Bar } from '../data/bars';
import { ohlcProblem } from '../data/ohlc';
import type { ExchangeId, PositionSide } from '../exchanges/types';
import type { EngineConfig } from './config';
import { LevelBins } from './levelBins';
import { TierPricing } from './tierPricing';

const LN2 = Math.log(2);

/**
 * The live liquidation levels of one exchange and symbol, built bar by bar (see
 * shared/notes/liquidation-model.md, "A transparent estimator"): this class is the estimator's bar
 * step — ageing, trigger, open or close — over LevelBins (its levels in typed-array price bins) and the tiers'
 * liquidation ratios (TierPricing).
 *
 * Treatment of awkward bars:
 * - oiUsd undefined: nothing is added or closed for that bar; the last known OI is kept, so the
 *   next known value's change is taken as one step (a gap in the bars is treated the same way).
 * - The first bar with a known OI has no change to measure: it only sets the reference.
 * - Ageing uses the real time elapsed, so a gap ages the book by the gap's length.
 */
export class LevelBook {
  readonly binSize: number;
  readonly exchange: ExchangeId;
  readonly leverages: readonly number[];
  readonly tierCount: number;
  private readonly config: EngineConfig;
  private readonly store: LevelBins;
  private readonly tiers: TierPricing;
  private prevOi: number | undefined;
  private lastTime: number | undefined;
  /** Notional (USD) triggered by the last processed bar: the estimate of that bar's liquidations. */
  triggeredLong = 0;
  triggeredShort = 0;

  constructor(binSize: number, exchange: ExchangeId, config: EngineConfig) {
    this.store = new LevelBins(binSize, config.leverage.tiers.length);
    this.binSize = binSize;
    this.exchange = exchange;
    this.config = config;
    this.leverages = [...config.leverage.tiers];
    this.tierCount = this.leverages.length;
    this.tiers = new TierPricing(exchange, config);
  }

  /** One bar: age, trigger what the bar's range crossed, then open or close OI. */
  process(bar: Bar): void {
    const problem = ohlcProblem(bar);
    if (problem) throw new RangeError(`bar at ${bar.time} has an impossible range: ${problem.message}`);
    const { low, high } = bar;
    const halfLife = this.config.ageing.halfLifeHours;
    if (halfLife !== null && this.lastTime !== undefined && bar.time > this.lastTime) {
      this.store.scaleAll(Math.exp((-LN2 * (bar.time - this.lastTime)) / (halfLife * 3_600_000)));
    }
    this.lastTime = bar.time;
    this.triggeredLong = this.store.triggerLongs(low);
    this.triggeredShort = this.store.triggerShorts(high);

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
      this.close(Math.min(1, (this.config.oiDecrease.closeFactor * closed) / prev), bar);
    }
    this.store.rescaleIfTiny();
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

  /** Places a bar's new notional `d` per side and tier (see EngineConfig.entry). */
  private open(bar: Bar, d: number): void {
    const longUsd = d * this.longShare(bar, d);
    const shortUsd = d - longUsd;
    const spread = this.config.entry.placement === 'range' && bar.high > bar.low;
    const typical = (bar.high + bar.low + bar.close) / 3;
    const bands = this.config.entry.leverageBands;
    const entryLo = spread ? bar.low : typical;
    const entryHi = spread ? bar.high : typical;
    const p = this.tiers;
    const store = this.store;
    for (let t = 0; t < this.tierCount; t++) {
      const w = p.weights[t]!;
      if (w === 0) continue;
      const lr = p.longRatio[t]!;
      const sr = p.shortRatio[t]!;
      if (p.bandPoints > 0) {
        store.addPoints(true, t, typical, p.longPoints, p.bandPoints, longUsd * w);
        store.addPoints(false, t, typical, p.shortPoints, p.bandPoints, shortUsd * w);
      } else if (bands) {
        const lb = p.longBand;
        const sb = p.shortBand;
        store.addSpread(true, t, entryLo * lb[2 * t]!, entryHi * lb[2 * t + 1]!, longUsd * w);
        store.addSpread(false, t, entryLo * sb[2 * t]!, entryHi * sb[2 * t + 1]!, shortUsd * w);
      } else if (spread) {
        store.addSpread(true, t, bar.low * lr, bar.high * lr, longUsd * w);
        store.addSpread(false, t, bar.low * sr, bar.high * sr, shortUsd * w);
      } else {
        store.addAt(true, t, typical * lr, longUsd * w);
        store.addAt(false, t, typical * sr, shortUsd * w);
      }
    }
  }

  /**
   * OI fell: the book loses `fraction` of its live notional. With balanceK = directionK = 0 every
   * level on both sides loses that fraction. Otherwise the closed USD, fraction·(longs + shorts), is
   * shared between the sides in proportion to notional^(1 + balanceK), tilted by the bar's body
   * (see EngineConfig.oiDecrease); a side never closes more than it holds, the rest falls to the other.
   */
  private close(fraction: number, bar: Bar): void {
    if (fraction >= 1) {
      this.store.clear();
      return;
    }
    const { balanceK, directionK } = this.config.oiDecrease;
    if (balanceK === 0 && directionK === 0) {
      this.store.scaleAll(1 - fraction);
      return;
    }
    const nl = this.store.total(true);
    const ns = this.store.total(false);
    if (!(nl + ns > 0)) return;
    const closed = fraction * (nl + ns);
    const body = bar.high > bar.low ? (bar.close - bar.open) / (bar.high - bar.low) : 0;
    const wl = nl ** (1 + balanceK) * Math.max(0, 1 - directionK * body);
    const ws = ns ** (1 + balanceK) * Math.max(0, 1 + directionK * body);
    let cl = wl + ws > 0 ? (closed * wl) / (wl + ws) : closed / 2;
    cl = Math.min(nl, Math.max(closed - ns, cl));
    const cs = closed - cl;
    if (nl > 0) this.store.scaleSide(true, Math.max(0, 1 - cl / nl));
    if (ns > 0) this.store.scaleSide(false, Math.max(0, 1 - cs / ns));
  }

  /** Adds the side's live notional into view rows: see LevelBins.addToRows. */
  addToRows(...args: Parameters<LevelBins['addToRows']>): void {
    this.store.addToRows(...args);
  }

  /** Live notional of one side, USD, optionally only the tiers in the mask. */
  liveNotional(side: PositionSide, tierMask: Uint8Array | null = null): number {
    const e = this.store.extent(side);
    if (e === undefined) return 0;
    const out = new Float64Array(1);
    this.store.addToRows(side, out, 0, e.lo, e.hi - e.lo + 1, 1, tierMask);
    return out[0]!;
  }

  /** Lowest and highest price bin (absolute) holding any level of a side; undefined when empty. */
  extent(side: PositionSide): { lo: number; hi: number } | undefined {
    return this.store.extent(side);
  }

  /** Makes this book an exact copy of `other` (same bin size and config). */
  copyFrom(other: LevelBook): void {
    this.store.copyFrom(other.store);
    this.prevOi = other.prevOi;
    this.lastTime = other.lastTime;
    this.triggeredLong = other.triggeredLong;
    this.triggeredShort = other.triggeredShort;
  }
}
