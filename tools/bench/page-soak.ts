import type { CDPSession, Page } from 'playwright-core';
import { type Box, tradingViewFrame, waitForTradingViewReady } from '../browser/standin/site';

/**
 * An hour of a trader panning and zooming the Binance chart in Trading View mode, compressed: one
 * step per second of the hour (3,600 steps), run as fast as the page's frames allow. A step is one
 * input event that moves the chart's visible range: a 12 px drag move (pan) or one wheel notch
 * (zoom). Per cycle of 30 steps: 10 drag moves left and 10 back, 5 notches in and 5 out, so the
 * chart stays over its data. Chromium handles such input once per animation frame and Playwright
 * waits for each event to be handled, so the walk runs at about one step per frame (measured: 1.4
 * frames a step; waiting for a frame after each step as well changes nothing but the time taken),
 * and each step is drawn (the chart, the bridge's reading, the overlay's redraw) before the next.
 * WARM_UP_STEPS run first and are not counted: first-use allocations (fonts, caches, JIT) are not
 * growth.
 *
 * At SAMPLES + 1 points (start, then every 360 steps = 6 minutes of the hour) the page's renderer is
 * garbage collected (HeapProfiler.collectGarbage, twice) and sampled: JS event listeners and DOM
 * nodes (Memory.getDOMCounters: every document of the renderer, the chart frame's included) and
 * the JS heap in use (Runtime.getHeapUsage). Growth = last sample − first.
 */
export const HOUR_STEPS = 3_600;
export const SAMPLES = 10;
const WARM_UP_STEPS = 300;
const CYCLE = 30;
const DRAG_PX = 12;

export interface SoakSample {
  step: number;
  listeners: number;
  nodes: number;
  documents: number;
  heapMb: number;
}

export interface SoakFigures {
  label: string;
  steps: number;
  seconds: number;
  /** Visible-range changes the chart reported during the counted steps. */
  rangeChanges: number;
  samples: SoakSample[];
  growth: { listeners: number; nodes: number; heapMb: number };
  /** What the overlay showed at the end (extension runs): data-state and data-bands. */
  overlay?: { state: string; bands: number };
}

const RANGE_COUNTER = '__heatbandsSoakRanges';

async function sample(cdp: CDPSession, step: number): Promise<SoakSample> {
  // Twice: the first pass frees what finalizers and weak references were holding for the second.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const counters = (await cdp.send('Memory.getDOMCounters')) as {
    documents: number;
    nodes: number;
    jsEventListeners: number;
  };
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return {
    step,
    listeners: counters.jsEventListeners,
    nodes: counters.nodes,
    documents: counters.documents,
    heapMb: heap.usedSize / 1_048_576,
  };
}

/** The walk, `steps` steps from `from`; `onStep` after each (with the step count so far). */
async function walk(
  page: Page,
  pane: Box,
  from: number,
  steps: number,
  onStep: (done: number) => Promise<void>,
): Promise<void> {
  const x = pane.x + pane.width * 0.5;
  const y = pane.y + pane.height * 0.5;
  let dragX = x;
  for (let i = from; i < from + steps; i++) {
    const at = i % CYCLE;
    if (at < 20) {
      if (at === 0) {
        dragX = x;
        await page.mouse.move(dragX, y);
        await page.mouse.down();
      }
      dragX += at < 10 ? -DRAG_PX : DRAG_PX;
      await page.mouse.move(dragX, y);
      if (at === 19) await page.mouse.up();
    } else {
      await page.mouse.wheel(0, at < 25 ? -100 : 100);
    }
    await onStep(i + 1 - from);
  }
}

/**
 * Walks HOUR_STEPS steps on `page`, which shows the stand-in chart (loaded, its frame in view),
 * sampling as above. `overlay` reads what the extension's overlay shows, when there is one.
 */
export async function soak(
  page: Page,
  label: string,
  overlay?: () => Promise<{ state: string; bands: number }>,
): Promise<SoakFigures> {
  const reading = await waitForTradingViewReady(page, 30_000);
  if (!reading.pane) throw new Error('the stand-in chart has no pane cell');
  const frame = await tradingViewFrame(page);
  await frame.evaluate(`(() => {
    window.${RANGE_COUNTER} = 0;
    window.tradingViewApi.activeChart().onVisibleRangeChanged()
      .subscribe(null, () => { window.${RANGE_COUNTER}++; });
  })()`);
  const cdp = await page.context().newCDPSession(page);
  try {
    await walk(page, reading.pane, 0, WARM_UP_STEPS, async () => {});
    const ranges = () => frame.evaluate<number>(`window.${RANGE_COUNTER}`);
    const rangesAtStart = await ranges();
    const samples = [await sample(cdp, 0)];
    const every = HOUR_STEPS / SAMPLES;
    const started = performance.now();
    await walk(page, reading.pane, WARM_UP_STEPS, HOUR_STEPS, async (done) => {
      if (done % every === 0) samples.push(await sample(cdp, done));
    });
    const seconds = (performance.now() - started) / 1000;
    const first = samples[0]!;
    const last = samples[samples.length - 1]!;
    return {
      label,
      steps: HOUR_STEPS,
      seconds,
      rangeChanges: (await ranges()) - rangesAtStart,
      samples,
      growth: {
        listeners: last.listeners - first.listeners,
        nodes: last.nodes - first.nodes,
        heapMb: last.heapMb - first.heapMb,
      },
      ...(overlay ? { overlay: await overlay() } : {}),
    };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
