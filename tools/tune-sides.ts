/**
 * npx tsx tools/tune-sides.ts [--csv FILE] [--grid close|split|none] [--config FILE] [--json]
 * The side-balance tuning of issue 15 under a fair protocol: every variant is replayed over the
 * whole file (the book is built from bars only), and its scored hours are split by time at 60 % of
 * the scored hours. Variants are chosen on the first 60 % only; the last 40 % and the whole file are
 * reported beside it. Per side: Spearman, partial Spearman, top-decile capture against the
 * baseline's, and predicted against real long : short totals. --config adds one config (a JSON
 * patch over the defaults) to the grid and to the printed table.
 */
import { readFile } from 'node:fs/promises';
import { parseBarCsv } from '../core/data/bars';
import { backtestSeries } from '../core/model/backtest';
import { type EngineConfig, parseEngineConfig } from '../core/model/config';
import { partialSpearman, spearman, topDecileCapture } from '../core/model/stats';

export const TUNE_SHARE = 0.6;

export interface SideFigures {
  spearman: number;
  partial: number;
  capture: number;
  baseCapture: number;
  predUsd: number;
  actualUsd: number;
}
export interface PartFigures {
  bars: number;
  long: SideFigures;
  short: SideFigures;
  /** (Σ pred long / Σ pred short) / (Σ actual long / Σ actual short): 1 is a perfect balance. */
  ratioOfRatios: number;
}

function sum(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s;
}

function side(actual: Float64Array, pred: Float64Array, base: Float64Array): SideFigures {
  return {
    spearman: spearman(pred, actual),
    partial: partialSpearman(actual, pred, base),
    capture: topDecileCapture(actual, pred),
    baseCapture: topDecileCapture(actual, base),
    predUsd: sum(pred),
    actualUsd: sum(actual),
  };
}

/** Figures of the scored hours [from, to) of a backtest series. */
export function figures(s: ReturnType<typeof backtestSeries>, from: number, to: number): PartFigures {
  const cut = (a: Float64Array) => a.subarray(from, to);
  const long = side(cut(s.actualLong), cut(s.predLong), cut(s.baseLong));
  const short = side(cut(s.actualShort), cut(s.predShort), cut(s.baseShort));
  const ratioOfRatios = long.predUsd / short.predUsd / (long.actualUsd / short.actualUsd);
  return { bars: to - from, long, short, ratioOfRatios };
}

/** 60 % (tuning), 40 % (held back) and whole-file figures of one config. */
export function evaluate(bars: Parameters<typeof backtestSeries>[0], config: EngineConfig) {
  const s = backtestSeries(bars, config);
  const n = s.time.length;
  const cut = Math.floor(n * TUNE_SHARE);
  return {
    tune: figures(s, 0, cut),
    held: figures(s, cut, n),
    whole: figures(s, 0, n),
    cutTime: s.time[cut]!,
  };
}

/**
 * The selection rule, fixed before any run: on the tuning 60 %, the weaker side's partial Spearman
 * plus the weaker side's capture margin over the baseline, among variants whose predicted long :
 * short ratio is within ×1.5 of the real one (if none is, among all).
 */
export function objective(f: PartFigures): number {
  return (
    Math.min(f.long.partial, f.short.partial) +
    Math.min(f.long.capture - f.long.baseCapture, f.short.capture - f.short.baseCapture)
  );
}
export function balanced(f: PartFigures): boolean {
  return Math.abs(Math.log(f.ratioOfRatios)) <= Math.log(1.5);
}

