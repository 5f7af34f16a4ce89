/**
 * npm run bench [-- --json] runs it before the overlay bench (tools/bench/all.ts); alone:
 * tsx tools/bench-sidepanel.ts [--json]. Issue 9's side-panel budget in a real Chromium against
 * the extension it builds first (wxt build) and the replay exchange, figures side by side,
 * no pass/fail:
 * - first render from cache: the worker warm and synced on the demo bars, the side panel opened 5
 *   times, ms from navigation start to the chart's canvas with heat (tools/bench/sidepanel-first-render.ts);
 * - pan and zoom over a 30d grid of ../shared/data's 5m recording: frame work and long tasks over
 *   300 frames of scripted drags and wheel turns (tools/bench/sidepanel-pan-zoom.ts).
 * --json prints one object { firstRender, panZoom } with the figures of both.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Bar, parseBarCsv } from '../core/data/bars';
import { benchFirstRender, type FirstRenderFigures } from './bench/sidepanel-first-render';
import { benchPanZoom, type PanZoomFigures } from './bench/sidepanel-pan-zoom';
import {
  ensureChromiumOrExit,
  type LaunchedExtension,
  launchExtension,
  messageServiceWorker,
  openSidePanel,
} from './browser';
import { exitWithInternalError, exitWithUsageError, parseFlags } from './cli/args';
import { DEMO_SYMBOL, loadDemoBars } from './demo/demo-bars';
import { type ReplayExchange, startReplayExchange } from './replay-exchange/index';

const PROGRAM = 'bench-sidepanel';
const DAY = 86_400_000;
const ROOT = resolve(import.meta.dirname, '..');
const SHARED_5M = resolve(import.meta.dirname, '../../shared/data/btcusdt-5m-2026-05-25_2026-06-22.csv');

const ms = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(0)} ms`;

function firstRenderLine(f: FirstRenderFigures): string {
  if (!f.measured) return `side panel first render: not measured (${f.reason})`;
  return (
    `side panel first render from cache (warm worker, ${f.loads} opens): median ${ms(f.medianMs)}, max ${ms(f.maxMs)}` +
    ` (aim ≤ ${f.aimMs} ms) · runs ${f.runsMs.map((n) => n.toFixed(0)).join(', ')} ms since navigation start`
  );
}

function panZoomLine(p: PanZoomFigures): string {
  if (!p.measured) return `side panel pan/zoom 30d: not measured (${p.reason})`;
  const longest = p.longestTaskMs === null ? '' : ` (longest ${ms(p.longestTaskMs)})`;
  return (
    `side panel pan/zoom 30d (${p.frames} frames): frame work median ${ms(p.medianMs)}, p95 ${ms(p.p95Ms)}` +
    ` (aim ≤ ${p.aimMs} ms) · rAF interval median ${ms(p.intervalMedianMs)}, p95 ${ms(p.intervalP95Ms)}` +
    ` · long tasks > 50 ms: ${p.longTasks}${longest} (aim: none)`
  );
}

/** The extension against a replay of `bars` standing still at `start`, its worker synced. */
async function withSyncedWorker<T>(
  browser: string,
  bars: Bar[],
  start: number,
  run: (ext: LaunchedExtension) => Promise<T>,
  notSynced: (reason: string) => T,
): Promise<T> {
  let replay: ReplayExchange | undefined;
  let ext: LaunchedExtension | undefined;
  try {
    replay = await startReplayExchange({ bars, symbol: DEMO_SYMBOL, start, speed: 0 });
    ext = await launchExtension({ replay, executablePath: browser });
    const panel = await openSidePanel(ext);
    try {
      await messageServiceWorker(panel, { type: 'refresh' });
      await panel.locator('[data-zone]').first().waitFor({ state: 'attached', timeout: 60_000 });
    } catch {
      return notSynced('the side panel showed no zones within 60 s (the worker did not sync)');
    } finally {
      await panel.close();
    }
    return await run(ext);
  } finally {
    await ext?.close();
    await replay?.close();
  }
}

function loadShared5m(): Bar[] | string {
  if (!existsSync(SHARED_5M)) return `${SHARED_5M} is missing`;
  const parsed = parseBarCsv(readFileSync(SHARED_5M, 'utf8'));
  return parsed.ok ? parsed.value.bars : `${SHARED_5M}: ${parsed.error}`;
}

async function main(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, { json: { type: 'boolean' } });
  if (!flags.ok) exitWithUsageError(PROGRAM, `${flags.error} (usage: tsx tools/bench-sidepanel.ts [--json])`);
  const json = flags.value.json ?? false;
  const browser = ensureChromiumOrExit();
  const note = (text: string) => process.stderr.write(`note: ${text}\n`);
  note(`${browser}, headless; building the extension (wxt build), then against the replay exchange`);
  try {
    execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    const output = error as { stdout?: Buffer; stderr?: Buffer };
    process.stderr.write(`${output.stdout?.toString() ?? ''}${output.stderr?.toString() ?? ''}`);
    throw new Error('wxt build failed (its output is above)');
  }

  const demo = loadDemoBars();
  const firstRender = await withSyncedWorker(
    browser,
    demo,
    demo[0]!.time + 2 * DAY,
    benchFirstRender,
    (reason): FirstRenderFigures => ({ measured: false, reason }),
  );
  if (!json) process.stdout.write(`${firstRenderLine(firstRender)}\n`);

  const shared = loadShared5m();
  let panZoom: PanZoomFigures;
  if (typeof shared === 'string') {
    note(`skipping pan/zoom: ${shared}`);
    panZoom = { measured: false, reason: shared };
  } else {
    note(`pan/zoom on ${shared.length.toLocaleString('en-US')} 5m bars, replay at the recording's end`);
    panZoom = await withSyncedWorker(
      browser,
      shared,
      shared[shared.length - 1]!.time + 5 * 60_000,
      async (ext) => {
        const panel = await openSidePanel(ext);
        try {
          return await benchPanZoom(panel);
        } finally {
          await panel.close();
        }
      },
      (reason): PanZoomFigures => ({ measured: false, reason }),
    );
  }
  if (json) process.stdout.write(`${JSON.stringify({ firstRender, panZoom })}\n`);
  else process.stdout.write(`${panZoomLine(panZoom)}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => exitWithInternalError(PROGRAM, error));
