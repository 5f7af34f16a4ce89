/**
 * npm run score -- --csv BARS.csv --events EVENTS.csv [--window 12h|24h|3d|7d|30d] [--depth DEPTH.csv] [--json] [--config FILE]
 * The live score (core/model/liveScore.ts) of a bar CSV against recorded liquidation events
 * (core/data/events.ts): per closed hour, the backtest's Spearman figures; per event, the lift of
 * the engine's hottest decile of rows in the event's bar (heat as of the previous bar's close)
 * beside the baseline's extreme decile, with Wilson 95 % intervals.
 * --window: the engine window whose heat (bins, rows) is used; default 12h.
 * --json: one object {window, events, hours, long: {...}, short: {...}, exchanges, skipped, minimum};
 *   a side's figures are null, with `reason` / `hours_reason`, below the minimum sample. Per side,
 *   `partial_lift` [`partial_lift_low`, `partial_lift_high`] over `partial_events`: the engine
 *   decile's lift over only the events outside the baseline's extreme rows (null, with
 *   `partial_reason`, below the minimum of such events); see core/model/liveScoreLift.ts.
 * --depth: a depth CSV (core/render/depthCsv.ts, the side panel's depth export) of the bars' symbol:
 *   on the same events, per side, the lift of the heat's hottest decile, of the walls' rows and of
 *   the two combined (core/model/depthScore.ts); in --json under `depth`. Rejected lines of the
 *   depth CSV are counted on stderr, the first named.
 * Bad arguments or an unusable or empty file: one line on stderr and exit code 2.
 */
import { basename } from 'node:path';
import type { EventSeries } from '../core/data/events';
import { parseEventsCsv } from '../core/data/events';
import type { DepthColumn } from '../core/depth/types';
import { type DepthLift, type DepthScore, scoreDepth } from '../core/model/depthScore';
import { type LiveScore, type SideLiveScore, tryScoreLive } from '../core/model/liveScore';
import type { WindowId } from '../core/model/types';
import { type ParsedDepthCsv, parseDepthCsv } from '../core/render/depthCsv';
import {
  exitWithInternalError,
  exitWithUsageError,
  orExit,
  parseWindow,
  readCommandLine,
  stringOptions,
} from './cli/args';
import { describeSeries } from './cli/barFile';
import { formatUtc, renderTable } from './cli/format';
import { firstNonFinite } from './cli/heatmapOutput';
import { loadEngineInputs } from './cli/inputs';
import { readTextFile } from './cli/textFile';

const PROGRAM = 'score';
const USAGE =
  'usage: npm run score -- --csv BARS.csv --events EVENTS.csv [--window 12h|24h|3d|7d|30d (default 12h)] [--depth DEPTH.csv] [--json] [--config FILE]';
const DEFAULT_WINDOW: WindowId = '12h';

async function main(argv: readonly string[]): Promise<void> {
  const args = readCommandLine(PROGRAM, USAGE, argv, {
    ...stringOptions('events', 'window', 'config', 'depth'),
    json: { type: 'boolean' },
  });
  if (!args) return;
  if (args.events === undefined) exitWithUsageError(PROGRAM, `--events FILE is required (${USAGE})`);
  const window = orExit(PROGRAM, parseWindow(args.window ?? DEFAULT_WINDOW));
  const { config, series } = await loadEngineInputs(PROGRAM, args);
  const text = orExit(PROGRAM, await readTextFile(args.events, 'events'));
  const parsed = parseEventsCsv(text);
  if (!parsed.ok) exitWithUsageError(PROGRAM, `${args.events}: ${parsed.error}`);
  const recorded = parsed.value;

  const { bars, intervalMs } = series;
  const from = bars[0]!.time;
  const to = bars[bars.length - 1]!.time + intervalMs;
  if (!recorded.events.some((e) => e.time >= from && e.time < to)) {
    const first = recorded.events[0]!.time;
    const last = recorded.events[recorded.events.length - 1]!.time;
    exitWithUsageError(
      PROGRAM,
      `no event of ${args.events} (${formatUtc(first)} → ${formatUtc(last)}) falls within the bars of ${args.csv} (${formatUtc(from)} → ${formatUtc(to)})`,
    );
  }
  const depth = args.depth === undefined ? undefined : await readDepth(args.depth);
  process.stderr.write(`${describeSeries(args.csv, series)}\n`);
  process.stderr.write(`${describeEvents(args.events, recorded)}\n`);
  if (depth && args.depth) process.stderr.write(`${describeDepth(args.depth, depth)}\n`);

  const score = orExit(
    PROGRAM,
    tryScoreLive(bars, recorded.events, {
      window,
      config,
      intervalMs: intervalMs > 0 ? intervalMs : undefined,
    }),
  );
  const depthScore = depth
    ? scoreDepth({
        bars,
        events: recorded.events,
        columns: depth.columns,
        options: { window, config, intervalMs: intervalMs > 0 ? intervalMs : undefined },
      })
    : undefined;
  const printed = depthScore ? { ...score, depth: depthScore } : score;
  const bad = firstNonFinite(printed);
  if (bad) exitWithInternalError(PROGRAM, `the score produced a non-finite number at ${bad}`);
  if (args.json) process.stdout.write(`${JSON.stringify(printed)}\n`);
  else {
    process.stdout.write(`${scoreTable(score, recorded.synthetic)}\n`);
    if (depthScore && depth) process.stdout.write(`\n${depthTable(depthScore, depth.synthetic)}\n`);
  }
}

