import type { z } from 'zod';
import { type ExchangeErrorKind, type ExchangeResult, fail, ok } from '../errors';
import { impossible, malformed, replyReader } from '../parse';
import { isNeutralSymbol, toExchangeSymbol } from '../symbols';
import { okxReply, okxStatus } from './schema';

/**
 * OKX answers errors with HTTP 200 (or 4xx/5xx) and `{ "code": "51001", "msg": "...", "data": [] }`;
 * success is always code "0". Codes that mean "slow down" become 'rate-limited' so the transport
 * backs off; every other code is the exchange's own error ('exchange').
 * Error codes: https://www.okx.com/docs-v5/en/#error-code — 50011 "Rate limit reached" (HTTP 429),
 * 50013 "Systems are busy. Please try again later." (HTTP 429).
 */
const SLOW_DOWN_CODES: ReadonlySet<string> = new Set(['50011', '50013']);

export function errorKindOf(code: string): ExchangeErrorKind {
  return SLOW_DOWN_CODES.has(code) ? 'rate-limited' : 'exchange';
}

/** Body → JSON → OKX's code → schema; an error reply carries an empty `data`. */
const readOkxBody = replyReader('okx', (json, endpoint) => {
  const status = okxStatus.safeParse(json);
  if (!status.success) return malformed('okx', endpoint, status.error);
  const { code, msg } = status.data;
  if (code === '0') return undefined;
  return fail({
    kind: errorKindOf(code),
    exchange: 'okx',
    endpoint,
    field: 'code',
    message: `OKX error ${code}${msg ? `: ${msg}` : ''}`,
  });
});

/** Body text → the `data` of a successful reply, or a typed error naming endpoint and field. Never throws. */
export function readReply<S extends z.ZodType>(
  endpoint: string,
  data: S,
  body: string,
): ExchangeResult<z.output<S>> {
  const reply = readOkxBody(endpoint, okxReply(data), body);
  return reply.ok ? ok((reply.value as { data: z.output<S> }).data) : reply;
}

/** Values that contradict each other, as a malformed-data error naming the field. */
export const bad = (endpoint: string, field: string, message: string): ExchangeResult<never> =>
  fail(impossible('okx', endpoint, field, message));

/** The OKX instrument of a neutral symbol, as an ExchangeResult (symbols.ts throws on a bad one). */
function instIdFor(symbol: string, endpoint: string): ExchangeResult<string> {
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

/**
 * The reply to a request about one symbol: its OKX instrument and the reply's `data`. A symbol
 * that is not a neutral one is refused before the body is read.
 */
export function readSymbolReply<S extends z.ZodType>(
  symbol: string,
  endpoint: string,
  data: S,
  body: string,
): ExchangeResult<{ instId: string; data: z.output<S> }> {
  const instId = instIdFor(symbol, endpoint);
  if (!instId.ok) return instId;
  const reply = readReply(endpoint, data, body);
  return reply.ok ? ok({ instId: instId.value, data: reply.value }) : reply;
}
