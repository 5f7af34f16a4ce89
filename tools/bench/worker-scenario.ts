import type { Page } from 'playwright-core';
import { type LaunchedExtension, launchExtension, messageServiceWorker, openSidePanel } from '../browser';
import { installBinancePage } from '../browser/standin/binance-page';
import { median } from '../cli/timing';
import { DEMO_SYMBOL, loadDemoBars } from '../demo/demo-bars';
import { type ReplayExchange, startReplayExchange } from '../replay-exchange/index';
import { type WorkerCpu, WorkerProfiler } from './worker-cpu';

/**
 * One build of the extension in the steady state issue 14 budgets: the replay exchange running at
 * SPEED, three stand-in Binance tabs in Trading View mode drawing bands, the side panel open.
 *
 * How bars arrive: replay time runs at SPEED× (a 5-minute bar closes every 300/SPEED = 5 s of
 * wall time, 12 a minute); NUDGE_MS after each close the bench sends the worker `refresh` from the
 * side panel, which syncs as the poll alarm does (entrypoints/background/pollAlarm.ts: the alarm
 * fires every minute of wall time and keeps firing here too, but a minute now holds 12 bars, and
 * without the nudge one sync would bring them all at once). Each sync so stores one new closed bar
 * per enabled exchange (Binance and Bybit by default). The measured window spans whole bar periods
 * (mid-bar to mid-bar), 12 bars by default: one minute, one poll alarm, in both builds.
 *
 * What is recorded over the window:
 * - the worker's CPU (tools/bench/worker-cpu.ts);
 * - engine runs: the new build counts them itself (`storage.session` `estimateStats.engineRuns`,
 *   builds plus advances that appended bars); the build before issue 14 ran the whole engine once
 *   per `get-heatmap` ask (alerts are off by default, the side panel computes in its own page), so
 *   there a listener the bench adds to the running worker (`chrome.runtime.onMessage`, read-only)
 *   counts the asks;
 * - ARRIVED, when a closed bar arrived: the sync writes each exchange's bars and its sync status in
 *   one IndexedDB transaction; the side panel page polls the `sync` store every POLL_MS and a bar
 *   arrived at the start of the last poll that did not see it yet on any exchange (so the figure
 *   errs long, by at most POLL_MS and one read);
 * - REDRAWN, when each tab's bands were redrawn: every paint of bands sets the
 *   `<heatbands-overlay>` host's `data-bands` (components/OverlayView.ts `render`), so a
 *   MutationObserver in each of the tab's documents (the top one and the chart frame's) logs
 *   `Date.now()` of each such mutation while the host's `data-state` is `drawing`: the canvas
 *   commands are issued by then, on screen at the next frame. A bar's redraw in a tab is that tab's
 *   first paint after the bar arrived, and in the new build also no earlier than the worker's
 *   `publishedAt` of the first published estimate whose `asOf` is past the bar (an earlier paint
 *   can only show older data). Bar → bands is the slowest tab's time for each bar.
 * All clocks are `Date.now()` on the one machine.
 */
export const SPEED = 60;
export const TABS = 3;
const FIVE_MINUTES = 5 * 60_000;
const DAY = 86_400_000;
const POLL_MS = 20;
/** Wall time after a bar closes in replay time before the bench asks for a sync. */
const NUDGE_MS = 300;
const VIEWPORT = { width: 1280, height: 800 };
const LOG = '__heatbandsWorkerBench';
const REDRAWS = '__heatbandsRedraws';
const ASKS = '__heatbandsBenchAsks';

export interface BarTiming {
  /** Open time of the bar, epoch ms (replay time). */
  bar: number;
  arrivedAt: number;
  /** The new build only: publishedAt of the first estimate whose asOf is past the bar. */
  publishedAfterMs?: number;
  /** Per tab, ms from arrival to that tab's redraw; null when the tab never redrew. */
  tabsMs: Array<number | null>;
  /** The slowest tab (null if one never redrew). */
  everyTabMs: number | null;
}

export interface ScenarioFigures {
  label: string;
  windowMs: number;
  cpu: WorkerCpu;
  cpuMsPerMinute: number;
  /** Bars that closed and were stored in the window. */
  bars: number;
  engineRuns: number;
  /** How engine runs were counted. */
  engineRunsFrom: 'estimateStats' | 'get-heatmap asks';
  engineRunsPerBar: number;
  /** get-heatmap messages the worker received in the window (both builds). */
  asks: number;
  timings: BarTiming[];
  barToBandsMs: { median: number; p95: number; max: number; samples: number };
  /** document.visibilityState of the tabs and panel: hidden pages would have throttled timers. */
  visibility: string[];
  workerRestarted: boolean;
}

export interface ScenarioOptions {
  executablePath: string;
  extensionPath: string;
  label: string;
  /** Bars to close in the window; the window is bars × 300/SPEED s. */
  bars: number;
  note: (text: string) => void;
}

