import type { Page } from 'playwright-core';
import { DEPTH_COLUMN_MS } from '../../core/depth/depthColumns';
import type { LiveDepth } from '../../core/depth/types';
import { DEFAULT_SETTINGS, type Settings } from '../../core/settings';
import { type LaunchedExtension, launchExtension, openExtensionPage, readIndexedDbStore } from '../browser';
import { isDrawing, waitForOverlay } from '../browser/overlay';
import { installBinancePage } from '../browser/standin/binance-page';
import { DEMO_SYMBOL, loadDemoBars } from '../demo/demo-bars';
import { type ReplayExchange, startReplayExchange } from '../replay-exchange/index';
import { type WorkerCpu, WorkerProfiler } from './worker-cpu';

/**
 * The order books' cost in the REAL worker (issue 16): the built extension in headless Chromium
 * against the replay exchange at ×1 (SYNTHETIC books on all three exchanges, 10 messages a second
 * each: tools/replay-exchange/README.md), one stand-in Binance trading page open so the streams
 * run, the three exchanges enabled. The same worker alternates phases with `recordDepth` on and off
 * (on, off, on, off, …), written to chrome.storage.local as the options page does: off closes the
 * three depth sockets and drops the books (entrypoints/background/streams.ts), the liquidation and
 * price streams stay. The machine is shared and noisy, so on and off take turns in one run rather
 * than one after the other.
 *
 * Per phase, after SETTLE_MS (and, when on, once the three books are live):
 * - the worker thread's CPU over `phaseSec` (tools/bench/worker-cpu.ts: non-idle profile samples);
 * - the worker's JS heap after a forced GC at the end of the phase (CDP on the worker target);
 * - depth write transactions: the bench wraps IDBDatabase.prototype.transaction in the running
 *   worker (from outside, through Playwright's worker.evaluate; the extension exposes nothing) and
 *   counts the readwrite transactions that include the `depthColumns` store;
 * - the replay's clock at its start and end, to count afterwards the 10 s column boundaries stored
 *   in IndexedDB within the phase (a cross-check of the transaction count: each flush writes the
 *   columns of all exchanges of one boundary in one transaction).
 */
export const SETTLE_MS = 5_000;
const EXCHANGES = ['binance', 'bybit', 'okx'] as const;
const FIVE_MINUTES = 5 * 60_000;
/** A minute before the 15:05 bar; the replay's planned ask wall stands 15:00:27–15:14:59. */
const START = Date.UTC(2026, 5, 2, 15, 4);
const TX = '__heatbandsBenchDepthTx';

export interface DepthPhase {
  depth: boolean;
  cpu: WorkerCpu;
  /** Worker JS heap after a full GC at the phase's end, bytes; null when CDP would not say. */
  heapBytes: number | null;
  /** Readwrite transactions on `depthColumns` during the profiled window. */
  transactions: number;
  /** Replay (= exchange) time at the window's start and end. */
  replayFrom: number;
  replayTo: number;
  liveBooks: number;
  /** Walls in the live depth published at the window's end. */
  walls: number;
}

export interface DepthWorkerFigures {
  phases: DepthPhase[];
  /** Worker CPU with depth minus without, % of one core (sums over the phases of each kind). */
  cpuPercentOfCore: number;
  cpuPercentOn: number;
  cpuPercentOff: number;
  /** On minus the following off, per pair, % of one core. */
  pairPercents: number[];
  /** Median heap of the on phases minus that of the off phases, MB; null when not read. */
  heapDepthMB: number | null;
  /** Counted transactions per 10 s boundary of the on windows (each holds phaseSec / 10). */
  transactionsPer10s: number;
  /** Distinct stored column times per 10 s of the on phases (from IndexedDB). */
  storedBoundariesPer10s: number;
  /** Columns stored per exchange over the whole run. */
  storedColumns: Record<string, number>;
  /** Walls in the live depth at the end of the last on phase. */
  walls: number;
  workerRestarted: boolean;
}

