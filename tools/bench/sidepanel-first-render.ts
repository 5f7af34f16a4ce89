import type { Page } from 'playwright-core';
import { extensionUrl, type LaunchedExtension } from '../browser';
import { median } from '../cli/timing';

/**
 * First render from cache: with the worker warm and its cache filled, the side panel page opened
 * LOADS times; in the page, every animation frame from the document's start, the first moment
 * `.study-chart canvas` exists and the chart has reported ready (`window.heatbandsStudy`, set once
 * the study chart has drawn its heat), as performance.now(), i.e. ms since navigation start.
 */
export type FirstRenderFigures =
  | { measured: true; loads: number; runsMs: number[]; medianMs: number; maxMs: number; aimMs: number }
  | { measured: false; reason: string };

const LOADS = 5;
const AIM_MS = 300;
const RESULT = '__heatbandsFirstRender';

// Source text, run in the panel from its start.
const MEASURE = `(() => {
  const LIMIT_MS = 20000;
  const tick = () => {
    const now = performance.now();
    if (document.querySelector('.study-chart canvas') && window.heatbandsStudy) {
      window.${RESULT} = { ok: true, ms: now };
      return;
    }
    if (now > LIMIT_MS) {
      const problem = document.querySelector('.problem');
      window.${RESULT} = { ok: false, reason: 'no chart within 20 s' + (problem ? ': ' + problem.textContent : '') };
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

/**
 * Polls a page for `expression` to be true; page.waitForFunction would build a function from the
 * string, which the extension pages' CSP (no unsafe-eval) forbids.
 */
export async function pollUntil(page: Page, expression: string, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await page.evaluate<boolean>(`Boolean(${expression})`)) return true;
    await new Promise((done) => setTimeout(done, 100));
  }
  return false;
}

type PageResult = { ok: true; ms: number } | { ok: false; reason: string };

async function openMeasured(ext: LaunchedExtension): Promise<{ page: Page; result: PageResult }> {
  const page = await ext.context.newPage();
  await page.addInitScript(MEASURE);
  await page.goto(extensionUrl(ext, 'sidepanel.html'), { waitUntil: 'commit' });
  await pollUntil(page, `window.${RESULT} !== undefined`, 40_000);
  return { page, result: await page.evaluate<PageResult>(`window.${RESULT}`) };
}

/** Opens the side panel LOADS times (a new tab each, closed after), the worker already synced. */
export async function benchFirstRender(ext: LaunchedExtension): Promise<FirstRenderFigures> {
  const runsMs: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const { page, result } = await openMeasured(ext);
    await page.close();
    if (!result.ok) return { measured: false, reason: result.reason };
    runsMs.push(result.ms);
  }
  return {
    measured: true,
    loads: LOADS,
    runsMs,
    medianMs: median(runsMs),
    maxMs: Math.max(...runsMs),
    aimMs: AIM_MS,
  };
}