// Runs in every frame of a trading tab from its start (source text: no transpiler helpers).
const REDRAW_WATCH = `(() => {
  const log = (window.${REDRAWS} = []);
  new MutationObserver((records) => {
    const at = Date.now();
    for (const r of records) {
      const host = r.target;
      if (host.localName === 'heatbands-overlay' && host.getAttribute('data-state') === 'drawing') {
        log.push(at);
        return;
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-bands'] });
})()`;

// Runs in the side panel: the sync store polled for new bars, the published estimate watched.
const ARRIVAL_WATCH = `(() => {
  const log = (window.${LOG} = { stored: [], published: [], error: null });
  chrome.storage.onChanged.addListener((changes, area) => {
    const value = area === 'local' && changes.estimate ? changes.estimate.newValue : undefined;
    if (value && value.reply && value.reply.ok) {
      log.published.push({ publishedAt: value.publishedAt, asOf: value.reply.asOf, seenAt: Date.now() });
    }
  });
  const open = indexedDB.open('heatbands');
  open.onerror = () => { log.error = String(open.error); };
  open.onsuccess = () => {
    const db = open.result;
    const newest = new Map();
    let previousStart = Date.now();
    const poll = () => {
      const started = Date.now();
      const read = db.transaction('sync').objectStore('sync').getAll();
      read.onsuccess = () => {
        for (const s of read.result) {
          if (s.interval !== '5m' || s.newestCandleTime === undefined) continue;
          const before = newest.get(s.exchange);
          if (before !== undefined && s.newestCandleTime > before) {
            log.stored.push({ exchange: s.exchange, bar: s.newestCandleTime, withOi: s.newestBarTime ?? null,
              notSeenAt: previousStart, seenAt: Date.now() });
          }
          newest.set(s.exchange, s.newestCandleTime);
        }
        previousStart = started;
        setTimeout(poll, ${POLL_MS});
      };
      read.onerror = () => { log.error = String(read.error); };
    };
    poll();
  };
})()`;

// Added to the running worker: counts the overlay's asks (read-only; nothing answers).
const COUNT_ASKS = `(() => {
  if (globalThis.${ASKS} !== undefined) return;
  globalThis.${ASKS} = 0;
  chrome.runtime.onMessage.addListener((message) => {
    if (message && message.type === 'get-heatmap') globalThis.${ASKS}++;
  });
})()`;

interface StoredLog {
  stored: Array<{ exchange: string; bar: number; withOi: number | null; notSeenAt: number; seenAt: number }>;
  published: Array<{ publishedAt: number; asOf: number; seenAt: number }>;
  error: string | null;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, Math.max(0, ms)));

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/** The host with the most bands in the tab or its chart frame. */
async function bandsShown(page: Page): Promise<number> {
  let most = 0;
  for (const frame of page.frames()) {
    const counts = (await frame
      .evaluate(`[...document.querySelectorAll('heatbands-overlay')].map((h) =>
        h.getAttribute('data-state') === 'drawing' ? Number(h.getAttribute('data-bands')) || 0 : 0)`)
      .catch(() => [])) as number[];
    most = Math.max(most, ...counts);
  }
  return most;
}