/** The depth CSV, or a one-line refusal: unreadable, no column at all, or several symbols. */
async function readDepth(path: string): Promise<ParsedDepthCsv> {
  const parsed = parseDepthCsv(orExit(PROGRAM, await readTextFile(path, 'depth')));
  if (parsed.columns.length === 0) {
    exitWithUsageError(PROGRAM, `${path}: no depth column (${parsed.problems[0] ?? 'no line'})`);
  }
  const symbols = [...new Set(parsed.columns.map((c: DepthColumn) => c.symbol))];
  if (symbols.length > 1) {
    exitWithUsageError(
      PROGRAM,
      `${path} holds several symbols (${symbols.join(', ')}): export the bars' symbol only`,
    );
  }
  return parsed;
}

/** The stderr note after reading the depth: columns, span, lines rejected (the first named), synthetic. */
function describeDepth(path: string, depth: ParsedDepthCsv): string {
  const { columns, problems } = depth;
  const exchanges = [...new Set(columns.map((c) => c.exchange))].join('+');
  const parts = [
    `${columns.length} depth columns of ${columns[0]!.symbol} on ${exchanges}, ${formatUtc(columns[0]!.time)} → ${formatUtc(columns[columns.length - 1]!.time)}`,
    `${problems.length} problem(s)`,
  ];
  if (problems.length > 0) parts.push(`first: ${problems[0]}`);
  if (depth.synthetic !== undefined) parts.push('SYNTHETIC (made by a rule, not recorded)');
  return `note: ${basename(path)}: ${parts.join(', ')}`;
}

/** The stderr note after reading the events: how many, what was dropped, whether synthetic. */
function describeEvents(path: string, recorded: EventSeries): string {
  const dropped = recorded.issues.filter((i) => i.message.startsWith('row dropped')).length;
  const parts = [`${recorded.events.length} events`, `${dropped} row(s) dropped`];
  const first = recorded.issues.find((i) => i.message.startsWith('row dropped'));
  if (first) parts.push(`first at line ${first.line}: ${first.message.replace(/^row dropped: /, '')}`);
  if (recorded.synthetic !== undefined) parts.push('SYNTHETIC (made by a rule, not recorded)');
  return `note: ${basename(path)}: ${parts.join(', ')}`;
}

const f2 = (n: number | null) => (n === null ? '–' : n.toFixed(2));
const f3 = (n: number | null) => (n === null ? '–' : n.toFixed(3));
const pct = (n: number | null) => (n === null ? '–' : `${(n * 100).toFixed(1)} %`);
const interval = (lo: number | null, hi: number | null) =>
  lo === null || hi === null ? '' : ` [${f2(lo)}–${f2(hi)}]`;

