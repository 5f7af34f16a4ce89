import type { ExchangeId } from '../exchanges/types';
import { EXCHANGE_IDS } from '../exchanges/types';
import { type SummedDepth, sumLiveDepth } from './liveBins';
import type { LiveDepth, Wall } from './types';

/**
 * What stands between the price and a liquidation zone in the live book: how much resting size price
 * has to eat through to reach the zone's near edge, whether a wall stands just before it, and
 * whether the path is thin (an "air pocket": price crosses thin books fast, Cont, Kukanov & Stoikov
 * 2014). A zone above the price is reached through the asks, one below through the bids.
 *
 * - The path: the depth bins from the one holding the price to the one holding the zone's near
 *   edge (bin k covers [k·binSize, (k+1)·binSize)), on the side price moves through.
 * - "Just before": a standing wall on that side, between the price and the near edge, at most
 *   JUST_BEFORE_PCT % of the price from the edge. The largest such wall is named.
 * - "Air pocket": the path's mean USD per bin is under AIR_POCKET_SHARE of the median bin of the same
 *   side of the book within its reach (empty bins count: an empty bin in reach is known empty).
 * - `known`: every bin of the path is within some counted book's reach. When it is not, the depth
 *   is a lower bound (the part in reach) and no air pocket is claimed.
 */
export const JUST_BEFORE_PCT = 0.3;
export const AIR_POCKET_SHARE = 0.25;

export interface ZonePath {
  /** USD resting on the path (its known part when `known` is false). */
  depthBetweenUsd: number;
  wallBefore: Wall | undefined;
  airPocket: boolean;
  known: boolean;
}

export interface PathZone {
  priceLow: number;
  priceHigh: number;
}

const NO_DEPTH: ZonePath = { depthBetweenUsd: 0, wallBefore: undefined, airPocket: false, known: false };

/** The path to one zone, summing the followed exchanges' live books (all of them by default). */
export function zonePath(
  zone: PathZone,
  price: number,
  liveDepth: LiveDepth | undefined,
  exchanges: readonly ExchangeId[] = EXCHANGE_IDS,
): ZonePath {
  if (!liveDepth) return NO_DEPTH;
  return zonePathIn(zone, price, sumLiveDepth(liveDepth, exchanges), liveDepth.walls, exchanges);
}

/** The paths to many zones over one sum of the books (the side panel's list). */
export function zonePaths<Z extends PathZone>(
  zones: readonly Z[],
  price: number,
  liveDepth: LiveDepth | undefined,
  exchanges: readonly ExchangeId[] = EXCHANGE_IDS,
): Map<Z, ZonePath> {
  const out = new Map<Z, ZonePath>();
  if (!liveDepth) {
    for (const zone of zones) out.set(zone, NO_DEPTH);
    return out;
  }
  const summed = sumLiveDepth(liveDepth, exchanges);
  for (const zone of zones) out.set(zone, zonePathIn(zone, price, summed, liveDepth.walls, exchanges));
  return out;
}

export function zonePathIn(
  zone: PathZone,
  price: number,
  summed: SummedDepth,
  walls: readonly Wall[],
  exchanges: readonly ExchangeId[],
): ZonePath {
  const above = zone.priceLow > price;
  const below = zone.priceHigh < price;
  // Price inside the zone: nothing stands between.
  if (!above && !below) return { depthBetweenUsd: 0, wallBefore: undefined, airPocket: false, known: true };
  if (summed.counted.length === 0) return NO_DEPTH;
  const { binSize, loBin, books } = summed;
  const usd = above ? summed.ask : summed.bid;
  const near = above ? zone.priceLow : zone.priceHigh;
  const first = above ? Math.floor(price / binSize) : Math.floor(near / binSize);
  const last = above ? Math.ceil(near / binSize) - 1 : Math.ceil(price / binSize) - 1;
  let depth = 0;
  let known = true;
  for (let k = first; k <= last; k++) {
    const at = k - loBin;
    if (at < 0 || at >= books.length || books[at] === 0) {
      known = false;
      continue;
    }
    depth += usd[at]!;
  }
  const bins = last - first + 1;
  const median = sideMedian(summed, usd, price, above);
  const airPocket = known && bins > 0 && median > 0 && depth / bins < AIR_POCKET_SHARE * median;
  const reach = (JUST_BEFORE_PCT / 100) * price;
  let wallBefore: Wall | undefined;
  for (const wall of walls) {
    if (wall.fate !== 'standing' || wall.symbol !== summed.symbol || !exchanges.includes(wall.exchange))
      continue;
    if (wall.side !== (above ? 'ask' : 'bid')) continue;
    const between = above
      ? wall.price > price && wall.price <= near && wall.price >= near - reach
      : wall.price < price && wall.price >= near && wall.price <= near + reach;
    if (between && (!wallBefore || wall.lastUsd > wallBefore.lastUsd)) wallBefore = wall;
  }
  return { depthBetweenUsd: depth, wallBefore, airPocket, known };
}

/** The median USD per bin of one side of the book (asks at or over the price, bids under), in reach. */
function sideMedian(summed: SummedDepth, usd: Float64Array, price: number, asks: boolean): number {
  const priceBin = Math.floor(price / summed.binSize) - summed.loBin;
  const values: number[] = [];
  for (let at = 0; at < summed.books.length; at++) {
    if (summed.books[at] === 0 || (asks ? at < priceBin : at >= priceBin + 1)) continue;
    values.push(usd[at]!);
  }
  if (values.length === 0) return 0;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}
