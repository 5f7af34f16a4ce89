import { z } from 'zod';
import { type ExchangeResult, ok } from '../errors';
import { positiveDecimal } from '../parse';
import { OKX_PATHS } from './endpoints';
import { bad, readSymbolReply } from './reply';

/**
 * What HeatBands needs of an OKX swap: how many base units one contract is (sizes in OKX's
 * liquidations, tiers and candle `vol` count contracts) and the price step.
 */
export interface OkxInstrument {
  symbol: string;
  /** Base units per contract: ctVal × ctMult (ETH-USDT-SWAP: 0.1 × 1 = 0.1 ETH). */
  contractSize: number;
  tickSize: number;
}

const instrumentRow = z.object({
  instId: z.string(),
  ctType: z.string(),
  ctVal: positiveDecimal,
  ctMult: positiveDecimal,
  ctValCcy: z.string(),
  settleCcy: z.string(),
  tickSz: positiveDecimal,
});

/*
 * GET /api/v5/public/instruments?instType=SWAP&instId=ETH-USDT-SWAP — shape from the OKX v5 docs,
 * "Get instruments" (https://www.okx.com/docs-v5/en/#public-data-rest-api-get-instruments), one row
 * per instrument, trimmed here (full sample: fixtures/instruments-eth-swap.json):
 * {"code":"0","msg":"","data":[{"instId":"ETH-USDT-SWAP","instType":"SWAP","instFamily":"ETH-USDT",
 *   "ctType":"linear","ctVal":"0.1","ctMult":"1","ctValCcy":"ETH","settleCcy":"USDT","tickSz":"0.01",
 *   "lotSz":"0.01","minSz":"0.01","state":"live", ...}]}
 * A USDT-margined swap is linear, settles in USDT and counts ctVal in its base coin; anything else
 * would need another conversion, so it is refused rather than converted wrongly.
 */
export function parseInstrument(symbol: string, body: string): ExchangeResult<OkxInstrument> {
  const endpoint = OKX_PATHS.instruments;
  const reply = readSymbolReply(symbol, endpoint, z.array(instrumentRow), body);
  if (!reply.ok) return reply;
  const { instId, data } = reply.value;
  const i = data.findIndex((row) => row.instId === instId);
  const row = data[i];
  if (!row) return bad(endpoint, 'data', `no instrument ${instId} in the reply`);
  const base = instId.split('-')[0];
  if (row.ctType !== 'linear')
    return bad(endpoint, `data[${i}].ctType`, `expected linear, got ${row.ctType}`);
  if (row.settleCcy !== 'USDT')
    return bad(endpoint, `data[${i}].settleCcy`, `expected USDT, got ${row.settleCcy}`);
  if (row.ctValCcy !== base)
    return bad(endpoint, `data[${i}].ctValCcy`, `expected ${base}, got ${row.ctValCcy}`);
  return ok({ symbol, contractSize: row.ctVal * row.ctMult, tickSize: row.tickSz });
}
