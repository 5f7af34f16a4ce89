import type { z } from 'zod';
import { candleFromRow, checkedCandle } from '../candles';
import { type ExchangeResult, fail, ok } from '../errors';
import { impossible, positiveDecimal, replyReader } from '../parse';
import type { RateLimitPool } from '../request';
import { oldestFirst } from '../series';
import { fromExchangeSymbol, toExchangeSymbol } from '../symbols';
import type {
  Candle,
  LiquidationEvent,
  LongShortRatio,
  MarkPrice,
  OpenInterestPoint,
  TakerFlow,
} from '../types';
import { ENDPOINTS } from './endpoints';
import {
  binanceErrorReply,
  exchangeInfoResponse,
  exchangeInfoSymbols,
  type ForceOrderEvent,
  type KlineEvent,
  klinesResponse,
  longShortAccountResponse,
  type MarkPriceEvent,
  openInterestHistResponse,
  takerBuySellResponse,
} from './schema';

/**
 * Pure mappers from Binance USDⓈ-M bodies to HeatBands' neutral types. Nothing here throws: a bad
 * body, a Binance error reply or an impossible value becomes an ExchangeError naming the endpoint
 * and the field. Lists come back oldest first with one entry per time (../series.ts).
 */

/**
 * Body text → typed value. A well-formed Binance error reply ({code, msg}) is reported as kind
 * 'exchange' rather than as a shape mismatch, so callers can tell "Binance said no" from "garbage".
 */
export const readBody = replyReader('binance', (json, endpoint) => {
  const reply = binanceErrorReply.safeParse(json);
  if (!reply.success) return undefined;
  const message = `Binance error ${reply.data.code}: ${reply.data.msg}`;
  return fail({ kind: 'exchange', exchange: 'binance', endpoint, message });
});

/** The response's instrument must be the one we asked for; anything else is a mix-up upstream. */
function checkSymbol(endpoint: string, field: string, expected: string, got: string): ExchangeResult<true> {
  const neutral = fromExchangeSymbol('binance', got);
  return neutral === expected
    ? ok(true)
    : fail(impossible('binance', endpoint, field, `expected symbol ${expected}, got ${JSON.stringify(got)}`));
}

/**
 * A reply of statistics rows that each name their symbol → neutral points, oldest first; a row of
 * another symbol fails the whole reply, naming its index.
 */
function symbolRows<R extends { symbol: string }, T extends { time: number }>(
  endpoint: string,
  schema: z.ZodType<R[]>,
  symbol: string,
  body: string,
  toPoint: (row: R) => T,
): ExchangeResult<T[]> {
  const rows = readBody(endpoint, schema, body);
  if (!rows.ok) return rows;
  const points: T[] = [];
  for (const [i, row] of rows.value.entries()) {
    const same = checkSymbol(endpoint, `[${i}].symbol`, symbol, row.symbol);
    if (!same.ok) return same;
    points.push(toPoint(row));
  }
  return ok(oldestFirst(points, (p) => p.time));
}

/*
 * GET /fapi/v1/klines?symbol=BTCUSDT&interval=5m — shape from Binance's "Kline/Candlestick Data" page
 * (developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Kline-Candlestick-Data):
 * [
 *   [1781481600000, "66312.40", "66388.00", "66290.10", "66371.80", "712.418", 1781481899999,
 *    "47271539.81270", 11873, "402.106", "26682110.43380", "0"]
 * ]
 */
export function parseCandles(symbol: string, body: string): ExchangeResult<Candle[]> {
  const parsed = readBody(ENDPOINTS.klines, klinesResponse, body);
  if (!parsed.ok) return parsed;
  const candles: Candle[] = [];
  for (const [i, row] of parsed.value.entries()) {
    const [, , , , , volumeBase, , volumeQuote, , takerBuyBase] = row;
    const candle = candleFromRow('binance', symbol, ENDPOINTS.klines, `[${i}]`, row, {
      volumeBase,
      volumeQuote,
      takerBuyBase,
    });
    if (!candle.ok) return candle;
    candles.push(candle.value);
  }
  return ok(oldestFirst(candles, (c) => c.openTime));
}

/*
 * GET /futures/data/openInterestHist?symbol=BTCUSDT&period=5m — shape from Binance's "Open Interest
 * Statistics" page (…/market-data/rest-api/Open-Interest-Statistics); the live API sends the
 * timestamp as a number, the docs' sample as a string: both are read.
 * [
 *   {"symbol":"BTCUSDT","sumOpenInterest":"112874.30800000","sumOpenInterestValue":"7483216543.21094500","timestamp":1781481600000}
 * ]
 */
export function parseOpenInterestHistory(symbol: string, body: string): ExchangeResult<OpenInterestPoint[]> {
  return symbolRows(ENDPOINTS.openInterestHist, openInterestHistResponse, symbol, body, (item) => ({
    exchange: 'binance',
    symbol,
    time: item.timestamp,
    openInterestBase: item.sumOpenInterest,
    openInterestUsd: item.sumOpenInterestValue,
  }));
}

