import * as z from 'zod/mini';
import { readCsvHeader } from '../data/csvHeader';
import type { DepthColumn } from '../depth/types';
import { EXCHANGE_IDS } from '../exchanges/types';
import { csvField } from './csv';

/**
 * The depth export (issue 16): recorded DepthColumns as CSV, one line per column × bin, written by
 * the side panel's download and read back by `npm run score -- --depth DEPTH.csv`. The same
 * conventions as the heat grid's export (core/render/csv.ts): RFC 4180, a header row, "\n" after
 * every row, times in epoch ms (UTC), prices to 12 significant digits, USD to the cent.
 *
 *   time,exchange,symbol,span_s,samples,mid,bin_low,bin_high,bid_max_usd,bid_mean_usd,ask_max_usd,ask_mean_usd,stood_s
 *   1796558400000,binance,BTCUSDT,10,10,100000.5,99800,99810,5420000,5420000,0,0,10
 *
 * - time, exchange, symbol: the column (its start; it covers [time, time + span_s·1000));
 * - span_s: the column's span, whole seconds (10, or the heat grid's column if coarser);
 * - samples: one-second book samples folded into the column; mid: the mid at its last sample
 *   (bins below it hold bids, above it asks);
 * - bin_low, bin_high: the bin's price range [bin_low, bin_high) (fixed absolute bins of bin_high −
 *   bin_low, bin k starting at k × that width);
 * - bid_max_usd, bid_mean_usd, ask_max_usd, ask_mean_usd: the largest size seen and the
 *   time-weighted mean, per side, USD to the cent;
 * - stood_s: seconds some size stood in the bin (either side), 0..samples.
 * Every bin of the column's known range [loBin, hiBin] has a line, empty ones too (0 is a known
 * empty bin); a bin beyond the book's reach has none (unknown). A bin known to be unknown inside
 * the range (its line was rejected when read) is written with its four size fields empty.
 */

export const DEPTH_CSV_COLUMNS = [
  'time',
  'exchange',
  'symbol',
  'span_s',
  'samples',
  'mid',
  'bin_low',
  'bin_high',
  'bid_max_usd',
  'bid_mean_usd',
  'ask_max_usd',
  'ask_mean_usd',
  'stood_s',
] as const;
type DepthCsvField = (typeof DEPTH_CSV_COLUMNS)[number];

/** 12 significant digits, without the float noise of k × binSize. */
const decimal = (x: number) => String(Number(x.toPrecision(12)));
/** USD to the cent; an unknown (NaN) cell is empty. */
const cents = (usd: number) => (Number.isFinite(usd) ? String(Math.round(usd * 100) / 100) : '');

