import type { PositionSide } from '../exchanges/types';
import type { HeatGrid, LiquidationProfile, Zone } from './types';
import { type ConfidenceTable, type ZoneConfidence, zoneConfidence } from './zoneConfidence';

/** The hottest cell of each side over the window, USD: what zones and the threshold are shares of. */
export type SideMaxima = Readonly<Record<PositionSide, number>>;

/** A zone's rows are those above this share of its peak row: the peak's half-height width. */
export const ZONE_EDGE_SHARE = 0.5;
/** No zone is wider than this, % of price: wider than that is not a level a trader can act on. */
export const ZONE_MAX_WIDTH_PCT = 0.5;

/**
 * Liquidation zones: peaks of the liquidation map (the profile), long peaks below the price and
 * short peaks above, each with its own width. Per side, repeatedly: take the side's hottest row
 * left, grow it over the adjacent rows above `edgeShareOfPeak` of that peak (half by default), cut
 * that run to the `maxWidthPct` (0.5 %) of price window centred on the peak when it is wider, list
 * the rows as a zone (notional: the sum of its rows) and take them out; stop when the hottest row
 * left is below `hotShareOfMax` of the hottest cell OF ITS SIDE in the window (EngineConfig.zones;
 * 30 % by default). So a sharp peak is one zone as wide as its half-height, and a wide plateau
 * becomes several zones side by side, none wider than 0.5 % of price; a later peak never grows over
 * an earlier zone's rows. Per side, as the heat classes are (core/render/heatScale.ts): a side
 * holding a tenth of the other's notional still has its zones. Zones are ranked by notional,
 * strongest first, `perSide` per side; longs (below) come first in the list, then shorts (above).
 * Only rows on the side's own half count: long rows starting below the price, short rows ending
 * above it.
 */
export function findZones(
  profile: LiquidationProfile,
  sideMax: SideMaxima,
  hotShareOfMax: number,
  perSide: number,
  edgeShareOfPeak: number = ZONE_EDGE_SHARE,
  maxWidthPct: number = ZONE_MAX_WIDTH_PCT,
): Zone[] {
  if (perSide <= 0 || profile.rows === 0 || !(profile.price > 0) || !(profile.binSize > 0)) return [];
  const side = (values: Float64Array, which: PositionSide) => {
    const max = sideMax[which];
    if (!(max > 0)) return [];
    const threshold = Math.max(Number.MIN_VALUE, hotShareOfMax * max);
    return peakZones(profile, values, which, threshold, max, edgeShareOfPeak, maxWidthPct)
      .sort((a, b) => b.notionalUsd - a.notionalUsd)
      .slice(0, perSide);
  };
  return [...side(profile.long, 'long'), ...side(profile.short, 'short')];
}

function peakZones(
  profile: LiquidationProfile,
  values: Float64Array,
  side: PositionSide,
  threshold: number,
  sideMax: number,
  edgeShareOfPeak: number,
  maxWidthPct: number,
): Zone[] {
  const { price, priceMin, binSize, rows } = profile;
  // Rows still free to join a zone: on the side's own half of the map and not in a zone yet.
  const free = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const low = priceMin + r * binSize;
    free[r] = (side === 'long' ? low < price : low + binSize > price) && values[r]! > 0 ? 1 : 0;
  }
  const maxRows = Math.max(1, Math.floor((maxWidthPct / 100) * (price / binSize) + 1e-9));
  const zones: Zone[] = [];
  for (;;) {
    let top = -1;
    for (let r = 0; r < rows; r++) if (free[r] && (top < 0 || values[r]! > values[top]!)) top = r;
    if (top < 0) break;
    const peak = values[top]!;
    if (peak < threshold) break;
    const edge = edgeShareOfPeak * peak;
    let first = top;
    let last = top;
    while (first > 0 && free[first - 1] && values[first - 1]! > edge) first--;
    while (last < rows - 1 && free[last + 1] && values[last + 1]! > edge) last++;
    if (last - first + 1 > maxRows) {
      // The 0.5 % window centred on the peak, kept inside the run.
      first = Math.min(Math.max(first, top - Math.floor((maxRows - 1) / 2)), last - maxRows + 1);
      last = first + maxRows - 1;
    }
    let sum = 0;
    for (let r = first; r <= last; r++) {
      sum += values[r]!;
      free[r] = 0;
    }
    const priceLow = priceMin + first * binSize;
    const priceHigh = priceMin + (last + 1) * binSize;
    const nearer = side === 'long' ? Math.min(priceHigh, price) : Math.max(priceLow, price);
    zones.push({
      side,
      priceLow,
      priceHigh,
      notionalUsd: sum,
      distancePct: ((nearer - price) / price) * 100,
      intensity: Math.min(1, peak / sideMax),
    });
  }
  return zones;
}