/*
 * GET /futures/data/takerlongshortRatio?symbol=BTCUSDT&period=5m — shape from Binance's "Taker
 * Buy/Sell Volume" page (…/market-data/rest-api/Taker-BuySell-Volume). Volumes in base units.
 * [
 *   {"buySellRatio":"1.1372","buyVol":"402.1060","sellVol":"353.5980","timestamp":1781481600000}
 * ]
 */
export function parseTakerFlow(symbol: string, body: string): ExchangeResult<TakerFlow[]> {
  const parsed = readBody(ENDPOINTS.takerBuySell, takerBuySellResponse, body);
  if (!parsed.ok) return parsed;
  const flows = parsed.value.map(
    (item): TakerFlow => ({
      exchange: 'binance',
      symbol,
      time: item.timestamp,
      buyVolumeBase: item.buyVol,
      sellVolumeBase: item.sellVol,
    }),
  );
  return ok(oldestFirst(flows, (f) => f.time));
}

/*
 * GET /futures/data/globalLongShortAccountRatio?symbol=BTCUSDT&period=5m — shape from Binance's
 * "Long/Short Ratio" page (…/market-data/rest-api/Long-Short-Ratio): shares of accounts net long/short.
 * [
 *   {"symbol":"BTCUSDT","longShortRatio":"1.8629","longAccount":"0.6507","shortAccount":"0.3493","timestamp":1781481600000}
 * ]
 */
export function parseLongShortRatio(symbol: string, body: string): ExchangeResult<LongShortRatio[]> {
  return symbolRows(ENDPOINTS.longShortAccounts, longShortAccountResponse, symbol, body, (item) => ({
    exchange: 'binance',
    symbol,
    time: item.timestamp,
    longShare: item.longAccount,
    shortShare: item.shortAccount,
  }));
}

/** Maps, not objects: a name like "__proto__" or "toString" from the reply must find nothing. */
const INTERVAL_UNIT_MS = new Map<string, number>([
  ['SECOND', 1_000],
  ['MINUTE', 60_000],
  ['HOUR', 3_600_000],
  ['DAY', 86_400_000],
]);

/** Binance's rateLimitType → our pool name. ORDERS limits are per account and we place no orders. */
const POOL_OF_LIMIT = new Map<string, string>([
  ['REQUEST_WEIGHT', 'request-weight'],
  ['RAW_REQUESTS', 'raw-requests'],
]);

/*
 * GET /fapi/v1/exchangeInfo — shape from Binance's "Exchange Information" page
 * (…/market-data/rest-api/Exchange-Information), trimmed to what we read:
 * {"timezone":"UTC","serverTime":1781481724000,"rateLimits":[
 *   {"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":2400},
 *   {"rateLimitType":"ORDERS","interval":"MINUTE","intervalNum":1,"limit":1200},
 *   {"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":300}], "symbols":[…]}
 * The futures/data limit is not published here: that pool keeps its documented default.
 */
export function parseExchangeInfoRateLimits(body: string): ExchangeResult<RateLimitPool[]> {
  const endpoint = ENDPOINTS.exchangeInfo;
  const parsed = readBody(endpoint, exchangeInfoResponse, body);
  if (!parsed.ok) return parsed;
  const pools: RateLimitPool[] = [];
  for (const [i, limit] of parsed.value.rateLimits.entries()) {
    const pool = POOL_OF_LIMIT.get(limit.rateLimitType);
    if (pool === undefined) continue;
    const unit = INTERVAL_UNIT_MS.get(limit.interval);
    if (unit === undefined) {
      return fail(
        impossible(
          'binance',
          endpoint,
          `rateLimits[${i}].interval`,
          `unknown interval ${JSON.stringify(limit.interval)}`,
        ),
      );
    }
    pools.push({
      exchange: 'binance',
      pool,
      capacity: limit.limit,
      windowMs: unit * limit.intervalNum,
      source: `https://fapi.binance.com${endpoint} (live)`,
    });
  }
  if (!pools.some((p) => p.pool === 'request-weight')) {
    return fail(impossible('binance', endpoint, 'rateLimits', 'no REQUEST_WEIGHT limit in the reply'));
  }
  return ok(pools);
}

/*
 * GET /fapi/v1/exchangeInfo, one symbol of its list (Binance's "Exchange Information" page):
 * {"symbols":[{"symbol":"BTCUSDT","pair":"BTCUSDT","contractType":"PERPETUAL", …,
 *   "filters":[{"filterType":"PRICE_FILTER","minPrice":"261.10","maxPrice":"809484","tickSize":"0.10"},
 *              {"filterType":"LOT_SIZE","stepSize":"0.001","maxQty":"1000","minQty":"0.001"}, …]}, …]}
 * The price step of `symbol`: its PRICE_FILTER tickSize.
 */
