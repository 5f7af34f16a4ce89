import type * as z from 'zod/mini';
import type { BaseLevel } from '../depth/types';
import { type ExchangeResult, fail, ok } from './errors';
import { fieldPath, impossible } from './parse';
import type { ExchangeId } from './types';

/**
 * What the three depth parsers (core/exchanges/<exchange>/depth.ts) share: reading a zod/mini
 * envelope into the layer's ExchangeError, and reading the price levels by hand. Levels are the hot
 * path (ten frames a second per book, up to a thousand levels in a snapshot), so they are checked
 * in one loop instead of one zod union and transform per number; the checks are the same as
 * parse.ts's `decimal`: a string or number that is a plain finite decimal, "" and "0x10" refused.
 */

/** Levels per side no documented reply exceeds (Binance REST 1000, Bybit 500 / 1000, OKX 400). */
export const MAX_LEVELS_PER_SIDE = 5_000;

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function finite(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v.length > 64 || !DECIMAL.test(v)) return Number.NaN;
  return Number(v);
}

/** A zod/mini schema's verdict as an ExchangeResult, naming the first field at fault. Never throws. */
export function readWith<S extends z.ZodMiniType>(
  exchange: ExchangeId,
  endpoint: string,
  schema: S,
  json: unknown,
): ExchangeResult<z.output<S>> {
  const res = schema.safeParse(json);
  if (res.success) return ok(res.data);
  const issue = res.error.issues[0];
  return fail({
    kind: 'malformed',
    exchange,
    endpoint,
    field: issue ? fieldPath(issue.path) : undefined,
    message: issue?.message ?? 'message did not match the expected shape',
  });
}

export interface LevelReading {
  /** Base units per size unit: 1, or OKX's ctVal (sizes are contracts there). */
  multiplier: number;
  /** Entries each level must have at least: [price, size] (2), OKX [price, size, "0", orders] (4). */
  minEntries: number;
}

/**
 * One side's levels, [[price, size, ...], ...] → [price, size × multiplier]. A price must be > 0
 * and a size ≥ 0 (0 removes the level); anything else is a malformed-data error naming the entry,
 * e.g. "data.b[3][1]". More than MAX_LEVELS_PER_SIDE entries is refused before any is read.
 */
export function readLevels(
  exchange: ExchangeId,
  endpoint: string,
  field: string,
  raw: unknown,
  reading: LevelReading,
): ExchangeResult<BaseLevel[]> {
  const bad = (at: string, message: string) => fail(impossible(exchange, endpoint, at, message));
  if (!Array.isArray(raw)) return bad(field, `expected an array of levels, got ${typeof raw}`);
  if (raw.length > MAX_LEVELS_PER_SIDE) {
    return bad(field, `${raw.length} levels, more than the ${MAX_LEVELS_PER_SIDE} any book sends`);
  }
  const levels: BaseLevel[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const entry: unknown = raw[i];
    if (!Array.isArray(entry) || entry.length < reading.minEntries) {
      return bad(`${field}[${i}]`, `expected a level of at least ${reading.minEntries} entries`);
    }
    const price = finite(entry[0]);
    if (!(price > 0) || !Number.isFinite(price)) {
      return bad(`${field}[${i}][0]`, `expected a price > 0, got ${JSON.stringify(entry[0])}`);
    }
    const size = finite(entry[1]);
    if (!(size >= 0) || !Number.isFinite(size)) {
      return bad(`${field}[${i}][1]`, `expected a size ≥ 0, got ${JSON.stringify(entry[1])}`);
    }
    const base = size * reading.multiplier;
    if (!Number.isFinite(base)) return bad(`${field}[${i}][1]`, `size × ${reading.multiplier} overflows`);
    levels[i] = [price, base];
  }
  return ok(levels);
}

/** The two sides of one book message, or the first side's error. */
export function readSides(
  exchange: ExchangeId,
  endpoint: string,
  fields: { bids: [string, unknown]; asks: [string, unknown] },
  reading: LevelReading,
): ExchangeResult<{ bids: BaseLevel[]; asks: BaseLevel[] }> {
  const bids = readLevels(exchange, endpoint, fields.bids[0], fields.bids[1], reading);
  if (!bids.ok) return bids;
  const asks = readLevels(exchange, endpoint, fields.asks[0], fields.asks[1], reading);
  if (!asks.ok) return asks;
  return ok({ bids: bids.value, asks: asks.value });
}
