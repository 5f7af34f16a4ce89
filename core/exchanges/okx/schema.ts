import { z } from 'zod';
import { KLINE_HEAD, nonNegativeDecimal, positiveDecimal, timestampMs } from '../parse';

/**
 * OKX v5 responses exactly as OKX sends them: every REST reply is `{ code, msg, data }`, numbers
 * are strings, timestamps are strings of epoch milliseconds, and a value OKX does not have is sent
 * as "" rather than left out. Samples of each shape sit above their parsers (marketData.ts,
 * tiers.ts, liquidations.ts, stream.ts).
 * Docs: https://www.okx.com/docs-v5/en/
 */

/** Just enough of the envelope to tell success ("0") from OKX's own error codes. */
export const okxStatus = z.object({
  code: z.union([z.string(), z.number()]).transform(String),
  msg: z.string().optional(),
});

/** A successful reply whose `data` matches the given schema. */
export function okxReply<S extends z.ZodType>(data: S) {
  return z.object({ code: z.literal('0'), msg: z.string().optional(), data });
}

/** Candle state: "0" still forming, "1" closed. */
const candleConfirm = z.enum(['0', '1']);

/**
 * GET /api/v5/market/candles, /history-candles and the WS candle channels:
 * [ts, o, h, l, c, vol (contracts), volCcy (base coin), volCcyQuote (USDT), confirm].
 * Extra trailing columns are tolerated so a new field from OKX does not break the adapter.
 */
export const candleRow = z.tuple(
  [...KLINE_HEAD, nonNegativeDecimal, nonNegativeDecimal, candleConfirm],
  z.unknown(),
);
export type OkxCandleRow = z.output<typeof candleRow>;

/** GET /api/v5/rubik/stat/contracts/open-interest-history: [ts, oi, oiCcy, oiUsd]. */
export const openInterestHistoryRow = z.tuple(
  [timestampMs, nonNegativeDecimal, nonNegativeDecimal, nonNegativeDecimal],
  z.unknown(),
);

/** GET /api/v5/rubik/stat/taker-volume-contract: [ts, sellVol, buyVol] (sell first). */
export const takerVolumeRow = z.tuple([timestampMs, nonNegativeDecimal, nonNegativeDecimal], z.unknown());

/** GET /api/v5/rubik/stat/contracts/long-short-account-ratio-contract: [ts, longShortAcctRatio]. */
export const longShortRatioRow = z.tuple([timestampMs, nonNegativeDecimal], z.unknown());

/** One row of the WS mark-price channel. */
export const markPrice = z.object({
  instType: z.string(),
  instId: z.string(),
  markPx: positiveDecimal,
  ts: timestampMs,
});

/** One forced order inside a liquidation group. */
const liquidationDetail = z.object({
  side: z.enum(['buy', 'sell']),
  posSide: z.enum(['long', 'short', 'net']),
  bkPx: positiveDecimal,
  sz: nonNegativeDecimal,
  ts: timestampMs,
  bkLoss: z.string().optional(),
  ccy: z.string().optional(),
});

/** GET /api/v5/public/liquidation-orders and the WS liquidation-orders channel. */
export const liquidationGroup = z.object({
  instId: z.string(),
  instType: z.string().optional(),
  instFamily: z.string().optional(),
  uly: z.string().optional(),
  totalLoss: z.string().optional(),
  details: z.array(liquidationDetail),
});
export type OkxLiquidationGroup = z.output<typeof liquidationGroup>;

/** WebSocket replies to subscribe/unsubscribe, errors and notices: `{ event, code?, msg?, arg?, connId }`. */
export const wsEvent = z.object({
  event: z.string(),
  code: z.string().optional(),
  msg: z.string().optional(),
  arg: z.record(z.string(), z.unknown()).optional(),
  connId: z.string().optional(),
});

/** WebSocket pushes: `{ arg: { channel, instId? | instType? }, data: [...] }`. */
export const wsPush = z.object({
  arg: z.object({
    channel: z.string(),
    instId: z.string().optional(),
    instType: z.string().optional(),
  }),
  data: z.array(z.unknown()),
});
