import * as z from 'zod/mini';
import { EXCHANGE_IDS, type LiquidationEvent, POSITION_SIDES } from '../exchanges/types';
import { err, ok, type Result } from '../result';
import type { CsvIssue } from './bars';
import { readCsvHeader } from './csvHeader';

/**
 * The events CSV: real liquidations, one per row, as the live score and `npm run score` read them
 * (issue 10). Columns, in any order, unknown ones ignored:
 *
 *   time,exchange,side,price,notional_usd
 *   1769301000000,binance,long,89183.49,145160.33
 *
 * - time: epoch ms (UTC) of the liquidation;
 * - exchange: binance | bybit | okx (any letter case);
 * - side: the position liquidated, long | short (any letter case): a long is liquidated by a forced
 *   sell (Binance SELL, Bybit "Buy", OKX "sell"; the exchange mappers already say `long`);
 * - price: the liquidation's price, USD;
 * - notional_usd: its size in USD.
 */

/** One real liquidation as recorded: what the score needs of a LiquidationEvent. */
export type RecordedLiquidation = Pick<
  LiquidationEvent,
  'time' | 'exchange' | 'side' | 'price' | 'notionalUsd'
>;

export interface EventSeries {
  /** Sorted by time (stable: file order within one millisecond). */
  events: RecordedLiquidation[];
  /** Rows dropped, with their 1-based line number and why. Nothing is dropped silently. */
  issues: CsvIssue[];
  /**
   * The text after `# synthetic:` when the file declares itself synthetic (made by a rule, not
   * recorded), so every reader of a figure built on it can say so.
   */
  synthetic?: string;
}

export const EVENTS_CSV_COLUMNS = ['time', 'exchange', 'side', 'price', 'notional_usd'] as const;

const exchangeCell = z.enum(EXCHANGE_IDS);
const sideCell = z.enum(POSITION_SIDES);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SYNTHETIC = /^#\s*synthetic\s*:\s*(.*)$/i;

function cellNumber(cell: string | undefined): number {
  const t = (cell ?? '').trim();
  return NUMBER.test(t) ? Number(t) : Number.NaN;
}

/**
 * Parses the events CSV. Documented treatment of bad input:
 * - an empty file, a header lacking a required column, or no valid event at all: an error;
 * - a UTF-8 byte-order mark and CRLF line ends are tolerated; blank lines are skipped;
 * - lines starting with `#` are comments, skipped anywhere; `# synthetic: RULE` marks the file as
 *   made by RULE (returned in `synthetic`);
 * - a row with a time that is not epoch ms, an unknown exchange or side, or a price or notional
 *   that is not a finite number above zero: dropped and listed in `issues` with its line number;
 * - a row repeating an earlier one exactly (exchange, time, side, price, size: the deduplication
 *   key of issue 10): dropped and listed, unless `keepRepeats` (the replay exchange, pushing a
 *   duplicated frame on purpose);
 * - rows out of time order are sorted (listed once, on the header's line).
 */
export function parseEventsCsv(text: string, options: { keepRepeats?: boolean } = {}): Result<EventSeries> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let synthetic: string | undefined;
  let headerLine = -1;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (t === '') continue;
    if (t.startsWith('#')) {
      synthetic ??= SYNTHETIC.exec(t)?.[1]?.trim();
      continue;
    }
    headerLine = i;
    break;
  }
  if (headerLine < 0) return err('the events CSV is empty');
  const header = readCsvHeader(lines[headerLine]!, EVENTS_CSV_COLUMNS, 'the events CSV');
  if (!header.ok) return header;
  const col = header.value;
  const at = (name: (typeof EVENTS_CSV_COLUMNS)[number]) => col.get(name)!;

  const events: RecordedLiquidation[] = [];
  const issues: CsvIssue[] = [];
  const seen = new Set<string>();
  let sorted = true;
  for (let i = headerLine + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    const t = raw.trim();
    if (t === '') continue;
    if (t.startsWith('#')) {
      synthetic ??= SYNTHETIC.exec(t)?.[1]?.trim();
      continue;
    }
    const line = i + 1;
    const cells = raw.split(',');
    const cell = (name: (typeof EVENTS_CSV_COLUMNS)[number]) => (cells[at(name)] ?? '').trim();
    const drop = (message: string) => issues.push({ line, message: `row dropped: ${message}` });
    const time = cellNumber(cell('time'));
    if (!Number.isSafeInteger(time) || time < 0) {
      drop(`time ${JSON.stringify(cell('time'))} is not epoch ms`);
      continue;
    }
    const exchange = exchangeCell.safeParse(cell('exchange').toLowerCase());
    if (!exchange.success) {
      drop(`exchange ${JSON.stringify(cell('exchange'))} is not one of ${EXCHANGE_IDS.join(', ')}`);
      continue;
    }
    const side = sideCell.safeParse(cell('side').toLowerCase());
    if (!side.success) {
      drop(`side ${JSON.stringify(cell('side'))} is not long or short`);
      continue;
    }
    const price = cellNumber(cell('price'));
    if (!(Number.isFinite(price) && price > 0)) {
      drop(`price ${JSON.stringify(cell('price'))} is not a number above zero`);
      continue;
    }
    const notionalUsd = cellNumber(cell('notional_usd'));
    if (!(Number.isFinite(notionalUsd) && notionalUsd > 0)) {
      drop(`notional_usd ${JSON.stringify(cell('notional_usd'))} is not a number above zero`);
      continue;
    }
    const key = `${exchange.data}|${time}|${side.data}|${price}|${notionalUsd}`;
    if (seen.has(key) && !options.keepRepeats) {
      drop('repeats an earlier event (same exchange, time, side, price and size)');
      continue;
    }
    seen.add(key);
    if (events.length > 0 && time < events[events.length - 1]!.time) sorted = false;
    events.push({ time, exchange: exchange.data, side: side.data, price, notionalUsd });
  }
  if (events.length === 0) {
    const first = issues[0];
    return err(
      `the events CSV has no valid event${first ? ` (line ${first.line}: ${first.message.replace(/^row dropped: /, '')})` : ''}`,
    );
  }
  if (!sorted) {
    // Array.prototype.sort is stable: events of the same millisecond keep the file's order.
    events.sort((a, b) => a.time - b.time);
    issues.push({ line: headerLine + 1, message: 'rows were not in time order; sorted by time' });
  }
  return ok(synthetic === undefined ? { events, issues } : { events, issues, synthetic });
}
