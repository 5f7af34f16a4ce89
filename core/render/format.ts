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
