/**
 * OKX sizes swaps in contracts, not coins: open interest `oi`, liquidation `sz`, tier `minSz`/`maxSz`
 * and candle `vol` all count contracts. One contract of a USDT-margined swap is `ctVal` units of
 * the base coin (BTC-USDT-SWAP: 0.01 BTC), so base units = contracts × ctVal.
 */

/** Base units per contract, keyed by neutral symbol ("BTCUSDT" → 0.01). */
export type ContractSizes = ReadonlyMap<string, number>;

/**
 * Dated sizes, read once from /public/instruments (ctVal), for the Node tools and tests that build
 * the OKX adapter or stream parser without a network (createOkxAdapter's default). The extension's
 * worker does not use them: it reads each symbol's ctVal × ctMult from the instruments endpoint,
 * cached and refreshed daily (utils/okxInstruments.ts), so any USDT swap converts, and a value that
 * changed is not silently applied.
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
