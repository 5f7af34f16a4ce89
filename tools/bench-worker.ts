/**
 * npm run bench [-- --json] runs it (tools/bench/all.ts); alone: tsx tools/bench-worker.ts [--json]
 * [--bars N] [--before REV]. Issue 14's budgets for the worker, in a real Chromium with the built
 * extension and the replay exchange, three stand-in Binance tabs drawing bands and the side panel
 * open, the replay at ×60 (a 5-minute bar closes every 5 s): engine runs per new bar, the worker's
 * CPU per minute, and the time from a closed bar arriving to every tab's bands redrawn (the
 * scenario and every definition: tools/bench/worker-scenario.ts). The same scenario runs against
 * this tree's build and the build of the commit before issue 14's change (BEFORE: each tab's ask
 * ran the whole engine in the worker, on every update and every 30 s), built from `git archive`
 * into a temporary folder, in the same run, one after the other.
 * --json prints one line {"worker": {engineRunsPerBar, cpuMsPerMinute: {before, after},
 * barToBandsMs: {median, p95}, tabs, …}}: the figures of this tree's build, with `before` for the old one.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runScenario, type ScenarioFigures, SPEED, TABS } from './bench/worker-scenario';
import { ensureChromiumOrExit } from './browser';
import { exitWithInternalError, exitWithUsageError, parseFlags } from './cli/args';
import { renderTable } from './cli/format';

const PROGRAM = 'bench-worker';
const ROOT = resolve(import.meta.dirname, '..');
/**
 * The parent of "One estimate, computed once in the worker and published (issue 14)" (a0a21ce):
 * the last build where every trading tab's ask ran the engine.
 */
const BEFORE = '7b5569c';
/** Bars closed in each build's window: 12 at ×60 is one minute of wall time (one poll alarm). */
const BARS = 12;
const AIM_MS = 1_000;

const note = (text: string) => process.stderr.write(`note: ${text}\n`);

function run(command: string, args: string[], cwd: string, input?: Buffer): Buffer {
  try {
    return execFileSync(command, args, { cwd, input, stdio: 'pipe', maxBuffer: 1 << 30 });
  } catch (error) {
    const output = error as { stdout?: Buffer; stderr?: Buffer };
    process.stderr.write(`${output.stdout?.toString() ?? ''}${output.stderr?.toString() ?? ''}`);
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd} (its output is above)`);
  }
}

/** Builds `rev` in a temporary folder (this tree's node_modules linked in); returns it and its output. */
function buildRevision(rev: string): { dir: string; extensionPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'heatbands-before-'));
  try {
    run('tar', ['-x', '-C', dir], ROOT, run('git', ['archive', '--format=tar', rev], ROOT));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    run('npx', ['wxt', 'build'], dir);
    return { dir, extensionPath: join(dir, '.output/chrome-mv3') };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(0)} ms` : '—');

