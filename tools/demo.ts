/**
 * `npm run demo`: the extension at work on real recorded data, without internet. Starts the replay
 * exchange on the embedded three-day slice (tools/demo-data), launches Chromium with the built
 * extension routed to it, opens the stand-in Binance futures page (TradingView mode) and the side
 * panel, and lets replay time run. Headless, it writes demo-output/{page,popup,sidepanel}.png and
 * demo-output/summary.json with what the UI really showed. `--live` opens the real sites instead.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { Bar } from '../core/data/bars';
import { DEFAULT_SETTINGS } from '../core/settings';
import type { SyncStatus } from '../core/storage/db';
import {
  ensureChromiumOrExit,
  type LaunchedExtension,
  launchExtension,
  messageServiceWorker,
  openPopup,
  openSidePanel,
  readIndexedDbStore,
} from './browser';
import { binanceFuturesUrl, installBinancePage } from './browser/standin/binance-page';
import { readTradingView } from './browser/standin/site';
import { type DemoArgs, parseDemoArgs, USAGE } from './demo/args';
import { DEMO_CSV, DEMO_SYMBOL, loadDemoBars } from './demo/demo-bars';
import { DEMO_EVENTS_RULE, demoEventsCsv } from './demo/demo-events';
import { type DepthSummary, exchangesWithWalls, readDepth } from './demo/read-depth';
import { readOverlayBands, readSidePanelZones, type ShownZone } from './demo/read-ui';
import { type SourceSummary, summariseSources } from './demo/sources';
import { type ReplayExchange, startReplayExchange } from './replay-exchange/index';

const ROOT = resolve(import.meta.dirname, '..');
const OUTPUT = resolve(ROOT, 'demo-output');
const HOUR = 3_600_000;
const FIVE_MINUTES = 5 * 60_000;

interface DemoSummary {
  zones: ShownZone[];
  bands: number;
  firstBandsMs: number | null;
  sources: SourceSummary[];
  replay: {
    symbol: string;
    recording: string;
    recordedFrom: string;
    recordedTo: string;
    /** Replay "now" when the demo started and when it took the screenshots. */
    replayStart: string;
    replayEnd: string;
    /** Replay seconds per wall-clock second. */
    speed: number;
    ranForMs: number;
  };
  chart: { symbol: string; resolution: string; priceRange: { from: number; to: number } | null } | null;
  /**
   * Real-liquidation flow: what the replay pushed on the streams (SYNTHETIC events, made by the
   * rule named here), what the extension stored, and the live score as the side panel shows it.
   */
  liquidations: {
    synthetic: string;
    pushed: number;
    stored: number;
    storedByExchange: Record<string, number>;
    liveScore: string;
  };
  /**
   * The order books (issue 16): walls recorded per exchange, columns, each book's health, and what
   * the chart draws. The replay's books are SYNTHETIC (tools/replay-exchange/depth-book.ts).
   */
  depth: DepthSummary;
  notes: string[];
}

function log(message: string): void {
  console.log(`[demo] ${message}`);
}

function buildExtension(): void {
  log('building the extension (wxt build)…');
  try {
    execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    const output = error as { stdout?: Buffer; stderr?: Buffer };
    console.error(`${output.stdout?.toString() ?? ''}${output.stderr?.toString() ?? ''}`);
    throw new Error('wxt build failed');
  }
}

