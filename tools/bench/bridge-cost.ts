import type { BrowserContext, CDPSession, Page, Route } from 'playwright-core';
import { type Box, waitForTradingViewReady } from '../browser/standin/site';
import { median } from '../cli/timing';

/**
 * The chart bridge's own work per animation frame (entrypoints/chart-bridge.ts as built, started by
 * the extension's content script as on the live site), on the stand-in Binance page in Trading
 * View mode with EXTRA_FRAMES more iframes, as a real exchange page carries (ads, widgets, login):
 * a quarter each about:blank, srcdoc, same-origin and another origin's.
 *
 * Independent of the bridge's internals: before any script of the page runs, the page's
 * `window.requestAnimationFrame` is wrapped; a callback requested from chart-bridge.js's code (seen
 * once from the call's stack, then by identity) is timed with performance.now() around the call,
 * minus the wrapper's own time when the bridge asks for its next frame from inside it. FRAMES
 * frames idle (the chart still), then FRAMES while the chart is panned and zoomed by mouse.
 *
 * For a fine clock (5 µs, not 100 µs) the page must be cross-origin isolated: `isolate` wraps a
 * context so every page the stand-in serves carries COOP/COEP headers (the stand-in itself is left
 * as it is); the extra frames are served with them too.
 *
 * Where the time goes: a sampling CPU profile (100 µs) while panning, the samples with a
 * chart-bridge.js frame on their stack charged to their leaf and to each bridge function above it
 * (names are minified in a production build: build without minifying to read them).
 */
export const FRAMES = 2_000;
export const EXTRA_FRAMES = 20;
export const AIM_MS = 0.2;
const STATE = '__heatbandsBridgeCost';
const OTHER_ORIGIN = 'https://widgets.bench-thirdparty.example';
const ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'credentialless',
  'cross-origin-resource-policy': 'cross-origin',
};

export interface Share {
  name: string;
  share: number;
}

export interface PhaseFigures {
  frames: number;
  medianMs: number;
  p95Ms: number;
  meanMs: number;
  maxMs: number;
  /** Bridge messages posted to the content script per frame. */
  postsPerFrame: number;
  /** Mean size of a posted message as JSON, bytes. */
  postBytes: number;
}

export interface BridgeCostFigures {
  measured: true;
  iframes: number;
  fineTimer: boolean;
  idle: PhaseFigures;
  panning: PhaseFigures;
  aimMs: number;
  /** While panning, largest first: the bridge's sampled time per leaf (self) and per bridge function. */
  profile: { self: Share[]; inclusive: Share[]; samples: number };
}

// Source text, run in the top document before its scripts (no transpiler helper can leak into it).
const WRAP_RAF = `(() => {
  if (window.top !== window) return;
  const s = { phase: null, idle: [], panning: [], posts: { idle: 0, panning: 0 }, bytes: { idle: 0, panning: 0 },
    isolated: window.crossOriginIsolated === true };
  window.${STATE} = s;
  const raf = window.requestAnimationFrame.bind(window);
  const bridgeCallbacks = new WeakSet();
  let inside = false;
  let overhead = 0;
  const timed = (callback) => (t) => {
    inside = true;
    overhead = 0;
    const t0 = performance.now();
    try { callback(t); } finally {
      const ms = performance.now() - t0 - overhead;
      inside = false;
      if (s.phase) s[s.phase].push(ms);
    }
  };
  window.requestAnimationFrame = function requestAnimationFrame(callback) {
    const t0 = inside ? performance.now() : 0;
    let bridge = bridgeCallbacks.has(callback);
    if (!bridge && typeof callback === 'function' && /chart-bridge\\.js/.test(new Error().stack || '')) {
      bridgeCallbacks.add(callback);
      bridge = true;
    }
    const id = raf(bridge ? timed(callback) : callback);
    if (inside) overhead += performance.now() - t0;
    return id;
  };
  window.addEventListener('message', (event) => {
    const data = event.data;
    if (!s.phase || event.source !== window || !data || data.channel !== 'heatbands-chart-bridge' || data.kind !== 'chart') return;
    s.posts[s.phase]++;
    s.bytes[s.phase] += JSON.stringify(data).length;
  });
})()`;

