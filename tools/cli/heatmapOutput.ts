import { oiGapNote } from '../../core/model/oiGapNote';
import type { HeatmapResult, LiquidationProfile, OiGap } from '../../core/model/types';
import {
  type ConfidenceTable,
  confidenceText,
  type ZoneConfidence,
  zoneConfidence,
} from '../../core/model/zoneConfidence';
import { SIGNIFICANT_ZONE_SHARE, type TradeZone, tradeZones, type ZoneRole } from '../../core/model/zones';
import { formatTickPrice, formatZoneRange, roundToTick } from '../../core/render/format';
import { formatPrice, formatUtc, intensityBar, renderTable } from './format';

/** One row of the liquidation map: the row's lower price bound and its notional, USD. */
export interface ProfileRowJson {
  price: number;
  usd: number;
}

/**
 * The `--json` document: exactly one object: every zone (with when it formed, whether price swept
 * it and its roles, core/model/zones.ts), the liquidation map per side (non-empty rows only, lowest
 * price first, per-row notional, not cumulative) and the grid's extent (not its cells).
 */
export interface HeatmapJson {
  at: number;
  window: string;
  price: number;
  /** The price step given with --tick: zone edges are on it. */
  tickSize?: number;
  zones: {
    side: 'long' | 'short';
    priceLow: number;
    priceHigh: number;
    notionalUsd: number;
    distancePct: number;
    intensity: number;
    formedAt: number;
    swept: boolean;
    roles: ZoneRole[];
    /**
     * How often zones of this strength class were followed by a liquidation spike on their side
     * when price entered them, over the history file (core/model/zoneConfidence.ts); `hit_rate`
     * null below 30 cases. `base_rate`: the spike rate of hours that moved as far toward that side
     * without entering a zone of that strength (move-matched, over `n_base` such hours);
     * `lift_vs_move`: the hits over what that base rate expects (1: the zone adds nothing to the
     * move); both null below 30 matched cases or control hours.
     */
    confidence: {
      hit_rate: number | null;
      n: number;
      base_rate: number | null;
      n_base: number;
      lift_vs_move: number | null;
    };
  }[];
  profile: { long: ProfileRowJson[]; short: ProfileRowJson[] };
  grid: {
    columns: number;
    rows: number;
    priceMin: number;
    priceMax: number;
    timeStart: number;
    timeEnd: number;
  };
  /** Frozen open-interest runs in the bars used: data gaps, not quiet markets. */
  oiGaps: OiGap[];
}

const NO_HISTORY: ConfidenceTable = { cases: [], hits: [] };

export function heatmapJson(
  result: HeatmapResult,
  confidence: ConfidenceTable = NO_HISTORY,
  tickSize?: number,
): HeatmapJson {
  const { grid } = result;
  // On the symbol's tick (--tick), a zone's edges widen to the ticks that hold it.
  const low = (p: number) => (tickSize === undefined ? p : roundToTick(p, tickSize, 'down'));
  const high = (p: number) => (tickSize === undefined ? p : roundToTick(p, tickSize, 'up'));
  return {
    at: result.at,
    window: result.window,
    price: result.price,
    ...(tickSize !== undefined ? { tickSize } : {}),
    zones: tradeZones(grid, result.zones).map((z) => ({
      side: z.side,
      priceLow: low(z.priceLow),
      priceHigh: high(z.priceHigh),
      notionalUsd: z.notionalUsd,
      distancePct: z.distancePct,
      intensity: z.intensity,
      formedAt: z.formedAt,
      swept: z.swept,
      roles: z.roles,
      confidence: confidenceJson(zoneConfidence(confidence, z, result.zones)),
    })),
    profile: { long: profileRows(result.profile, 'long'), short: profileRows(result.profile, 'short') },
    grid: {
      columns: grid.columns,
      rows: grid.rows,
      priceMin: grid.priceMin,
      priceMax: grid.priceMax,
      timeStart: grid.timeStart,
      timeEnd: grid.timeEnd,
    },
    oiGaps: result.oiGaps.map(({ exchange, from, to }) => ({ exchange, from, to })),
  };
}

