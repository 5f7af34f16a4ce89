import type { Zone } from '@/core/model/types';
import { formatUsdShort } from '@/core/render/format';

/** The strongest estimated zones above price (shorts) and below (longs), nearest first. */
export function ZoneList({ zones }: { zones: readonly Zone[] }) {
  const above = zones.filter((z) => z.distancePct >= 0).sort((a, b) => a.distancePct - b.distancePct);
  const below = zones.filter((z) => z.distancePct < 0).sort((a, b) => b.distancePct - a.distancePct);
  const row = (z: Zone) => (
    <li key={`${z.side}${z.priceLow}`} data-zone={JSON.stringify(z)} class={`zone zone-${z.side}`}>
      <span class="zone-side">{z.side === 'long' ? 'Longs' : 'Shorts'}</span>
      <span class="zone-price">
        {z.priceLow.toFixed(0)}–{z.priceHigh.toFixed(0)}
      </span>
      <span class="zone-usd">{formatUsdShort(z.notionalUsd)}</span>
      <span class="zone-dist">
        {z.distancePct > 0 ? '+' : ''}
        {z.distancePct.toFixed(2)}%
      </span>
      <span class="zone-bar" style={{ width: `${Math.round(z.intensity * 60)}px` }} />
    </li>
  );
  return (
    <section class="zones">
      <h2>Strongest zones</h2>
      <h3>Above price</h3>
      {above.length > 0 ? <ul>{above.map(row)}</ul> : <p class="muted">None over the threshold.</p>}
      <h3>Below price</h3>
      {below.length > 0 ? <ul>{below.map(row)}</ul> : <p class="muted">None over the threshold.</p>}
    </section>
  );
}
