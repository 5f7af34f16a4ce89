import { z } from 'zod';
import { parseEventsCsv } from '../../core/data/events';
import type { ExchangeId, PositionSide } from '../../core/exchanges/types';
import { EXCHANGE_IDS } from '../../core/exchanges/types';

/**
 * Recorded liquidation events to replay on the exchanges' streams. Without a file the streams
 * send no liquidation at all: the replay never invents one.
 *
 * File format, either
 * - CSV with a header naming the columns `time,exchange,side,price,qty` (any order), or
 * - JSON Lines, one object per line with the same keys;
 * where time is epoch ms, exchange is binance | bybit | okx, side is the side of the positions
 * that were liquidated (long | short), price is the fill price in USDT and qty the size in base
 * units (BTC). Price and qty are sent on the wire exactly as written in the file.
 *
 *   time,exchange,side,price,qty
 *   1781002800123,binance,long,77012.4,0.250
 *   {"time":1781002800456,"exchange":"bybit","side":"short","price":"77140.1","qty":"1.204"}
 */
export interface RecordedLiquidation {
  time: number;
  exchange: ExchangeId;
  side: PositionSide;
  price: string;
  qty: string;
  /**
   * Set when the row was made by a rule, not recorded: the text of the events CSV's
   * `# synthetic:` line. Never sent on the wire (the exchanges' shapes have no room for it);
   * readable in `liquidations`, `syntheticLiquidations` and `liquidationPushes`.
   */
  synthetic?: string;
}

/** One liquidation the replay pushed on a stream: the stream log tests and the demo read. */
export interface LiquidationPushRecord {
  /** Wall-clock time of the push, epoch ms. */
  time: number;
  /** Replay "now" at the push. */
  replayTime: number;
  exchange: ExchangeId;
  /** The connection's path and the stream, topic or channel it went out on. */
  path: string;
  stream: string;
  event: RecordedLiquidation;
}

/** Appends one record per event pushed; `synthetic` rides along on the event. */
export function logPushes(
  log: LiquidationPushRecord[],
  path: string,
  stream: string,
  replayTime: number,
  events: readonly RecordedLiquidation[],
): void {
  const time = Date.now();
  for (const event of events) log.push({ time, replayTime, exchange: event.exchange, path, stream, event });
}

const decimalText = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .refine((s) => /^(\d+\.?\d*|\.\d+)$/.test(s) && Number(s) > 0, { message: 'expected a positive decimal' });

const row = z.object({
  time: z
    .union([z.string(), z.number()])
    .transform((v) => Number(v))
    .refine((n) => Number.isSafeInteger(n) && n >= 0, { message: 'expected epoch milliseconds' }),
  exchange: z.enum(EXCHANGE_IDS),
  side: z.enum(['long', 'short']),
  price: decimalText,
  qty: decimalText,
});

export type LiquidationFileResult =
  | { ok: true; events: RecordedLiquidation[]; issues?: string[] }
  | { ok: false; error: string };

export function parseLiquidationFile(text: string): LiquidationFileResult {
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return { ok: true, events: [] };
  const jsonLines = lines[first]!.trim().startsWith('{');
  const events: RecordedLiquidation[] = [];
  let header: string[] = [];
  if (!jsonLines) {
    header = lines[first]!.split(',').map((h) => h.trim().toLowerCase());
    const missing = ['time', 'exchange', 'side', 'price', 'qty'].filter((c) => !header.includes(c));
    if (missing.length > 0)
      return { ok: false, error: `liquidations header lacks column(s): ${missing.join(', ')}` };
  }
  for (let i = jsonLines ? first : first + 1; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    let candidate: unknown;
    if (jsonLines) {
      try {
        candidate = JSON.parse(raw);
      } catch {
        return { ok: false, error: `line ${i + 1}: not valid JSON` };
      }
    } else {
      const cells = raw.split(',');
      candidate = Object.fromEntries(header.map((h, k) => [h, cells[k]?.trim() ?? '']));
    }
    const parsed = row.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        ok: false,
        error: `line ${i + 1}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid row'}`,
      };
    }
    events.push(parsed.data);
  }
  events.sort((a, b) => a.time - b.time);
  return { ok: true, events };
}

/** Events of one exchange with from < time ≤ to (the events that "happened" since the last push). */
export function liquidationsBetween(
  events: readonly RecordedLiquidation[],
  exchange: ExchangeId,
  from: number,
  to: number,
): RecordedLiquidation[] {
  return events.filter((e) => e.exchange === exchange && e.time > from && e.time <= to);
}

/** Base units are sent to the exchanges' lot step of 0.001 (BTC, ETH), at least one step. */
const QTY_DECIMALS = 3;

/**
 * The project's events CSV (core/data/events.ts: time,exchange,side,price,notional_usd, issue 10)
 * as events to replay. price is sent as the file's number; qty = notional_usd / price, rounded to
 * 0.001 base units (at least 0.001), so a notional read back differs by under 0.0005 × price.
 * A file with a `# synthetic: RULE` line marks every row synthetic with RULE.
 */
export function parseEventsFile(text: string): LiquidationFileResult {
  const parsed = parseEventsCsv(text);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const { events, issues, synthetic } = parsed.value;
  return {
    ok: true,
    issues: issues.map((i) => `line ${i.line}: ${i.message}`),
    events: events.map((e) => {
      const step = 10 ** QTY_DECIMALS;
      const qty = Math.max(1, Math.round((e.notionalUsd / e.price) * step)) / step;
      return {
        time: e.time,
        exchange: e.exchange,
        side: e.side,
        price: String(e.price),
        qty: qty.toFixed(QTY_DECIMALS),
        ...(synthetic !== undefined ? { synthetic: synthetic === '' ? 'synthetic' : synthetic } : {}),
      };
    }),
  };
}
