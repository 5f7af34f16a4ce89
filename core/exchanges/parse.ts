import { z } from 'zod';
import { type ExchangeError, type ExchangeResult, fail, ok } from './errors';
import type { ExchangeId } from './types';

/**
 * Building blocks for the per-exchange zod schemas, and the one function that turns a raw body
 * into a typed value or a typed error. Exchanges send numbers as strings; these schemas accept
 * both and refuse anything that is not a finite number, so NaN never gets past the edge.
 */

function toFinite(v: string | number): number {
  if (typeof v === 'number') return v;
  const t = v.trim();
  // Number('') is 0 and Number('0x10') is 16: neither is a price.
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number.NaN;
  return Number(t);
}

/** A decimal sent as a string or a number; must be finite. */
export const decimal = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const n = toFinite(v);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `expected a finite number, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return n;
});

/** A decimal that must also be ≥ 0 (quantities, volumes, open interest). */
export const nonNegativeDecimal = decimal.refine((n) => n >= 0, { message: 'expected a number ≥ 0' });

/** A price: strictly positive, since a zero price would put liquidation levels at zero. */
export const positiveDecimal = decimal.refine((n) => n > 0, { message: 'expected a number > 0' });

/** Epoch milliseconds sent as an integer or a string of digits. */
export const timestampMs = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const n = typeof v === 'number' ? v : /^\d{1,16}$/.test(v.trim()) ? Number(v.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 0) {
    ctx.addIssue({ code: 'custom', message: `expected epoch milliseconds, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return n;
});

/**
 * The columns every exchange's kline row starts with: [openTime, open, high, low, close, volume].
 * Binance, Bybit and OKX differ only in what follows (and OKX's volume counts contracts).
 */
export const KLINE_HEAD = [
  timestampMs,
  positiveDecimal,
  positiveDecimal,
  positiveDecimal,
  positiveDecimal,
  nonNegativeDecimal,
] as const;

/** Zod's issue path as a readable field name: ["result","list",0,"openInterest"] → "result.list[0].openInterest". */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out || '(root)';
}

/** Turns a zod failure into the layer's malformed-data error, naming the first field at fault. */
export function malformed(exchange: ExchangeId, endpoint: string, error: z.ZodError): ExchangeResult<never> {
  const issue = error.issues[0];
  return fail({
    kind: 'malformed',
    exchange,
    endpoint,
    field: issue ? fieldPath(issue.path) : undefined,
    message: issue?.message ?? 'response did not match the expected shape',
  });
}

/** JSON.parse that reports an empty body, an HTML error page or truncated JSON as a typed error. */
export function parseJsonBody(exchange: ExchangeId, endpoint: string, body: string): ExchangeResult<unknown> {
  const trimmed = body.trim();
  const err = (message: string): ExchangeResult<never> =>
    fail({ kind: 'malformed', exchange, endpoint, message });
  if (trimmed === '') return err('empty response body');
  if (trimmed.startsWith('<')) {
    const title = /<title>([^<]{0,120})<\/title>/i.exec(trimmed)?.[1]?.trim();
    return err(`HTML page instead of JSON${title ? ` ("${title}")` : ''}`);
  }
  try {
    return ok(JSON.parse(trimmed) as unknown);
  } catch (e) {
    return err(`invalid JSON (${e instanceof Error ? e.message : String(e)}), ${trimmed.length} bytes`);
  }
}

/**
 * An exchange's body reader: text → JSON → the exchange's own refusal, when the reply is one →
 * schema. Never throws. Each exchange wraps a refusal its own way (Binance {code, msg}, Bybit
 * retCode, OKX code): `refusal` reads that wrapping and returns its error, or undefined when the
 * reply is a payload.
 */
export function replyReader(
  exchange: ExchangeId,
  refusal: (json: unknown, endpoint: string) => ExchangeResult<never> | undefined,
) {
  return <S extends z.ZodType>(endpoint: string, schema: S, body: string): ExchangeResult<z.output<S>> => {
    const json = parseJsonBody(exchange, endpoint, body);
    if (!json.ok) return json;
    return refusal(json.value, endpoint) ?? parseWith(exchange, endpoint, schema, json.value);
  };
}

/** Body text → JSON → schema. Never throws. */
export function parseWith<S extends z.ZodType>(
  exchange: ExchangeId,
  endpoint: string,
  schema: S,
  body: string | unknown,
): ExchangeResult<z.output<S>> {
  let json: unknown = body;
  if (typeof body === 'string') {
    const parsed = parseJsonBody(exchange, endpoint, body);
    if (!parsed.ok) return parsed;
    json = parsed.value;
  }
  const res = schema.safeParse(json);
  return res.success ? ok(res.data) : malformed(exchange, endpoint, res.error);
}

/** Builds a malformed-data error for checks made after the schema (impossible values across fields). */
export function impossible(
  exchange: ExchangeId,
  endpoint: string,
  field: string,
  message: string,
): ExchangeError {
  return { kind: 'malformed', exchange, endpoint, field, message };
}