function untilInterrupted(): Promise<void> {
  return new Promise((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function runLive(browser: string): Promise<void> {
  log('live mode: real exchanges, the real Binance page; Ctrl-C to quit');
  const ext = await launchExtension({ executablePath: browser, headless: false, viewport: null });
  try {
    const page = await ext.context.newPage();
    await page.goto(binanceFuturesUrl(DEMO_SYMBOL));
    await openSidePanel(ext);
    await untilInterrupted();
  } finally {
    await ext.close();
  }
}

/** How often the demo asks the worker to sync: its one-minute alarm, compressed like replay time. */
const REFRESH_EVERY_MS = 2000;

async function runReplay(args: DemoArgs, browser: string): Promise<void> {
  const recorded = loadDemoBars();
  // A day and a half of history behind "now": the 12h and 24h windows are full when the demo
  // starts, and the rest of the flush (73.6k → 64.1k) plays out while it runs. The worker reads
  // the replay exchange's clock (server time), so the recording keeps its real dates.
  const start = recorded[0]!.time + 36 * HOUR;
  // Synthetic liquidation events (marked so) for the streams, from the replay start to the end.
  const eventsDir = await mkdtemp(join(tmpdir(), 'heatbands-demo-'));
  const eventsPath = join(eventsDir, 'events.csv');
  await writeFile(eventsPath, demoEventsCsv(recorded, start, lastRecorded(recorded)));
  const replay = await startReplayExchange({
    bars: recorded,
    symbol: DEMO_SYMBOL,
    start,
    speed: 0,
    events: eventsPath,
  });
  log(
    `replay exchange on ${replay.origin}; replay now ${new Date(start).toISOString()}, ×${args.speed} once the page is open`,
  );
  const startedAt = Date.now();
  let ext: LaunchedExtension | undefined;
  try {
    ext = await launchExtension({ executablePath: browser, replay, headless: args.headless });
    log(`extension ${ext.extensionId} loaded (${args.headless ? 'headless' : 'headed'})`);
    // The stand-in page draws the recorded bars up to replay-now, re-read every 2 s as time runs.
    const site = await installBinancePage(ext.context, {
      candles: () => recorded.filter((b) => b.time + FIVE_MINUTES <= replay.clock.now()),
      refreshMs: 2000,
      resolution: '5',
    });
    const page = await ext.context.newPage();
    const pageOpenedAt = Date.now();
    await page.goto(site.url(DEMO_SYMBOL, { mode: 'tradingview' }));
    const sidePanel = await openSidePanel(ext);
    await sidePanel.setViewportSize({ width: 420, height: 900 });
    // The depth shown where traders look: the profile and walls on the chart, the layer under the heat.
    await sidePanel.evaluate(`chrome.storage.local.get('settings').then(({ settings }) =>
      chrome.storage.local.set({ settings: { ...(settings ?? {}), ...${JSON.stringify(DEMO_DEPTH_SETTINGS)} } }))`);
    await page.bringToFront();
    replay.clock.setSpeed(args.speed);

    let firstBandsMs: number | null = null;
    const deadline = args.headless ? Date.now() + args.seconds * 1000 : Number.POSITIVE_INFINITY;
    let interrupted = false;
    if (!args.headless) {
      log('running; Ctrl-C to quit');
      void untilInterrupted().then(() => {
        interrupted = true;
      });
    }
    while (!interrupted && Date.now() < deadline && replay.clock.now() < lastRecorded(recorded)) {
      await messageServiceWorker(sidePanel, { type: 'refresh' });
      const bands = await readOverlayBands(page);
      if (bands.value > 0 && firstBandsMs === null) {
        firstBandsMs = Date.now() - pageOpenedAt;
        log(`first bands on the page after ${firstBandsMs} ms (${bands.value} bands)`);
      }
      await sleep(REFRESH_EVERY_MS);
    }
    if (!args.headless) {
      replay.clock.setSpeed(0);
      return;
    }
    await depthPhase(replay, sidePanel);
    replay.clock.setSpeed(0);
    // One last sync at the final replay time, waited for, so the screenshots agree with each other.
    const finalAsk = Date.now();
    await messageServiceWorker(sidePanel, { type: 'refresh' });
    await waitForSyncAfter(ext, finalAsk);
    await sleep(REFRESH_EVERY_MS);
    const bands = await readOverlayBands(page);
    if (bands.value > 0 && firstBandsMs === null) firstBandsMs = Date.now() - pageOpenedAt;
    await writeOutputs(ext, replay, page, sidePanel, firstBandsMs, {
      symbol: DEMO_SYMBOL,
      recording: DEMO_CSV.slice(ROOT.length + 1),
      recordedFrom: new Date(recorded[0]!.time).toISOString(),
      recordedTo: new Date(lastRecorded(recorded)).toISOString(),
      replayStart: new Date(start).toISOString(),
      replayEnd: new Date(replay.clock.now()).toISOString(),
      speed: args.speed,
      ranForMs: Date.now() - startedAt,
    });
  } finally {
    await ext?.close();
    await replay.close();
    await rm(eventsDir, { recursive: true, force: true });
  }
}

const DEMO_DEPTH_SETTINGS = { depthProfile: true, depthWalls: true, depthLayer: 'under' } as const;

/**
 * A wall must stand 60 s of replay time with a sample at least every 5 s: at the demo's ×600 the
 * books are sampled 10 replay minutes apart, which records columns but can never see a wall stand.
 * So the demo ends with replay time at ×4 until a wall stands on each book (at most 90 s).
 */
async function depthPhase(replay: ReplayExchange, sidePanel: Page): Promise<void> {
  // The replay's books place walls now and then (quarter hours, tools/replay-exchange/depth-book.ts):
  // replay time moves on (forward only, as time does) to 30 s before the next one that stands two
  // minutes, so the demo shows one rather than an empty stretch of book.
  const now = replay.clock.now();
  const walls = DEMO_DEPTH_EXCHANGES.flatMap((x) => replay.depth.walls(x, now, now + 6 * HOUR));
  // The first moment each followed book has a wall that starts within a minute and stands 2.5.
  const standsOn = (t: number) =>
    DEMO_DEPTH_EXCHANGES.every((x) =>
      walls.some((w) => w.exchange === x && w.from <= t + 60_000 && w.until >= t + 150_000),
    );
  const next = walls
    .map((w) => w.from)
    .filter((t) => t > now + 30_000)
    .sort((a, b) => a - b)
    .find(standsOn);
  if (next !== undefined) {
    replay.clock.set(next - 30_000);
    log(`depth: replay moved on to ${new Date(next - 30_000).toISOString()}, where each book places a wall`);
  }
  replay.clock.setSpeed(DEPTH_PHASE_SPEED);
  log(`depth: replay at ×${DEPTH_PHASE_SPEED} until a wall has stood 60 s on each book (at most 90 s)`);
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    await sleep(2_000);
    const walled = await exchangesWithWalls(sidePanel).catch(() => new Set<string>());
    if (DEMO_DEPTH_EXCHANGES.every((x) => walled.has(x))) {
      log(`depth: a wall stands on ${[...walled].join(' and ')}`);
      break;
    }
  }
  // Standing walls are written at the next 10 s boundary: let it pass before reading the database.
  await sleep(11_000);
}
const DEPTH_PHASE_SPEED = 4;
/** The exchanges the demo follows (the default settings'). */
const DEMO_DEPTH_EXCHANGES = DEFAULT_SETTINGS.exchanges;

/** What the streams carried and stored, and the live score line the side panel shows. */
async function readLiquidationFlow(
  ext: LaunchedExtension,
  sidePanel: Page,
  pushed: number,
): Promise<DemoSummary['liquidations']> {
  const worker = ext.currentServiceWorker() ?? ext.serviceWorker;
  const read = await readIndexedDbStore<{ exchange: string }>(worker, 'heatbands', 'liquidationEvents').catch(
    () => undefined,
  );
  const records = read?.found ? read.records : [];
  const storedByExchange: Record<string, number> = {};
  for (const r of records) storedByExchange[r.exchange] = (storedByExchange[r.exchange] ?? 0) + 1;
  await sidePanel.reload();
  await sidePanel
    .locator('.live-score')
    .waitFor({ timeout: 15_000 })
    .catch(() => {});
  const liveScore = (
    (await sidePanel
      .locator('.live-score')
      .textContent()
      .catch(() => '')) ?? ''
  )
    .replace(/\s+/g, ' ')
    .trim();
  return { synthetic: DEMO_EVENTS_RULE, pushed, stored: records.length, storedByExchange, liveScore };
}

/** Waits until every series' last sync attempt began after `since` (the worker stamps attempts). */
async function waitForSyncAfter(ext: LaunchedExtension, since: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const worker = ext.currentServiceWorker() ?? ext.serviceWorker;
    const read = await readIndexedDbStore<SyncStatus>(worker, 'heatbands', 'sync').catch(() => undefined);
    if (read?.found && read.records.length > 0 && read.records.every((s) => s.lastAttemptAt >= since)) return;
    await sleep(250);
  }
  log('NOTE the final sync did not finish in time; the screenshots show the one before');
}

function lastRecorded(bars: readonly Bar[]): number {
  return bars[bars.length - 1]!.time + FIVE_MINUTES;
}

async function writeOutputs(
  ext: LaunchedExtension,
  replayExchange: Pick<ReplayExchange, 'requests' | 'liquidationPushes'>,
  page: Page,
  sidePanel: Page,
  firstBandsMs: number | null,
  replay: DemoSummary['replay'],
): Promise<void> {
  await mkdir(OUTPUT, { recursive: true });
  const notes: string[] = [];
  const zones = await readSidePanelZones(sidePanel);
  const bands = await readOverlayBands(page);
  if (zones.note) notes.push(`zones: ${zones.note}`);
  if (bands.note) notes.push(`bands: ${bands.note}`);
  const chart = await readTradingView(page);
  if (!chart) notes.push('chart: the stand-in TradingView chart did not answer');
  const sources = summariseSources(replayExchange.requests);
  const liquidations = await readLiquidationFlow(ext, sidePanel, replayExchange.liquidationPushes.length);
  const depth = await readDepth(
    ext.currentServiceWorker() ?? ext.serviceWorker,
    sidePanel,
    page,
    DEMO_DEPTH_EXCHANGES,
  );
  for (const [x, n] of Object.entries(depth.walls))
    if (n === 0) notes.push(`depth: no wall recorded on ${x}`);
  if (!depth.chart) notes.push('depth: the chart shows no depth profile');
  if (sources.length === 0) notes.push('sources: the extension made no request to the replay exchange');

  await page.screenshot({ path: resolve(OUTPUT, 'page.png') });
  await sidePanel.screenshot({ path: resolve(OUTPUT, 'sidepanel.png'), fullPage: true });
  const popup = await openPopup(ext);
  await popup.setViewportSize({ width: 360, height: 640 });
  await popup.waitForTimeout(300);
  await popup.screenshot({ path: resolve(OUTPUT, 'popup.png'), fullPage: true });

  const summary: DemoSummary = {
    zones: zones.value,
    bands: bands.value,
    firstBandsMs,
    sources,
    replay,
    chart: chart && { symbol: chart.symbol, resolution: chart.resolution, priceRange: chart.priceRange },
    liquidations,
    depth,
    notes,
  };
  await writeFile(resolve(OUTPUT, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  log(`zones listed in the side panel: ${zones.value.length}; bands on the page: ${bands.value}`);
  log(
    `real-liquidation stream (SYNTHETIC events): ${liquidations.pushed} pushed, ${liquidations.stored} stored; live score: ${liquidations.liveScore}`,
  );
  log(
    `depth (SYNTHETIC books): walls ${JSON.stringify(depth.walls)}, columns ${JSON.stringify(depth.columns)}, books ${JSON.stringify(depth.books)}, chart ${JSON.stringify(depth.chart)}`,
  );
  for (const source of sources)
    log(`${source.exchange}: ${source.requests} requests to ${source.endpoints.length} endpoints`);
  for (const note of notes) log(`NOTE ${note}`);
  log(`wrote ${OUTPUT}/{page,popup,sidepanel}.png and summary.json`);
  if (zones.value.length === 0 || bands.value === 0) {
    // The demo's job is to show the extension working on real data; an empty frame is a failure.
    console.error(
      '[demo] FAILED: the side panel listed no zones or the page showed no bands (see notes above)',
    );
    process.exitCode = 1;
  }
}

async function main(): Promise<void> {
  const parsed = parseDemoArgs(process.argv.slice(2), process.env.DISPLAY);
  if (!parsed.ok) {
    console.error(`${parsed.error}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const args = parsed.value;
  // First, so a missing browser is installed (or named) before minutes go into the build.
  const browser = ensureChromiumOrExit();
  if (args.build) buildExtension();
  if (args.live) await runLive(browser);
  else await runReplay(args, browser);
}

main().catch((error: unknown) => {
  console.error('[demo] failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