function confidenceJson(c: ZoneConfidence): HeatmapJson['zones'][number]['confidence'] {
  return {
    hit_rate: c.hitRate,
    n: c.n,
    base_rate: c.baseRate ?? null,
    n_base: c.nBase ?? 0,
    lift_vs_move: c.liftVsMove ?? null,
  };
}

/** The side's non-empty rows of the liquidation map, lowest price first. */
function profileRows(profile: LiquidationProfile, side: 'long' | 'short'): ProfileRowJson[] {
  const rows: ProfileRowJson[] = [];
  for (let r = 0; r < profile.rows; r++) {
    const usd = profile[side][r]!;
    if (usd > 0) rows.push({ price: Number((profile.priceMin + r * profile.binSize).toPrecision(12)), usd });
  }
  return rows;
}

/** The first non-finite number in the document, by path; JSON would silently turn it into null. */
export function firstNonFinite(value: unknown, path = '$'): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = firstNonFinite(value[i], `${path}[${i}]`);
      if (bad) return bad;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const bad = firstNonFinite(inner, `${path}.${key}`);
      if (bad) return bad;
    }
  }
  return undefined;
}

export interface HeatmapHeading {
  symbol?: string;
  exchange?: string;
  /** The symbol's price step (--tick): zone edges are shown on it, low rounded down and high up. */
  tickSize?: number;
}

/**
 * The zones as a price ladder: shorts above the current price (highest first), the price itself,
 * then longs below — the order a trader reads an order book in.
 */
export function heatmapTable(
  result: HeatmapResult,
  heading: HeatmapHeading,
  confidence: ConfidenceTable = NO_HISTORY,
): string {
  const name = [heading.symbol ?? 'unknown symbol', heading.exchange].filter(Boolean).join(' · ');
  const title = `${name} · window ${result.window} · ${formatUtc(result.at)} · price ${heading.tickSize === undefined ? formatPrice(result.price) : formatTickPrice(result.price, heading.tickSize)}`;
  const gaps = result.oiGaps.map((gap) => `\n${oiGapNote(gap)}`).join('');
  if (result.zones.length === 0) return `${title}\n(no liquidation zones in this window)${gaps}`;
  const zones = tradeZones(result.grid, result.zones);
  const byPriceDown = (a: TradeZone, b: TradeZone) => b.priceHigh - a.priceHigh;
  const shorts = zones.filter((z) => z.side === 'short').sort(byPriceDown);
  const longs = zones.filter((z) => z.side === 'long').sort(byPriceDown);
  const row = (z: TradeZone) => [
    z.side,
    heading.tickSize === undefined
      ? `${formatPrice(z.priceLow)} – ${formatPrice(z.priceHigh)}`
      : formatZoneRange(z.priceLow, z.priceHigh, heading.tickSize, ' – '),
    (z.notionalUsd / 1e6).toFixed(2),
    `${z.distancePct >= 0 ? '+' : ''}${z.distancePct.toFixed(2)}`,
    intensityBar(z.intensity),
    z.swept ? 'swept' : '',
    z.roles.join(' + '),
    confidenceText(zoneConfidence(confidence, z, result.zones)),
  ];
  const shown = (price: number) =>
    heading.tickSize === undefined ? formatPrice(price) : formatTickPrice(price, heading.tickSize);
  const priceRow = ['price', shown(result.price), '', '', '', '', '', ''];
  const table = renderTable(
    ['side', 'price range (USDT)', 'notional $M', 'distance %', 'intensity', 'swept', 'role', 'confidence'],
    [...shorts.map(row), priceRow, ...longs.map(row)],
    ['left', 'left', 'right', 'right', 'left', 'left', 'left', 'left'],
  );
  return `${title}\n${table}\nnotional is estimated; the relative strength between zones is the signal.\nswept: price reached into the zone since it formed; nearest: the nearest zone holding at least ${Math.round(SIGNIFICANT_ZONE_SHARE * 100)} % of its side's strongest.\nconfidence: how often zones of the same strength (quartile of the side's strongest) were followed by a liquidation spike on their side when price entered them, in the history file; ×: that rate over the spike rate of hours with a like move toward that side (same bucket: 0.1/0.25/0.5/1/2 % of the open) that entered no zone of that strength, so 1.0× means the zone adds nothing to the move.${gaps}`;
}
