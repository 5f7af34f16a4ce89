/**
 * npm run score -- --csv BARS.csv --events EVENTS.csv [--window 12h|24h|3d|7d|30d] [--json] [--config FILE]
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
 * Bad arguments or an unusable or empty file: one line on stderr and exit code 2.
 */
import { basename } from 'node:path';
import type { EventSeries } from '../core/data/events';
import { parseEventsCsv } from '../core/data/events';
import { type LiveScore, type SideLiveScore, tryScoreLive } from '../core/model/liveScore';
import type { WindowId } from '../core/model/types';
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
  'usage: npm run score -- --csv BARS.csv --events EVENTS.csv [--window 12h|24h|3d|7d|30d (default 12h)] [--json] [--config FILE]';
const DEFAULT_WINDOW: WindowId = '12h';

async function main(argv: readonly string[]): Promise<void> {
  const args = readCommandLine(PROGRAM, USAGE, argv, {
    ...stringOptions('events', 'window', 'config'),
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
  process.stderr.write(`${describeSeries(args.csv, series)}\n`);
  process.stderr.write(`${describeEvents(args.events, recorded)}\n`);

  const score = orExit(
    PROGRAM,
    tryScoreLive(bars, recorded.events, {
      window,
      config,
      intervalMs: intervalMs > 0 ? intervalMs : undefined,
    }),
  );
  const bad = firstNonFinite(score);
  if (bad) exitWithInternalError(PROGRAM, `the score produced a non-finite number at ${bad}`);
  if (args.json) process.stdout.write(`${JSON.stringify(score)}\n`);
  else process.stdout.write(`${scoreTable(score, recorded.synthetic)}\n`);
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

main(process.argv.slice(2)).catch((error: unknown) => exitWithInternalError(PROGRAM, error));
