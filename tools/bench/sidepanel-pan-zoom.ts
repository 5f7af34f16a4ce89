import type { Page } from 'playwright-core';
import { DEFAULT_SETTINGS } from '../../core/settings';
import { median } from '../cli/timing';
import { pollUntil } from './sidepanel-first-render';

/**
 * Pan and zoom over a 30d grid: the settings' window set to 30d, the panel waits for the worker's
 * backfill and the chart, then synthetic drags and wheel turns on the chart for FRAMES animation
 * frames. In the page, per frame: the work from the frame's start (the rAF timestamp) to the first
 * task after its rendering (a message posted from the rAF callback), and the rAF interval; long
 * tasks from a PerformanceObserver('longtask').
 */
export type PanZoomFigures =
  | {
      measured: true;
      frames: number;
      medianMs: number;
      p95Ms: number;
      intervalMedianMs: number;
      intervalP95Ms: number;
      aimMs: number;
      longTasks: number;
      longestTaskMs: number | null;
    }
  | { measured: false; reason: string };

const FRAMES = 300;
const AIM_MS = 8;
const STATE = '__heatbandsPanZoom';

const RECORD = `(() => {
  const s = { work: [], intervals: [], longTasks: [], last: null, stop: false };
  window.${STATE} = s;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) s.longTasks.push(e.duration);
  }).observe({ type: 'longtask' });
  const channel = new MessageChannel();
  let frameStart = 0;
  channel.port1.onmessage = () => s.work.push(performance.now() - frameStart);
  const tick = (t) => {
    if (s.stop) return;
    if (s.last !== null) s.intervals.push(t - s.last);
    s.last = t;
    frameStart = t;
    channel.port2.postMessage(0);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

interface Recorded {
  work: number[];
  intervals: number[];
  longTasks: number[];
}

function p95(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? Number.NaN;
}

/** Sets the window to 30d and waits for the panel to show it with no backfill in progress. */
async function show30d(panel: Page): Promise<string | undefined> {
  await panel.evaluate(
    `chrome.storage.local.set({ settings: { ...${JSON.stringify(DEFAULT_SETTINGS)}, window: '30d' } })`,
  );
  const shown = `document.querySelector('header .title')?.textContent?.includes('30d') &&
       document.querySelectorAll('[data-progress-exchange]').length === 0 &&
       document.querySelector('.study-chart canvas') !== null && window.heatbandsStudy !== undefined`;
  // A backfill may not show its progress at once: look again once it would have.
  const failed = 'the panel did not show a 30d chart within 180 s';
  if (!(await pollUntil(panel, shown, 180_000))) return failed;
  await panel.waitForTimeout(2000);
  return (await pollUntil(panel, shown, 180_000)) ? undefined : failed;
}

/** The panel is open on the synced worker; measures FRAMES frames of scripted pan and zoom. */
export async function benchPanZoom(panel: Page): Promise<PanZoomFigures> {
  const failed = await show30d(panel);
  if (failed) return { measured: false, reason: failed };
  await panel.bringToFront();
  const box = await panel.locator('.study-chart').boundingBox();
  if (!box) return { measured: false, reason: 'the study chart has no box' };
  const x = box.x + box.width * 0.45;
  const y = box.y + box.height * 0.5;
  const frames = () => panel.evaluate<number>(`window.${STATE}.work.length`);
  await panel.evaluate(RECORD);
  while ((await frames()) < FRAMES) {
    // Pan: drag left then back; zoom: wheel in then out, over the chart's pane.
    await panel.mouse.move(x, y);
    await panel.mouse.down();
    await panel.mouse.move(x - box.width * 0.3, y, { steps: 15 });
    await panel.mouse.move(x, y, { steps: 15 });
    await panel.mouse.up();
    for (let i = 0; i < 5; i++) await panel.mouse.wheel(0, -120);
    for (let i = 0; i < 5; i++) await panel.mouse.wheel(0, 120);
  }
  const r = await panel.evaluate<Recorded>(
    `(() => { const s = window.${STATE}; s.stop = true; return s; })()`,
  );
  const work = r.work.slice(0, FRAMES);
  const longTasks = r.longTasks.filter((d) => d > 50);
  return {
    measured: true,
    frames: work.length,
    medianMs: median(work),
    p95Ms: p95(work),
    intervalMedianMs: median(r.intervals),
    intervalP95Ms: p95(r.intervals),
    aimMs: AIM_MS,
    longTasks: longTasks.length,
    longestTaskMs: longTasks.length ? Math.max(...longTasks) : null,
  };
}