export function parseExchangeInfoTickSize(symbol: string, body: string): ExchangeResult<number> {
  const endpoint = ENDPOINTS.exchangeInfo;
  const parsed = readBody(endpoint, exchangeInfoSymbols, body);
  if (!parsed.ok) return parsed;
  const name = toExchangeSymbol('binance', symbol);
  const at = parsed.value.symbols.findIndex((s) => s.symbol === name);
  if (at < 0) return fail(impossible('binance', endpoint, 'symbols', `no symbol ${symbol} in the reply`));
  const filters = parsed.value.symbols[at]!.filters;
  const f = filters.findIndex((x) => x.filterType === 'PRICE_FILTER');
  const field = `symbols[${at}].filters[${f}].tickSize`;
  if (f < 0) return fail(impossible('binance', endpoint, `symbols[${at}].filters`, 'no PRICE_FILTER'));
  const tick = positiveDecimal.safeParse(filters[f]!.tickSize);
  if (!tick.success) {
    return fail(
      impossible(
        'binance',
        endpoint,
        field,
        `tickSize ${JSON.stringify(filters[f]!.tickSize)} is not a positive decimal`,
      ),
    );
  }
  return ok(tick.data);
}

// ---- stream payloads ----

/*
 * <symbol>@kline_1m payload — shape from Binance's "Kline/Candlestick Streams" page
 * (…/websocket-market-streams/Kline-Candlestick-Streams):
 * {"e":"kline","E":1779725519873,"s":"BTCUSDT","k":{"t":1779725460000,"T":1779725519999,"s":"BTCUSDT","i":"1m",
 *  "f":6873144201,"L":6873147712,"o":"77490.10","c":"77473.90","h":"77503.00","l":"77472.00","v":"238.412",
 *  "n":3512,"x":true,"q":"18475112.41830","V":"97.203","Q":"7532419.19210","B":"0"}}
 * A kline stream payload → Candle; `closed` says whether the bar is final.
 */
export function candleFromKlineEvent(
  symbol: string,
  event: KlineEvent,
  endpoint: string,
): ExchangeResult<{ candle: Candle; closed: boolean }> {
  const k = event.k;
  const candle = checkedCandle(
    {
      exchange: 'binance',
      symbol,
      openTime: k.t,
      open: k.o,
      high: k.h,
      low: k.l,
      close: k.c,
      volumeBase: k.v,
      volumeQuote: k.q,
      takerBuyBase: k.V,
    },
    endpoint,
    // Binance names each price by its initial: k.o, k.h, k.l, k.c.
    (field) => `k.${field[0]}`,
  );
  return candle.ok ? ok({ candle: candle.value, closed: k.x }) : candle;
}

/*
 * <symbol>@markPrice@1s payload — shape from Binance's "Mark Price Stream" page
 * (…/websocket-market-streams/Mark-Price-Stream):
 * {"e":"markPriceUpdate","E":1779725521000,"s":"BTCUSDT","p":"77478.52187143","P":"77497.11862319",
 *  "i":"77510.08695652","r":"0.00001426","T":1779753600000}
 * A mark-price stream payload → MarkPrice.
 */
export function markFromEvent(symbol: string, event: MarkPriceEvent): MarkPrice {
  const mark: MarkPrice = { exchange: 'binance', symbol, time: event.E, markPrice: event.p };
  if (event.i !== undefined) mark.indexPrice = event.i;
  if (event.r !== undefined) mark.fundingRate = event.r;
  if (event.T !== undefined) mark.nextFundingTime = event.T;
  return mark;
}

/*
 * <symbol>@forceOrder payload — shape from Binance's "Liquidation Order Streams" page
 * (…/websocket-market-streams/Liquidation-Order-Streams). Binance pushes at most the latest
 * liquidation per symbol per 1000 ms, so the stream undercounts.
 * {"e":"forceOrder","E":1779725522117,"o":{"s":"BTCUSDT","S":"SELL","o":"LIMIT","f":"IOC","q":"0.412",
 *  "p":"77301.40","ap":"77468.30","X":"FILLED","l":"0.412","z":"0.412","T":1779725522112}}
 */
/**
 * A forceOrder payload → LiquidationEvent. The liquidation engine SELLs to close a long and BUYs to
 * close a short. Price is the average fill price when there was a fill, else the order price;
 * quantity is the filled quantity when there was a fill, else the order quantity.
 */
export function liquidationFromForceOrder(
  symbol: string,
  event: ForceOrderEvent,
  endpoint: string,
): ExchangeResult<LiquidationEvent> {
  const o = event.o;
  const price = o.ap > 0 ? o.ap : o.p;
  const quantityBase = o.z > 0 ? o.z : o.q;
  if (!(price > 0)) return fail(impossible('binance', endpoint, 'o.p', 'liquidation without a price'));
  if (!(quantityBase > 0))
    return fail(impossible('binance', endpoint, 'o.q', 'liquidation without a quantity'));
  const notionalUsd = price * quantityBase;
  if (!Number.isFinite(notionalUsd)) {
    return fail(impossible('binance', endpoint, 'o.q', `notional ${price} × ${quantityBase} is not finite`));
  }
  return ok({
    exchange: 'binance',
    symbol,
    time: o.T,
    side: o.S === 'SELL' ? 'long' : 'short',
    price,
    quantityBase,
    notionalUsd,
  });
}
