/**
 * npm run bench [-- --json] runs it last (tools/bench/all.ts); alone: tsx tools/bench-page.ts [--json].
 * What the extension costs the exchange page it runs in, in a real Chromium against the extension
 * it builds first (wxt build), its worker warm and synced on the replay exchange (issue 13):
 * - soak: an hour-equivalent of pan and zoom (3,600 steps, one per second of the hour, as fast as
 *   frames allow) on the stand-in Binance page in Trading View mode, with the overlay drawing bands,
 *   and the same walk on the same page in a Chromium without the extension, in the same run; the
 *   page's JS event listeners, DOM nodes and JS heap after forced GC sampled every 360 steps
 *   (tools/bench/page-soak.ts). Aims for the extension's run: listeners and nodes do not grow, heap
 *   grows ≤ 1 MB.
 * - bridge cost: the chart bridge's own work per animation frame on that page with 20 more iframes,
 *   FRAMES idle and FRAMES panning; median and p95, aim ≤ 0.2 ms median (tools/bench/bridge-cost.ts).
 * --json prints one object { soak: { without, with, aims }, bridge }.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { type BridgeCostFigures, benchBridgeCost, isolate, routeExtraFrames } from './bench/bridge-cost';
import { HOUR_STEPS, type SoakFigures, soak } from './bench/page-soak';
import {
  ensureChromiumOrExit,
  type LaunchedExtension,
  launchExtension,
  messageServiceWorker,
  openSidePanel,
} from './browser';
import { installBinancePage } from './browser/standin/binance-page';
import { exitWithInternalError, exitWithUsageError, parseFlags } from './cli/args';
import { renderTable } from './cli/format';
import { DEMO_SYMBOL, loadDemoBars } from './demo/demo-bars';
import { type ReplayExchange, startReplayExchange } from './replay-exchange/index';

const PROGRAM = 'bench-page';
const ROOT = resolve(import.meta.dirname, '..');
const DAY = 86_400_000;
const FIVE_MINUTES = 5 * 60_000;
const VIEWPORT = { width: 1280, height: 800 };
const AIMS = { listeners: 0, nodes: 0, heapMb: 1 } as const;

const note = (text: string) => process.stderr.write(`note: ${text}\n`);

function build(): void {
  try {
    execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    const output = error as { stdout?: Buffer; stderr?: Buffer };
    process.stderr.write(`${output.stdout?.toString() ?? ''}${output.stderr?.toString() ?? ''}`);
    throw new Error('wxt build failed (its output is above)');
  }
}

/** What the overlay shows in the page or its chart frame: the host with the most bands. */
async function overlayShown(page: Page): Promise<{ state: string; bands: number }> {
  let best = { state: 'none', bands: 0 };
  for (const frame of page.frames()) {
    const found = await frame
      .evaluate(`[...document.querySelectorAll('heatbands-overlay')].map((h) =>
        ({ state: h.getAttribute('data-state') ?? '', bands: Number(h.getAttribute('data-bands')) || 0 }))`)
      .catch(() => [] as Array<{ state: string; bands: number }>);
    for (const shown of found as Array<{ state: string; bands: number }>) {
      if (shown.bands > best.bands || best.state === 'none') best = shown;
    }
  }
  return best;
}

async function withBands(page: Page): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await overlayShown(page)).bands === 0) {
    if (Date.now() > deadline) {
      throw new Error(`the overlay drew no bands within 30 s: ${JSON.stringify(await overlayShown(page))}`);
    }
    await page.waitForTimeout(200);
  }
}

/** The walk on the stand-in page in a Chromium with no extension at all. */
async function soakWithout(
  browser: string,
  candles: () => ReturnType<typeof loadDemoBars>,
): Promise<SoakFigures> {
  const plain = await chromium.launch({ executablePath: browser, headless: true });
  try {
    const context = await plain.newContext({ viewport: VIEWPORT });
    const site = await installBinancePage(context, { candles, resolution: '5' });
    const page = await context.newPage();
    await page.goto(site.url(DEMO_SYMBOL, { mode: 'tradingview' }));
    return await soak(page, 'without extension');
  } finally {
    await plain.close();
  }
}

async function withExtension(
  browser: string,
  bridgeOnly = false,
): Promise<{ soak?: SoakFigures; bridge: BridgeCostFigures; without?: SoakFigures }> {
  const bars = loadDemoBars();
  let replay: ReplayExchange | undefined;
  let ext: LaunchedExtension | undefined;
  // Two days into the recorded slice, replay time standing still: the worker's data stays put.
  const start = bars[0]!.time + 2 * DAY;
  const candles = () => bars.filter((b) => b.time + FIVE_MINUTES <= start);
  // The baseline first, alone on the machine.
  note(`soak without the extension: ${HOUR_STEPS.toLocaleString('en-US')} steps…`);
  const without = bridgeOnly ? undefined : await soakWithout(browser, candles);
  try {
    replay = await startReplayExchange({ bars, symbol: DEMO_SYMBOL, start, speed: 0 });
    ext = await launchExtension({ replay, executablePath: browser, viewport: VIEWPORT });
    const panel = await openSidePanel(ext);
    try {
      await messageServiceWorker(panel, { type: 'refresh' });
      await panel.locator('[data-zone]').first().waitFor({ state: 'attached', timeout: 60_000 });
    } finally {
      await panel.close();
    }

    let soakWith: SoakFigures | undefined;
    if (!bridgeOnly) {
      note(`soak with the extension: ${HOUR_STEPS.toLocaleString('en-US')} steps…`);
      const site = await installBinancePage(ext.context, { candles, resolution: '5' });
      const page = await ext.context.newPage();
      await page.goto(site.url(DEMO_SYMBOL, { mode: 'tradingview' }));
      await withBands(page);
      soakWith = await soak(page, 'with extension', () => overlayShown(page));
      await page.close();
      await site.uninstall();
    }

    note('bridge cost: idle, then panning…');
    const isolatedSite = await installBinancePage(isolate(ext.context), { candles, resolution: '5' });
    await routeExtraFrames(ext.context, isolatedSite.definition.origin);
    const bridgePage = await ext.context.newPage();
    const bridge = await benchBridgeCost(
      bridgePage,
      isolatedSite.url(DEMO_SYMBOL, { mode: 'tradingview' }),
      isolatedSite.definition.origin,
    );
    return { soak: soakWith, bridge, without };
  } finally {
    await ext?.close();
    await replay?.close();
  }
}

