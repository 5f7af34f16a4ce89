/**
 * npm run backtest -- --csv FILE [--json] [--config FILE]
 * Replays a bar CSV that carries actual liquidations and scores the engine's levels against them,
 * beside the excursion-only baseline (scoring rules: ../shared/notes/liquidation-model.md), on
 * three parts side by side (issue 15's protocol):
 *   tuning     the first 60 % of the scored hours (⌊0.6·n⌋ hours, in time order),
 *   held_back  the last 40 % (every scored hour from split.at on),
 *   whole      all n scored hours.
 * The file is replayed once from its first bar, so each part's hours are predicted from levels built
 * from all earlier bars (the held-back part's warm-up includes the tuning part's bars); each part is
 * then scored with the same rules on its own hours alone.
 * --json: {split: {tuning_share, at}, tuning, held_back, whole}, each part {from, to, bars, long, short}
 *   (times in ms), each side {spearman, partial_spearman, top_decile_capture,
 *   baseline_top_decile_capture, baseline_spearman, predicted_usd, actual_usd,
 *   calibration: [{bucket, predicted, observed, n}], calibration_in_rank_order}.
 *   predicted_usd / actual_usd: sums over the part's scored hours. calibration: the part's hours in
 *   five quantile buckets of predicted notional (ties kept together, so fewer buckets when cuts
 *   coincide; core/model/calibration.ts); `predicted` is the mean over the bucket's hours of the
 *   hour's predicted USD over the side's total predicted USD in the part, `observed` the same for the
 *   actual liquidations.
 */
import { checkAims, longShortFactor } from '../core/model/backtestAims';
import { runSplitBacktest } from '../core/model/index';
import type { PartReport, SideReport, SplitBacktestReport } from '../core/model/types';
import { exitWithInternalError, exitWithUsageError, readCommandLine } from './cli/args';
import { describeSeries } from './cli/barFile';
import { formatUsdShort, formatUtc, renderTable } from './cli/format';
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

  const report = runSplitBacktest(bars, config);
  const bad = firstNonFinite(report);
  if (bad) exitWithInternalError(PROGRAM, `the backtest produced a non-finite number at ${bad}`);
  if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else process.stdout.write(`${backtestText(report)}\n`);
}

const PARTS = [
  ['tuning', 'first 60 %'],
  ['held_back', 'last 40 %'],
  ['whole', 'whole'],
] as const;
const SIDES = ['long', 'short'] as const;

const f3 = (n: number) => n.toFixed(3);
const signed = (n: number) => `${n >= 0 ? '+' : '−'}${f3(Math.abs(n))}`;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)} : 1` : '–');
/** A per-hour share as a percentage of the side's total in the part. */
const share = (x: number) => `${(x * 100).toFixed(4)} %`;
const span = (p: PartReport) =>
  p.bars > 0
    ? `${p.bars.toLocaleString('en-US')} hours, ${formatUtc(p.from)} → ${formatUtc(p.to)}`
    : '0 hours';

function backtestText(report: SplitBacktestReport): string {
  const parts = PARTS.map(([key]) => report[key]);
  const figures: [string, (s: SideReport) => string][] = [
    ['spearman engine', (s) => f3(s.spearman)],
    ['spearman baseline', (s) => f3(s.baseline_spearman)],
    ['partial_spearman', (s) => f3(s.partial_spearman)],
    ['top-decile engine', (s) => f3(s.top_decile_capture)],
    ['top-decile baseline', (s) => f3(s.baseline_top_decile_capture)],
    ['top-decile Δ', (s) => signed(s.top_decile_capture - s.baseline_top_decile_capture)],
    ['predicted USD', (s) => formatUsdShort(s.predicted_usd)],
    ['actual USD', (s) => formatUsdShort(s.actual_usd)],
    ['calibration in rank order', (s) => (s.calibration_in_rank_order ? 'yes' : 'no')],
  ];
  const rows = SIDES.flatMap((side) =>
    figures.map(([name, get]) => [side, name, ...parts.map((p) => get(p[side]))]),
  );
  rows.push(
    [
      'both',
      'long : short predicted',
      ...parts.map((p) => ratio(p.long.predicted_usd, p.short.predicted_usd)),
    ],
    ['both', 'long : short actual', ...parts.map((p) => ratio(p.long.actual_usd, p.short.actual_usd))],
    ['both', 'predicted ÷ actual ratio', ...parts.map((p) => `×${longShortFactor(p).toFixed(2)}`)],
  );
  const calibrationRows = SIDES.flatMap((side) =>
    PARTS.flatMap(([key, label]) =>
      report[key][side].calibration.map((b) => [
        side,
        label,
        String(b.bucket),
        String(b.n),
        share(b.predicted),
        share(b.observed),
      ]),
    ),
  );
  const aims = checkAims(report.held_back).map(
    (a) => `  ${a.met ? 'met    ' : 'not met'}  ${a.aim}: ${a.measured}`,
  );
  return [
    `scored hours: ${report.whole.bars.toLocaleString('en-US')} (the first 168 bars only build state), split at ${report.split.at === null ? '–' : formatUtc(report.split.at)}`,
    `  first 60 % (tuning):    ${span(report.tuning)}`,
    `  last 40 % (held back):  ${span(report.held_back)}`,
    `  whole:                  ${span(report.whole)}`,
    'One replay from the first bar: every hour is predicted from levels built from all bars before it (the',
    "held-back part's warm-up includes the tuning part's bars); each part is scored on its own hours alone.",
    '',
    renderTable(['side', 'figure', ...PARTS.map(([, label]) => label)], rows, [
      'left',
      'left',
      'right',
      'right',
      'right',
    ]),
    '',
    'calibration: hours in five quantile buckets of predicted notional (equal predictions share a bucket,',
    "so fewer buckets when most hours predict 0); predicted / observed: the mean per hour of the hour's share",
    "of the side's total predicted / actual USD in the part.",
    renderTable(['side', 'part', 'bucket', 'hours', 'predicted', 'observed'], calibrationRows, [
      'left',
      'left',
      'right',
      'right',
      'right',
      'right',
    ]),
    '',
    "issue 15's aims on the last 40 % (held back):",
    ...aims,
    '',
    'spearman: rank correlation of predicted and actual liquidations per hour (baseline: the price-excursion',
    'estimate); partial_spearman: the engine after removing what the baseline already explains; top-decile:',
    'share of the 10 % largest liquidation hours that are also among the 10 % largest predictions.',
  ].join('\n');
}

main(process.argv.slice(2)).catch((error: unknown) => exitWithInternalError(PROGRAM, error));
