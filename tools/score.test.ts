import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseBarCsv } from '../core/data/bars';
import { parseEventsCsv } from '../core/data/events';
import { runBacktest } from '../core/model/backtest';
import { scoreDepth } from '../core/model/depthScore';
import { depthColumnsToCsv, parseDepthCsv } from '../core/render/depthCsv';
import { type CliRun, runCli } from './cli/runCli';
import { SYNTHETIC_DEPTH_RULE, syntheticDepthColumns } from './fixtures/syntheticDepth';

const BARS = 'tools/fixtures/btcusdt-1h-2026-01-25_2026-02-09.csv';
const EVENTS = 'tools/fixtures/btcusdt-1h-2026-01-25_2026-02-09.events.csv';
const HEADER = 'time,exchange,side,price,notional_usd';

const finite = z.number().finite();
const count = z.number().int().nonnegative();
const figure = finite.nonnegative().nullable();
const side = z.strictObject({
  events: count,
  usd: finite.nonnegative(),
  effective_events: finite.nonnegative(),
  lift: figure,
  hit_share: figure,
  chance: figure,
  wilson_low: figure,
  wilson_high: figure,
  baseline_lift: figure,
  baseline_hit_share: figure,
  baseline_chance: figure,
  baseline_wilson_low: figure,
  baseline_wilson_high: figure,
  partial_events: count,
  partial_effective_events: finite.nonnegative(),
  partial_lift: figure,
  partial_hit_share: figure,
  partial_chance: figure,
  partial_lift_low: figure,
  partial_lift_high: figure,
  partial_reason: z.string().nullable(),
  clamped: count,
  reason: z.string().nullable(),
  hours: count,
  spearman: finite.min(-1).max(1).nullable(),
  partial_spearman: finite.min(-1).max(1).nullable(),
  baseline_spearman: finite.min(-1).max(1).nullable(),
  hours_reason: z.string().nullable(),
});
const scoreJson = z.strictObject({
  window: z.enum(['12h', '24h', '3d', '7d', '30d']),
  events: count,
  hours: count,
  long: side,
  short: side,
  exchanges: z.strictObject({ binance: count, bybit: count, okx: count }),
  skipped: z.strictObject({ outside_bars: count, no_bar: count, warm_up: count, price_outside_bar: count }),
  minimum: z.strictObject({ events_per_side: count, hours: count }),
});

const expectOneLineRefusal = (run: CliRun, mentions: RegExp) => {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr).toMatch(/^score: /);
  expect(run.stderr).toMatch(mentions);
};

