/**
 * OKX sizes swaps in contracts, not coins: open interest `oi`, liquidation `sz`, tier `minSz`/`maxSz`
 * and candle `vol` all count contracts. One contract of a USDT-margined swap is `ctVal` units of
 * the base coin (BTC-USDT-SWAP: 0.01 BTC), so base units = contracts × ctVal.
 */

/** Base units per contract, keyed by neutral symbol ("BTCUSDT" → 0.01). */
export type ContractSizes = ReadonlyMap<string, number>;

/**
 * Built-in sizes, read from /public/instruments (ctVal). Contract values change rarely (OKX
 * announces them), but they do change; a symbol missing here has no OKX liquidations (stream or
 * REST) or tiers until it is added or passed to createOkxAdapter and the stream profiles.
 */
export const DEFAULT_CONTRACT_SIZES: {
  asOf: string;
  source: string;
  sizes: ContractSizes;
} = {
  asOf: '2026-11-26',
  source:
    'OKX GET /api/v5/public/instruments?instType=SWAP, field ctVal ' +
    '(https://www.okx.com/docs-v5/en/#public-data-rest-api-get-instruments)',
  sizes: new Map([
    ['BTCUSDT', 0.01],
    ['ETHUSDT', 0.1],
  ]),
};
