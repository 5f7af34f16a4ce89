import type { KeyZoneMessage } from '../messaging';
import type { HeatBand } from './bands';
import { bandRect, type PaneMapping } from './chartGeometry';

/**
 * How the chart shows each zone the side panel lists (the reply's zones): every zone in view is
 * visible on the chart, either as a band or, where its cells are under the intensity threshold (no
 * band reaches it), as an outline across the pane.
 * - `band`: a live band of the zone's side (one that reaches the reply's asOf, as the zone, taken
 *   from the newest column, does) overlaps its prices and is drawn in the pane;
 * - `outline`: the zone's prices are in the pane but no such band is drawn there;
 * - `out-of-view`: the zone's prices are above or below the pane.
 */
export type ZoneMark = 'band' | 'outline' | 'out-of-view';

export interface MarkedZone {
  zone: KeyZoneMessage;
  mark: ZoneMark;
}

export function zoneMarks(
  zones: readonly KeyZoneMessage[],
  bands: readonly HeatBand[],
  mapping: PaneMapping,
  asOf: number,
): MarkedZone[] {
  return zones.map((zone) => {
    if (!zoneRect(mapping, zone, asOf)) return { zone, mark: 'out-of-view' };
    const banded = bands.some(
      (b) =>
        b.side === zone.side &&
        b.timeEnd >= asOf &&
        b.priceLow < zone.priceHigh &&
        b.priceHigh > zone.priceLow &&
        bandRect(mapping, b, asOf) !== undefined,
    );
    return { zone, mark: banded ? 'band' : 'outline' };
  });
}

/** A zone's prices across the whole pane (as an outline is drawn); undefined when out of view. */
export function zoneRect(
  mapping: PaneMapping,
  zone: { priceLow: number; priceHigh: number },
  asOf: number,
  pixelRatio = 1,
) {
  return bandRect(
    mapping,
    { priceLow: zone.priceLow, priceHigh: zone.priceHigh, timeStart: 0, timeEnd: asOf },
    asOf,
    pixelRatio,
  );
}
