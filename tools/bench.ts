/**
 * npm run bench [-- --json]
 * Times the engine on the recorded data in ../shared/data (see its README) and, interleaved in
 * the same run, the floor: one pass over the same bars plus one write of every cell of a grid of
 * the same size (tools/cli/benchFloor.ts). Medians after warm-up; ratio = engine / floor.
 *
 * Cases:
 * - full: computeHeatmap (grid + profile + zones) for the window ending at the file's last bar,
 *   given the whole file, as `npm run heatmap` does: the engine replays every bar it is given to
 *   build its level book, so this is the conservative case (a UI handing it only a week of
 *   history before the window does less work). The 5m file spans 27.8 days, so its 30d case is
 *   the whole file; the hourly file (2,821 bars) is replayed whole with the 30d window at its end.
 * - append: a HeatmapSession holding the file up to the last APPENDS bars takes them one at a time;
 *   each sample is append(bar) + result(): what the UI does per new bar. Its floor is one pass
 *   over that bar plus one write of a column of the grid.
 * - memory (on the 5m 30d row, table and JSON): bytes (heap + array buffers) added by computing
 *   and holding one 30d result, before GC (peak) and after (retained); see measureMemory. Its floor
 *   is the two Float32Array cell planes (long, short) of a grid that size.
 * --json prints an array of { name, ms, floorMs, ratio } (plus aimMs, aimRatio, timeMet, ratioMet,
 * met; appendMs on the append rows; peakMb, retainedMb, floorMb on the memory-carrying row).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Bar, parseBarCsv } from '../core/data/bars';
import { computeHeatmap, HeatmapSession } from '../core/model/index';
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
  /** Append rows: the median of append() alone; the rest of `ms` is result(). */
  appendMs?: number;
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

function benchFull(
  name: string,
  bars: readonly Bar[],
  window: WindowId,
  runs: number,
  aimMs?: number,
): BenchRow {
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
  return verdict({
    name: `${name} (${bars.length} bars, ${columns}×${rows})`,
    ms,
    floorMs,
    ratio: ms / floorMs,
    aimMs,
    aimRatio: RATIO_AIM,
  });
}

function benchAppend(
  name: string,
  bars: readonly Bar[],
  window: WindowId,
  sessions: number,
  aimMs: number,
): BenchRow {
  const head = bars.slice(0, bars.length - APPENDS);
  const tail = bars.slice(bars.length - APPENDS);
  const engine: number[] = [];
  const appendOnly: number[] = [];
  const floor: number[] = [];
  let rows = 0;
  for (let s = 0; s < sessions + 1; s++) {
    const session = new HeatmapSession(head, { window });
    rows = session.result().grid.rows;
    for (const bar of tail) {
      const t0 = performance.now();
      session.append(bar);
      const tAppended = performance.now();
      sink += session.result().grid.maxCell;
      const t1 = performance.now();
      sink += floorPass([bar], 1, rows);
      const t2 = performance.now();
      // The first session is the warm-up.
      if (s > 0) {
        engine.push(t1 - t0);
        appendOnly.push(tAppended - t0);
        floor.push(t2 - t1);
      }
    }
  }
  const ms = median(engine);
  const floorMs = median(floor);
  return verdict({
    name: `${name} (${rows} rows)`,
    ms,
    floorMs,
    ratio: ms / floorMs,
    aimMs,
    aimRatio: RATIO_AIM,
    appendMs: median(appendOnly),
  });
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
    if (r.appendMs === undefined) continue;
    process.stdout.write(
      `${r.name}: append() ${f(r.appendMs)} ms + result() ${f(r.ms - r.appendMs)} ms (medians over ${APPENDS} bars × 5 sessions)\n`,
    );
  }
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
  note(`5m file: ${describeBars(fiveMinute)}; 1h file: ${describeBars(hourly)}; whole files replayed`);
  note(`${process.version}, ${process.arch}; medians after warm-up, engine and floor interleaved`);

  const rows: BenchRow[] = [];
  rows.push(benchFull('5m 12h full', fiveMinute, '12h', 200, 3));
  rows.push(benchFull('5m 7d full', fiveMinute, '7d', 40));
  const thirty = benchFull('5m 30d full', fiveMinute, '30d', 30, 20);
  rows.push({ ...thirty, ...(await measureMemory(fiveMinute, '30d')) });
  rows.push(benchFull('1h 30d full', hourly, '30d', 40));
  rows.push(benchAppend('5m 12h append+result', fiveMinute, '12h', 5, 0.2));
  rows.push(benchAppend('5m 30d append+result', fiveMinute, '30d', 5, 0.2));

  if (!Number.isFinite(sink)) note('checksum is not finite: some run produced NaN');
  if (flags.value.json) process.stdout.write(`${JSON.stringify(rows)}\n`);
  else printTable(rows);
}

main(process.argv.slice(2)).catch((error: unknown) => exitWithInternalError(PROGRAM, error));