describe('the synthetic events fixture', () => {
  it('is marked synthetic and follows the rule its header states, row for row', () => {
    const text = readFileSync(EVENTS, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# synthetic: /);
    const bars = parseBarCsv(readFileSync(BARS, 'utf8'));
    if (!bars.ok) throw new Error(bars.error);
    const expected = bars.value.bars.flatMap((b) => [
      ...(b.liqLongUsd! > 0 ? [`${b.time + 1_800_000},binance,long,${b.low},${b.liqLongUsd}`] : []),
      ...(b.liqShortUsd! > 0 ? [`${b.time + 1_800_000},binance,short,${b.high},${b.liqShortUsd}`] : []),
    ]);
    const rows = text
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#'));
    expect(rows[0]).toBe(HEADER);
    // Numbers compared as numbers: the fixture keeps the source's digits.
    const asNumbers = (row: string) => row.split(',').map((c) => (Number.isNaN(Number(c)) ? c : Number(c)));
    expect(rows.slice(1).map(asNumbers)).toEqual(expected.map(asNumbers));
  });
});

describe('npm run score', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heatbands-score-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  let json: CliRun;
  let table: CliRun;
  let few: CliRun;
  let midJson: CliRun;
  let midTable: CliRun;
  let refusals: Record<string, CliRun>;
  beforeAll(async () => {
    // Hour 200 of the fixture (after the 168-hour warm-up): 2026-02-02 08:00 UTC, 76,628 → 77,191.
    const t = 1769299200000 + 200 * 3_600_000;
    const fewEvents = file(
      'few.csv',
      `${HEADER}\n${Array.from({ length: 5 }, (_, i) => `${t + 1000 * (i + 1)},okx,long,76900,${1000 + i}`).join('\n')}\n`,
    );
    // One event per side at the middle of every hour of the fixture: none at the bar's extreme.
    const parsed = parseBarCsv(readFileSync(BARS, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    const midEvents = file(
      'mid.csv',
      `${HEADER}\n${parsed.value.bars
        .flatMap((b) => {
          const mid = (b.low + b.high) / 2;
          return [`${b.time + 60_000},bybit,long,${mid},5000`, `${b.time + 120_000},okx,short,${mid},5000`];
        })
        .join('\n')}\n`,
    );
    const cases: Record<string, string[]> = {
      emptyEvents: ['--csv', BARS, '--events', file('empty.csv', '')],
      missingColumn: [
        '--csv',
        BARS,
        '--events',
        file('nocol.csv', 'time,exchange,price,notional_usd\n1,okx,2,3\n'),
      ],
      junkOnly: ['--csv', BARS, '--events', file('junk.csv', `${HEADER}\nnot,a,row,at,all\n`)],
      noEventsFlag: ['--csv', BARS],
      badWindow: ['--csv', BARS, '--events', EVENTS, '--window', '14d'],
      noSuchEvents: ['--csv', BARS, '--events', join(dir, 'absent.csv')],
      emptyBars: ['--csv', file('bars.csv', ''), '--events', EVENTS],
      disjoint: [
        '--csv',
        BARS,
        '--events',
        file('old.csv', `${HEADER}\n1600000000000,binance,long,10000,5\n`),
      ],
    };
    const runs = await Promise.all([
      runCli('tools/score.ts', ['--csv', BARS, '--events', EVENTS, '--json']),
      runCli('tools/score.ts', ['--csv', BARS, '--events', EVENTS, '--window', '24h']),
      runCli('tools/score.ts', ['--csv', BARS, '--events', fewEvents, '--json']),
      runCli('tools/score.ts', ['--csv', BARS, '--events', midEvents, '--json']),
      runCli('tools/score.ts', ['--csv', BARS, '--events', midEvents]),
      ...Object.values(cases).map((args) => runCli('tools/score.ts', args)),
    ]);
    [json, table, few, midJson, midTable] = runs as [CliRun, CliRun, CliRun, CliRun, CliRun];
    refusals = Object.fromEntries(Object.keys(cases).map((k, i) => [k, runs[5 + i]!]));
  }, 120_000);

  it('prints the documented JSON, with figures and sample sizes on the synthetic fixture', () => {
    expect(json.code).toBe(0);
    const doc = scoreJson.parse(JSON.parse(json.stdout));
    // 383 hours; the first 168 only build state; one event per side and hour with liquidations.
    expect(doc).toMatchObject({ window: '12h', events: 430, hours: 215 });
    expect(doc.skipped).toEqual({ outside_bars: 0, no_bar: 0, warm_up: 328, price_outside_bar: 0 });
    expect(doc.exchanges).toEqual({ binance: 430, bybit: 0, okx: 0 });
    for (const s of [doc.long, doc.short]) {
      expect(s).toMatchObject({ events: 215, hours: 215, reason: null, hours_reason: null });
      // The fixture puts every event at the bar's extreme: the baseline hits by construction.
      expect(s.baseline_hit_share).toBeCloseTo(1, 12);
      expect(s.baseline_lift).toBeCloseTo(1 / s.baseline_chance!, 9);
      expect(s.wilson_low!).toBeLessThanOrEqual(s.lift!);
      expect(s.wilson_high!).toBeGreaterThanOrEqual(s.lift!);
      expect(s.lift).toBeCloseTo(s.hit_share! / s.chance!, 12);
      // ...and so nothing lies beyond the extremes: no partial lift, and why.
      expect(s).toMatchObject({
        partial_events: 0,
        partial_lift: null,
        partial_reason: 'too few events outside the extreme rows yet',
      });
    }
    // The hourly part is the backtest's, since the events sum to the fixture's liquidation columns.
    const bars = parseBarCsv(readFileSync(BARS, 'utf8'));
    if (!bars.ok) throw new Error(bars.error);
    const backtest = runBacktest(bars.value.bars);
    expect(doc.long.spearman).toBeCloseTo(backtest.long.spearman, 12);
    expect(doc.short.partial_spearman).toBeCloseTo(backtest.short.partial_spearman, 12);
    expect(json.stderr).toMatch(/758 events, 0 row\(s\) dropped, SYNTHETIC/);
  });

  it('prints a table that names its window, its sample sizes and the synthetic source', () => {
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/heat of the 24h window/);
    expect(table.stdout).toMatch(/^long +215 /m);
    expect(table.stdout).toMatch(/closed hours scored: 215/);
    expect(table.stdout).toMatch(/^SYNTHETIC events: made by a rule/m);
  });

  it('gives the partial lift over the events outside the extreme rows, in JSON and in the table', () => {
    expect(midJson.code).toBe(0);
    const doc = scoreJson.parse(JSON.parse(midJson.stdout));
    for (const s of [doc.long, doc.short]) {
      // Every hour after the warm-up has one event per side, all off the bar's extreme rows.
      expect(s).toMatchObject({
        events: 215,
        partial_events: 215,
        partial_reason: null,
        baseline_hit_share: 0,
      });
      expect(s.partial_effective_events).toBeCloseTo(215, 9);
      expect(s.partial_lift).toBeCloseTo(s.partial_hit_share! / s.partial_chance!, 12);
      expect(s.partial_lift_low!).toBeLessThanOrEqual(s.partial_lift!);
      expect(s.partial_lift_high!).toBeGreaterThanOrEqual(s.partial_lift!);
      // The same events as the whole side's, so the same hit share; only the chance differs.
      expect(s.partial_hit_share).toBeCloseTo(s.hit_share!, 12);
    }
    expect(midTable.code).toBe(0);
    expect(midTable.stdout).toMatch(/beyond the bar's extremes/);
    expect(midTable.stdout).toMatch(/partial lift \[95 %\]/);
    const beyond = midTable.stdout.slice(midTable.stdout.indexOf("beyond the bar's extremes"));
    const longRow = beyond.split('\n').find((l) => l.startsWith('long'));
    expect(longRow).toMatch(new RegExp(`^long +215 +215\\.0 +${doc.long.partial_lift!.toFixed(2)} \\[`));
  });

  it('gives no figure below the minimum, but the count and the reason', () => {
    expect(few.code).toBe(0);
    const doc = scoreJson.parse(JSON.parse(few.stdout));
    expect(doc.long).toMatchObject({ events: 5, lift: null, wilson_low: null, reason: 'too few events yet' });
    expect(doc.short).toMatchObject({ events: 0, lift: null, reason: 'too few events yet' });
    // Five events all in one hour: that single hour is all that was recorded.
    expect(doc.long).toMatchObject({ hours: 1, spearman: null, hours_reason: 'too few hours yet' });
  });

  it('refuses bad or empty input with one line and exit code 2', () => {
    expectOneLineRefusal(refusals.emptyEvents!, /empty\.csv: the events CSV is empty/);
    expectOneLineRefusal(refusals.missingColumn!, /lacks required column\(s\): side/);
    expectOneLineRefusal(refusals.junkOnly!, /no valid event \(line 2: time "not" is not epoch ms\)/);
    expectOneLineRefusal(refusals.noEventsFlag!, /--events FILE is required/);
    expectOneLineRefusal(refusals.badWindow!, /--window must be one of/);
    expectOneLineRefusal(refusals.noSuchEvents!, /cannot read events .*absent\.csv: no such file/);
    expectOneLineRefusal(refusals.emptyBars!, /the CSV is empty/);
    expectOneLineRefusal(refusals.disjoint!, /no event of .* falls within the bars/);
  });
});

const lift = z.strictObject({
  lift: figure,
  hit_share: figure,
  chance: figure,
  wilson_low: figure,
  wilson_high: figure,
});
const depthSide = z.strictObject({
  events_scored: count,
  events: count,
  usd: finite.nonnegative(),
  effective_events: finite.nonnegative(),
  events_with_wall_rows: count,
  hours_with_depth: count,
  heat: lift,
  walls: lift,
  combined: lift,
  reason: z.string().nullable(),
});
const depthJson = scoreJson.extend({
  depth: z.strictObject({
    window: z.enum(['12h', '24h', '3d', '7d', '30d']),
    hours_with_depth: count,
    walls: z.strictObject({ total: count, traded: count, pulled: count, standing: count }),
    long: depthSide,
    short: depthSide,
    minimum: z.strictObject({ events_per_side: count, depth_hours: count }),
  }),
});

describe('npm run score -- --depth', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heatbands-score-depth-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const parsedBars = parseBarCsv(readFileSync(BARS, 'utf8'));
  if (!parsedBars.ok) throw new Error(parsedBars.error);
  const bars = parsedBars.value.bars;
  const end = bars[bars.length - 1]!.time + 3_600_000;
  /** The synthetic book (tools/fixtures/syntheticDepth.ts) over the fixture's last `hours` hours, as the export writes it. */
  const depthCsv = (hours: number) =>
    `# synthetic: ${SYNTHETIC_DEPTH_RULE}\n${depthColumnsToCsv(syntheticDepthColumns(bars, end - hours * 3_600_000, hours))}`;
  const full = depthCsv(36);

  it('builds its synthetic book as the rule says: 4-min columns of $50 bins within ±2 % of the mid, bids below it, asks above', () => {
    const columns = syntheticDepthColumns(bars, end - 36 * 3_600_000, 36);
    // 36 h of 15 columns; the fixture's 2-hour gap is earlier.
    expect(columns).toHaveLength(540);
    for (const c of columns) {
      expect(c).toMatchObject({ spanMs: 240_000, samples: 240, binSize: 50 });
      expect(c.loBin).toBe(Math.floor((c.mid * 0.98) / 50));
      expect(c.hiBin).toBe(Math.floor((c.mid * 1.02) / 50));
      for (let k = c.loBin; k <= c.hiBin; k++) {
        const i = k - c.loBin;
        if ((k + 1) * 50 <= c.mid) expect(c.askMax[i]).toBe(0);
        if (k * 50 >= c.mid) expect(c.bidMax[i]).toBe(0);
        expect(c.bidMean[i]!).toBeLessThanOrEqual(c.bidMax[i]!);
        // Only the bin holding the mid has both sides.
        expect(c.bidMax[i]! > 0 && c.askMax[i]! > 0).toBe((k + 1) * 50 > c.mid && k * 50 < c.mid);
      }
    }
    expect(full.split('\n')[0]).toBe(`# synthetic: ${SYNTHETIC_DEPTH_RULE}`);
  });

  let json: CliRun;
  let table: CliRun;
  let junk: CliRun;
  let short: CliRun;
  let refusals: Record<string, CliRun>;
  beforeAll(async () => {
    const lines = full.split('\n');
    // Three junk lines among the good ones: a torn line, a negative size, an unknown exchange.
    const withJunk = [
      ...lines.slice(0, 5),
      lines[5]!.slice(0, 30),
      ...lines.slice(5, 900),
      lines[900]!.replace(/^(([^,]*,){8})[^,]*/, '$1-5'),
      ...lines.slice(900, 2000),
      lines[2000]!.replace(',binance,', ',kraken,'),
      ...lines.slice(2000),
    ].join('\n');
    const twoSymbols = `${full}${lines[2]!.replace('BTCUSDT', 'ETHUSDT')}\n`;
    const depthArgs = (path: string, ...more: string[]) => [
      '--csv',
      BARS,
      '--events',
      EVENTS,
      '--depth',
      path,
      ...more,
    ];
    const cases: Record<string, string[]> = {
      empty: depthArgs(file('empty.csv', '')),
      absent: depthArgs(join(dir, 'absent.csv')),
      twoSymbols: depthArgs(file('two.csv', twoSymbols)),
    };
    const runs = await Promise.all([
      runCli('tools/score.ts', depthArgs(file('depth.csv', full), '--json')),
      runCli('tools/score.ts', depthArgs(file('depth.csv', full))),
      runCli('tools/score.ts', depthArgs(file('junk.csv', withJunk), '--json')),
      runCli('tools/score.ts', depthArgs(file('short.csv', depthCsv(3)), '--json')),
      ...Object.values(cases).map((args) => runCli('tools/score.ts', args)),
    ]);
    [json, table, junk, short] = runs as [CliRun, CliRun, CliRun, CliRun];
    refusals = Object.fromEntries(Object.keys(cases).map((k, i) => [k, runs[4 + i]!]));
  }, 120_000);

  it('prints heat, walls and combined per side on the same events, as scoreDepth computes them', () => {
    expect(json.code).toBe(0);
    const doc = depthJson.parse(JSON.parse(json.stdout));
    const parsed = parseDepthCsv(full);
    const events = parseEventsCsv(readFileSync(EVENTS, 'utf8'));
    if (!events.ok) throw new Error(events.error);
    const expected = scoreDepth({
      bars,
      events: events.value.events,
      columns: parsed.columns,
      options: { window: '12h', intervalMs: 3_600_000 },
    });
    expect(doc.depth).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(doc.depth.hours_with_depth).toBe(36);
    for (const side of ['long', 'short'] as const) {
      const s = doc.depth[side];
      // All of the live score's events are scored; the 35 whose hour opened with depth (the first
      // hour of depth has no column before its open) get depth figures.
      expect(s).toMatchObject({ events_scored: doc[side].events, events: 35, reason: null });
      for (const pick of [s.heat, s.walls, s.combined]) {
        expect(pick.lift).toBeCloseTo(pick.hit_share! / pick.chance!, 12);
        expect(pick.wilson_low!).toBeLessThanOrEqual(pick.lift!);
        expect(pick.wilson_high!).toBeGreaterThanOrEqual(pick.lift!);
        // The same number of rows each way: chances within a few tenths of a percent.
        expect(Math.abs(pick.chance! - s.heat.chance!)).toBeLessThan(0.01);
      }
    }
    expect(doc.depth.walls.total).toBeGreaterThan(0);
    expect(json.stderr).toMatch(/540 depth columns of BTCUSDT on binance, .* 0 problem\(s\), SYNTHETIC/);
  });

  it('prints the three lifts in a table that says the depth is synthetic', () => {
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^depth: 36 h recorded; \d+ walls \(\d+ traded through, \d+ pulled/m);
    expect(table.stdout).toMatch(/heat lift \[95 %\] +walls lift \[95 %\] +combined lift \[95 %\]/);
    expect(table.stdout).toMatch(/^long +35 /m);
    expect(table.stdout).toMatch(/^SYNTHETIC depth: 4-min columns/m);
  });

  it('skips junk lines of the depth CSV, names the first, and scores the rest as before', () => {
    expect(junk.code).toBe(0);
    expect(junk.stderr).toMatch(/3 problem\(s\), first: line 6: /);
    // The junk lines were extra copies gone wrong: every column is whole, the figures unchanged.
    const clean = depthJson.parse(JSON.parse(json.stdout));
    expect(depthJson.parse(JSON.parse(junk.stdout)).depth).toEqual(clean.depth);
  });

  it('gives a reason instead of figures until enough depth is recorded', () => {
    expect(short.code).toBe(0);
    const doc = depthJson.parse(JSON.parse(short.stdout));
    expect(doc.depth.long).toMatchObject({
      reason: 'not enough depth recorded yet: 3 h of 24',
      heat: { lift: null },
      walls: { lift: null },
      combined: { lift: null },
    });
  });

  it('refuses an empty, absent or mixed-symbol depth CSV with one line and exit code 2', () => {
    expectOneLineRefusal(refusals.empty!, /empty\.csv: no depth column \(the depth CSV is empty\)/);
    expectOneLineRefusal(refusals.absent!, /cannot read depth .*absent\.csv: no such file/);
    expectOneLineRefusal(refusals.twoSymbols!, /two\.csv holds several symbols \(BTCUSDT, ETHUSDT\)/);
  });
});
