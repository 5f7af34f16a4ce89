import { z } from 'zod';
import { decimal, KLINE_HEAD, nonNegativeDecimal, positiveDecimal, timestampMs } from '../parse';

/**
 * Zod schemas for the Bybit v5 public market endpoints we read, one per response, shaped exactly as
 * Bybit sends them: the {retCode, retMsg, result, retExtInfo, time} envelope, numbers as strings.
 * Unknown keys are stripped (Bybit adds fields over time); missing or mistyped known ones fail with
 * the zod path, which becomes the ExchangeError's field ("result.list[0][2]").
 * Docs: https://bybit-exchange.github.io/docs/v5/intro
 */

/** Bybit sends "" for optional numeric fields it has no value for (mmDeduction, fundingRate, ...). */
const emptyAsUndefined = <T extends z.ZodType>(schema: T) =>
  z.union([z.literal('').transform(() => undefined), schema]).optional();

/** The first look at any reply: is it an error? Error replies carry an empty `result`. */
export const bybitStatus = z.object({
  retCode: z.number().int(),
  retMsg: z.string(),
});

const envelope = <R extends z.ZodType>(result: R) =>
  z.object({
    retCode: z.literal(0),
    retMsg: z.string(),
    result,
    retExtInfo: z.unknown().optional(),
    time: timestampMs,
  });

/**
 * A page of rows of the linear category. Bybit adds `symbol` where one symbol is asked for and
 * `nextPageCursor` where it pages; both come in through `more`.
 */
const linearList = <R extends z.ZodType, M extends z.ZodRawShape>(row: R, more: M) =>
  envelope(z.object({ category: z.literal('linear'), ...more, list: z.array(row) }));

const cursor = { nextPageCursor: z.string().optional() };

/** https://bybit-exchange.github.io/docs/v5/market/kline — [startTime, open, high, low, close, volume, turnover]. */
export const klineResponse = linearList(z.tuple([...KLINE_HEAD, nonNegativeDecimal]).rest(z.unknown()), {
  symbol: z.string(),
});

/**
 * https://bybit-exchange.github.io/docs/v5/market/open-interest — openInterest is documented as the
 * sum of both sides; singleOpenInterest (one side) is newer and not always present.
 */
export const openInterestResponse = linearList(
  z.object({
    openInterest: nonNegativeDecimal,
    singleOpenInterest: emptyAsUndefined(nonNegativeDecimal),
    timestamp: timestampMs,
  }),
  { symbol: z.string(), ...cursor },
);

/** https://bybit-exchange.github.io/docs/v5/market/long-short-ratio — shares of accounts, 0..1. */
export const accountRatioResponse = envelope(
  z.object({
    list: z.array(
      z.object({
        symbol: z.string(),
        buyRatio: nonNegativeDecimal,
        sellRatio: nonNegativeDecimal,
        timestamp: timestampMs,
      }),
    ),
    nextPageCursor: z.string().optional(),
  }),
);

/**
 * https://bybit-exchange.github.io/docs/v5/market/instrument — one linear instrument's
 * specification; only the symbol and priceFilter.tickSize (the price step) are read.
 */
export const instrumentsInfoResponse = linearList(
  z.object({ symbol: z.string(), priceFilter: z.object({ tickSize: positiveDecimal }) }),
  cursor,
);

// ---- WebSocket (wss://stream.bybit.com/v5/public/linear) ----

/** Replies to our own ops: {"success":true,"ret_msg":"pong","op":"ping",...} or a subscribe ack. */
export const wsOpReply = z.object({
  op: z.string(),
  success: z.boolean().optional(),
  ret_msg: z.string().optional(),
});

/** https://bybit-exchange.github.io/docs/v5/websocket/public/kline */
export const wsKline = z.object({
  topic: z.string(),
  ts: timestampMs,
  data: z.array(
    z.object({
      start: timestampMs,
      end: timestampMs,
      interval: z.string(),
      open: positiveDecimal,
      close: positiveDecimal,
      high: positiveDecimal,
      low: positiveDecimal,
      volume: nonNegativeDecimal,
      turnover: nonNegativeDecimal,
      confirm: z.boolean(),
      timestamp: timestampMs,
    }),
  ),
});

/**
 * https://bybit-exchange.github.io/docs/v5/websocket/public/ticker — snapshot then deltas; a field
 * absent from a delta has not changed, so everything but the symbol is optional here.
 */
export const wsTicker = z.object({
  topic: z.string(),
  type: z.enum(['snapshot', 'delta']),
  ts: timestampMs,
  data: z.object({
    symbol: z.string(),
    markPrice: emptyAsUndefined(positiveDecimal),
    indexPrice: emptyAsUndefined(positiveDecimal),
    fundingRate: emptyAsUndefined(decimal),
    nextFundingTime: emptyAsUndefined(timestampMs),
  }),
});

/** https://bybit-exchange.github.io/docs/v5/websocket/public/all-liquidation */
export const wsAllLiquidation = z.object({
  topic: z.string(),
  ts: timestampMs,
  data: z.array(
    z.object({
      T: timestampMs,
      s: z.string(),
      S: z.enum(['Buy', 'Sell']),
      v: positiveDecimal,
      p: positiveDecimal,
    }),
  ),
});
