import type { z } from 'zod';
import { candleFromRow } from '../candles';
import { type ExchangeError, type ExchangeResult, fail, ok } from '../errors';
import { impossible, malformed, replyReader } from '../parse';
import { oldestFirst } from '../series';
import { toExchangeSymbol } from '../symbols';
import type { Candle, LongShortRatio, OpenInterestPoint } from '../types';
import { ENDPOINTS } from './endpoints';
import {
  accountRatioResponse,
  bybitStatus,
  instrumentsInfoResponse,
  klineResponse,
  openInterestResponse,
} from './schema';

/**
 * Pure mappers from Bybit v5 response bodies to the neutral types. They never throw: every failure
 * is an ExchangeError naming 'bybit', the endpoint and the field. Lists come out oldest first with
 * one entry per time (../series.ts).
 */

/** "Too many visits!": the per-UID API limit, the one retCode that means "slow down". */
const RET_CODE_TOO_MANY_VISITS = 10006;

function retCodeError(endpoint: string, retCode: number, retMsg: string): ExchangeError {
  return {
    kind: retCode === RET_CODE_TOO_MANY_VISITS ? 'rate-limited' : 'exchange',
    exchange: 'bybit',
    endpoint,
    field: 'retCode',
    message: `retCode ${retCode}: ${retMsg || '(no retMsg)'}`,
  };
}

/** Body → JSON → retCode check → schema. An error reply (retCode ≠ 0) carries an empty result. */
export const parseBybit = replyReader('bybit', (json, endpoint) => {
  const status = bybitStatus.safeParse(json);
  if (!status.success) return malformed('bybit', endpoint, status.error);
  const { retCode, retMsg } = status.data;
  return retCode === 0 ? undefined : fail(retCodeError(endpoint, retCode, retMsg));
});

const bad = (endpoint: string, field: string, message: string): ExchangeResult<never> =>
  fail(impossible('bybit', endpoint, field, message));

/** Checks a row's symbol against the one asked for (Bybit linear names are the neutral names). */
function symbolMismatch(
  endpoint: string,
  field: string,
  expected: string,
  got: string,
): ExchangeResult<never> | undefined {
  return got === expected ? undefined : bad(endpoint, field, `expected symbol ${expected}, got ${got}`);
}

/** The `result` of a reply about one symbol, refused when it names another symbol. */
function resultFor<S extends z.ZodType<{ result: { symbol: string } }>>(
  endpoint: string,
  schema: S,
  symbol: string,
  body: string,
): ExchangeResult<z.output<S>['result']> {
  const parsed = parseBybit(endpoint, schema, body);
  if (!parsed.ok) return parsed;
  const { result } = parsed.value;
  return symbolMismatch(endpoint, 'result.symbol', symbol, result.symbol) ?? ok(result);
}

// GET /v5/market/kline?category=linear&symbol=BTCUSDT&interval=5&start=...&end=...&limit=3
// Shape from https://bybit-exchange.github.io/docs/v5/market/kline (list sorted newest first):
// {"retCode":0,"retMsg":"OK","result":{"category":"linear","symbol":"BTCUSDT","list":[
//   ["1750000200000","104890.1","104955.5","104870","104933.2","151.337","15878290.4416"],
//   ["1750000500000"...] ]},"retExtInfo":{},"time":1750000561234}
export function parseCandles(symbol: string, body: string): ExchangeResult<Candle[]> {
  const endpoint = ENDPOINTS.kline;
  const result = resultFor(endpoint, klineResponse, symbol, body);
  if (!result.ok) return result;

  const candles: Candle[] = [];
  for (const [i, row] of result.value.list.entries()) {
    const [, , , , , volumeBase, volumeQuote] = row;
    const candle = candleFromRow('bybit', symbol, endpoint, `result.list[${i}]`, row, {
      volumeBase,
      volumeQuote,
    });
    if (!candle.ok) return candle;
    candles.push(candle.value);
  }
  return ok(oldestFirst(candles, (c) => c.openTime));
}

/**
 * Bybit's openInterest is documented as the sum of both sides (a long and the short it trades
 * against, counted twice); singleOpenInterest is one side, which is what every other exchange
 * reports and what the estimator means by open interest. Where only the sum is sent, halve it.
 */
const oneSide = (single: number | undefined, bothSides: number): number => single ?? bothSides / 2;

