import { z } from 'zod';
import { fail, ok, type Result } from '../errors';
import { impossible } from '../parse';
import { fromExchangeSymbol } from '../symbols';
import { readReply } from './reply';
import { instrument, price } from './schema';

/**
 * OKX sizes swaps in contracts, not coins: open interest `oi`, liquidation `sz`, tier `minSz`/`maxSz`
 * and candle `vol` all count contracts. One contract of a USDT-margined swap is `ctVal` units of
 * the base coin (BTC-USDT-SWAP: 0.01 BTC), so base units = contracts × ctVal.
 */

/** Base units per contract, keyed by neutral symbol ("BTCUSDT" → 0.01). */
export type ContractSizes = ReadonlyMap<string, number>;

/**
 * Built-in sizes for when /public/instruments has not been fetched yet. Contract values change
 * rarely (OKX announces them), but they do change: prefer `parseInstruments` when online.
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

/** Contracts → base units; undefined when the contract size is unknown. */
export function contractsToBase(contracts: number, contractSize: number | undefined): number | undefined {
  return contractSize === undefined ? undefined : contracts * contractSize;
}

export const INSTRUMENTS_ENDPOINT = '/api/v5/public/instruments';

/*
 * GET /api/v5/public/instruments?instType=SWAP — shape from the OKX v5 docs, "Get instruments"
 * (https://www.okx.com/docs-v5/en/#public-data-rest-api-get-instruments), trimmed:
 * {"code":"0","msg":"","data":[
 *   {"instType":"SWAP","instId":"BTC-USDT-SWAP","instFamily":"BTC-USDT","uly":"BTC-USDT",
 *    "settleCcy":"USDT","ctVal":"0.01","ctMult":"1","ctValCcy":"BTC","ctType":"linear",
 *    "state":"live","lever":"100","tickSz":"0.1","lotSz":"0.01","minSz":"0.01", ...},
 *   {"instType":"SWAP","instId":"BTC-USD-SWAP","settleCcy":"BTC","ctVal":"100","ctValCcy":"USD",
 *    "ctType":"inverse", ...}]}
 */
/**
 * Reads the contract size of every linear USDT-settled swap. Inverse and USDC swaps are left out
 * (they are other markets); an announced listing whose fields are still "" is skipped, since OKX
 * fills them in only minutes before trading starts.
 */
export function parseInstruments(body: string): Result<ContractSizes> {
  const reply = readReply(INSTRUMENTS_ENDPOINT, z.array(instrument), body);
  if (!reply.ok) return reply;
  const sizes = new Map<string, number>();
  for (const [i, inst] of reply.value.entries()) {
    if (inst.instType !== 'SWAP' || inst.ctType !== 'linear' || inst.settleCcy !== 'USDT') continue;
    const symbol = fromExchangeSymbol('okx', inst.instId);
    if (symbol === undefined || inst.ctVal === undefined || inst.ctVal === '') continue;
    const base = inst.instId.split('-')[0];
    if (inst.ctValCcy !== undefined && inst.ctValCcy !== '' && inst.ctValCcy !== base) {
      return fail(
        impossible(
          'okx',
          INSTRUMENTS_ENDPOINT,
          `data[${i}].ctValCcy`,
          `a linear ${inst.instId} contract should be counted in ${base}, got ${inst.ctValCcy}`,
        ),
      );
    }
    const ctVal = price.safeParse(inst.ctVal);
    if (!ctVal.success) {
      return fail(
        impossible(
          'okx',
          INSTRUMENTS_ENDPOINT,
          `data[${i}].ctVal`,
          `expected a contract value > 0, got "${inst.ctVal}"`,
        ),
      );
    }
    sizes.set(symbol, ctVal.data);
  }
  return ok(sizes);
}

/** Known sizes laid over the defaults, so a fetched table wins and a missing one falls back. */
export function withDefaults(fetched: ContractSizes): ContractSizes {
  return new Map([...DEFAULT_CONTRACT_SIZES.sizes, ...fetched]);
}
