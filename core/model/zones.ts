import type { LiquidationProfile, Zone } from './types';

/**
 * Liquidation zones: runs of adjacent hot rows of the liquidation map, long runs below the price
 * and short runs above. A row is hot when its notional is at least `hotShareOfMax` of the
 * window's hottest cell (EngineConfig.zones; 30 % by default), so a zone is bright on the heatmap
 * the trader is looking at. Zones are ranked by notional, strongest first, `perSide` per side;
 * longs (below) come first in the list, then shorts (above).
 * A run also splits where it falls below `splitBelowPeakShare` of its own peak so far: a bright
 * cluster with a long dim shoulder is reported as the cluster, not as one wide band whose summed
 * notional outranks every tighter, brighter zone.
 */
export function findZones(
  profile: LiquidationProfile,
  maxCell: number,
  hotShareOfMax: number,
  perSide: number,
  splitBelowPeakShare = 0,
): Zone[] {
  if (!(maxCell > 0) || perSide <= 0 || profile.rows === 0) return [];
  const threshold = Math.max(Number.MIN_VALUE, hotShareOfMax * maxCell);
  const below = clusters(profile, profile.long, 'long', threshold, maxCell, splitBelowPeakShare);
  const above = clusters(profile, profile.short, 'short', threshold, maxCell, splitBelowPeakShare);
  const byNotional = (a: Zone, b: Zone) => b.notionalUsd - a.notionalUsd;
  return [...below.sort(byNotional).slice(0, perSide), ...above.sort(byNotional).slice(0, perSide)];
}

function clusters(
  profile: LiquidationProfile,
  values: Float64Array,
  side: 'long' | 'short',
  threshold: number,
  maxCell: number,
  splitBelowPeakShare: number,
): Zone[] {
  const { price, priceMin, binSize, rows } = profile;
  const zones: Zone[] = [];
  let start = -1;
  let sum = 0;
  let peak = 0;
  const flush = (end: number) => {
    const priceLow = priceMin + start * binSize;
    const priceHigh = priceMin + (end + 1) * binSize;
    // Only the side's own half of the map: long zones wholly below the price, shorts above.
    const ok = side === 'long' ? priceLow < price : priceHigh > price;
    if (ok && price > 0) {
      const nearer = side === 'long' ? Math.min(priceHigh, price) : Math.max(priceLow, price);
      zones.push({
        side,
        priceLow,
        priceHigh,
        notionalUsd: sum,
        distancePct: ((nearer - price) / price) * 100,
        intensity: Math.min(1, peak / maxCell),
      });
    }
    start = -1;
    sum = 0;
    peak = 0;
  };
  for (let r = 0; r < rows; r++) {
    const v = values[r]!;
    if (v >= threshold) {
      if (start >= 0 && v < splitBelowPeakShare * peak) flush(r - 1);
      if (start < 0) start = r;
      sum += v;
      if (v > peak) peak = v;
    } else if (start >= 0) {
      flush(r - 1);
    }
  }
  if (start >= 0) flush(rows - 1);
  return zones;
}

/** The zones a trader acts on first: per side of the price, the nearest and the strongest. */
export interface KeyZone extends Zone {
  /** `nearest`, `strongest`, or both when one zone is both. */
  roles: Array<'nearest' | 'strongest'>;
}

/**
 * Above the price (short liquidations) and below it (long liquidations): the nearest zone and the
 * strongest, each listed once, above first, then below; nearest before strongest.
 */
export function keyZones(zones: readonly Zone[]): KeyZone[] {
  const out: KeyZone[] = [];
  for (const above of [true, false]) {
    const side = zones.filter((z) => (above ? z.distancePct > 0 : z.distancePct <= 0));
    if (side.length === 0) continue;
    const nearest = side.reduce((a, b) => (Math.abs(b.distancePct) < Math.abs(a.distancePct) ? b : a));
    const strongest = side.reduce((a, b) => (b.notionalUsd > a.notionalUsd ? b : a));
    if (nearest === strongest) out.push({ ...nearest, roles: ['nearest', 'strongest'] });
    else out.push({ ...nearest, roles: ['nearest'] }, { ...strongest, roles: ['strongest'] });
  }
  return out;
}
