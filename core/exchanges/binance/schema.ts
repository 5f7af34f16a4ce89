import { z } from 'zod';
import { decimal, KLINE_HEAD, nonNegativeDecimal, positiveDecimal, timestampMs } from '../parse';

/**
 * Zod schemas for the Binance USDⓈ-M public endpoints and streams HeatBands reads, one per response,
 * shaped as Binance sends them: decimals as strings, times as integers (the docs' samples sometimes
 * show times as strings, so both are accepted). Unknown keys are stripped: Binance adds fields over
 * time and we must not break when it does. A missing or mistyped known field fails with its zod path,
 * which becomes the ExchangeError's `field` ("[3][2]", "[0].sumOpenInterest", "k.o").
 * Docs root: https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info
 */

/** Binance sends "" for a numeric field it has no value for (funding rate of a delivery contract). */
const optionalDecimal = z.union([z.literal('').transform(() => undefined), decimal]).optional();

/** Binance sends 0 for a time it has no value for (next funding time of a delivery contract). */
const optionalTimestamp = z.union([z.literal(0).transform(() => undefined), timestampMs]).optional();

/** Any endpoint can answer with this instead of its payload, e.g. {"code":-1121,"msg":"Invalid symbol."}. */
export const binanceErrorReply = z.object({ code: z.number().int(), msg: z.string() });

/**
 * GET /fapi/v1/klines, one row:
 * [openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBuyBase, takerBuyQuote, ignore].
 * Trailing extra columns are tolerated so a new column does not break parsing.
 */
const klineRow = z
  .tuple([
    ...KLINE_HEAD,
    timestampMs,
    nonNegativeDecimal,
    z.number().int().nonnegative(),
    nonNegativeDecimal,
    nonNegativeDecimal,
    z.union([z.string(), z.number()]),
  ])
  .rest(z.unknown());
export const klinesResponse = z.array(klineRow);

/** GET /futures/data/openInterestHist. */
const openInterestHistItem = z.object({
  symbol: z.string(),
  sumOpenInterest: nonNegativeDecimal,
  sumOpenInterestValue: nonNegativeDecimal,
  timestamp: timestampMs,
});
export const openInterestHistResponse = z.array(openInterestHistItem);

/** GET /futures/data/takerlongshortRatio. */
const takerBuySellItem = z.object({
  buySellRatio: nonNegativeDecimal,
  buyVol: nonNegativeDecimal,
  sellVol: nonNegativeDecimal,
  timestamp: timestampMs,
});
export const takerBuySellResponse = z.array(takerBuySellItem);

/** GET /futures/data/globalLongShortAccountRatio. */
const share = nonNegativeDecimal.refine((n) => n <= 1, { message: 'expected a share between 0 and 1' });
const longShortAccountItem = z.object({
  symbol: z.string(),
  longShortRatio: nonNegativeDecimal,
  longAccount: share,
  shortAccount: share,
  timestamp: timestampMs,
});
export const longShortAccountResponse = z.array(longShortAccountItem);

/** GET /fapi/v1/exchangeInfo: only `rateLimits` is read; the symbol list is large and not needed here. */
const rateLimitEntry = z.object({
  rateLimitType: z.string(),
  interval: z.string(),
  intervalNum: z.number().int().positive(),
  limit: z.number().int().positive(),
});
export const exchangeInfoResponse = z.object({ rateLimits: z.array(rateLimitEntry) });

/**
 * GET /fapi/v1/exchangeInfo, read for one symbol's PRICE_FILTER. Filters of other types carry other
 * fields, so only filterType is required of each; tickSize is checked once the filter is found.
 */
export const exchangeInfoSymbols = z.object({
  symbols: z.array(
    z.object({
      symbol: z.string(),
      filters: z.array(z.looseObject({ filterType: z.string(), tickSize: z.unknown().optional() })),
    }),
  ),
});

// ---- WebSocket payloads (the `data` of a combined-stream envelope, or the whole raw-stream message) ----

/** Combined streams wrap each payload: {"stream":"btcusdt@kline_1m","data":{…}}. */
export const combinedEnvelope = z.object({ stream: z.string(), data: z.unknown() });

/** Just enough to route a payload: its event type, when it has one. */
export const eventHeader = z.object({ e: z.string() });

/** <symbol>@kline_<interval>. */
export const klineEvent = z.object({
  e: z.literal('kline'),
  E: timestampMs,
  s: z.string(),
  k: z.object({
    t: timestampMs,
    T: timestampMs,
    s: z.string(),
    i: z.string(),
    o: positiveDecimal,
    c: positiveDecimal,
    h: positiveDecimal,
    l: positiveDecimal,
    v: nonNegativeDecimal,
    n: z.number().int().nonnegative(),
    x: z.boolean(),
    q: nonNegativeDecimal,
    V: nonNegativeDecimal,
    Q: nonNegativeDecimal,
  }),
});
export type KlineEvent = z.infer<typeof klineEvent>;

/** <symbol>@markPrice or <symbol>@markPrice@1s. */
export const markPriceEvent = z.object({
  e: z.literal('markPriceUpdate'),
  E: timestampMs,
  s: z.string(),
  p: positiveDecimal,
  i: optionalDecimal,
  P: optionalDecimal,
  r: optionalDecimal,
  T: optionalTimestamp,
});
export type MarkPriceEvent = z.infer<typeof markPriceEvent>;

/** <symbol>@forceOrder or !forceOrder@arr. */
export const forceOrderEvent = z.object({
  e: z.literal('forceOrder'),
  E: timestampMs,
  o: z.object({
    s: z.string(),
    S: z.enum(['BUY', 'SELL']),
    o: z.string(),
    f: z.string(),
    q: nonNegativeDecimal,
    p: nonNegativeDecimal,
    ap: nonNegativeDecimal,
    X: z.string(),
    l: nonNegativeDecimal,
    z: nonNegativeDecimal,
    T: timestampMs,
  }),
});
export type ForceOrderEvent = z.infer<typeof forceOrderEvent>;
