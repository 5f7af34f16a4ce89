import { z } from 'zod';
import { fail, ok, type Result } from '../errors';
import { impossible } from '../parse';
import { isNeutralSymbol, toExchangeSymbol } from '../symbols';
import type {
  Candle,
  LiquidationEvent,
  LongShortRatio,
  MarginTier,
  MarkPrice,
  OpenInterestPoint,
  PositionSide,
  TakerFlow,
} from '../types';
import type { ContractSizes } from './contracts';
import { instFamilyOf, OKX_PATHS } from './endpoints';
import { readReply } from './reply';
import {
  candleRow,
  fundingRate,
  liquidationGroup,
  longShortRatioRow,
  markPrice,
  type OkxCandleRow,
  type OkxLiquidationGroup,
  type OkxPositionTier,
  openInterest,
  openInterestHistoryRow,
  positionTier,
  takerVolumeRow,
} from './schema';

/**
 * Pure readers from OKX bodies to neutral types. Nothing here throws: a bad body, an unknown
 * symbol or values that contradict each other come back as a typed ExchangeError naming the
 * endpoint and the field. Lists come back oldest first (OKX sends newest first).
 */

const bad = (endpoint: string, field: string, message: string): Result<never> =>
  fail(impossible('okx', endpoint, field, message));

/** The OKX instrument of a neutral symbol, as a Result (symbols.ts throws on a bad one). */
export function instIdFor(symbol: string, endpoint: string): Result<string> {
  if (!isNeutralSymbol(symbol)) {
    return fail({
      kind: 'malformed',
      exchange: 'okx',
      endpoint,
      message: `not a neutral USDT perpetual symbol: ${JSON.stringify(symbol)}`,
    });
  }
  return ok(toExchangeSymbol('okx', symbol));
}

/** OKX sends lists newest first; HeatBands wants them oldest first. Sorts in place. */
function oldestFirst<T>(items: T[], timeOf: (t: T) => number): T[] {
  return items.sort((a, b) => timeOf(a) - timeOf(b));
}

