import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { type LaunchedExtension, launchExtension, messageServiceWorker, openSidePanel } from '../browser';
import { installBinancePage } from '../browser/standin/binance-page';
import { median } from '../cli/timing';
import { DEMO_SYMBOL, loadDemoBars } from '../demo/demo-bars';
import { type ReplayExchange, startReplayExchange } from '../replay-exchange/index';

/**
 * First bands with a warm worker: the built extension against the replay exchange, the worker
 * synced (the side panel shows zones), then the stand-in Binance page in Trading View mode, loaded
 * LOADS times. In the page, every animation frame, from the document's start: when did the chart
 * first report data (`tradingViewApi.activeChart().dataReady()`), and when did a
 * `<heatbands-overlay>` (top document or the chart frame's) first carry `data-bands` > 0?
 */
export type FirstBandsFigures =
  | {
      measured: true;
      loads: number;
      /** Per load: chart data → first bands. */
      runsMs: number[];
      medianMs: number;
      maxMs: number;
      aimMs: number;
      /**
       * Per load: the chart's model → first bands. The stand-in holds its model back (hasModel()
       * false) for 20 frames and 300 ms after its script starts, as the real library does for a
       * while, and no reader can place bands before it: the rest is the extension's own part.
       */
      afterModelMs: number[];
      afterModelMedianMs: number;
      /** data-bands at the first drawing, last load. */
      bands: number;
    }
  | { measured: false; reason: string };

const ROOT = resolve(import.meta.dirname, '../..');
const LOADS = 5;
const AIM_MS = 500;
const DAY = 86_400_000;
const FIVE_MINUTES = 5 * 60_000;
const RESULT = '__heatbandsFirstBands';

type PageResult =
  | { ok: true; ms: number; afterModelMs: number; bands: number }
  | { ok: false; reason: string };

// Source text, run in the top document from its start (no transpiler helper can leak into it).
const MEASURE = `(() => {
  if (window.top !== window) return;
  const BANDS_LIMIT_MS = 10000;
  const DATA_LIMIT_MS = 20000;
  const startedAt = performance.now();
  const seen = new Set();
  let dataAt = null;
  let modelAt = null;
  let bandsAt = null;
  let bands = 0;
  const finish = (result) => { window.${RESULT} = result; };
  const tick = () => {
    const now = performance.now();
    const frame = document.querySelector('iframe[id^="tradingview_"]');
    try {
      const chart = frame.contentWindow.tradingViewApi.activeChart();
      if (dataAt === null && chart.dataReady()) dataAt = now;
      if (modelAt === null && chart.hasModel()) modelAt = now;
    } catch {}
    const docs = [document];
    try { if (frame && frame.contentDocument) docs.push(frame.contentDocument); } catch {}
    for (const doc of docs) {
      for (const host of doc.querySelectorAll('heatbands-overlay')) {
        const count = Number(host.getAttribute('data-bands')) || 0;
        const reason = host.getAttribute('data-reason');
        seen.add(String(host.getAttribute('data-state')) + (reason ? ' "' + reason + '"' : ''));
        if (count > 0 && bandsAt === null) { bandsAt = now; bands = count; }
      }
    }
    if (dataAt !== null && bandsAt !== null) {
      // Bands need the model, so it was seen no later than them.
      return finish({ ok: true, ms: bandsAt - dataAt, afterModelMs: bandsAt - (modelAt ?? bandsAt), bands });
    }
    if (dataAt === null && now - startedAt > DATA_LIMIT_MS) {
      return finish({ ok: false, reason: 'the chart reported no data within 20 s' });
    }
    if (dataAt !== null && now - dataAt > BANDS_LIMIT_MS) {
      const states = seen.size ? [...seen].join(', ') : 'no heatbands-overlay element';
      return finish({ ok: false, reason: 'no bands within 10 s: ' + states });
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

function buildExtension(): string | undefined {
  try {
    execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'pipe' });
    return undefined;
  } catch (error) {
    const output = error as { stdout?: Buffer; stderr?: Buffer };
    process.stderr.write(`${output.stdout?.toString() ?? ''}${output.stderr?.toString() ?? ''}`);
    return 'wxt build failed (its output is above)';
  }
}

/** Syncs the worker and waits until the side panel lists zones; the reason when it never does. */
async function warmWorker(ext: LaunchedExtension): Promise<string | undefined> {
  const panel = await openSidePanel(ext);
  try {
    await messageServiceWorker(panel, { type: 'refresh' });
    await panel.locator('[data-zone]').first().waitFor({ state: 'attached', timeout: 60_000 });
    return undefined;
  } catch {
    return 'the side panel showed no zones within 60 s (the worker did not sync)';
  } finally {
    await panel.close();
  }
}

async function measureLoad(page: Page, load: () => Promise<unknown>): Promise<PageResult> {
  await load();
  await page.waitForFunction(`window.${RESULT} !== undefined`, null, { timeout: 40_000, polling: 100 });
  return page.evaluate<PageResult>(`window.${RESULT}`);
}

export async function benchFirstBands(executablePath: string): Promise<FirstBandsFigures> {
  const failedBuild = buildExtension();
  if (failedBuild) return { measured: false, reason: failedBuild };
  const bars = loadDemoBars();
  let replay: ReplayExchange | undefined;
  let ext: LaunchedExtension | undefined;
  try {
    // Two days into the recorded slice, replay time standing still: the worker's data stays put.
    replay = await startReplayExchange({
      bars,
      symbol: DEMO_SYMBOL,
      start: bars[0]!.time + 2 * DAY,
      speed: 0,
    });
    const now = replay.clock.now();
    ext = await launchExtension({ replay, executablePath });
    const site = await installBinancePage(ext.context, {
      candles: () => bars.filter((b) => b.time + FIVE_MINUTES <= now),
      resolution: '5',
    });
    const cold = await warmWorker(ext);
    if (cold) return { measured: false, reason: cold };

    const page = await ext.context.newPage();
    await page.addInitScript(MEASURE);
    await page.bringToFront();
    const url = site.url(DEMO_SYMBOL, { mode: 'tradingview' });
    const runsMs: number[] = [];
    const afterModelMs: number[] = [];
    let bands = 0;
    for (let i = 0; i < LOADS; i++) {
      const result = await measureLoad(page, () =>
        i === 0 ? page.goto(url, { waitUntil: 'commit' }) : page.reload({ waitUntil: 'commit' }),
      );
      if (!result.ok) return { measured: false, reason: result.reason };
      runsMs.push(result.ms);
      afterModelMs.push(result.afterModelMs);
      bands = result.bands;
    }
    return {
      measured: true,
      loads: LOADS,
      runsMs,
      medianMs: median(runsMs),
      maxMs: Math.max(...runsMs),
      aimMs: AIM_MS,
      afterModelMs,
      afterModelMedianMs: median(afterModelMs),
      bands,
    };
  } finally {
    await ext?.close();
    await replay?.close();
  }
}
