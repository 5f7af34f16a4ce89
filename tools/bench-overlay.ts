/**
 * npm run bench [-- --json] runs it after tools/bench.ts (tools/bench/all.ts); alone:
 * tsx tools/bench-overlay.ts [--json]. The overlay's budget in a real Chromium, figures side by side,
 * no pass/fail:
 * - redraw: the overlay view repainting 1,000 bands on each frame of a pan/zoom, against the
 *   floor of clearing a canvas and filling the same rectangles (tools/bench/redraw.ts); then the
 *   same with the live depth profile (three books) and 30 wall outlines drawn too (issue 16);
 * - first bands: with the worker warm, the time from the TradingView chart reporting data to the
 *   overlay's first bands, over 5 loads of the stand-in Binance page (tools/bench/first-bands.ts);
 *   it builds the extension first (wxt build).
 * --json prints one object { redraw, redrawDepth, firstBands } with the figures of each;
 * --redraw-only skips the first-bands run (and its build).
 */

import { benchFirstBands, type FirstBandsFigures } from './bench/first-bands';
import { benchRedraw, type RedrawFigures } from './bench/redraw';
import { ensureChromiumOrExit } from './browser';
import { exitWithInternalError, exitWithUsageError, parseFlags } from './cli/args';

const PROGRAM = 'bench-overlay';

const ms = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(0)} ms`;

function redrawLine(r: RedrawFigures): string {
  const longest = r.longestTaskMs === null ? '' : ` (longest ${ms(r.longestTaskMs)})`;
  return (
    `redraw ${r.bands.toLocaleString('en-US')} bands${r.depth ? ' + depth profile and walls' : ''} (${r.drawnMedian} in view, ${r.pane.width}×${r.pane.height} px, ` +
    `${r.frames} frames): median ${ms(r.medianMs)}, p95 ${ms(r.p95Ms)} (aim ≤ ${r.aimMs} ms)` +
    ` · floor ${ms(r.floorMedianMs)}, p95 ${ms(r.floorP95Ms)} · ratio ${r.ratio.toFixed(1)}` +
    ` · long tasks > 50 ms: ${r.longTasks}${longest}`
  );
}

function firstBandsLine(f: FirstBandsFigures): string {
  if (!f.measured) return `first bands: not measured (${f.reason})`;
  return (
    `first bands after chart data (warm worker, ${f.loads} loads): median ${ms(f.medianMs)}, max ${ms(f.maxMs)}` +
    ` (aim ≤ ${f.aimMs} ms) · runs ${f.runsMs.map((n) => n.toFixed(0)).join(', ')} ms` +
    ` · after the chart's model: median ${ms(f.afterModelMedianMs)} · ${f.bands} bands`
  );
}

async function main(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, { json: { type: 'boolean' }, 'redraw-only': { type: 'boolean' } });
  if (!flags.ok)
    exitWithUsageError(PROGRAM, `${flags.error} (usage: npm run bench [-- --json] [--redraw-only])`);
  const json = flags.value.json ?? false;
  const redrawOnly = flags.value['redraw-only'] ?? false;
  const browser = ensureChromiumOrExit();
  const note = (text: string) => process.stderr.write(`note: ${text}\n`);
  note(`${browser}, headless; medians over animation frames, view and floor interleaved`);

  const redraw = await benchRedraw(browser);
  if (!redraw.fineTimer) note('the page was not cross-origin isolated: performance.now() ticks in 0.1 ms');
  if (redraw.warmUpLongTasksMs.length > 0) {
    note(`long tasks during the 30 warm-up frames: ${redraw.warmUpLongTasksMs.map(ms).join(', ')}`);
  }
  if (!json) process.stdout.write(`${redrawLine(redraw)}\n`);
  const redrawDepth = await benchRedraw(browser, { depth: true });
  if (!json) process.stdout.write(`${redrawLine(redrawDepth)}\n`);
  if (redrawOnly) {
    if (json) process.stdout.write(`${JSON.stringify({ redraw, redrawDepth })}\n`);
    return;
  }

  note('building the extension (wxt build) for the first-bands run…');
  const firstBands = await benchFirstBands(browser);
  if (json) process.stdout.write(`${JSON.stringify({ redraw, redrawDepth, firstBands })}\n`);
  else process.stdout.write(`${firstBandsLine(firstBands)}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => exitWithInternalError(PROGRAM, error));