type Patch = Record<string, unknown>;
function variants(grid: string): Array<{ name: string; patch: Patch }> {
  const out: Array<{ name: string; patch: Patch }> = [{ name: 'default', patch: {} }];
  if (grid === 'split') {
    for (const dirSplit of [0, 0.25, 0.5, 0.75])
      for (const balanceK of [0, 1])
        for (const directionK of [-0.5, 0])
          out.push({
            name: `split.dir=${dirSplit} close.balanceK=${balanceK} close.dir=${directionK}`,
            patch: { split: { directionK: dirSplit }, oiDecrease: { balanceK, directionK } },
          });
  }
  if (grid === 'close') {
    for (const dirSplit of [0, 0.5, 1])
      for (const balanceK of [0, 0.5, 1, 2, 4])
        for (const directionK of [-1, -0.5, 0, 0.5, 1]) {
          if (dirSplit === 1 && balanceK === 0 && directionK === 0) continue;
          out.push({
            name: `split.dir=${dirSplit} close.balanceK=${balanceK} close.dir=${directionK}`,
            patch: { split: { directionK: dirSplit }, oiDecrease: { balanceK, directionK } },
          });
        }
  }
  return out;
}

function f3(n: number): string {
  return n.toFixed(3);
}
const HEADER =
  '| variant | L spearman | L partial | L capture | L base capture | S spearman | S partial | S capture | S base capture | pred L:S | real L:S |';
export function row(name: string, f: PartFigures): string {
  const l = f.long;
  const s = f.short;
  return `| ${name} | ${f3(l.spearman)} | ${f3(l.partial)} | ${f3(l.capture)} | ${f3(l.baseCapture)} | ${f3(s.spearman)} | ${f3(s.partial)} | ${f3(s.capture)} | ${f3(s.baseCapture)} | ${(l.predUsd / s.predUsd).toFixed(2)} : 1 | ${(l.actualUsd / s.actualUsd).toFixed(2)} : 1 |`;
}

async function main(argv: string[]): Promise<void> {
  const arg = (k: string, d: string) => {
    const i = argv.indexOf(k);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : d;
  };
  const csv = arg('--csv', '../shared/data/btcusdt-1h-2025-12-04_2026-03-31.csv');
  const grid = arg('--grid', 'close');
  const extra = arg('--config', '');
  const parsed = parseBarCsv(await readFile(csv, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error);
  const { bars } = parsed.value;
  const results = [];
  const list = variants(grid);
  if (extra !== '') list.push({ name: extra, patch: JSON.parse(await readFile(extra, 'utf8')) as Patch });
  for (const v of list) {
    const c = parseEngineConfig(v.patch);
    if (!c.ok) throw new Error(`${v.name}: ${c.error}`);
    const r = evaluate(bars, c.value);
    results.push({ ...v, ...r });
    process.stderr.write(
      `${v.name}: tune obj ${f3(objective(r.tune))} ratio×${f3(r.tune.ratioOfRatios)} | held obj ${f3(objective(r.held))}\n`,
    );
  }
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(results)}\n`);
    return;
  }
  const pool = results.some((r) => balanced(r.tune)) ? results.filter((r) => balanced(r.tune)) : results;
  // Ties (to 1e-9) go to the variant whose long : short ratio is nearer the real one.
  const imbalance = (f: PartFigures) => Math.abs(Math.log(f.ratioOfRatios));
  const best = pool.reduce((a, b) => {
    const d = objective(b.tune) - objective(a.tune);
    return d > 1e-9 || (Math.abs(d) <= 1e-9 && imbalance(b.tune) < imbalance(a.tune)) ? b : a;
  });
  process.stdout.write(
    `variants: ${results.length}; split at ${new Date(results[0]!.cutTime).toISOString()}\n`,
  );
  process.stdout.write(`chosen on the tuning 60 %: ${best.name}\n`);
  for (const part of ['tune', 'held', 'whole'] as const) {
    process.stdout.write(`\n${part}\n${HEADER}\n`);
    const shown = [...new Set(extra === '' ? [results[0]!, best] : [results[0]!, best, results.at(-1)!])];
    for (const r of shown) process.stdout.write(`${row(r.name, r[part])}\n`);
  }
}

if (process.argv[1]?.endsWith('tune-sides.ts')) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