/** A context whose stand-in pages are cross-origin isolated: every fulfilled response gets ISOLATION. */
export function isolate(context: BrowserContext): BrowserContext {
  const withHeaders = (route: Route): Route =>
    new Proxy(route, {
      get(target, key) {
        if (key === 'fulfill') {
          return (options: Parameters<Route['fulfill']>[0] = {}) =>
            target.fulfill({ ...options, headers: { ...options.headers, ...ISOLATION } });
        }
        const value = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return new Proxy(context, {
    get(target, key) {
      if (key === 'route') {
        return (url: string, handler: (route: Route) => unknown) =>
          target.route(url, (route) => handler(withHeaders(route)));
      }
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Serves the extra frames' documents: one of the page's own origin, one of another. */
export async function routeExtraFrames(context: BrowserContext, pageOrigin: string): Promise<void> {
  const body =
    '<!doctype html><body style="margin:0;background:#222;color:#888;font:10px sans-serif">ad</body>';
  for (const origin of [pageOrigin, OTHER_ORIGIN]) {
    await context.route(`${origin}/__bench/frame.html`, (route) =>
      route.fulfill({ contentType: 'text/html', headers: ISOLATION, body }),
    );
  }
}

/** Adds the extra iframes to the page, in a strip below the chart, as a site's widgets sit. */
async function addExtraFrames(page: Page, pageOrigin: string): Promise<number> {
  return page.evaluate(
    ({ count, pageOrigin, otherOrigin }) => {
      const strip = document.createElement('div');
      strip.style.cssText = 'display:flex;flex-wrap:wrap;gap:2px;padding:2px 12px;';
      for (let i = 0; i < count; i++) {
        const frame = document.createElement('iframe');
        frame.id = `bench-widget-${i}`;
        frame.name = `bench-widget-${i}`;
        frame.style.cssText = 'width:48px;height:24px;border:0;';
        const kind = i % 4;
        if (kind === 0) frame.src = 'about:blank';
        else if (kind === 1) frame.srcdoc = '<p style="margin:0;font:9px sans-serif">widget</p>';
        else if (kind === 2) frame.src = `${pageOrigin}/__bench/frame.html?i=${i}`;
        else frame.src = `${otherOrigin}/__bench/frame.html?i=${i}`;
        strip.append(frame);
      }
      document.body.append(strip);
      return document.querySelectorAll('iframe').length;
    },
    { count: EXTRA_FRAMES, pageOrigin, otherOrigin: OTHER_ORIGIN },
  );
}

function p95(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? Number.NaN;
}

interface Recorded {
  idle: number[];
  panning: number[];
  posts: { idle: number; panning: number };
  bytes: { idle: number; panning: number };
  isolated: boolean;
}

/** `all`: every frame timed while the phase lasted (posts were counted over all of them). */
function phase(all: number[], posts: number, bytes: number): PhaseFigures {
  const times = all.slice(0, FRAMES);
  const frames = times.length;
  return {
    frames,
    medianMs: median(times),
    p95Ms: p95(times),
    meanMs: times.reduce((a, b) => a + b, 0) / Math.max(1, frames),
    maxMs: Math.max(...times),
    postsPerFrame: posts / Math.max(1, all.length),
    postBytes: posts > 0 ? bytes / posts : 0,
  };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/**
 * Shares of the samples under a chart-bridge.js frame: per leaf (self time: the browser's own
 * functions by name, the bridge's code by its function name, minified in a production build), and
 * per bridge function on the stack (inclusive time).
 */
function bridgeShares(profile: { nodes: ProfileNode[]; samples: number[] }): {
  self: Share[];
  inclusive: Share[];
  samples: number;
} {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const isBridge = (node: ProfileNode) => node.callFrame.url.includes('chart-bridge.js');
  const name = (node: ProfileNode) =>
    isBridge(node)
      ? `bridge ${node.callFrame.functionName || '(anonymous)'}()`
      : node.callFrame.functionName || '(anonymous)';
  /** The bridge functions on a node's stack (empty when the bridge is not on it). */
  const stacks = new Map<number, Set<string>>();
  const bridgeStack = (id: number): Set<string> => {
    const known = stacks.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const up = parent.get(id);
    const result = new Set(up === undefined ? [] : bridgeStack(up));
    if (isBridge(node)) result.add(name(node));
    stacks.set(id, result);
    return result;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const id of profile.samples) {
    const stack = bridgeStack(id);
    if (stack.size === 0) continue;
    total++;
    const leaf = name(byId.get(id)!);
    self.set(leaf, (self.get(leaf) ?? 0) + 1);
    for (const fn of stack) inclusive.set(fn, (inclusive.get(fn) ?? 0) + 1);
  }
  const shares = (counts: Map<string, number>) =>
    [...counts].map(([n, c]) => ({ name: n, share: c / total })).sort((a, b) => b.share - a.share);
  return { self: shares(self), inclusive: shares(inclusive), samples: total };
}

/** Drags and wheels over the pane until `until` says enough (checked every 10 steps). */
async function panAndZoom(page: Page, pane: Box, until: () => Promise<boolean>): Promise<void> {
  const x = pane.x + pane.width * 0.5;
  const y = pane.y + pane.height * 0.5;
  while (!(await until())) {
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x - 150, y, { steps: 10 });
    await page.mouse.move(x, y, { steps: 10 });
    await page.mouse.up();
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -100);
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, 100);
  }
}

/**
 * Opens the stand-in page at `url` in `page` (the extension loaded, the stand-in installed through
 * `isolate` and the extra frames routed), and measures as above.
 */
export async function benchBridgeCost(
  page: Page,
  url: string,
  pageOrigin: string,
): Promise<BridgeCostFigures> {
  await page.addInitScript(WRAP_RAF);
  await page.goto(url);
  const reading = await waitForTradingViewReady(page, 30_000);
  if (!reading.pane) throw new Error('the stand-in chart has no pane cell');
  const iframes = await addExtraFrames(page, pageOrigin);
  const count = (which: 'idle' | 'panning') => page.evaluate<number>(`window.${STATE}.${which}.length`);
  // Let the frames load and the bridge's first readings settle before counting.
  await page.waitForTimeout(1_500);
  await page.evaluate(`window.${STATE}.phase = 'idle'`);
  await page.waitForFunction(`window.${STATE}.idle.length >= ${FRAMES}`, null, {
    timeout: 120_000,
    polling: 500,
  });
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await page.evaluate(`window.${STATE}.phase = 'panning'`);
  await cdp.send('Profiler.start');
  await panAndZoom(page, reading.pane, async () => (await count('panning')) >= FRAMES);
  const { profile } = (await cdp.send('Profiler.stop')) as {
    profile: { nodes: ProfileNode[]; samples: number[] };
  };
  await cdp.detach().catch(() => undefined);
  const r = await page.evaluate<Recorded>(
    `(() => { const s = window.${STATE}; s.phase = null; return s; })()`,
  );
  const shares = bridgeShares(profile);
  return {
    measured: true,
    iframes,
    fineTimer: r.isolated,
    idle: phase(r.idle, r.posts.idle, r.bytes.idle),
    panning: phase(r.panning, r.posts.panning, r.bytes.panning),
    aimMs: AIM_MS,
    profile: {
      self: shares.self.slice(0, 10),
      inclusive: shares.inclusive.slice(0, 10),
      samples: shares.samples,
    },
  };
}
