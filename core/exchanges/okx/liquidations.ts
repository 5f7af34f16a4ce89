import { z } from 'zod';
import { type ExchangeResult, ok } from '../errors';
import type { LiquidationEvent, PositionSide } from '../types';
import type { ContractSizes } from './contracts';
import { OKX_PATHS } from './endpoints';
import { bad, readSymbolReply } from './reply';
import { liquidationGroup, type OkxLiquidationGroup } from './schema';

/**
 * OKX liquidation orders, from the REST history and the liquidation-orders channel alike, as
 * neutral events. Sizes arrive in contracts and become base units with the contract size.
 */

/**
 * Which positions a forced order closed. OKX: "sell/long: close long; buy/short: close short"; in
 * net mode (posSide "net") a forced sell closes a long and a forced buy a short.
 */
export function liquidatedSide(
  side: 'buy' | 'sell',
  posSide: 'long' | 'short' | 'net',
): PositionSide | undefined {
  if (posSide === 'net') return side === 'sell' ? 'long' : 'short';
  if (posSide === 'long') return side === 'sell' ? 'long' : undefined;
  return side === 'buy' ? 'short' : undefined;
}

/**
 * One liquidation group → events. `sz` counts contracts, so base = sz × ctVal; the price is `bkPx`,
 * the bankruptcy price at which OKX's liquidation engine took the position over (not the fill price
 * on the book, which OKX does not publish here).
 */
export function mapLiquidationGroup(
  symbol: string,
  endpoint: string,
  group: OkxLiquidationGroup,
  contractSize: number,
  field: string,
): ExchangeResult<LiquidationEvent[]> {
  const events: LiquidationEvent[] = [];
  for (const [j, d] of group.details.entries()) {
    const side = liquidatedSide(d.side, d.posSide);
    if (side === undefined) {
      return bad(
        endpoint,
        `${field}.details[${j}].side`,
        `a ${d.side} order cannot close a ${d.posSide} position`,
      );
    }
    const quantityBase = d.sz * contractSize;
    if (!Number.isFinite(quantityBase * d.bkPx)) {
      return bad(endpoint, `${field}.details[${j}].sz`, `size ${d.sz} at ${d.bkPx} overflows a notional`);
    }
    events.push({
      exchange: 'okx',
      symbol,
      time: d.ts,
      side,
      price: d.bkPx,
      quantityBase,
      notionalUsd: quantityBase * d.bkPx,
    });
  }
  return ok(events);
}

/*
 * GET /api/v5/public/liquidation-orders?instType=SWAP&instFamily=BTC-USDT&state=filled — shape from the
 * OKX v5 docs, "Get liquidation orders" and the "Liquidation orders channel"
 * (https://www.okx.com/docs-v5/en/#public-data-rest-api-get-liquidation-orders), sz in contracts:
 * {"code":"0","msg":"","data":[{"details":[
 *     {"bkLoss":"0","bkPx":"66301.5","ccy":"","posSide":"long","side":"sell","sz":"125","ts":"1781866951226"},
 *     {"bkLoss":"0","bkPx":"66588.2","ccy":"","posSide":"short","side":"buy","sz":"12","ts":"1781866893004"}],
 *   "instFamily":"BTC-USDT","instId":"BTC-USDT-SWAP","instType":"SWAP","totalLoss":"","uly":"BTC-USDT"}]}
 */
/** Oldest first; events sharing a millisecond are all kept, since each one happened. */
export function parseLiquidations(
  symbol: string,
  body: string,
  contracts: ContractSizes,
): ExchangeResult<LiquidationEvent[]> {
  const endpoint = OKX_PATHS.liquidations;
  const reply = readSymbolReply(symbol, endpoint, z.array(liquidationGroup), body);
  if (!reply.ok) return reply;
  const { instId, data } = reply.value;
  const events: LiquidationEvent[] = [];
  for (const [i, group] of data.entries()) {
    if (group.instId !== instId) continue;
    const ctVal = contracts.get(symbol);
    if (ctVal === undefined) {
      return bad(endpoint, `data[${i}].details`, `contract size of ${instId} unknown: sz counts contracts`);
    }
    const mapped = mapLiquidationGroup(symbol, endpoint, group, ctVal, `data[${i}]`);
    if (!mapped.ok) return mapped;
    events.push(...mapped.value);
  }
  return ok(events.sort((a, b) => a.time - b.time));
}