function verdicts(run: SoakFigures) {
  return {
    listeners: run.growth.listeners <= AIMS.listeners,
    nodes: run.growth.nodes <= AIMS.nodes,
    heapMb: run.growth.heapMb <= AIMS.heapMb,
  };
}

function printSoak(without: SoakFigures, withExt: SoakFigures): void {
  const met = verdicts(withExt);
  const first = (run: SoakFigures) => run.samples[0]!;
  const last = (run: SoakFigures) => run.samples[run.samples.length - 1]!;
  const signed = (n: number, digits = 0) =>
    `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n).toFixed(digits)}`;
  const cell = (run: SoakFigures, key: 'listeners' | 'nodes' | 'heapMb') => {
    const digits = key === 'heapMb' ? 2 : 0;
    return `${first(run)[key].toFixed(digits)} → ${last(run)[key].toFixed(digits)} (${signed(run.growth[key], digits)})`;
  };
  const rows = (
    [
      ['JS event listeners', 'listeners', '± 0'],
      ['DOM nodes (chart frame included)', 'nodes', '± 0'],
      ['JS heap after GC, MB', 'heapMb', '≤ +1'],
    ] as const
  ).map(([name, key, aim]) => [
    name,
    cell(without, key),
    cell(withExt, key),
    aim,
    met[key] ? 'met' : 'NOT met',
  ]);
  process.stdout.write(
    `soak: ${HOUR_STEPS.toLocaleString('en-US')} pan/zoom steps (an hour at one step a second), samples every ${HOUR_STEPS / 10} steps after forced GC\n`,
  );
  process.stdout.write(
    `${renderTable(['page', 'without extension', 'with extension', 'aim', ''], rows, ['left', 'right', 'right', 'right', 'left'])}\n`,
  );
  for (const run of [without, withExt]) {
    const shown = run.overlay ? `; overlay at the end: ${run.overlay.state}, ${run.overlay.bands} bands` : '';
    process.stdout.write(
      `  ${run.label}: ${run.seconds.toFixed(0)} s, ${run.rangeChanges.toLocaleString('en-US')} visible-range changes${shown}; ` +
        `listeners per sample ${run.samples.map((s) => s.listeners).join(' ')}; ` +
        `heap MB ${run.samples.map((s) => s.heapMb.toFixed(2)).join(' ')}\n`,
    );
  }
}

function printBridge(b: BridgeCostFigures): void {
  const ms = (n: number) => `${n.toFixed(3)} ms`;
  const line = (name: string, p: BridgeCostFigures['idle']) =>
    `  ${name.padEnd(8)} ${p.frames} frames: median ${ms(p.medianMs)}, p95 ${ms(p.p95Ms)}, mean ${ms(p.meanMs)}, max ${ms(p.maxMs)}` +
    ` (aim ≤ ${b.aimMs} ms median: ${p.medianMs <= b.aimMs ? 'met' : `NOT met, ${(p.medianMs / b.aimMs).toFixed(1)}× the aim`})` +
    ` · ${p.postsPerFrame.toFixed(2)} posts/frame of ${Math.round(p.postBytes).toLocaleString('en-US')} B`;
  process.stdout.write(
    `bridge cost per frame (${b.iframes} iframes in the page, timer ${b.fineTimer ? '5 µs' : '100 µs: not isolated'}):\n`,
  );
  process.stdout.write(`${line('idle', b.idle)}\n${line('panning', b.panning)}\n`);
  const shares = (list: BridgeCostFigures['profile']['self']) =>
    list.map((l) => `${l.name} ${(l.share * 100).toFixed(0)}%`).join(', ');
  process.stdout.write(
    `  where it goes while panning (${b.profile.samples} profile samples under the bridge)\n` +
      `    self: ${shares(b.profile.self)}\n    inclusive: ${shares(b.profile.inclusive)}\n`,
  );
}

async function main(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, { json: { type: 'boolean' }, 'bridge-only': { type: 'boolean' } });
  if (!flags.ok) {
    exitWithUsageError(PROGRAM, `${flags.error} (usage: tsx tools/bench-page.ts [--json] [--bridge-only])`);
  }
  const json = flags.value.json ?? false;
  const browser = ensureChromiumOrExit();
  note(`${browser}, headless; building the extension (wxt build), then against the replay exchange`);
  build();
  const {
    soak: withExt,
    bridge,
    without,
  } = await withExtension(browser, flags.value['bridge-only'] ?? false);
  const soakFigures =
    withExt && without ? { without, with: withExt, aims: AIMS, met: verdicts(withExt) } : undefined;
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...(soakFigures ? { soak: soakFigures } : {}), bridge })}\n`);
    return;
  }
  if (withExt && without) printSoak(without, withExt);
  printBridge(bridge);
}

main(process.argv.slice(2)).catch((error: unknown) => exitWithInternalError(PROGRAM, error));
