import { z } from 'zod';
import { candleFromRow } from '../candles';
import { type ExchangeResult, ok } from '../errors';
import { oldestFirst } from '../series';
import type { Candle, LongShortRatio, OpenInterestPoint, TakerFlow } from '../types';
import { OKX_PATHS } from './endpoints';
import { readSymbolReply } from './reply';
import {
  candleRow,
  longShortRatioRow,
  type OkxCandleRow,
  openInterestHistoryRow,
  takerVolumeRow,
} from './schema';

/**
 * Pure readers of OKX market data (candles, open interest history, taker flow, long/short ratio)
 * into neutral types. Nothing here throws: a bad body, an unknown symbol or values that
 * contradict each other come back as a typed ExchangeError naming the endpoint and the field.
 * Series come back oldest first with one entry per time (OKX sends newest first; ../series.ts).
 */

/** Turns candle rows into Candles, refusing bars whose high/low do not bound open and close. */
export function mapCandleRows(
  symbol: string,
  endpoint: string,
  rows: readonly OkxCandleRow[],
  fieldPrefix = 'data',
): ExchangeResult<Candle[]> {
  const candles: Candle[] = [];
  for (const [i, row] of rows.entries()) {
    // volCcy is the base coin for derivatives; vol counts contracts (OKX candle docs).
    const [, , , , , , volumeBase, volumeQuote] = row;
    const candle = candleFromRow('okx', symbol, endpoint, `${fieldPrefix}[${i}]`, row, {
      volumeBase,
      volumeQuote,
    });
    if (!candle.ok) return candle;
    candles.push(candle.value);
  }
  return ok(oldestFirst(candles, (c) => c.openTime));
}

/** A statistics reply of rows for one symbol → neutral points, oldest first. */
function readSeries<S extends z.ZodType, T extends { time: number }>(
  symbol: string,
  endpoint: string,
  row: S,
  body: string,
  toPoint: (row: z.output<S>) => T,
): ExchangeResult<T[]> {
  const reply = readSymbolReply(symbol, endpoint, z.array(row), body);
  if (!reply.ok) return reply;
  return ok(oldestFirst(reply.value.data.map(toPoint), (p) => p.time));
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
export function parseCandles(symbol: string, body: string): ExchangeResult<Candle[]> {
  const endpoint = OKX_PATHS.candles;
  const reply = readSymbolReply(symbol, endpoint, z.array(candleRow), body);
  return reply.ok ? mapCandleRows(symbol, endpoint, reply.value.data) : reply;
}

/*
 * GET /api/v5/rubik/stat/contracts/open-interest-history?instId=BTC-USDT-SWAP&period=1H — shape from
 * the OKX v5 docs, "Get contract open interest history"
 * (https://www.okx.com/docs-v5/en/#trading-statistics-rest-api-get-contract-open-interest-history),
 * rows [ts, oi (contracts), oiCcy (coin), oiUsd], newest first:
 * {"code":"0","msg":"","data":[
 *   ["1781866800000","2840415.62","28404.1562","1886163112.3"],
 *   ["1781863200000","2838120.07","28381.2007","1881598350.77"]]}
 */
export function parseOpenInterestHistory(symbol: string, body: string): ExchangeResult<OpenInterestPoint[]> {
  return readSeries(
    symbol,
    OKX_PATHS.openInterestHistory,
    openInterestHistoryRow,
    body,
    ([time, , oiCcy, oiUsd]): OpenInterestPoint => ({
      exchange: 'okx',
      symbol,
      time,
      openInterestBase: oiCcy,
      openInterestUsd: oiUsd,
    }),
  );
}

/*
 * GET /api/v5/rubik/stat/taker-volume-contract?instId=BTC-USDT-SWAP&period=1H&unit=0 — shape from the
 * OKX v5 docs, "Get contract taker volume"
 * (https://www.okx.com/docs-v5/en/#trading-statistics-rest-api-get-contract-taker-volume),
 * rows [ts, sellVol, buyVol] — sell first — in coin because unit=0, newest first:
 * {"code":"0","msg":"","data":[["1781866800000","1874.21","2011.93"],["1781863200000","2290.4","1968.55"]]}
 */
export function parseTakerFlow(symbol: string, body: string): ExchangeResult<TakerFlow[]> {
  return readSeries(
    symbol,
    OKX_PATHS.takerVolume,
    takerVolumeRow,
    body,
    ([time, sellVol, buyVol]): TakerFlow => ({
      exchange: 'okx',
      symbol,
      time,
      buyVolumeBase: buyVol,
      sellVolumeBase: sellVol,
    }),
  );
}

/*
 * GET /api/v5/rubik/stat/contracts/long-short-account-ratio-contract?instId=BTC-USDT-SWAP&period=1H —
 * shape from the OKX v5 docs, "Get contract long/short ratio"
 * (https://www.okx.com/docs-v5/en/#trading-statistics-rest-api-get-contract-long-short-ratio),
 * rows [ts, accounts net long ÷ accounts net short], newest first:
 * {"code":"0","msg":"","data":[["1781866800000","1.0412"],["1781863200000","0.9875"]]}
 */
/** ratio r = longs ÷ shorts, so the long share is r / (1 + r). */
export function parseLongShortRatio(symbol: string, body: string): ExchangeResult<LongShortRatio[]> {
  return readSeries(
    symbol,
    OKX_PATHS.longShortRatio,
    longShortRatioRow,
    body,
    ([time, r]): LongShortRatio => {
      const longShare = r / (1 + r);
      return { exchange: 'okx', symbol, time, longShare, shortShare: 1 - longShare };
    },
  );
}