const COUNT_TRANSACTIONS = `(() => {
  if (globalThis.${TX}) return;
  const counter = { depth: 0 };
  globalThis.${TX} = counter;
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (stores, mode, ...rest) {
    const names = typeof stores === 'string' ? [stores] : [...stores];
    if (mode === 'readwrite' && names.includes('depthColumns')) counter.depth++;
    return transaction.call(this, stores, mode, ...rest);
  };
})()`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function runDepthScenario(options: {
  executablePath: string;
  extensionPath: string;
  phaseSec: number;
  /** Pairs of phases (on, off). */
  pairs: number;
  note: (text: string) => void;
}): Promise<DepthWorkerFigures> {
  const { phaseSec, pairs, note } = options;
  const bars = loadDemoBars();
  let replay: ReplayExchange | undefined;
  let ext: LaunchedExtension | undefined;
  let profiler: WorkerProfiler | undefined;
  try {
    replay = await startReplayExchange({ bars, symbol: DEMO_SYMBOL, start: START, speed: 1 });
    ext = await launchExtension({ replay, extensionPath: options.extensionPath });
    const clock = replay.clock;
    const site = await installBinancePage(ext.context, {
      candles: () => bars.filter((b) => b.time + FIVE_MINUTES <= clock.now()),
      resolution: '5',
    });
    const extensionPage: Page = await openExtensionPage(ext, 'popup.html');
    const settings: Settings = { ...DEFAULT_SETTINGS, exchanges: [...EXCHANGES], recordDepth: true };
    const setDepth = (on: boolean) =>
      extensionPage.evaluate(
        `chrome.storage.local.set({ settings: ${JSON.stringify({ ...settings, recordDepth: on })} })`,
      );
    const liveDepth = () =>
      extensionPage.evaluate(
        'chrome.storage.local.get("liveDepth").then((r) => r.liveDepth ?? null)',
      ) as Promise<LiveDepth | null>;
    const liveBooks = async () =>
      (await liveDepth())?.books.filter((b) => b.health.state === 'live').length ?? 0;
    await setDepth(true);
    const page = await ext.context.newPage();
    await page.goto(site.url(DEMO_SYMBOL, { mode: 'tradingview' }));
    await page.mouse.move(1, 1);
    await waitForOverlay(page, isDrawing, { what: 'drawing overlay', timeoutMs: 40_000 }).catch(() =>
      note('the overlay did not reach drawing within 40 s; measuring anyway'),
    );
    const waitLive = async (timeoutMs: number) => {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if ((await liveBooks()) === EXCHANGES.length) return true;
        await sleep(250);
      }
      return false;
    };
    if (!(await waitLive(45_000))) throw new Error('the three books did not go live within 45 s');
    const worker = () => ext!.currentServiceWorker() ?? ext!.serviceWorker;
    await worker().evaluate(COUNT_TRANSACTIONS);
    const transactions = () => worker().evaluate(`globalThis.${TX}?.depth ?? 0`) as Promise<number>;
    profiler = await WorkerProfiler.attach(ext);
    const phases: DepthPhase[] = [];
    for (let i = 0; i < 2 * pairs; i++) {
      const depth = i % 2 === 0;
      const toggled = Date.now();
      if (i > 0) await setDepth(depth);
      if (depth && !(await waitLive(30_000))) note(`phase ${i + 1}: not all books live after 30 s`);
      // Windows last whole 10 s periods and start 2–9 s past a 10 s boundary of the worker's clock
      // (the same machine's): a flush runs within about a second after its boundary, so each window
      // holds exactly phaseSec / 10 of them.
      const ready = Math.max(toggled + SETTLE_MS, Date.now());
      const offset = ready % DEPTH_COLUMN_MS;
      const start =
        offset >= 2_000 && offset <= 9_000
          ? ready
          : ready - offset + (offset < 2_000 ? 0 : DEPTH_COLUMN_MS) + 2_000;
      await sleep(start - Date.now());
      const tx0 = await transactions();
      const replayFrom = clock.now();
      await profiler.start();
      await sleep(phaseSec * 1000 - 20);
      const cpu = await profiler.stop();
      const replayTo = clock.now();
      const tx1 = await transactions();
      const published = await liveDepth();
      const live = published?.books.filter((b) => b.health.state === 'live').length ?? 0;
      const heapBytes = await profiler.heapUsedAfterGc().catch((e: Error) => {
        note(`worker heap not read: ${e.message}`);
        return null;
      });
      phases.push({
        depth,
        cpu,
        heapBytes,
        transactions: tx1 - tx0,
        replayFrom,
        replayTo,
        liveBooks: live,
        walls: published?.walls.length ?? 0,
      });
      note(
        `phase ${i + 1}/${2 * pairs} depth ${depth ? 'on ' : 'off'}: ${cpu.cpuMs.toFixed(0)} ms CPU over ` +
          `${(cpu.wallMs / 1000).toFixed(1)} s = ${((100 * cpu.cpuMs) / cpu.wallMs).toFixed(2)} % · ` +
          `${tx1 - tx0} depth transactions · ${live} books live · heap ${heapBytes === null ? '—' : `${(heapBytes / 1e6).toFixed(2)} MB`}`,
      );
    }
    const read = await readIndexedDbStore<{ exchange: string; time: number }>(
      worker(),
      'heatbands',
      'depthColumns',
    );
    const records = read.found ? read.records : [];
    const storedColumns: Record<string, number> = {};
    for (const r of records) storedColumns[r.exchange] = (storedColumns[r.exchange] ?? 0) + 1;
    const on = phases.filter((p) => p.depth);
    const off = phases.filter((p) => !p.depth);
    const share = (ps: DepthPhase[]) =>
      (100 * ps.reduce((a, p) => a + p.cpu.cpuMs, 0)) / ps.reduce((a, p) => a + p.cpu.wallMs, 0);
    const onSec = on.reduce((a, p) => a + (p.replayTo - p.replayFrom) / 1000, 0);
    // A column [t, t + 10 s) is written once it has closed: count it in the phase it closed in.
    let boundaries = 0;
    for (const p of on) {
      const closedIn = records.filter(
        (r) => r.time + DEPTH_COLUMN_MS >= p.replayFrom && r.time + DEPTH_COLUMN_MS < p.replayTo,
      );
      boundaries += new Set(closedIn.map((r) => r.time)).size;
    }
    const heaps = (ps: DepthPhase[]) => ps.flatMap((p) => (p.heapBytes === null ? [] : [p.heapBytes]));
    const heapOn = heaps(on);
    const heapOff = heaps(off);
    return {
      phases,
      cpuPercentOfCore: share(on) - share(off),
      cpuPercentOn: share(on),
      cpuPercentOff: share(off),
      pairPercents: on.map(
        (p, i) => (100 * p.cpu.cpuMs) / p.cpu.wallMs - (100 * off[i]!.cpu.cpuMs) / off[i]!.cpu.wallMs,
      ),
      heapDepthMB: heapOn.length && heapOff.length ? (median(heapOn) - median(heapOff)) / 1e6 : null,
      // Each window holds exactly phaseSec / 10 flush boundaries (see the alignment above).
      transactionsPer10s: on.reduce((a, p) => a + p.transactions, 0) / ((on.length * phaseSec) / 10),
      storedBoundariesPer10s: (boundaries * 10) / onSec,
      storedColumns,
      walls: on.at(-1)?.walls ?? 0,
      workerRestarted: profiler.detached,
    };
  } finally {
    await profiler?.detach();
    await ext?.close();
    await replay?.close();
  }
}
