import type { Bar } from '../../core/data/bars';

/**
 * A SYNTHETIC second market from a recorded one: the same bars at another price scale, so the
 * extension can be run end to end on a symbol with another price and contract value without a
 * second recording. Rule: every price (open, high, low, close) is multiplied by `factor` and
 * rounded to `decimals` (rounding is monotonic, so high ≥ open, close ≥ low still hold); open
 * interest and liquidations stay in USD, as recorded (so open interest in coins is oi_usd / the
 * scaled close); taker flow, in coins, is divided by `factor` so that its USD value is unchanged.
 * Funding is a rate and stays. Nothing here is a market fact about the second symbol.
 */
export function scaleBars(bars: readonly Bar[], factor: number, decimals: number): Bar[] {
  if (!(factor > 0) || !Number.isFinite(factor))
    throw new Error(`scaleBars: factor must be > 0, got ${factor}`);
  const price = (p: number) => Number((p * factor).toFixed(decimals));
  return bars.map((b) => ({
    ...b,
    open: price(b.open),
    high: price(b.high),
    low: price(b.low),
    close: price(b.close),
    ...(b.takerDeltaBase !== undefined ? { takerDeltaBase: b.takerDeltaBase / factor } : {}),
  }));
}

/**
 * ETHUSDT for tests and demos: the recorded BTCUSDT bars × 0.035 (about ETH/BTC; 70,000 → 2,450),
 * to ETH-USDT-SWAP's 0.01 tick. OKX counts it in contracts of 0.1 ETH (static-tables.ts).
 */
export const SYNTHETIC_ETH = { symbol: 'ETHUSDT', factor: 0.035, decimals: 2 } as const;

export function syntheticEthBars(btcBars: readonly Bar[]): Bar[] {
  return scaleBars(btcBars, SYNTHETIC_ETH.factor, SYNTHETIC_ETH.decimals);
}