// GET /v5/market/open-interest?category=linear&symbol=BTCUSDT&intervalTime=5min&startTime=...&endTime=...
// Shape from https://bybit-exchange.github.io/docs/v5/market/open-interest (newest first; the unit
// for linear is the base coin):
// {"retCode":0,"retMsg":"OK","result":{"category":"linear","symbol":"BTCUSDT","list":[
//   {"openInterest":"104112.44200000","singleOpenInterest":"52056.221","timestamp":"1750000500000"},
//   {"openInterest":"104090.18000000","singleOpenInterest":"52045.09","timestamp":"1750000200000"}],
//   "nextPageCursor":"lastid%3D211042%26lasttime%3D1750000200"},"retExtInfo":{},"time":1750000561234}
export function parseOpenInterestHistory(symbol: string, body: string): ExchangeResult<OpenInterestPoint[]> {
  const result = resultFor(ENDPOINTS.openInterest, openInterestResponse, symbol, body);
  if (!result.ok) return result;
  const points = result.value.list.map(
    (row): OpenInterestPoint => ({
      exchange: 'bybit',
      symbol,
      time: row.timestamp,
      // The history carries no USD value: openInterestUsd stays undefined, to be priced by the caller.
      openInterestBase: oneSide(row.singleOpenInterest, row.openInterest),
    }),
  );
  return ok(oldestFirst(points, (p) => p.time));
}

// GET /v5/market/account-ratio?category=linear&symbol=BTCUSDT&period=5min&startTime=...&endTime=...
// Shape from https://bybit-exchange.github.io/docs/v5/market/long-short-ratio (newest first; no
// category/symbol in result, the symbol is on each row):
// {"retCode":0,"retMsg":"OK","result":{"list":[
//   {"symbol":"BTCUSDT","buyRatio":"0.5412","sellRatio":"0.4588","timestamp":"1750000500000"}],
//   "nextPageCursor":"lastid%3D0%26lasttime%3D1750000500"},"retExtInfo":{},"time":1750000561234}
export function parseLongShortRatio(symbol: string, body: string): ExchangeResult<LongShortRatio[]> {
  const endpoint = ENDPOINTS.accountRatio;
  const parsed = parseBybit(endpoint, accountRatioResponse, body);
  if (!parsed.ok) return parsed;

  const ratios: LongShortRatio[] = [];
  for (let i = 0; i < parsed.value.result.list.length; i++) {
    const row = parsed.value.result.list[i]!;
    const mismatch = symbolMismatch(endpoint, `result.list[${i}].symbol`, symbol, row.symbol);
    if (mismatch) return mismatch;
    if (row.buyRatio > 1) return bad(endpoint, `result.list[${i}].buyRatio`, `share ${row.buyRatio} above 1`);
    if (row.sellRatio > 1)
      return bad(endpoint, `result.list[${i}].sellRatio`, `share ${row.sellRatio} above 1`);
    // Bybit rounds to 4 decimals; shares of all holders must still add up to about one.
    if (Math.abs(row.buyRatio + row.sellRatio - 1) > 0.01) {
      return bad(
        endpoint,
        `result.list[${i}].sellRatio`,
        `buyRatio + sellRatio = ${row.buyRatio + row.sellRatio}`,
      );
    }
    ratios.push({
      exchange: 'bybit',
      symbol,
      time: row.timestamp,
      longShare: row.buyRatio,
      shortShare: row.sellRatio,
    });
  }
  return ok(oldestFirst(ratios, (r) => r.time));
}

// GET /v5/market/instruments-info?category=linear&symbol=BTCUSDT
// Shape from https://bybit-exchange.github.io/docs/v5/market/instrument (numbers as strings):
// {"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[{"symbol":"BTCUSDT",
//   "contractType":"LinearPerpetual","status":"Trading","baseCoin":"BTC","quoteCoin":"USDT",
//   "launchTime":"1585526400000","deliveryTime":"0","deliveryFeeRate":"","priceScale":"2",
//   "leverageFilter":{"minLeverage":"1","maxLeverage":"100.00","leverageStep":"0.01"},
//   "priceFilter":{"minPrice":"0.10","maxPrice":"1999999.80","tickSize":"0.10"},
//   "lotSizeFilter":{"maxOrderQty":"1190.000","minOrderQty":"0.001","qtyStep":"0.001", …}, …}],
//   "nextPageCursor":""},"retExtInfo":{},"time":1735809771618}
/** The price step of `symbol`: its priceFilter.tickSize. */
export function parseTickSize(symbol: string, body: string): ExchangeResult<number> {
  const endpoint = ENDPOINTS.instrumentsInfo;
  const parsed = parseBybit(endpoint, instrumentsInfoResponse, body);
  if (!parsed.ok) return parsed;
  const name = toExchangeSymbol('bybit', symbol);
  const row = parsed.value.result.list.find((r) => r.symbol === name);
  if (!row) return bad(endpoint, 'result.list', `no instrument ${symbol} in the reply`);
  return ok(row.priceFilter.tickSize);
}
