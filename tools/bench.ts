/**
 * npm run bench [-- --json]
 * Times the engine on the recorded data in ../shared/data (see its README) and, interleaved in
 * the same run, the floor: one pass over the same bars plus one write of every cell of a grid of
 * the same columns × rows (tools/cli/benchFloor.ts). Medians after warm-up; ratio = engine / floor.
 *
 * Cases:
 * - full: computeHeatmap (grid + profile + zones) for the window ending at the file's last bar.
 *   The engine is given the bars it replays: the window plus its documented warm-up (7 ageing
 *   half-lives = 14 days before the window's first column; see core/model/heatmapOptions.ts); the table names how
 *   many. The 5m file spans 27.8 days, so its 7d and 30d cases start at the file's first bar.
 * - append: a HeatmapSession built on the file up to the last APPENDS bars takes them one at a
 *   time; each sample is append(bar) + newestColumn() (the newest column, map and zones: what a
 *   live view redraws per bar). Floor: one pass over that bar plus one write of a column.
 * - result after append: the same sessions' full result() (a fresh grid of every column), timed
 *   separately because a view needs it only when its rows are re-laid. Floor: a whole grid.
 * - memory (on the 5m 30d row, table and JSON): bytes (heap + array buffers) added by computing
 *   and holding one 30d result, before GC (peak) and after (retained); see measureMemory. Its floor
 *   is the two Float32Array cell planes (long, short) of a grid that size.
 * --json prints an array of { name, ms, floorMs, ratio } (plus aimMs, aimRatio, timeMet, ratioMet,
 * met, bars; peakMb, retainedMb, floorMb on the memory-carrying row).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Bar, parseBarCsv } from '../core/data/bars';
import { computeHeatmap, DEFAULT_CONFIG, defaultWarmUpMs, HeatmapSession } from '../core/model/index';
import type { WindowId } from '../core/model/types';
import { exitWithInternalError, exitWithUsageError, parseFlags } from './cli/args';
import { floorPass } from './cli/benchFloor';
import { renderTable } from './cli/format';
import { fullGc, median, usedBytes } from './cli/timing';

const PROGRAM = 'bench';
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA_DIR = resolve(REPO_ROOT, '../shared/data');
const FIVE_MINUTE_FILE = join(DATA_DIR, 'btcusdt-5m-2026-05-25_2026-06-22.csv');
const HOURLY_FILE = join(DATA_DIR, 'btcusdt-1h-2025-12-04_2026-03-31.csv');
const APPENDS = 48;
const RATIO_AIM = 3;

interface BenchRow {
  name: string;
  ms: number;
  floorMs: number;
  ratio: number;
  aimMs?: number;
  aimRatio: number;
  /** Whether the time aim (when there is one) and the ratio aim are met. */
  timeMet?: boolean;
  ratioMet: boolean;
  met: boolean;
  /** Bars the engine was given (window + warm-up) or, for the append rows, appended per sample. */
  bars: number;
  peakMb?: number;
  retainedMb?: number;
  floorMb?: number;
}

/** Sinks results so neither the engine's nor the floor's work is dead code. */
let sink = 0;

function loadBars(path: string): Bar[] {
  const parsed = parseBarCsv(readFileSync(path, 'utf8'));
  if (!parsed.ok) exitWithUsageError(PROGRAM, `${path}: ${parsed.error}`);
  return parsed.value.bars;
}

function verdict(row: Omit<BenchRow, 'met' | 'timeMet' | 'ratioMet'>): BenchRow {
  const timeMet = row.aimMs === undefined ? undefined : row.ms <= row.aimMs;
  const ratioMet = row.ratio <= row.aimRatio;
  return { ...row, timeMet, ratioMet, met: timeMet !== false && ratioMet };
}

/** The bars computeHeatmap replays for `window` ending at the last bar: the window and its warm-up. */
function neededBars(bars: readonly Bar[], window: WindowId): Bar[] {
  const { timeStart } = computeHeatmap(bars, { window }).grid;
  const from = timeStart - defaultWarmUpMs(DEFAULT_CONFIG);
  return bars.filter((b) => b.time >= from);
}