async function waitForBands(page: Page, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await bandsShown(page)) === 0) {
    if (Date.now() > deadline) throw new Error(`a trading tab drew no bands within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

async function redrawsOf(page: Page): Promise<number[]> {
  const all: number[] = [];
  for (const frame of page.frames()) {
    const times = (await frame.evaluate(`window.${REDRAWS} ?? []`).catch(() => [])) as number[];
    all.push(...times);
  }
  return all.sort((a, b) => a - b);
}

async function engineRunsNow(panel: Page): Promise<number | undefined> {
  const stats = (await panel.evaluate(
    `chrome.storage.session.get('estimateStats').then((s) => s.estimateStats ?? null)`,
  )) as { engineRuns: number } | null;
  return stats?.engineRuns;
}

async function asksNow(ext: LaunchedExtension): Promise<number> {
  const worker = ext.currentServiceWorker();
  return worker ? Number(await worker.evaluate(`globalThis.${ASKS} ?? NaN`)) : Number.NaN;
}

/** Arrivals: per bar, the start of the last poll before any exchange had stored it. */
function arrivals(log: StoredLog, from: number, to: number): Map<number, number> {
  const byBar = new Map<number, number>();
  for (const s of log.stored) {
    if (s.notSeenAt < from || s.notSeenAt > to) continue;
    byBar.set(s.bar, Math.min(byBar.get(s.bar) ?? Number.POSITIVE_INFINITY, s.notSeenAt));
  }
  return byBar;
}

export async function runScenario(options: ScenarioOptions): Promise<ScenarioFigures> {
  const { note } = options;
  const bars = loadDemoBars();
  const start = bars[0]!.time + 2 * DAY;
  const pageCandles = () => bars.filter((b) => b.time + FIVE_MINUTES <= start);
  let replay: ReplayExchange | undefined;
  let ext: LaunchedExtension | undefined;
  let profiler: WorkerProfiler | undefined;
  try {
    // Replay time stands still while the worker syncs its history and the tabs draw.
    replay = await startReplayExchange({ bars, symbol: DEMO_SYMBOL, start, speed: 0 });
    ext = await launchExtension({
      replay,
      executablePath: options.executablePath,
      extensionPath: options.extensionPath,
      viewport: VIEWPORT,
    });
    const panel = await openSidePanel(ext);
    await messageServiceWorker(panel, { type: 'refresh' });
    await panel.locator('[data-zone]').first().waitFor({ state: 'attached', timeout: 60_000 });

    const site = await installBinancePage(ext.context, { candles: pageCandles, resolution: '5' });
    const tabs: Page[] = [];
    for (let i = 0; i < TABS; i++) {
      const tab = await ext.context.newPage();
      await tab.addInitScript(REDRAW_WATCH);
      await tab.goto(site.url(DEMO_SYMBOL, { mode: 'tradingview' }));
      tabs.push(tab);
    }
    for (const tab of tabs) await waitForBands(tab);
    await panel.evaluate(ARRIVAL_WATCH);
    await ext.currentServiceWorker()?.evaluate(COUNT_ASKS);
    const visibility = (await Promise.all(
      [...tabs, panel].map((p) => p.evaluate('document.visibilityState')),
    )) as string[];

    profiler = await WorkerProfiler.attach(ext);
    const periodMs = FIVE_MINUTES / SPEED;
    replay.clock.setSpeed(SPEED);
    // Start the window mid-bar, once the first bar at speed has come and gone (steady state).
    const midBar = () => {
      const now = replay!.clock.now();
      const next = Math.floor(now / FIVE_MINUTES) * FIVE_MINUTES + FIVE_MINUTES;
      return (next - now) / SPEED + periodMs / 2;
    };
    const nudgeAtCloses = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const now = replay!.clock.now();
        const next = Math.floor(now / FIVE_MINUTES) * FIVE_MINUTES + FIVE_MINUTES;
        await sleep((next - now) / SPEED + NUDGE_MS);
        await messageServiceWorker(panel, { type: 'refresh' });
      }
    };
    await sleep(midBar());
    await nudgeAtCloses(1);
    await sleep(midBar() - periodMs);

    note(
      `${options.label}: measuring ${options.bars} bars (${((options.bars * periodMs) / 1000).toFixed(0)} s)…`,
    );
    const runs0 = await engineRunsNow(panel);
    const asks0 = await asksNow(ext);
    const from = Date.now();
    await profiler.start();
    await nudgeAtCloses(options.bars);
    await sleep(from + options.bars * periodMs - Date.now());
    const cpu = await profiler.stop();
    const to = Date.now();
    const runs1 = await engineRunsNow(panel);
    const asks1 = await asksNow(ext);
    // Let the last bar's redraws land before reading the logs.
    await sleep(2_000);

    const log = (await panel.evaluate(`window.${LOG}`)) as StoredLog;
    if (log.error) throw new Error(`the side panel could not read IndexedDB: ${log.error}`);
    const redraws = await Promise.all(tabs.map(redrawsOf));
    const timings: BarTiming[] = [];
    for (const [bar, arrivedAt] of arrivals(log, from, to)) {
      const published = log.published.find((p) => p.asOf > bar && p.publishedAt >= arrivedAt);
      const after = Math.max(arrivedAt, published?.publishedAt ?? arrivedAt);
      const tabsMs = redraws.map((times) => {
        const at = times.find((t) => t >= after);
        return at === undefined ? null : at - arrivedAt;
      });
      const complete = tabsMs.every((ms) => ms !== null);
      timings.push({
        bar,
        arrivedAt,
        ...(published ? { publishedAfterMs: published.publishedAt - arrivedAt } : {}),
        tabsMs,
        everyTabMs: complete ? Math.max(...(tabsMs as number[])) : null,
      });
    }
    const everyTab = timings.flatMap((t) => (t.everyTabMs === null ? [] : [t.everyTabMs]));
    const engineRunsFrom = runs0 !== undefined && runs1 !== undefined ? 'estimateStats' : 'get-heatmap asks';
    const engineRuns = engineRunsFrom === 'estimateStats' ? runs1! - runs0! : asks1 - asks0;
    const windowMs = to - from;
    return {
      label: options.label,
      windowMs,
      cpu,
      cpuMsPerMinute: cpu.cpuMs / (cpu.wallMs / 60_000),
      bars: timings.length,
      engineRuns,
      engineRunsFrom,
      engineRunsPerBar: timings.length > 0 ? engineRuns / timings.length : Number.NaN,
      asks: asks1 - asks0,
      timings,
      barToBandsMs: {
        median: median(everyTab),
        p95: percentile(everyTab, 0.95),
        max: everyTab.length ? Math.max(...everyTab) : Number.NaN,
        samples: everyTab.length,
      },
      visibility,
      workerRestarted: profiler.detached,
    };
  } finally {
    await profiler?.detach();
    await ext?.close();
    await replay?.close();
  }
}
