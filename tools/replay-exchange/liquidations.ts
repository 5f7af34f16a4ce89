import { parseEventsCsv } from '../../core/data/events';
import type { ExchangeId, PositionSide } from '../../core/exchanges/types';

/**
 * Liquidations to replay on the exchanges' streams, read from the project's events CSV
 * (core/data/events.ts: time,exchange,side,price,notional_usd): the one reader of that file.
 * Without a file the streams send no liquidation at all: the replay never invents one.
 * price is sent as the file's number; qty = notional_usd / price to the exchanges' 0.001 lot.
 */
export interface ReplayLiquidation {
  time: number;
  exchange: ExchangeId;
  side: PositionSide;
  /** As sent on the wire. */
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
  event: ReplayLiquidation;
}

/** Appends one record per event pushed; `synthetic` rides along on the event. */
export function logPushes(
  log: LiquidationPushRecord[],
  path: string,
  stream: string,
  replayTime: number,
  events: readonly ReplayLiquidation[],
): void {
  const time = Date.now();
  for (const event of events) log.push({ time, replayTime, exchange: event.exchange, path, stream, event });
}

export type LiquidationFileResult =
  | { ok: true; events: ReplayLiquidation[]; issues?: string[] }
  | { ok: false; error: string };

/** Events of one exchange with from < time ≤ to (the events that "happened" since the last push). */
export function liquidationsBetween(
  events: readonly ReplayLiquidation[],
  exchange: ExchangeId,
  from: number,
  to: number,
): ReplayLiquidation[] {
  return events.filter((e) => e.exchange === exchange && e.time > from && e.time <= to);
}

/** Base units are sent to the exchanges' lot step of 0.001 (BTC, ETH), at least one step. */
const QTY_DECIMALS = 3;

/**
 * An events CSV as liquidations to replay. qty = notional_usd / price, rounded to 0.001 base units
 * (at least 0.001), so a notional read back differs by under 0.0005 × price. A file with a
 * `# synthetic: RULE` line marks every row synthetic with RULE. With `keepRepeats` a repeated row
 * is pushed again, as an exchange resending a frame would.
 */
export function parseEventsFile(
  text: string,
  options: { keepRepeats?: boolean } = {},
): LiquidationFileResult {
  const parsed = parseEventsCsv(text, options);
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