function printFigures(before: ScenarioFigures, after: ScenarioFigures): void {
  const runs = (f: ScenarioFigures) =>
    `${f.engineRunsPerBar.toFixed(2)} (${f.engineRuns} runs / ${f.bars} bars, from ${f.engineRunsFrom})`;
  const cpu = (f: ScenarioFigures) =>
    `${f.cpuMsPerMinute.toFixed(0)} ms (${f.cpu.cpuMs.toFixed(0)} ms over ${(f.cpu.wallMs / 1000).toFixed(0)} s; ` +
    `JS ${f.cpu.jsMs.toFixed(0)}, GC ${f.cpu.gcMs.toFixed(0)}, native ${f.cpu.programMs.toFixed(0)})`;
  const bands = (f: ScenarioFigures) =>
    `median ${ms(f.barToBandsMs.median)}, p95 ${ms(f.barToBandsMs.p95)}, max ${ms(f.barToBandsMs.max)} (${f.barToBandsMs.samples} bars)`;
  const rows = [
    ['engine runs per new bar', runs(before), runs(after), '1'],
    ['worker CPU per minute', cpu(before), cpu(after), '—'],
    ['closed bar → every tab redrawn', bands(before), bands(after), `≤ ${AIM_MS} ms`],
    ['get-heatmap asks in the window', String(before.asks), String(after.asks), '—'],
  ];
  process.stdout.write(
    `worker, ${TABS} trading tabs + side panel, replay ×${SPEED}, bars nudged at each close (tools/bench/worker-scenario.ts)\n`,
  );
  process.stdout.write(
    `${renderTable(['', `before (${BEFORE})`, 'after (this tree)', 'aim'], rows, ['left', 'left', 'left', 'right'])}\n`,
  );
  for (const f of [before, after]) {
    const perBar = f.timings
      .map((t) => `${t.tabsMs.map((m) => (m === null ? '–' : m.toFixed(0))).join('/')}`)
      .join(' ');
    const published = f.timings.flatMap((t) =>
      t.publishedAfterMs === undefined ? [] : [t.publishedAfterMs],
    );
    process.stdout.write(
      `  ${f.label}: per bar, ms to each tab's redraw: ${perBar}` +
        (published.length
          ? `; bar → estimate published: ${published.map((n) => n.toFixed(0)).join(' ')} ms`
          : '') +
        `; pages ${[...new Set(f.visibility)].join(', ')}${f.workerRestarted ? '; the worker RESTARTED mid-window' : ''}\n`,
    );
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const usage = 'usage: tsx tools/bench-worker.ts [--json] [--bars N] [--before REV]';
  const flags = parseFlags(argv, {
    json: { type: 'boolean' },
    bars: { type: 'string' },
    before: { type: 'string' },
  });
  if (!flags.ok) exitWithUsageError(PROGRAM, `${flags.error} (${usage})`);
  const bars = flags.value.bars === undefined ? BARS : Number(flags.value.bars);
  if (!Number.isInteger(bars) || bars < 2)
    exitWithUsageError(PROGRAM, `--bars takes a whole number ≥ 2 (${usage})`);
  const beforeRev = flags.value.before ?? BEFORE;
  const browser = ensureChromiumOrExit();
  note(`${browser}, headless; building this tree (wxt build) and ${beforeRev} (git archive, wxt build)`);
  run('npx', ['wxt', 'build'], ROOT);
  const before = buildRevision(beforeRev);
  try {
    const common = { executablePath: browser, bars, note };
    const beforeFigures = await runScenario({
      ...common,
      extensionPath: before.extensionPath,
      label: 'before',
    });
    const afterFigures = await runScenario({
      ...common,
      extensionPath: join(ROOT, '.output/chrome-mv3'),
      label: 'after',
    });
    if (flags.value.json) {
      const brief = (f: ScenarioFigures) => ({
        engineRunsPerBar: f.engineRunsPerBar,
        engineRunsFrom: f.engineRunsFrom,
        cpuMsPerMinute: f.cpuMsPerMinute,
        cpuMsPerBar: f.cpu.cpuMs / f.bars,
        barToBandsMs: f.barToBandsMs,
        bars: f.bars,
        asks: f.asks,
        cpu: f.cpu,
      });
      const worker = {
        engineRunsPerBar: afterFigures.engineRunsPerBar,
        cpuMsPerMinute: { before: beforeFigures.cpuMsPerMinute, after: afterFigures.cpuMsPerMinute },
        barToBandsMs: { median: afterFigures.barToBandsMs.median, p95: afterFigures.barToBandsMs.p95 },
        tabs: TABS,
        aimMs: AIM_MS,
        replaySpeed: SPEED,
        beforeRevision: beforeRev,
        before: brief(beforeFigures),
        after: brief(afterFigures),
      };
      process.stdout.write(`${JSON.stringify({ worker })}\n`);
      return;
    }
    printFigures(beforeFigures, afterFigures);
  } finally {
    rmSync(before.dir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => exitWithInternalError(PROGRAM, error));