/** The columns as the depth CSV, in the order given. */
export function depthColumnsToCsv(columns: readonly DepthColumn[]): string {
  const lines = [DEPTH_CSV_COLUMNS.join(',')];
  // Columns share their bins: each bin's two bounds are formatted once.
  const bounds = new Map<string, string>();
  for (const c of columns) {
    const head = `${c.time},${c.exchange},${csvField(c.symbol)},${c.spanMs / 1000},${c.samples},${decimal(c.mid)}`;
    for (let k = c.loBin; k <= c.hiBin; k++) {
      const i = k - c.loBin;
      const key = `${c.binSize}:${k}`;
      let bin = bounds.get(key);
      if (bin === undefined) {
        bin = `${decimal(k * c.binSize)},${decimal((k + 1) * c.binSize)}`;
        bounds.set(key, bin);
      }
      lines.push(
        `${head},${bin},${cents(c.bidMax[i]!)},${cents(c.bidMean[i]!)},${cents(c.askMax[i]!)},${cents(c.askMean[i]!)},${c.stoodSec[i]}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MAX_USD = 1e13;
const usd = z.number().check(z.minimum(0), z.maximum(MAX_USD));

/**
 * One line of the depth CSV, its cells already numbers (NaN for anything that is not one), in two
 * parts: the column's fields (the same on all its lines, so checked once per run of lines that
 * repeat them) and the bin's.
 */
const ColumnHead = z.object({
  time: z.int().check(z.minimum(0)),
  exchange: z.enum(EXCHANGE_IDS),
  symbol: z.string().check(z.regex(/^[A-Z0-9][A-Z0-9_-]{1,39}$/)),
  span_s: z.int().check(z.minimum(1), z.maximum(86_400)),
  samples: z.int().check(z.minimum(0), z.maximum(86_400)),
  mid: z.number().check(z.positive()),
});
const BinCells = z.object({
  bin_low: z.number().check(z.minimum(0)),
  bin_high: z.number().check(z.positive()),
  // null: the bin is known to be unknown (all four fields empty).
  bid_max_usd: z.nullable(usd),
  bid_mean_usd: z.nullable(usd),
  ask_max_usd: z.nullable(usd),
  ask_mean_usd: z.nullable(usd),
  stood_s: z.int().check(z.minimum(0), z.maximum(255)),
});
const HEAD_FIELDS = ['time', 'exchange', 'symbol', 'span_s', 'samples', 'mid'] as const;

/** What each field must be, for the message naming a rejected line. */
const EXPECTED: Record<DepthCsvField, string> = {
  time: 'epoch ms',
  exchange: `one of ${EXCHANGE_IDS.join(', ')}`,
  symbol: 'a symbol such as BTCUSDT',
  span_s: 'whole seconds from 1',
  samples: 'a whole number ≥ 0',
  mid: 'a price above zero',
  bin_low: 'a price ≥ 0',
  bin_high: 'a price above zero',
  bid_max_usd: 'USD ≥ 0',
  bid_mean_usd: 'USD ≥ 0',
  ask_max_usd: 'USD ≥ 0',
  ask_mean_usd: 'USD ≥ 0',
  stood_s: 'whole seconds 0–255',
};

const isEmpty = (cell: string | undefined) => cell === undefined || cell.trim() === '';

/** A column wider than this is junk (a real book's ±10 % in 0.01 % bins is 2,000). */
const MAX_BINS_PER_COLUMN = 100_000;

interface ColumnDraft {
  line: number;
  exchange: DepthColumn['exchange'];
  symbol: string;
  time: number;
  spanS: number;
  samples: number;
  mid: number;
  binSize: number;
  /** The bins read, in line order, and per bin five values: bidMax, bidMean, askMax, askMean, stood. */
  bins: number[];
  values: number[];
  /** The highest bin read: a line above it cannot repeat one (lines usually come bin by bin). */
  maxBin: number;
}

export interface ParsedDepthCsv {
  /** Columns in time order (then exchange, symbol). */
  columns: DepthColumn[];
  /** What was rejected or could not be read, each naming its line ("line 7: …"). Empty when all was well. */
  problems: string[];
  /** The text after `# synthetic:` when the file declares itself made by a rule, not recorded. */
  synthetic?: string;
}

/**
 * Reads the depth CSV. Columns in any order, unknown ones ignored; a BOM, CRLF and blank lines are
 * tolerated; lines starting with `#` are comments (`# synthetic: RULE` is returned). A line that
 * is not a valid cell of a column (a field of the wrong kind, a mean above its max, stood_s above
 * samples, bin_low off the bin grid, a bin repeated, or a column's span, samples, mid or bin
 * size differing from its first line) is rejected and named in `problems`; the rest of its column
 * is kept, and the rejected bin, when inside the column's range, is unknown (NaN). Gaps between
 * columns are fine. An empty file or a header lacking a column gives no columns and one problem.
 */
export function parseDepthCsv(text: string): ParsedDepthCsv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: string[] = [];
  let synthetic: string | undefined;
  const comment = (t: string) => {
    synthetic ??= /^#\s*synthetic\s*:\s*(.*)$/i.exec(t)?.[1]?.trim();
  };
  let headerAt = -1;
  for (let i = 0; i < lines.length && headerAt < 0; i++) {
    const t = lines[i]!.trim();
    if (t.startsWith('#')) comment(t);
    else if (t !== '') headerAt = i;
  }
  const done = (columns: DepthColumn[]): ParsedDepthCsv =>
    synthetic === undefined ? { columns, problems } : { columns, problems, synthetic };
  if (headerAt < 0) {
    problems.push('the depth CSV is empty');
    return done([]);
  }
  const header = readCsvHeader(lines[headerAt]!, DEPTH_CSV_COLUMNS, 'the depth CSV');
  if (!header.ok) {
    problems.push(`line ${headerAt + 1}: ${header.error}`);
    return done([]);
  }
  const at = (f: DepthCsvField) => header.value.get(f)!;
  const headAt = HEAD_FIELDS.map(at);
  const [lowAt, highAt, bidMaxAt, bidMeanAt, askMaxAt, askMeanAt, stoodAt] = (
    ['bin_low', 'bin_high', 'bid_max_usd', 'bid_mean_usd', 'ask_max_usd', 'ask_mean_usd', 'stood_s'] as const
  ).map(at) as [number, number, number, number, number, number, number];
  const num = (cell: string | undefined) => {
    const t = (cell ?? '').trim();
    return NUMBER.test(t) ? Number(t) : Number.NaN;
  };
  const size = (cell: string | undefined) => (isEmpty(cell) ? null : num(cell));
  const reject = (line: number, why: string) => problems.push(`line ${line}: ${why}; line skipped`);
  const refuse = (line: number, cells: readonly string[], error: z.core.$ZodError) => {
    const field = error.issues[0]!.path[0] as DepthCsvField;
    reject(line, `${field} ${JSON.stringify((cells[at(field)] ?? '').trim())} is not ${EXPECTED[field]}`);
  };
  const drafts = new Map<string, ColumnDraft>();
  // The previous line's column fields as written, and its column: consecutive lines share them.
  let lastHead = '';
  let draft: ColumnDraft | undefined;
  let lastDiff = Number.NaN;
  let lastBinSize = Number.NaN;
  for (let i = headerAt + 1; i < lines.length; i++) {
    const text = lines[i]!;
    if (text.trim() === '' || text.trimStart().startsWith('#')) {
      if (text.trimStart().startsWith('#')) comment(text.trim());
      continue;
    }
    const line = i + 1;
    const cells = text.split(',');
    const empties =
      Number(isEmpty(cells[bidMaxAt])) +
      Number(isEmpty(cells[bidMeanAt])) +
      Number(isEmpty(cells[askMaxAt])) +
      Number(isEmpty(cells[askMeanAt]));
    if (empties !== 0 && empties !== 4) {
      reject(line, 'some size fields are empty: all four are empty (unknown) or none');
      continue;
    }
    const head = `${cells[headAt[0]!]},${cells[headAt[1]!]},${cells[headAt[2]!]},${cells[headAt[3]!]},${cells[headAt[4]!]},${cells[headAt[5]!]}`;
    if (head !== lastHead || !draft) {
      const parsed = ColumnHead.safeParse({
        time: num(cells[headAt[0]!]),
        exchange: (cells[headAt[1]!] ?? '').trim().toLowerCase(),
        symbol: (cells[headAt[2]!] ?? '').trim(),
        span_s: num(cells[headAt[3]!]),
        samples: num(cells[headAt[4]!]),
        mid: num(cells[headAt[5]!]),
      });
      if (!parsed.success) {
        refuse(line, cells, parsed.error);
        continue;
      }
      const h = parsed.data;
      const key = `${h.time}|${h.exchange}|${h.symbol}`;
      const found = drafts.get(key);
      if (found) {
        const differs = (
          [
            ['span_s', h.span_s, found.spanS],
            ['samples', h.samples, found.samples],
            ['mid', h.mid, found.mid],
          ] as const
        ).find(([, a, b]) => a !== b);
        if (differs) {
          reject(
            line,
            `${differs[0]} ${differs[1]} differs from ${differs[2]} on line ${found.line}, the column's first`,
          );
          continue;
        }
        draft = found;
      } else {
        draft = {
          line,
          exchange: h.exchange,
          symbol: h.symbol,
          time: h.time,
          spanS: h.span_s,
          samples: h.samples,
          mid: h.mid,
          binSize: Number.NaN,
          bins: [],
          values: [],
          maxBin: Number.NEGATIVE_INFINITY,
        };
        drafts.set(key, draft);
      }
      lastHead = head;
    }
    const parsed = BinCells.safeParse({
      bin_low: num(cells[lowAt]),
      bin_high: num(cells[highAt]),
      bid_max_usd: size(cells[bidMaxAt]),
      bid_mean_usd: size(cells[bidMeanAt]),
      ask_max_usd: size(cells[askMaxAt]),
      ask_mean_usd: size(cells[askMeanAt]),
      stood_s: num(cells[stoodAt]),
    });
    if (!parsed.success) {
      refuse(line, cells, parsed.error);
      continue;
    }
    const r = parsed.data;
    if (!(r.bin_high > r.bin_low)) {
      reject(line, `bin_high ${r.bin_high} is not above bin_low ${r.bin_low}`);
      continue;
    }
    const diff = r.bin_high - r.bin_low;
    if (diff !== lastDiff) {
      lastDiff = diff;
      lastBinSize = binSizeOf(r.bin_low, r.bin_high);
    }
    const binSize = lastBinSize;
    const bin = Math.round(r.bin_low / binSize);
    if (Math.abs(bin * binSize - r.bin_low) > 1e-6 * binSize) {
      reject(line, `bin_low ${r.bin_low} is not a multiple of the bin size ${binSize}`);
      continue;
    }
    if (Number.isNaN(draft.binSize)) draft.binSize = binSize;
    if (binSize !== draft.binSize) {
      reject(
        line,
        `bin size ${binSize} differs from ${draft.binSize} on line ${draft.line}, the column's first`,
      );
      continue;
    }
    if (
      r.bid_mean_usd !== null &&
      (r.bid_mean_usd > r.bid_max_usd! + 0.01 || r.ask_mean_usd! > r.ask_max_usd! + 0.01)
    ) {
      reject(line, 'a mean size is above its max');
      continue;
    }
    if (r.stood_s > draft.samples) {
      reject(line, `stood_s ${r.stood_s} is above samples ${draft.samples}`);
      continue;
    }
    if (bin <= draft.maxBin && draft.bins.includes(bin)) {
      reject(line, `bin ${decimal(r.bin_low)}–${decimal(r.bin_high)} repeats an earlier line of its column`);
      continue;
    }
    draft.maxBin = Math.max(draft.maxBin, bin);
    draft.bins.push(bin);
    draft.values.push(
      r.bid_max_usd ?? Number.NaN,
      r.bid_mean_usd ?? Number.NaN,
      r.ask_max_usd ?? Number.NaN,
      r.ask_mean_usd ?? Number.NaN,
      r.stood_s,
    );
  }
  const columns: DepthColumn[] = [];
  for (const draft of drafts.values()) {
    let lo = Number.POSITIVE_INFINITY;
    for (const k of draft.bins) lo = Math.min(lo, k);
    const span = draft.maxBin - lo + 1;
    if (span > MAX_BINS_PER_COLUMN) {
      problems.push(
        `line ${draft.line}: the column starting here spans ${span} bins, more than ${MAX_BINS_PER_COLUMN}; column skipped`,
      );
    } else columns.push(toColumn(draft));
  }
  columns.sort(
    (a, b) => a.time - b.time || a.exchange.localeCompare(b.exchange) || a.symbol.localeCompare(b.symbol),
  );
  return done(columns);
}

/**
 * The bin size of a line: the shortest decimal (of 1 to 12 significant digits) of bin_high −
 * bin_low that both bounds are multiples of (to their 12 written digits), so 64000.1 − 64000 is
 * 0.1, not 0.0999999999985. The grid is fixed absolute bins, so both bounds lie on it.
 */
function binSizeOf(low: number, high: number): number {
  const diff = high - low;
  const onGrid = (x: number, size: number) =>
    Math.abs(Math.round(x / size) * size - x) <= 1e-9 * Math.max(1, x);
  for (let digits = 1; digits <= 12; digits++) {
    const size = Number(diff.toPrecision(digits));
    if (size > 0 && onGrid(low, size) && onGrid(high, size)) return size;
  }
  return Number(diff.toPrecision(12));
}

/** A column from its lines; bins inside its range without a line are unknown (NaN). */
function toColumn(d: ColumnDraft): DepthColumn {
  let loBin = Number.POSITIVE_INFINITY;
  let hiBin = Number.NEGATIVE_INFINITY;
  for (const k of d.bins) {
    loBin = Math.min(loBin, k);
    hiBin = Math.max(hiBin, k);
  }
  const n = hiBin - loBin + 1;
  const column: DepthColumn = {
    exchange: d.exchange,
    symbol: d.symbol,
    time: d.time,
    spanMs: d.spanS * 1000,
    binSize: d.binSize,
    loBin,
    hiBin,
    mid: d.mid,
    samples: d.samples,
    bidMax: new Float32Array(n).fill(Number.NaN),
    bidMean: new Float32Array(n).fill(Number.NaN),
    askMax: new Float32Array(n).fill(Number.NaN),
    askMean: new Float32Array(n).fill(Number.NaN),
    stoodSec: new Uint8Array(n),
  };
  for (let j = 0; j < d.bins.length; j++) {
    const i = d.bins[j]! - loBin;
    const v = 5 * j;
    column.bidMax[i] = d.values[v]!;
    column.bidMean[i] = d.values[v + 1]!;
    column.askMax[i] = d.values[v + 2]!;
    column.askMean[i] = d.values[v + 3]!;
    column.stoodSec[i] = d.values[v + 4]!;
  }
  return column;
}