function benchFull(
  name: string,
  all: readonly Bar[],
  window: WindowId,
  runs: number,
  aimMs?: number,
): BenchRow {
  const bars = neededBars(all, window);
  const probe = computeHeatmap(bars, { window });
  const { columns, rows } = probe.grid;
  for (let i = 0; i < 3; i++) {
    sink += computeHeatmap(bars, { window }).grid.maxCell;
    sink += floorPass(bars, columns, rows);
  }
  const engine: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    sink += computeHeatmap(bars, { window }).grid.maxCell;
    const t1 = performance.now();
    sink += floorPass(bars, columns, rows);
    const t2 = performance.now();
    engine.push(t1 - t0);
    floor.push(t2 - t1);
  }
  const ms = median(engine);
  const floorMs = median(floor);
  const whole = bars.length === all.length ? 'whole file' : 'window + 14 d warm-up';
  return verdict({
    name: `${name} (${whole}: ${bars.length} bars; ${columns}×${rows})`,
    ms,
    floorMs,
    ratio: ms / floorMs,
    aimMs,
    aimRatio: RATIO_AIM,
    bars: bars.length,
  });
}

/**
 * Per appended bar: append + newestColumn (row 1) and, after it, a full result() (row 2), each
 * with its own floor; the first session is the warm-up.
 */
function benchAppend(
  name: string,
  all: readonly Bar[],
  window: WindowId,
  sessions: number,
  aimMs: number,
): [BenchRow, BenchRow] {
  const bars = neededBars(all.slice(0, all.length - APPENDS), window);
  const tail = all.slice(all.length - APPENDS);
  const step: number[] = [];
  const stepFloor: number[] = [];
  const full: number[] = [];
  const fullFloor: number[] = [];
  let rows = 0;
  let columns = 0;
  for (let s = 0; s < sessions + 1; s++) {
    const session = new HeatmapSession(bars, { window });
    for (const bar of tail) {
      const t0 = performance.now();
      session.append(bar);
      const col = session.newestColumn();
      const t1 = performance.now();
      sink += floorPass([bar], 1, col.rows);
      const t2 = performance.now();
      const grid = session.result().grid;
      const t3 = performance.now();
      sink += floorPass([bar], grid.columns, grid.rows);
      const t4 = performance.now();
      sink += col.maxCell + grid.maxCell;
      rows = grid.rows;
      columns = grid.columns;
      if (s > 0) {
        step.push(t1 - t0);
        stepFloor.push(t2 - t1);
        full.push(t3 - t2);
        fullFloor.push(t4 - t3);
      }
    }
  }
  const row = (label: string, engine: number[], floor: number[], aim?: number) => {
    const ms = median(engine);
    const floorMs = median(floor);
    return verdict({
      name: label,
      ms,
      floorMs,
      ratio: ms / floorMs,
      aimMs: aim,
      aimRatio: RATIO_AIM,
      bars: 1,
    });
  };
  return [
    row(`${name} append(bar) + newestColumn() (${rows} rows)`, step, stepFloor, aimMs),
    row(`${name} result() after append (${columns}×${rows})`, full, fullFloor),
  ];
}

/**
 * Memory of one 30d result. Each sample starts from a settled heap (full GC, then a turn of the
 * event loop so freed array buffers are really released); `peak` is the largest growth seen right
 * after a computation (garbage included, so close to the high-water mark unless a scavenge ran
 * mid-way), `retained` the growth still held once the result alone is kept and the heap settles.
 */