/** Oldest first with one sample per time stamp: pages never repeat one, but merged pages can. */
function timeSeries<T>(items: T[], timeOf: (t: T) => number): T[] {
  const seen = new Set<number>();
  return oldestFirst(items, timeOf).filter((t) => {
    const time = timeOf(t);
    if (seen.has(time)) return false;
    seen.add(time);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Candles

/** Turns candle rows into Candles, refusing bars whose high/low do not bound open and close. */
export function mapCandleRows(
  symbol: string,
  endpoint: string,
  rows: readonly OkxCandleRow[],
  fieldPrefix = 'data',
): Result<Candle[]> {
  const candles: Candle[] = [];
  for (const [i, row] of rows.entries()) {
    const [openTime, open, high, low, close, , volCcy, volCcyQuote] = row;
    if (high < Math.max(open, close, low) || low > Math.min(open, close)) {
      return bad(
        endpoint,
        `${fieldPrefix}[${i}]`,
        `high ${high} / low ${low} do not bound open ${open} and close ${close}`,
      );
    }
    candles.push({
      exchange: 'okx',
      symbol,
      openTime,
      open,
      high,
      low,
      close,
      // volCcy is the base coin for derivatives; vol counts contracts (OKX candle docs).
      volumeBase: volCcy,
      volumeQuote: volCcyQuote,
    });
  }
  return ok(timeSeries(candles, (c) => c.openTime));
}

/*
 * GET /api/v5/market/candles?instId=BTC-USDT-SWAP&bar=1H (and /history-candles, same shape) —
 * shape from the OKX v5 docs, "GET / Candlesticks" and "GET / Candlesticks history"
 * (https://www.okx.com/docs-v5/en/#order-book-trading-market-data-get-candlesticks), newest first:
 * {"code":"0","msg":"","data":[
 *   ["1781866800000","66420.1","66512.4","66388","66490.3","41236.52","412.3652","27392110.86","0"],
 *   ["1781863200000","66302.7","66455","66250.5","66420.1","58310.11","583.1011","38712055.4","1"]]}
 */
/** Errors name /api/v5/market/candles for both candle endpoints: the rows are the same. */
export function parseCandles(symbol: string, body: string): Result<Candle[]> {
  const endpoint = OKX_PATHS.candles;
  const instId = instIdFor(symbol, endpoint);
  if (!instId.ok) return instId;
  const rows = readReply(endpoint, z.array(candleRow), body);
  return rows.ok ? mapCandleRows(symbol, endpoint, rows.value) : rows;
}

// ---------------------------------------------------------------------------------------------
// Open interest

/*
 * GET /api/v5/rubik/stat/contracts/open-interest-history?instId=BTC-USDT-SWAP&period=1H — shape from
 * the OKX v5 docs, "Get contract open interest history"
 * (https://www.okx.com/docs-v5/en/#trading-statistics-rest-api-get-contract-open-interest-history),
 * rows [ts, oi (contracts), oiCcy (coin), oiUsd], newest first:
 * {"code":"0","msg":"","data":[
 *   ["1781866800000","2840415.62","28404.1562","1886163112.3"],
 *   ["1781863200000","2838120.07","28381.2007","1881598350.77"]]}
 */
export function parseOpenInterestHistory(symbol: string, body: string): Result<OpenInterestPoint[]> {
  const endpoint = OKX_PATHS.openInterestHistory;
  const instId = instIdFor(symbol, endpoint);
  if (!instId.ok) return instId;
  const rows = readReply(endpoint, z.array(openInterestHistoryRow), body);
  if (!rows.ok) return rows;
  const points = rows.value.map(
    ([time, , oiCcy, oiUsd]): OpenInterestPoint => ({
      exchange: 'okx',
      symbol,
      time,
      openInterestBase: oiCcy,
      openInterestUsd: oiUsd,
    }),
  );
  return ok(timeSeries(points, (p) => p.time));
}

/*
 * GET /api/v5/public/open-interest?instType=SWAP&instId=BTC-USDT-SWAP — shape from the OKX v5 docs,
 * "Get open interest" (https://www.okx.com/docs-v5/en/#public-data-rest-api-get-open-interest):
 * {"code":"0","msg":"","data":[{"instType":"SWAP","instId":"BTC-USDT-SWAP","oi":"2840415.62",
 *   "oiCcy":"28404.1562","oiUsd":"1886163112.3","ts":"1781867012345"}]}
 */
/** OI in coin is `oiCcy`; when OKX leaves it empty, contracts × ctVal stands in. */
export function parseOpenInterest(
  symbol: string,
  body: string,
  contracts: ContractSizes,
): Result<OpenInterestPoint> {
  const endpoint = OKX_PATHS.openInterest;
  const instId = instIdFor(symbol, endpoint);
  if (!instId.ok) return instId;
  const data = readReply(endpoint, z.array(openInterest), body);
  if (!data.ok) return data;
  const i = data.value.findIndex((d) => d.instId === instId.value);
  const row = data.value[i];
  if (row === undefined) return bad(endpoint, 'data', `no open interest for ${instId.value} in the reply`);
  const ctVal = contracts.get(symbol);
  const base = row.oiCcy ?? (ctVal === undefined ? undefined : row.oi * ctVal);
  if (base === undefined) {
    return bad(
      endpoint,
      `data[${i}].oiCcy`,
      `oiCcy is empty and the contract size of ${instId.value} is unknown`,
    );
  }
  return ok({ exchange: 'okx', symbol, time: row.ts, openInterestBase: base, openInterestUsd: row.oiUsd });
}

// ---------------------------------------------------------------------------------------------
// Taker flow and long/short ratio

/*
 * GET /api/v5/rubik/stat/taker-volume-contract?instId=BTC-USDT-SWAP&period=1H&unit=0 — shape from the
 * OKX v5 docs, "Get contract taker volume"
 * (https://www.okx.com/docs-v5/en/#trading-statistics-rest-api-get-contract-taker-volume),
 * rows [ts, sellVol, buyVol] — sell first — in coin because unit=0, newest first:
 * {"code":"0","msg":"","data":[["1781866800000","1874.21","2011.93"],["1781863200000","2290.4","1968.55"]]}
 */
export function parseTakerFlow(symbol: string, body: string): Result<TakerFlow[]> {
  const endpoint = OKX_PATHS.takerVolume;
  const instId = instIdFor(symbol, endpoint);
  if (!instId.ok) return instId;
  const rows = readReply(endpoint, z.array(takerVolumeRow), body);
  if (!rows.ok) return rows;
  const flows = rows.value.map(
    ([time, sellVol, buyVol]): TakerFlow => ({
      exchange: 'okx',
      symbol,
      time,
      buyVolumeBase: buyVol,
      sellVolumeBase: sellVol,
    }),
  );
  return ok(timeSeries(flows, (f) => f.time));
}

/*
 * GET /api/v5/rubik/stat/contracts/long-short-account-ratio-contract?instId=BTC-USDT-SWAP&period=1H —
 * shape from the OKX v5 docs, "Get contract long/short ratio"
 * (https://www.okx.com/docs-v5/en/#trading-statistics-rest-api-get-contract-long-short-ratio),
 * rows [ts, accounts net long ÷ accounts net short], newest first:
 * {"code":"0","msg":"","data":[["1781866800000","1.0412"],["1781863200000","0.9875"]]}
 */
/** ratio r = longs ÷ shorts, so the long share is r / (1 + r). */
export function parseLongShortRatio(symbol: string, body: string): Result<LongShortRatio[]> {
  const endpoint = OKX_PATHS.longShortRatio;
  const instId = instIdFor(symbol, endpoint);
  if (!instId.ok) return instId;
  const rows = readReply(endpoint, z.array(longShortRatioRow), body);
  if (!rows.ok) return rows;
  const ratios = rows.value.map(([time, r]): LongShortRatio => {
    const longShare = r / (1 + r);
    return { exchange: 'okx', symbol, time, longShare, shortShare: 1 - longShare };
  });
  return ok(timeSeries(ratios, (r) => r.time));
}

// ---------------------------------------------------------------------------------------------
// Margin tiers

/**
 * OKX tiers are bounded in contracts. MarginTier bounds are USD notional, so they are converted
 * with the contract size and a reference price (the caller's current mark price): a tier's USD
 * bounds drift with price, exactly as the tier a position falls in does on OKX.
 * OKX publishes no maintenance deduction: its maintenance margin is mmr × the whole position's
 * value, so maintenanceAmount is 0.
 */
export function mapMarginTiers(
  symbol: string,
  endpoint: string,
  tiers: readonly OkxPositionTier[],
  contractSize: number,
  referencePrice: number,
): Result<MarginTier[]> {
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
): Result<MarginTier[]> {
  const endpoint = OKX_PATHS.positionTiers;
  const instId = instIdFor(symbol, endpoint);
  if (!instId.ok) return instId;
  const tiers = readReply(endpoint, z.array(positionTier), body);
  if (!tiers.ok) return tiers;
  if (contractSize === undefined || !(contractSize > 0)) {
    return bad(endpoint, 'data', `contract size of ${instId.value} unknown: tiers are sized in contracts`);
  }
  if (referencePrice === undefined || !Number.isFinite(referencePrice) || !(referencePrice > 0)) {
    return bad(
      endpoint,
      'data',
      `no reference price for ${symbol}: read a mark price first (tiers are in contracts)`,
    );
  }
  return mapMarginTiers(symbol, endpoint, tiers.value, contractSize, referencePrice);
}

// ---------------------------------------------------------------------------------------------
// Mark price and funding

/*
 * GET /api/v5/public/mark-price?instType=SWAP&instId=BTC-USDT-SWAP — shape from the OKX v5 docs,
 * "Get mark price" (https://www.okx.com/docs-v5/en/#public-data-rest-api-get-mark-price):
 * {"code":"0","msg":"","data":[{"instType":"SWAP","instId":"BTC-USDT-SWAP","markPx":"66478.9",
 *   "ts":"1781867012345"}]}
 */
export function parseMarkPrice(symbol: string, body: string): Result<MarkPrice> {
  const endpoint = OKX_PATHS.markPrice;
  const instId = instIdFor(symbol, endpoint);
  if (!instId.ok) return instId;
  const data = readReply(endpoint, z.array(markPrice), body);
  if (!data.ok) return data;
  const row = data.value.find((d) => d.instId === instId.value);
  if (row === undefined) return bad(endpoint, 'data', `no mark price for ${instId.value} in the reply`);
  return ok({ exchange: 'okx', symbol, time: row.ts, markPrice: row.markPx });
}

export type FundingPart = Pick<MarkPrice, 'fundingRate' | 'nextFundingTime'>;

/*
 * GET /api/v5/public/funding-rate?instId=BTC-USDT-SWAP — shape from the OKX v5 docs, "Get funding rate"
 * (https://www.okx.com/docs-v5/en/#public-data-rest-api-get-funding-rate), trimmed:
 * {"code":"0","msg":"","data":[{"formulaType":"noRate","fundingRate":"0.0000182221218054",
 *   "fundingTime":"1781884800000","impactValue":"","instId":"BTC-USDT-SWAP","instType":"SWAP",
 *   "interestRate":"","maxFundingRate":"0.00375","method":"current_period","minFundingRate":"-0.00375",
 *   "nextFundingRate":"","nextFundingTime":"1781913600000","premium":"0.0000910113652644",
 *   "settFundingRate":"0.0000145824401745","settState":"settled","ts":"1781867012345"}]}
 */
/**
 * `fundingRate` is the rate for the settlement at `fundingTime` (the next one); OKX's
 * `nextFundingTime` is the settlement after that. The neutral nextFundingTime is the next
 * settlement, so it is OKX's fundingTime.
 */
export function parseFundingRate(symbol: string, body: string): Result<FundingPart> {
  const endpoint = OKX_PATHS.fundingRate;
  const instId = instIdFor(symbol, endpoint);
  if (!instId.ok) return instId;
  const data = readReply(endpoint, z.array(fundingRate), body);
  if (!data.ok) return data;
  const row = data.value.find((d) => d.instId === instId.value);
  if (row === undefined) return bad(endpoint, 'data', `no funding rate for ${instId.value} in the reply`);
  return ok({ fundingRate: row.fundingRate, nextFundingTime: row.fundingTime });
}

/** A mark price with the funding fields from the funding-rate endpoint. */
export function withFunding(mark: MarkPrice, funding: FundingPart): MarkPrice {
  return { ...mark, ...funding };
}

// ---------------------------------------------------------------------------------------------
// Liquidations

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
): Result<LiquidationEvent[]> {
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
export function parseLiquidations(
  symbol: string,
  body: string,
  contracts: ContractSizes,
): Result<LiquidationEvent[]> {
  const endpoint = OKX_PATHS.liquidations;
  const instId = instIdFor(symbol, endpoint);
  if (!instId.ok) return instId;
  const groups = readReply(endpoint, z.array(liquidationGroup), body);
  if (!groups.ok) return groups;
  const events: LiquidationEvent[] = [];
  for (const [i, group] of groups.value.entries()) {
    if (group.instId !== instId.value) continue;
    const ctVal = contracts.get(symbol);
    if (ctVal === undefined) {
      return bad(
        endpoint,
        `data[${i}].details`,
        `contract size of ${instId.value} unknown: sz counts contracts`,
      );
    }
    const mapped = mapLiquidationGroup(symbol, endpoint, group, ctVal, `data[${i}]`);
    if (!mapped.ok) return mapped;
    events.push(...mapped.value);
  }
  return ok(oldestFirst(events, (e) => e.time));
}