function scoreTable(score: LiveScore, synthetic: string | undefined): string {
  const sides = ['long', 'short'] as const;
  const eventRows = sides.map((side) => {
    const s: SideLiveScore = score[side];
    const counts = [side, String(s.events), s.effective_events.toFixed(1)];
    if (s.reason !== null) return [...counts, s.reason, '', '', '', '', ''];
    return [
      ...counts,
      `${f2(s.lift)}${interval(s.wilson_low, s.wilson_high)}`,
      pct(s.hit_share),
      pct(s.chance),
      `${f2(s.baseline_lift)}${interval(s.baseline_wilson_low, s.baseline_wilson_high)}`,
      pct(s.baseline_hit_share),
      pct(s.baseline_chance),
    ];
  });
  const partialRows = sides.map((side) => {
    const s: SideLiveScore = score[side];
    const counts = [side, String(s.partial_events), s.partial_effective_events.toFixed(1)];
    if (s.partial_reason !== null) return [...counts, s.partial_reason, '', ''];
    return [
      ...counts,
      `${f2(s.partial_lift)}${interval(s.partial_lift_low, s.partial_lift_high)}`,
      pct(s.partial_hit_share),
      pct(s.partial_chance),
    ];
  });
  const hourRows = sides.map((side) => {
    const s = score[side];
    if (s.hours_reason !== null) return [side, String(s.hours), s.hours_reason, '', ''];
    return [side, String(s.hours), f3(s.spearman), f3(s.partial_spearman), f3(s.baseline_spearman)];
  });
  const skipped = Object.entries(score.skipped)
    .filter(([, n]) => n > 0)
    .map(([why, n]) => `${n} ${why.replace(/_/g, ' ')}`);
  return [
    `events scored: ${score.events}${skipped.length > 0 ? ` (not scored: ${skipped.join(', ')})` : ''}; heat of the ${score.window} window as of each event's previous bar close`,
    renderTable(
      [
        'side',
        'events',
        'n_eff',
        'lift [95 %]',
        'hit share',
        'chance',
        'baseline lift [95 %]',
        'hit share',
        'chance',
      ],
      eventRows,
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
    '',
    "beyond the bar's extremes: only the events outside the baseline's tenth of rows, where it knows nothing",
    renderTable(['side', 'events', 'n_eff', 'partial lift [95 %]', 'hit share', 'chance'], partialRows, [
      'left',
      'right',
      'right',
      'right',
      'right',
      'right',
    ]),
    '',
    `closed hours scored: ${score.hours} (the first 168 hourly bars only build state)`,
    renderTable(['side', 'hours', 'spearman', 'partial_spearman', 'baseline spearman'], hourRows, [
      'left',
      'right',
      'right',
      'right',
      'right',
    ]),
    '',
    "lift: hit share (the events' USD in the engine's hottest tenth of the rows the bar's range spans) over",
    "chance (the share of the bar's price range those rows cover; lift 1 = no better than chance). Baseline:",
    "the tenth of rows at the bar's extreme (lowest for longs, highest for shorts). [95 %]: Wilson interval on",
    'the hit share with n = n_eff (the effective number of events, weighted by USD), divided by chance.',
    "partial lift: the same over only the events outside the baseline's rows, its chance the share of the",
    "range outside those rows that the engine's tenth covers (1 = no better than random where the baseline is blind).",
    `Figures need ${score.minimum.events_per_side} events per side and ${score.minimum.hours} hours.`,
    ...(synthetic === undefined ? [] : [`SYNTHETIC events: ${synthetic}`]),
  ].join('\n');
}

function depthTable(score: DepthScore, synthetic: string | undefined): string {
  const sides = ['long', 'short'] as const;
  const lift = (l: DepthLift) =>
    l.lift === null
      ? '–'
      : `${f2(l.lift)}${interval(l.wilson_low, l.wilson_high)} (${pct(l.hit_share)} of ${pct(l.chance)})`;
  const rows = sides.map((side) => {
    const s = score[side];
    const counts = [side, String(s.events), s.effective_events.toFixed(1), String(s.events_with_wall_rows)];
    if (s.reason !== null) return [...counts, s.reason, '', ''];
    return [...counts, lift(s.heat), lift(s.walls), lift(s.combined)];
  });
  const w = score.walls;
  return [
    `depth: ${score.hours_with_depth} h recorded; ${w.total} walls (${w.traded} traded through, ${w.pulled} pulled, ${w.standing} standing or cut by a gap)`,
    renderTable(
      [
        'side',
        'events',
        'n_eff',
        'with walls',
        'heat lift [95 %]',
        'walls lift [95 %]',
        'combined lift [95 %]',
      ],
      rows,
      ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
    '',
    "On the events whose bar opened with depth recorded; each lift is hit share (the events' USD in the chosen",
    "tenth of the rows the bar's range spans) over chance (the share of the range those rows cover), as above.",
    "heat: the hottest tenth. walls: the tenth with the most wall size standing at the bar's open on the side",
    'facing the liquidations (bid walls for longs, ask walls for shorts; a bar without one is a random pick).',
    'combined: the tenth with the highest mean of the two percentile ranks. with walls: events whose bar range held a wall.',
    `Figures need ${score.minimum.depth_hours} h of depth and ${score.minimum.events_per_side} events per side with depth.`,
    ...(synthetic === undefined ? [] : [`SYNTHETIC depth: ${synthetic}`]),
  ].join('\n');
}

main(process.argv.slice(2)).catch((error: unknown) => exitWithInternalError(PROGRAM, error));
