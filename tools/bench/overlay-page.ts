/**
 * The redraw bench's page side, bundled for the browser by tools/bench/redraw.ts. It times the
 * real overlay view (components/OverlayView.ts: a tool may not import components/, but this file
 * runs only inside the bench's page, and the view is what is measured) against a floor, on
 * animation frames: clearRect of a canvas of the same size, then one fillRect per band in view
 * with its fill already known (the rectangles come from bandRect, computed outside the timing).
 */
import { OverlayView, paintOrder } from '../../components/OverlayView';
import type { LiveDepth, Wall } from '../../core/depth/types';
import { EXCHANGE_IDS } from '../../core/exchanges/types';
import type { HeatBand } from '../../core/overlay/bands';
import { bandRect, type PaneMapping, type PaneRect } from '../../core/overlay/chartGeometry';
import { overlayDepthOf } from '../../core/overlay/depthProfile';

export interface RedrawOptions {
  bands: number;
  frames: number;
  warmUpFrames: number;
  width: number;
  height: number;
  /** Draw the live depth too: the profile of three books and their walls (issue 16). */
  depth?: boolean;
}

export interface RedrawSamples {
  viewMs: number[];
  floorMs: number[];
  /** data-bands after each measured frame: how many bands the view drew. */
  drawn: number[];
  /** Long tasks (over 50 ms) while the measured frames ran; warm-up frames excluded. */
  longTasksMs: number[];
  /** Long tasks during the warm-up frames (the view's first canvas, the first raster). */
  warmUpLongTasksMs: number[];
  /** Whether performance.now() had its fine (5 µs) resolution rather than 100 µs. */
  crossOriginIsolated: boolean;
  devicePixelRatio: number;
}

const PRICE = 66_000;
const MINUTE = 60_000;
const COLUMN_MS = 5 * MINUTE;
const COLUMNS = 144; // 12 h of 5-minute columns
/** The bands' "now" (fixed, so every run draws the same rectangles). */
/** The pane the bench's view stands over (its placement is made by hand, not looked up). */
const BENCH_PANE = { tier: 'class', index: 0, epoch: 1 } as const;
const AS_OF = Date.UTC(2026, 5, 2, 12);
/** The bars on the chart: 15 minutes, ~8 px apart, the newest a little left of the price axis. */
const BAR_S = 15 * 60;
const SPACING_PX = 8;
const PRICE_RANGE = 0.05;
/** Frames per gesture: a pan one way, a zoom in, a pan back, a zoom out. */
const GESTURE_FRAMES = 60;

/** A small seeded generator (mulberry32), so every run draws the same bands. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Bands like the worker's: prices within ±8 % of the price (most near it), a few to a few hundred
 * dollars tall, starting on 5-minute columns of the last 12 h; a quarter still live; weak ones
 * many, hot ones few. Longs under the price, shorts over it.
 */
function makeBands(count: number, asOf: number): HeatBand[] {
  const next = random(8);
  const gridStart = asOf - COLUMNS * COLUMN_MS;
  return Array.from({ length: count }, () => {
    const offset = (next() + next() + next() - 1.5) / 1.5; // -1..1, bunched around 0
    const priceLow = PRICE * (1 + 0.08 * offset);
    const priceHigh = priceLow + 20 + 300 * next() ** 2;
    const first = Math.floor(next() * COLUMNS);
    const live = next() < 0.25;
    const last = live ? COLUMNS - 1 : first + Math.floor(next() * (COLUMNS - first));
    return {
      side: priceLow < PRICE ? 'long' : 'short',
      priceLow,
      priceHigh,
      timeStart: gridStart + first * COLUMN_MS,
      timeEnd: live ? asOf : gridStart + (last + 1) * COLUMN_MS,
      intensity: Math.max(0.02, next() ** 2),
    };
  });
}

/**
 * Live depth like the worker's: three books in 0.05 % bins ($33), Binance's reaching ±5 %, OKX's
 * ±3 %, Bybit's ±1.5 % (200 levels), a few million USD a bin with a wall every so often; 30 walls,
 * 20 standing and 10 ended, within ±3 % of the price over the last hour.
 */
function makeDepth(asOf: number): LiveDepth {
  const next = random(16);
  const binSize = PRICE * 0.0005;
  const reach = { binance: 0.05, okx: 0.03, bybit: 0.015 } as const;
  const books = EXCHANGE_IDS.map((exchange) => {
    const loBin = Math.floor((PRICE * (1 - reach[exchange])) / binSize);
    const hiBin = Math.floor((PRICE * (1 + reach[exchange])) / binSize);
    const midBin = Math.floor(PRICE / binSize);
    const size = () => 1e6 * (1 + 4 * next()) * (next() < 0.03 ? 10 : 1);
    const bins = Array.from({ length: hiBin - loBin + 1 }, (_, i) => loBin + i);
    return {
      exchange,
      health: { state: 'live' as const, since: asOf - 3_600_000 },
      mid: PRICE,
      reachLow: loBin * binSize,
      reachHigh: (hiBin + 1) * binSize - 0.01,
      loBin,
      bids: bins.map((k) => (k <= midBin ? size() : 0)),
      asks: bins.map((k) => (k >= midBin ? size() : 0)),
    };
  });
  const walls: Wall[] = Array.from({ length: 30 }, (_, i) => {
    const offset = (next() - 0.5) * 0.06;
    const from = asOf - Math.floor(next() * 3_600_000);
    const standing = i < 20;
    return {
      exchange: EXCHANGE_IDS[i % 3]!,
      symbol: 'BTCUSDT',
      side: offset < 0 ? 'bid' : 'ask',
      price: PRICE * (1 + offset),
      peakUsd: 3e7,
      lastUsd: 2.5e7,
      from,
      until: standing ? asOf : from + Math.floor(next() * (asOf - from)),
      fate: standing ? 'standing' : i % 2 ? 'pulled' : 'traded',
    };
  });
  return { symbol: 'BTCUSDT', time: asOf, binSize, books, walls };
}

