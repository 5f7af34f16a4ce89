import { err, ok, type Result } from '../result';
import { readCsvHeader } from './csvHeader';
import { type Ohlc, ohlcProblem } from './ohlc';

/**
 * The bar: one interval of one market, the engine's only input. Also the parser for the
 * project's bar CSV format (../shared/data/README.md), which is the import format of the CLI,
 * the replay exchange and the benchmarks.
 */
export interface Bar {
  /** Bar open time, epoch ms (UTC). */
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Open interest at the bar's close, USD. Undefined when not known (empty, zero or negative cell). */
  oiUsd?: number;
  fundingRate?: number;
  /** Taker buy minus taker sell volume in the bar, base units. */
  takerDeltaBase?: number;
  /** Actual liquidations in the bar, USD (scoring only). */
  liqLongUsd?: number;
  liqShortUsd?: number;
}

export interface CsvIssue {
  /** 1-based line number in the file. */
  line: number;
  message: string;
}

export interface Gap {
  /** Open time of the last bar before the gap. */
  after: number;
  /** How many bars are missing. */
  missingBars: number;
}

export interface BarSeries {
  bars: Bar[];
  /** The bar interval, ms: the most common spacing between consecutive bars. */
  intervalMs: number;
  /** Rows or cells that were dropped or blanked, with the reason. Nothing is dropped silently. */
  issues: CsvIssue[];
  gaps: Gap[];
}

const REQUIRED = ['time', 'open', 'high', 'low', 'close', 'oi_usd'] as const;
const OPTIONAL = {
  funding_rate: 'fundingRate',
  taker_delta_base: 'takerDeltaBase',
  liq_long_usd: 'liqLongUsd',
  liq_short_usd: 'liqShortUsd',
} as const;

function cellNumber(cell: string | undefined): number | undefined {
  if (cell === undefined) return undefined;
  const t = cell.trim();
  if (t === '') return undefined;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number.NaN;
  return Number(t);
}

/**
 * Parses the bar CSV. Documented treatment of bad input:
 * - a missing required column, or no valid bar at all: an error;
 * - a row with a missing or non-numeric time or price, high < low, a price ≤ 0, or open/close
 *   outside [low, high]: the row is dropped and listed in `issues`;
 * - oi_usd empty, zero, negative or junk: the bar is kept with oiUsd undefined (not known);
 * - an optional column with junk: that cell becomes undefined, listed in `issues`;
 * - unsorted rows are sorted by time; a repeated time keeps the later row; both are listed;
 * - gaps (missing bars) are kept as gaps and listed in `gaps`, never filled in.
 */
export function parseBarCsv(text: string): Result<BarSeries> {
  const lines = text.split(/\r?\n/);
  const headerLine = lines.findIndex((l) => l.trim() !== '');
  if (headerLine < 0) return err('the CSV is empty');
  const header = readCsvHeader(lines[headerLine]!, REQUIRED, 'the CSV');
  if (!header.ok) return header;
  const col = header.value;
  const idx = (name: string) => col.get(name)!;
  const issues: CsvIssue[] = [];
  const byTime = new Map<number, Bar>();
  let sorted = true;
  let lastTime = -Infinity;

  for (let i = headerLine + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const line = i + 1;
    const cells = raw.split(',');
    const time = cellNumber(cells[idx('time')]);
    const price = (name: keyof Ohlc) => cellNumber(cells[idx(name)]) ?? Number.NaN;
    const prices: Ohlc = {
      open: price('open'),
      high: price('high'),
      low: price('low'),
      close: price('close'),
    };
    if (time === undefined || !Number.isSafeInteger(time) || time < 0) {
      issues.push({
        line,
        message: `row dropped: time ${JSON.stringify(cells[idx('time')] ?? '')} is not epoch ms`,
      });
      continue;
    }
    const problem = ohlcProblem(prices);
    if (problem) {
      // A price that is a number but out of order with the others makes the row inconsistent.
      const v = prices[problem.field];
      const kind = Number.isFinite(v) && v > 0 ? 'prices inconsistent: ' : '';
      issues.push({ line, message: `row dropped: ${kind}${problem.message}` });
      continue;
    }
    const bar: Bar = { time, ...prices };
    const oi = cellNumber(cells[idx('oi_usd')]);
    if (oi !== undefined) {
      if (Number.isFinite(oi) && oi > 0) bar.oiUsd = oi;
      else
        issues.push({ line, message: `oi_usd ${JSON.stringify(cells[idx('oi_usd')])} treated as not known` });
    }
    for (const [column, key] of Object.entries(OPTIONAL)) {
      const at = col.get(column);
      if (at === undefined) continue;
      const v = cellNumber(cells[at]);
      if (v === undefined) continue;
      if (!Number.isFinite(v) || (key !== 'fundingRate' && key !== 'takerDeltaBase' && v < 0)) {
        issues.push({ line, message: `${column} ${JSON.stringify(cells[at])} treated as not known` });
        continue;
      }
      bar[key] = v;
    }
    if (time <= lastTime) sorted = false;
    lastTime = Math.max(lastTime, time);
    if (byTime.has(time))
      issues.push({ line, message: `repeated time ${time}: this later row replaces the earlier one` });
    byTime.set(time, bar);
  }

  const bars = [...byTime.values()];
  if (!sorted) {
    bars.sort((a, b) => a.time - b.time);
    issues.push({ line: headerLine + 1, message: 'rows were not in time order; sorted by time' });
  }
  if (bars.length === 0) return err('the CSV has no valid bar');
  const intervalMs = commonSpacing(bars);
  const gaps: Gap[] = [];
  for (let i = 1; i < bars.length; i++) {
    const step = bars[i]!.time - bars[i - 1]!.time;
    if (intervalMs > 0 && step > intervalMs) {
      gaps.push({ after: bars[i - 1]!.time, missingBars: Math.round(step / intervalMs) - 1 });
    }
  }
  return ok({ bars, intervalMs, issues, gaps });
}

/** The most common spacing between consecutive bars (0 for a single bar). */
export function commonSpacing(bars: readonly Bar[]): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < bars.length; i++) {
    const d = bars[i]!.time - bars[i - 1]!.time;
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const [d, n] of counts) {
    if (n > bestCount || (n === bestCount && d < best)) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}