/**
 * A zone as it stands against the price history of the window.
 *
 * SWEPT, precisely: the zone's rows on its side hold N(c) USD in grid column c, N(last) now. The zone
 * FORMED in the earliest column f from which N stayed at or over ZONE_FORMED_SHARE (half) of N(last)
 * through the last column (a zone already there in the window's first column is dated from it: the
 * grid holds nothing older). It is SWEPT when price reached into its price range in a later column:
 * for longs some column in (f, last] has low < priceHigh, for shorts high ≥ priceLow (rows are
 * [low, high) in price). Column f itself does not count: its bars may have traded there before the
 * positions opened. Because the engine removes a level in the bar that trades through it, a zone in
 * the current snapshot is never traded through entirely; swept means price has already taken its
 * edge (the levels nearest the price) and what is left lies beyond that wick — or price sits inside
 * it now. Columns without a price (non-finite or ≤ 0 high/low) are skipped.
 */
export interface SweptZone extends Zone {
  /** Start of the column the zone formed in (see above), epoch ms. */
  formedAt: number;
  swept: boolean;
}

/** A zone keeps its formation while it holds at least this share of its present notional. */
export const ZONE_FORMED_SHARE = 0.5;

/** Each zone of `zones` (from the snapshot of `grid`) with when it formed and whether it was swept; same order. */
export function markSweeps<Z extends Zone>(grid: HeatGrid, zones: readonly Z[]): (Z & SweptZone)[] {
  return zones.map((zone) => ({ ...zone, ...sweepOf(grid, zone) }));
}

function sweepOf(grid: HeatGrid, zone: Zone): { formedAt: number; swept: boolean } {
  const { rows, columns, binSize, priceMin } = grid;
  if (columns === 0 || rows === 0 || !(binSize > 0)) return { formedAt: grid.timeEnd, swept: false };
  const rowLow = Math.max(0, Math.round((zone.priceLow - priceMin) / binSize));
  const rowHigh = Math.min(rows - 1, Math.round((zone.priceHigh - priceMin) / binSize) - 1);
  const cells = grid[zone.side];
  const held = (c: number) => {
    let sum = 0;
    for (let r = rowLow; r <= rowHigh; r++) sum += cells[c * rows + r]!;
    return sum;
  };
  const last = columns - 1;
  const keep = ZONE_FORMED_SHARE * held(last);
  let formed = last;
  if (keep > 0) while (formed > 0 && held(formed - 1) >= keep) formed--;
  let swept = false;
  for (let c = formed + 1; c <= last && !swept; c++) {
    const high = grid.high[c]!;
    const low = grid.low[c]!;
    if (!(Number.isFinite(high) && Number.isFinite(low) && high > 0 && low > 0)) continue;
    swept = zone.side === 'long' ? low < zone.priceHigh : high >= zone.priceLow;
  }
  return { formedAt: grid.columnTimes[formed]!, swept };
}

export type ZoneRole = 'nearest' | 'strongest';

/**
 * A zone nearer than the side's significant ones is passed over as "the nearest" when it holds less
 * than this share of the side's strongest zone. Measured on the shared BTCUSDT 5m recording (12h
 * windows every 6 hours, sides with two or more zones): the plain nearest zone held under a quarter
 * of the strongest in 16 % of cases (13 % at 7d), under a tenth in 10 % — blips a trader would not
 * call "the" nearest liquidity.
 */
export const SIGNIFICANT_ZONE_SHARE = 0.25;

/** Per side of the price: the nearest significant zone and the strongest. */
export interface ZoneSelection<Z extends Zone> {
  /** Short liquidations, above the price. */
  above: { nearest?: Z; strongest?: Z };
  /** Long liquidations, below the price. */
  below: { nearest?: Z; strongest?: Z };
}

