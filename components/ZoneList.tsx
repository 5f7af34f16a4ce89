import type { ZonePath } from '@/core/depth/zonePath';
import { type ConfidenceTable, confidenceText, zoneConfidence } from '@/core/model/zoneConfidence';
import { type TradeZone, zonesAsListed } from '@/core/model/zones';
import { formatDistancePct, formatUsdShort, formatZoneRange } from '@/core/render/format';

/**
 * Zones a trader acts on: above the price (short liquidations) and below (long liquidations),
 * nearest first, each with its USD, distance and whether price has swept it; the nearest
 * significant and the strongest of each side are marked, and each says how often zones of its
 * strength paid off ("hit 64 %, n = 112", or "not enough history": core/model/zoneConfidence.ts,
 * the table the worker measured). With live depth, each also says what the book holds between the
 * price and it (core/depth/zonePath.ts): the USD to eat through, a wall just before it, an air pocket.
 * A click centres the chart on the zone.
 */
export function ZoneList({
  zones,
  confidence,
  paths,
  tickSize,
  onSelect,
}: {
  zones: readonly TradeZone[];
  confidence?: ConfidenceTable | undefined;
  paths?: ReadonlyMap<TradeZone, ZonePath> | undefined;
  /** The symbol's price step: edges are shown on it (low rounded down, high up). */
  tickSize?: number | undefined;
  onSelect: (zone: TradeZone) => void;
}) {
  // The order the docked card and the chart's marks use too (the worker's keyZones).
  const { above, below } = zonesAsListed(zones);
  const row = (z: TradeZone) => (
    <li key={`${z.side}${z.priceLow}`} class={`zone zone-${z.side}${z.swept ? ' swept' : ''}`}>
      <button type="button" data-zone={JSON.stringify(z)} onClick={() => onSelect(z)}>
        <span class="zone-side">{z.side === 'long' ? 'Longs' : 'Shorts'}</span>
        <span class="zone-price">{formatZoneRange(z.priceLow, z.priceHigh, tickSize)}</span>
        <span class="zone-usd">{formatUsdShort(z.notionalUsd)}</span>
        <span class="zone-dist">{formatDistancePct(z.distancePct)}</span>
        <span class="zone-roles">
          {z.roles.includes('nearest') && <em class="role">nearest</em>}
          {z.roles.includes('strongest') && <em class="role">strongest</em>}
          {z.swept && <em class="role swept">swept</em>}
        </span>
        <span class="zone-confidence muted">
          {confidenceText(confidence ? zoneConfidence(confidence, z, zones) : undefined)}
        </span>
        {paths?.has(z) && <PathLine path={paths.get(z)!} />}
      </button>
    </li>
  );
  return (
    <section class="zones">
      <h2>Zones</h2>
      <h3>Above price (shorts)</h3>
      {above.length > 0 ? <ul>{above.map(row)}</ul> : <p class="muted">No zone on this side.</p>}
      <h3>Below price (longs)</h3>
      {below.length > 0 ? <ul>{below.map(row)}</ul> : <p class="muted">No zone on this side.</p>}
    </section>
  );
}

/** What stands between the price and the zone in the live book, in a line. */
function PathLine({ path }: { path: ZonePath }) {
  const wall = path.wallBefore;
  return (
    <span
      class="zone-path muted"
      data-depth-between-usd={path.depthBetweenUsd}
      data-depth-known={String(path.known)}
      data-air-pocket={String(path.airPocket)}
      {...(wall ? { 'data-wall-before': wall.price } : {})}
    >
      {path.known
        ? `book to it ${formatUsdShort(path.depthBetweenUsd)}`
        : `book to it ≥ ${formatUsdShort(path.depthBetweenUsd)} (beyond the book's reach)`}
      {wall && (
        <em class="role wall">
          wall {formatUsdShort(wall.lastUsd)} at {wall.price.toLocaleString('en-US')} just before
        </em>
      )}
      {path.airPocket && <em class="role air-pocket">air pocket</em>}
    </span>
  );
}
