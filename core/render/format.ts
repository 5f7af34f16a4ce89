/** Compact dollars for labels: $950, $12.3K, $4.56M, $1.20B (the CLI, the side panel, the overlay). */
export function formatUsdShort(usd: number): string {
  const a = Math.abs(usd);
  if (a >= 1e9) return `$${(usd / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `$${(usd / 1e6).toFixed(a >= 1e8 ? 0 : a >= 1e7 ? 1 : 2)}M`;
  if (a >= 1e3) return `$${(usd / 1e3).toFixed(1)}K`;
  return `$${usd.toFixed(0)}`;
}

/** A signed distance in percent: +0.85 %, −1.20 %. */
export function formatDistancePct(pct: number): string {
  return `${pct > 0 ? '+' : pct < 0 ? '−' : ''}${Math.abs(pct).toFixed(2)} %`;
}

/** Decimals a price step needs: 0.1 → 1, 0.005 → 3, 1 → 0, 5e-7 → 7. */
export function tickDecimals(tick: number): number {
  for (let d = 0; d < 12; d++) {
    const scaled = tick * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return d;
  }
  return 12;
}

/** A price rounded to a multiple of the tick (to the nearest, or down/up to include an edge). */
export function roundToTick(
  price: number,
  tick: number,
  round: 'nearest' | 'down' | 'up' = 'nearest',
): number {
  const steps = price / tick;
  // A hair of slack: 70,120.3 / 0.1 is 701,202.99999999 in binary and is on the tick.
  const n =
    round === 'down'
      ? Math.floor(steps + 1e-9)
      : round === 'up'
        ? Math.ceil(steps - 1e-9)
        : Math.round(steps);
  return Number((n * tick).toFixed(tickDecimals(tick)));
}

/**
 * A price on the symbol's tick: rounded to a multiple of it ('down' or 'up' to include an edge),
 * with thousands separators and the tick's decimals. Without a known tick: whole dollars from
 * 1,000 up, cents from 1, else four significant digits (never "0" for a price below a dollar).
 */
export function formatTickPrice(
  price: number,
  tick?: number,
  round: 'nearest' | 'down' | 'up' = 'nearest',
): string {
  if (tick !== undefined && tick > 0 && Number.isFinite(tick)) {
    const d = tickDecimals(tick);
    return roundToTick(price, tick, round).toLocaleString('en-US', {
      minimumFractionDigits: d,
      maximumFractionDigits: d,
    });
  }
  if (Math.abs(price) >= 1000) return Math.round(price).toLocaleString('en-US');
  if (Math.abs(price) >= 1)
    return price.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return price.toPrecision(4);
}

/** A zone's price range on the tick, its low rounded down and its high up so the text covers the zone. */
export function formatZoneRange(priceLow: number, priceHigh: number, tick?: number, separator = '–'): string {
  return `${formatTickPrice(priceLow, tick, 'down')}${separator}${formatTickPrice(priceHigh, tick, 'up')}`;
}