/**
 * The zones a trader acts on first. Above the price are the short zones, below it the long zones
 * (by side, so a zone holding the price row is on its own side). `strongest` is the side's zone of
 * largest notional; `nearest` the zone of smallest |distancePct| among those holding at least
 * `significantShare` of the strongest's notional (ties: the stronger, then the first listed).
 */
export function selectZones<Z extends Zone>(
  zones: readonly Z[],
  significantShare: number = SIGNIFICANT_ZONE_SHARE,
): ZoneSelection<Z> {
  const pick = (side: Zone['side']) => {
    const own = zones.filter((z) => z.side === side);
    if (own.length === 0) return {};
    const strongest = own.reduce((a, b) => (b.notionalUsd > a.notionalUsd ? b : a));
    const bar = Math.min(1, Math.max(0, significantShare)) * strongest.notionalUsd;
    const nearest = own
      .filter((z) => z.notionalUsd >= bar)
      .reduce((a, b) => {
        const da = Math.abs(a.distancePct);
        const db = Math.abs(b.distancePct);
        return db < da || (db === da && b.notionalUsd > a.notionalUsd) ? b : a;
      });
    return { nearest, strongest };
  };
  return { above: pick('short'), below: pick('long') };
}

/** The roles each zone plays in selectZones' answer, [] for none; nearest before strongest. */
export function zoneRoles(zones: readonly Zone[], significantShare?: number): ZoneRole[][] {
  const { above, below } = selectZones(zones, significantShare);
  return zones.map((z) => {
    const roles: ZoneRole[] = [];
    if (z === above.nearest || z === below.nearest) roles.push('nearest');
    if (z === above.strongest || z === below.strongest) roles.push('strongest');
    return roles;
  });
}

/** Every zone with its sweep and roles: what the side panel lists and the CLI exports. */
export interface TradeZone extends SweptZone {
  roles: ZoneRole[];
}

/** markSweeps and zoneRoles together, in the zones' order. */
export function tradeZones(grid: HeatGrid, zones: readonly Zone[], significantShare?: number): TradeZone[] {
  const roles = zoneRoles(zones, significantShare);
  return markSweeps(grid, zones).map((z, i) => ({ ...z, roles: roles[i]! }));
}

/**
 * The order every list of zones shows them in (the side panel, the docked card): above the price
 * (shorts) nearest first, then below (longs) nearest first.
 */
export function zonesAsListed<Z extends Zone>(zones: readonly Z[]): { above: Z[]; below: Z[] } {
  return {
    above: zones.filter((z) => z.side === 'short').sort((a, b) => a.distancePct - b.distancePct),
    below: zones.filter((z) => z.side === 'long').sort((a, b) => b.distancePct - a.distancePct),
  };
}

/** A zone as the worker sends it to trading pages: the Zone fields and its roles ([] for none). */
export interface KeyZone extends Zone {
  roles: ZoneRole[];
  /** How often zones of its strength paid off (core/model/zoneConfidence.ts); absent when not measured. */
  confidence?: ZoneConfidence;
}

/**
 * The zones the docked card lists and the chart marks (core/messaging.ts KeyZoneSchema): every zone
 * the side panel lists, in its order (zonesAsListed), with selectZones' roles. One list for the three
 * views, so a zone the panel names is never missing from the page. Only the Zone fields and `roles`
 * are kept, so zones carrying more (a SweptZone's formedAt and swept) still fit the message's strict
 * schema; with a `confidence` table (measured by the worker once an hour), each zone's confidence.
 */
export function keyZones(
  zones: readonly Zone[],
  significantShare?: number,
  confidence?: ConfidenceTable,
): KeyZone[] {
  const roles = zoneRoles(zones, significantShare);
  const withRoles = zones.map(
    (z, i): KeyZone => ({
      side: z.side,
      priceLow: z.priceLow,
      priceHigh: z.priceHigh,
      notionalUsd: z.notionalUsd,
      distancePct: z.distancePct,
      intensity: z.intensity,
      roles: roles[i]!,
      ...(confidence ? { confidence: zoneConfidence(confidence, z, zones) } : {}),
    }),
  );
  const { above, below } = zonesAsListed(withRoles);
  return [...above, ...below];
}
