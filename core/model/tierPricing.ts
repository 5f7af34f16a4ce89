import type { ExchangeId, PositionSide } from '../exchanges/types';
import type { EngineConfig } from './config';
import { liquidationRatio } from './liquidationPrice';

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
 * Where each leverage tier's positions are liquidated, as LP/E ratios (liquidationRatio), so the
 * level book prices a tier for any entry with one multiplication. Per tier: the ratio at the tier's
 * own leverage, at the edges of its leverage band, and at the band's sample points.
 */
export class TierPricing {
  readonly tierCount: number;
  /** Share of new notional per tier, summing to 1. */
  readonly weights: Float64Array;
  readonly longRatio: Float64Array;
  readonly shortRatio: Float64Array;
  /**
   * LP/E at the edges of each tier's leverage band, [2t] the lower price and [2t + 1] the higher:
   * a long's LP rises with leverage and a short's falls.
   */
  readonly longBand: Float64Array;
  readonly shortBand: Float64Array;
  /** Band sampling (EngineConfig.entry.bandPoints): points per band, and their ratios per tier. */
  readonly bandPoints: number;
  readonly longPoints: Float64Array;
  readonly shortPoints: Float64Array;

  constructor(exchange: ExchangeId, config: EngineConfig) {
    const leverages = config.leverage.tiers;
    const T = leverages.length;
    this.tierCount = T;
    const sum = config.leverage.weights.reduce((a, b) => a + b, 0);
    this.weights = Float64Array.from(config.leverage.weights, (w) => w / sum);
    const rate = config.maintenance[exchange].maintenanceMarginRate;
    const ratio = (side: PositionSide, lev: number) => {
      const r = liquidationRatio(exchange, side, lev, rate);
      if (!r.ok) throw new RangeError(r.error);
      return r.value;
    };
    this.longRatio = new Float64Array(T);
    this.shortRatio = new Float64Array(T);
    this.longBand = new Float64Array(T * 2);
    this.shortBand = new Float64Array(T * 2);
    const bands = leverageBands(leverages, config.leverage.maxLeverage);
    for (let i = 0; i < T; i++) {
      const lev = leverages[i]!;
      this.longRatio[i] = ratio('long', lev);
      this.shortRatio[i] = ratio('short', lev);
      const [lo, hi] = bands[i]!;
      this.longBand[2 * i] = ratio('long', lo);
      this.longBand[2 * i + 1] = ratio('long', hi);
      this.shortBand[2 * i] = ratio('short', hi);
      this.shortBand[2 * i + 1] = ratio('short', lo);
    }
    const sampled = config.entry.leverageBands && config.entry.placement === 'typical';
    const K = sampled ? config.entry.bandPoints : 0;
    this.bandPoints = K;
    this.longPoints = bandSamples(this.longBand, K);
    this.shortPoints = bandSamples(this.shortBand, K);
  }
}

/** K evenly spaced ratios inside each tier's band (at the centres of K equal parts), ascending. */
function bandSamples(band: Float64Array, K: number): Float64Array {
  const T = band.length / 2;
  const out = new Float64Array(T * K);
  for (let i = 0; i < T; i++) {
    for (let j = 0; j < K; j++) {
      const f = (j + 0.5) / K;
      out[i * K + j] = band[2 * i]! + f * (band[2 * i + 1]! - band[2 * i]!);
    }
  }
  return out;
}
