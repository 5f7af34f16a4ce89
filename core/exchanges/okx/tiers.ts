import { z } from 'zod';
import { type ExchangeResult, ok } from '../errors';
import type { MarginTier } from '../types';
import { instFamilyOf, OKX_PATHS } from './endpoints';
import { bad, readSymbolReply } from './reply';
import { type OkxPositionTier, positionTier } from './schema';

/**
 * OKX tiers are bounded in contracts. MarginTier bounds are USD notional, so they are converted
 * with the contract size and a reference price (the caller's current mark price): a tier's USD
 * bounds drift with price, exactly as the tier a position falls in does on OKX.
 * OKX publishes no maintenance deduction: its maintenance margin is mmr × the whole position's
 * value, so maintenanceAmount is 0.
 */
function mapMarginTiers(
  symbol: string,
  endpoint: string,
  tiers: readonly OkxPositionTier[],
  contractSize: number,
  referencePrice: number,
): ExchangeResult<MarginTier[]> {
  const family = instFamilyOf(symbol);
  const unit = contractSize * referencePrice;
  const mapped: MarginTier[] = [];
  for (const [i, t] of tiers.entries()) {
    const tierFamily = t.instFamily || t.uly;
    if (tierFamily && tierFamily !== family) continue;
    if (t.maxSz < t.minSz)
      return bad(endpoint, `data[${i}].maxSz`, `maxSz ${t.maxSz} is below minSz ${t.minSz}`);
    if (t.mmr >= 1) return bad(endpoint, `data[${i}].mmr`, `maintenance margin rate ${t.mmr} is not below 1`);
    if (!Number.isFinite(t.maxSz * unit)) {
      return bad(endpoint, `data[${i}].maxSz`, `maxSz ${t.maxSz} overflows a USD notional`);
    }
    mapped.push({
      exchange: 'okx',
      symbol,
      tier: t.tier,
      notionalFloor: t.minSz * unit,
      notionalCap: t.maxSz * unit,
      maxLeverage: t.maxLever,
      maintenanceMarginRate: t.mmr,
      maintenanceAmount: 0,
    });
  }
  mapped.sort((a, b) => a.tier - b.tier);
  for (let k = 1; k < mapped.length; k++) {
    const prev = mapped[k - 1]!;
    const cur = mapped[k]!;
    if (cur.tier === prev.tier) return bad(endpoint, 'data', `tier ${cur.tier} appears twice`);
    if (cur.notionalFloor < prev.notionalFloor) {
      return bad(endpoint, 'data', `tier ${cur.tier} starts below tier ${prev.tier}`);
    }
  }
  return ok(mapped);
}

/*
 * GET /api/v5/public/position-tiers?instType=SWAP&tdMode=isolated&instFamily=BTC-USDT — shape from the
 * OKX v5 docs, "Get position tiers" (https://www.okx.com/docs-v5/en/#public-data-rest-api-get-position-tiers),
 * minSz/maxSz in contracts:
 * {"code":"0","msg":"","data":[
 *   {"baseMaxLoan":"","imr":"0.01","instFamily":"BTC-USDT","instId":"","maxLever":"100","maxSz":"20000",
 *    "minSz":"0","mmr":"0.004","optMgnFactor":"0","quoteMaxLoan":"","tier":"1","uly":"BTC-USDT"},
 *   {"baseMaxLoan":"","imr":"0.0133","instFamily":"BTC-USDT","instId":"","maxLever":"75","maxSz":"40000",
 *    "minSz":"20000","mmr":"0.0065","optMgnFactor":"0","quoteMaxLoan":"","tier":"2","uly":"BTC-USDT"}]}
 */
export function parseMarginTiersAt(
  symbol: string,
  body: string,
  contractSize: number | undefined,
  referencePrice: number | undefined,
): ExchangeResult<MarginTier[]> {
  const endpoint = OKX_PATHS.positionTiers;
  const reply = readSymbolReply(symbol, endpoint, z.array(positionTier), body);
  if (!reply.ok) return reply;
  const { instId, data } = reply.value;
  if (contractSize === undefined || !(contractSize > 0)) {
    return bad(endpoint, 'data', `contract size of ${instId} unknown: tiers are sized in contracts`);
  }
  if (referencePrice === undefined || !Number.isFinite(referencePrice) || !(referencePrice > 0)) {
    return bad(
      endpoint,
      'data',
      `no reference price for ${symbol}: pass the current mark price (tiers are in contracts)`,
    );
  }
  return mapMarginTiers(symbol, endpoint, data, contractSize, referencePrice);
}
