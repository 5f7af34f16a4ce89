import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { build, type Rollup } from 'vite';
import { median } from '../cli/timing';
import type { RedrawOptions, RedrawSamples } from './overlay-page';

/**
 * Redraw on pan and zoom: the overlay view's render() of 1,000 bands on each animation frame of a
 * scripted pan/zoom in headless Chromium, against the floor (clear + one fillRect per band in
 * view), interleaved frame by frame (see overlay-page.ts). The page is served with cross-origin
 * isolation so performance.now() ticks in 5 µs, not 100 µs (a floor frame is well under 1 ms).
 */
export interface RedrawFigures {
  bands: number;
  /** Whether the live depth profile and walls were drawn too. */
  depth: boolean;
  frames: number;
  pane: { width: number; height: number; devicePixelRatio: number };
  /** Bands the view drew per frame (median): those in view after clipping. */
  drawnMedian: number;
  medianMs: number;
  p95Ms: number;
  floorMedianMs: number;
  floorP95Ms: number;
  /** view median / floor median */
  ratio: number;
  aimMs: number;
  /** Long tasks (> 50 ms) during the measured frames, and the longest; then those of the warm-up. */
  longTasks: number;
  longestTaskMs: number | null;
  warmUpLongTasksMs: number[];
  fineTimer: boolean;
}

const ROOT = resolve(import.meta.dirname, '../..');
const PAGE_ENTRY = resolve(import.meta.dirname, 'overlay-page.ts');
const ORIGIN = 'https://bench.heatbands.test';
const OPTIONS: RedrawOptions = { bands: 1000, frames: 600, warmUpFrames: 30, width: 1200, height: 700 };
const AIM_MS = 2;

/** The page entry as one IIFE script, built in memory (nothing is written to disk). */
async function bundlePage(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    publicDir: false,
    resolve: { alias: { '@': ROOT } },
    build: {
      write: false,
      minify: false,
      lib: { entry: PAGE_ENTRY, formats: ['iife'], name: 'heatbandsBench' },
    },
  });
  const output = (Array.isArray(result) ? result[0] : result) as Rollup.RollupOutput;
  return output.output[0].code;
}

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * With `depth`, the view also draws the live depth profile of three books and 30 wall outlines
 * (issue 16) on every frame; the floor stays the bands' alone, so the ratio shows what depth adds.
 */
export async function benchRedraw(executablePath: string, { depth = false } = {}): Promise<RedrawFigures> {
  const script = await bundlePage();
  const browser = await chromium.launch({ executablePath, headless: true });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const isolated = {
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    };
    await context.route(`${ORIGIN}/**`, (route) =>
      new URL(route.request().url()).pathname === '/overlay-page.js'
        ? route.fulfill({ contentType: 'text/javascript', headers: isolated, body: script })
        : route.fulfill({
            contentType: 'text/html',
            headers: isolated,
            body: '<!doctype html><body style="margin:0;background:#181a20"><script src="/overlay-page.js"></script>',
          }),
    );
    const page = await context.newPage();
    await page.goto(`${ORIGIN}/`);
    const samples = await page.evaluate<RedrawSamples>(
      `window.heatbandsRedrawBench(${JSON.stringify({ ...OPTIONS, depth })})`,
    );
    const medianMs = median(samples.viewMs);
    const floorMedianMs = median(samples.floorMs);
    return {
      bands: OPTIONS.bands,
      depth,
      frames: samples.viewMs.length,
      pane: { width: OPTIONS.width, height: OPTIONS.height, devicePixelRatio: samples.devicePixelRatio },
      drawnMedian: median(samples.drawn),
      medianMs,
      p95Ms: percentile(samples.viewMs, 0.95),
      floorMedianMs,
      floorP95Ms: percentile(samples.floorMs, 0.95),
      ratio: medianMs / floorMedianMs,
      aimMs: AIM_MS,
      longTasks: samples.longTasksMs.length,
      longestTaskMs: samples.longTasksMs.length ? Math.max(...samples.longTasksMs) : null,
      warmUpLongTasksMs: samples.warmUpLongTasksMs,
      fineTimer: samples.crossOriginIsolated,
    };
  } finally {
    await browser.close();
  }
}