/**
 * The pane's mapping as a trader pans and zooms: gestures of GESTURE_FRAMES frames in turn (pan
 * left, zoom in, pan back, zoom out), each frame moving the chart a little, as a drag or wheel does.
 */
class Gestures {
  private anchorX: number;
  private zoom = 1;
  private frame = 0;

  constructor(
    private readonly asOf: number,
    private readonly width: number,
    private readonly height: number,
  ) {
    this.anchorX = width - 80;
  }

  next(): PaneMapping {
    const gesture = Math.floor(this.frame++ / GESTURE_FRAMES) % 4;
    if (gesture === 0) this.anchorX -= 5;
    else if (gesture === 1) this.zoom *= 1.012;
    else if (gesture === 2) this.anchorX += 5;
    else this.zoom /= 1.012;
    const half = (PRICE * PRICE_RANGE) / this.zoom;
    return {
      time: {
        anchorX: this.anchorX,
        anchorTime: Math.floor(this.asOf / 1000 / BAR_S) * BAR_S,
        spacing: SPACING_PX * this.zoom,
        intervalS: BAR_S,
      },
      price: { mode: 0, top: PRICE + half, bottom: PRICE - half, bottomRow: this.height - 1 },
      width: this.width,
      height: this.height,
    };
  }
}

function nextFrame(): Promise<number> {
  return new Promise((done) => requestAnimationFrame(done));
}

async function run(options: RedrawOptions): Promise<RedrawSamples> {
  const { width, height } = options;
  const pane = document.createElement('div');
  pane.style.cssText = `position:relative;width:${width}px;height:${height}px;background:#181a20`;
  document.body.append(pane);
  const view = new OverlayView({ kind: 'pane', parent: pane, target: pane }, () => undefined);
  const ratio = window.devicePixelRatio || 1;
  const floorCanvas = document.createElement('canvas');
  floorCanvas.width = Math.round(width * ratio);
  floorCanvas.height = Math.round(height * ratio);
  floorCanvas.style.cssText = `position:absolute;left:0;top:0;width:${width}px;height:${height}px`;
  pane.append(floorCanvas);
  const floor = floorCanvas.getContext('2d')!;
  floor.setTransform(ratio, 0, 0, ratio, 0, 0);

  const bands = makeBands(options.bands, AS_OF);
  // As the controller does once per publication, outside the frames measured.
  const depth = options.depth
    ? overlayDepthOf(makeDepth(AS_OF), { profile: true, walls: true, exchanges: EXCHANGE_IDS })
    : undefined;
  const ordered = paintOrder(bands);
  const gestures = new Gestures(AS_OF, width, height);

  const longTasks: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => {
    longTasks.push(...list.getEntries());
  });
  observer.observe({ type: 'longtask' });

  const samples: RedrawSamples = {
    viewMs: [],
    floorMs: [],
    drawn: [],
    longTasksMs: [],
    warmUpLongTasksMs: [],
    crossOriginIsolated: window.crossOriginIsolated,
    devicePixelRatio: ratio,
  };
  let measuredFrom = Number.POSITIVE_INFINITY;
  for (let i = 0; i < options.warmUpFrames + options.frames; i++) {
    const frameStart = await nextFrame();
    if (i === options.warmUpFrames) measuredFrom = frameStart;
    const mapping = gestures.next();
    const rects: Array<{ rect: PaneRect; fill: string }> = [];
    for (const { band, fill } of ordered) {
      const rect = bandRect(mapping, band, AS_OF, ratio);
      if (rect) rects.push({ rect, fill });
    }
    const timeView = () => {
      const t0 = performance.now();
      view.render({
        state: 'drawing',
        layer: {
          mapping,
          bands,
          asOf: AS_OF,
          frameId: undefined,
          pane: BENCH_PANE,
          ...(depth ? { depth } : {}),
        },
      });
      return performance.now() - t0;
    };
    const timeFloor = () => {
      const t0 = performance.now();
      floor.clearRect(0, 0, width, height);
      for (const { rect, fill } of rects) {
        floor.fillStyle = fill;
        floor.fillRect(rect.x, rect.y, rect.width, rect.height);
      }
      return performance.now() - t0;
    };
    // Alternate which goes first, so neither always finds the caches the other warmed.
    let viewMs: number;
    let floorMs: number;
    if (i % 2 === 0) {
      viewMs = timeView();
      floorMs = timeFloor();
    } else {
      floorMs = timeFloor();
      viewMs = timeView();
    }
    if (i < options.warmUpFrames) continue;
    samples.viewMs.push(viewMs);
    samples.floorMs.push(floorMs);
    samples.drawn.push(Number(view.host.getAttribute('data-bands')));
  }
  await nextFrame();
  longTasks.push(...observer.takeRecords());
  observer.disconnect();
  for (const task of longTasks) {
    (task.startTime >= measuredFrom ? samples.longTasksMs : samples.warmUpLongTasksMs).push(task.duration);
  }
  view.remove();
  pane.remove();
  return samples;
}

declare global {
  interface Window {
    heatbandsRedrawBench: typeof run;
  }
}
window.heatbandsRedrawBench = run;