async function measureMemory(
  bars: readonly Bar[],
  window: WindowId,
): Promise<{ peakMb: number; retainedMb: number; floorMb: number }> {
  const gc = fullGc();
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((done) => setImmediate(done));
    }
  };
  let peak = 0;
  let retained = 0;
  let floorBytes = 0;
  for (let sample = 0; sample < 5; sample++) {
    await settle();
    const before = usedBytes();
    const result = computeHeatmap(bars, { window });
    peak = Math.max(peak, usedBytes() - before);
    await settle();
    retained = Math.max(retained, usedBytes() - before);
    sink += result.grid.maxCell;
    floorBytes = result.grid.columns * result.grid.rows * Float32Array.BYTES_PER_ELEMENT * 2;
  }
  const mb = (bytes: number) => bytes / 1_048_576;
  return { peakMb: mb(peak), retainedMb: mb(retained), floorMb: mb(floorBytes) };
}

function describeBars(bars: readonly Bar[]): string {
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
  return `${bars.length} bars, ${iso(bars[0]!.time)} → ${iso(bars[bars.length - 1]!.time)} UTC`;
}

function printTable(rows: readonly BenchRow[]): void {
  const f = (n: number) => (n < 0.1 ? n.toFixed(4) : n < 10 ? n.toFixed(3) : n.toFixed(1));
  const yesNo = (met: boolean | undefined) => (met === undefined ? '' : met ? 'met' : 'NOT met');
  const table = renderTable(
    ['case', 'engine ms', 'aim ms', '', 'floor ms', 'ratio', 'aim ratio', ''],
    rows.map((r) => [
      r.name,
      f(r.ms),
      r.aimMs === undefined ? '—' : `≤ ${r.aimMs}`,
      yesNo(r.timeMet),
      f(r.floorMs),
      r.ratio.toFixed(1),
      `≤ ${r.aimRatio}`,
      yesNo(r.ratioMet),
    ]),
    ['left', 'right', 'right', 'left', 'right', 'right', 'right', 'left'],
  );
  process.stdout.write(`${table}\n`);
  for (const r of rows) {
    if (r.peakMb === undefined) continue;
    process.stdout.write(
      `memory, ${r.name}: peak +${r.peakMb.toFixed(1)} MB, retained +${r.retainedMb!.toFixed(2)} MB, floor (2 × Float32 cells) ${r.floorMb!.toFixed(2)} MB, retained/floor ${(r.retainedMb! / r.floorMb!).toFixed(1)}\n`,
    );
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, { json: { type: 'boolean' } });
  if (!flags.ok) exitWithUsageError(PROGRAM, `${flags.error} (usage: npm run bench [-- --json])`);
  for (const file of [FIVE_MINUTE_FILE, HOURLY_FILE]) {
    if (!existsSync(file)) {
      exitWithUsageError(PROGRAM, `${file} is absent: the bench needs the recorded data in ../shared/data`);
    }
  }
  const fiveMinute = loadBars(FIVE_MINUTE_FILE);
  const hourly = loadBars(HOURLY_FILE);
  const note = (text: string) => process.stderr.write(`note: ${text}\n`);
  note(`5m file: ${describeBars(fiveMinute)}; 1h file: ${describeBars(hourly)}`);
  note(
    `the engine gets the window + 14 d warm-up (core/model/heatmapOptions.ts); the floor passes over the same bars`,
  );
  note(`${process.version}, ${process.arch}; medians after warm-up, engine and floor interleaved`);

  const rows: BenchRow[] = [];
  rows.push(benchFull('5m 12h full', fiveMinute, '12h', 200, 3));
  rows.push(benchFull('5m 7d full', fiveMinute, '7d', 60));
  const thirty = benchFull('5m 30d full', fiveMinute, '30d', 40, 20);
  rows.push({ ...thirty, ...(await measureMemory(neededBars(fiveMinute, '30d'), '30d')) });
  rows.push(benchFull('1h 30d full', hourly, '30d', 60));
  rows.push(...benchAppend('5m 12h', fiveMinute, '12h', 5, 0.2));
  rows.push(...benchAppend('5m 30d', fiveMinute, '30d', 5, 0.2));

  if (!Number.isFinite(sink)) note('checksum is not finite: some run produced NaN');
  if (flags.value.json) process.stdout.write(`${JSON.stringify(rows)}\n`);
  else printTable(rows);
}

main(process.argv.slice(2)).catch((error: unknown) => exitWithInternalError(PROGRAM, error));
