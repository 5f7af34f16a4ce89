import type { z } from 'zod';
import { type ExchangeErrorKind, fail, type Result } from '../errors';
import { malformed, parseJsonBody, parseWith } from '../parse';
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

/** Body text → the `data` of a successful reply, or a typed error naming endpoint and field. Never throws. */
export function readReply<S extends z.ZodType>(endpoint: string, data: S, body: string): Result<z.output<S>> {
  const json = parseJsonBody('okx', endpoint, body);
  if (!json.ok) return json;
  const status = okxStatus.safeParse(json.value);
  if (!status.success) return malformed('okx', endpoint, status.error);
  const { code, msg } = status.data;
  if (code !== '0') {
    return fail({
      kind: errorKindOf(code),
      exchange: 'okx',
      endpoint,
      field: 'code',
      message: `OKX error ${code}${msg ? `: ${msg}` : ''}`,
    });
  }
  const reply = parseWith('okx', endpoint, okxReply(data), json.value);
  if (!reply.ok) return reply;
  return { ok: true, value: (reply.value as { data: z.output<S> }).data };
}
