/**
 * npm run backtest -- --csv FILE [--json] [--config FILE]
 * Replays a bar CSV that carries actual liquidations and scores the engine's levels against them,
 * beside the excerpt-only baseline (scoring rules: ../shared/notes/liquidation-model.md).
 */
import { baselineSpearman, runBacktest } from '../core/model/index';
import type { BacktestReport } from '../core/model/types';
import { exitWithInternalError, exitWithUsageError, readCommandLine } from './cli/args';
import { describeSeries } from './cli/barFile';
import { renderTable } from './cli/format';
import { firstNonFinite } from './cli/heatmapOutput';
import { loadEngineInputs } from './cli/inputs';

const PROGRAM = 'backtest';
const USAGE = 'usage: npm run backtest -- --csv FILE [--json] [--config FILE]';

async function main(argv: readonly string[]): Promise<void> {
  const args = readCommandLine(PROGRAM, USAGE, argv, {
    json: { type: 'boolean' },
    config: { type: 'string' },
  });
  if (!args) return;
  const { config, series } = await loadEngineInputs(PROGRAM, args);
  const { bars } = series;
  if (!bars.some((b) => b.liqLongUsd !== undefined || b.liqShortUsd !== undefined)) {
    exitWithUsageError(
      PROGRAM,
      `${args.csv} has no liq_long_usd / liq_short_usd values: nothing to score against`,
    );
  }
  process.stderr.write(`${describeSeries(args.csv, series)}\n`);

  const report = runBacktest(bars, config);
  const document = backtestJson(report);
  const bad = firstNonFinite(document);
  if (bad) exitWithInternalError(PROGRAM, `the backtest produced a non-finite number at ${bad}`);
  if (args.json) process.stdout.write(`${JSON.stringify(document)}\n`);
  else process.stdout.write(`${backtestTable(report, baselineSpearman(bars, config))}\n`);
}

/** Exactly the documented fields, whatever else the report carries. */
function backtestJson(report: BacktestReport): BacktestReport {
  const side = (s: BacktestReport['long']) => ({
    spearman: s.spearman,
    partial_spearman: s.partial_spearman,
    top_decile_capture: s.top_decile_capture,
    baseline_top_decile_capture: s.baseline_top_decile_capture,
  });
  return { bars: report.bars, long: side(report.long), short: side(report.short) };
}

function backtestTable(report: BacktestReport, baseline: { long: number; short: number }): string {
  const f = (n: number) => n.toFixed(3);
  const rows = (['long', 'short'] as const).map((side) => {
    const s = report[side];
    const delta = s.top_decile_capture - s.baseline_top_decile_capture;
    return [
      side,
      f(s.spearman),
      f(baseline[side]),
      f(s.partial_spearman),
      f(s.top_decile_capture),
      f(s.baseline_top_decile_capture),
      `${delta >= 0 ? '+' : ''}${f(delta)}`,
    ];
  });
  const table = renderTable(
    [
      'side',
      'spearman engine',
      'spearman baseline',
      'partial_spearman',
      'top-decile engine',
      'top-decile baseline',
      'top-decile Δ',
    ],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  return [
    `scored bars: ${report.bars} (the first 168 bars only build state)`,
    table,
    'spearman: rank correlation of predicted and actual liquidations per bar (baseline: the price-excursion',
    'estimate); partial_spearman: the engine after removing what the baseline already explains; top-decile:',
    'share of the 10 % largest liquidation bars that are also among the 10 % largest predictions.',
  ].join('\n');
}

main(process.argv.slice(2)).catch((error: unknown) => exitWithInternalError(PROGRAM, error));
