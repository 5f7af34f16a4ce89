import type {
  BridgeChartMessage,
  BridgeConfig,
  BridgeHelloMessage,
  BridgeStopMessage,
  ChartReading,
  Probe,
} from '@/core/overlay/bridgeProtocol';
import { apiPresence, calibrate } from '@/core/overlay/calibrate';
import { TRADINGVIEW_DOM, type TradingViewApi } from '@/core/overlay/tradingView';
import { type ActiveChartFacts, findMainPane, type PaneFound } from '@/utils/tradingViewPane';

/**
 * The chart bridge: runs in the page's MAIN world (injected by the overlay's content script), the
 * only place where TradingView's `tradingViewApi` is reachable. On every animation frame (there is
 * no event for a price-scale change) it reads the active chart, and when anything that places a band
 * changed, calibrates the main pane's geometry and self-checks it (core/overlay/calibrate.ts), then
 * posts the reading with the probe's findings to the content script. It reads, never writes: no
 * drawing on the site's chart, whose layout saves would flood the site's storage
 * (shared/notes/exchange-charts.md), and nothing on `window` a page could read.
 *
 * Its own cost is budgeted (≤ 0.2 ms a frame, `npm run bench`), so the costly parts are cached: the
 * probe of every frame runs once a second (or when the chart's frame goes), the pane is looked up
 * again only when the element left the document, the active chart changed, or half a second passed,
 * and the calibration runs only when the chart's own numbers moved.
 */

const CHANNEL: BridgeChartMessage['channel'] = 'heatbands-chart-bridge';
const VERSION: BridgeChartMessage['version'] = 2;
/** How often every frame and global is probed again while a chart is found, and while none is. */
const PROBE_MS = 1_000;
const SEARCH_MS = 200;
/** How often the pane is looked up again while its element stays in the document. */
const FIND_MS = 500;
/** A TradingView frame without its API this long is not loading any more: it has no API. */
const API_GRACE_MS = 5_000;

function readConfig(): BridgeConfig | undefined {
  const data = (document.currentScript as HTMLScriptElement | null)?.dataset;
  if (!data?.token || !data.frameSelector) return undefined;
  return { token: data.token, frameSelector: data.frameSelector };
}

/** Where the library's API was found: in a frame (same origin) or in the top window. */
interface Located {
  api: TradingViewApi;
  document: Document;
  frame?: HTMLIFrameElement;
}

/** What one probe of the page found. */
interface PageProbe {
  located?: Located;
  frames: Probe['frames'];
  globals: Probe['globals'];
  /** The origin of a cross-origin frame that looks like the chart. */
  crossOrigin?: string;
  /** A same-origin TradingView frame that has no `tradingViewApi` (yet). */
  apiless?: HTMLIFrameElement;
  /** The frame list and globals as text: sent again only when this changes. */
  listKey: string;
}

const apiOf = (w: Window | null): TradingViewApi | undefined =>
  (w as (Window & { tradingViewApi?: TradingViewApi }) | null)?.tradingViewApi;

const safe = <T>(read: () => T): T | undefined => {
  try {
    return read();
  } catch {
    return undefined;
  }
};

/** Origin and path of a frame's src: nothing the user typed, no query. */
function srcOf(frame: HTMLIFrameElement): string {
  const raw = frame.getAttribute('src') ?? '';
  if (raw.startsWith('blob:')) return 'blob:';
  try {
    const url = new URL(raw, location.href);
    return `${url.origin}${url.pathname}`.slice(0, 200);
  } catch {
    return raw.slice(0, 40);
  }
}

function originOf(frame: HTMLIFrameElement): string {
  try {
    return new URL(frame.getAttribute('src') ?? '', location.href).origin.slice(0, 200);
  } catch {
    return 'another origin';
  }
}

const looksLikeChart = (frame: HTMLIFrameElement) =>
  /tradingview|chart/i.test(`${frame.id} ${frame.name} ${frame.getAttribute('src') ?? ''}`);

/**
 * Looks at every frame and the top window's usual globals. The site's own frame comes first; any
 * other same-origin frame with the library's API next; then the top window itself.
 */
function probePage(config: BridgeConfig): PageProbe {
  const result: PageProbe = { frames: [], globals: {}, listKey: '' };
  const siteFrame = document.querySelector<HTMLIFrameElement>(config.frameSelector);
  const all = [...document.querySelectorAll('iframe')];
  for (const frame of siteFrame ? [siteFrame, ...all.filter((f) => f !== siteFrame)] : all) {
    let api: TradingViewApi | undefined;
    let doc: Document | null = null;
    try {
      doc = frame.contentDocument;
      api = apiOf(frame.contentWindow);
    } catch {
      doc = null;
    }
    const sameOrigin = doc !== null;
    if (result.frames.length < 40) {
      result.frames.push({
        id: frame.id.slice(0, 80),
        name: frame.name.slice(0, 80),
        src: srcOf(frame),
        sameOrigin,
        tradingViewApi: Boolean(api),
      });
    }
    if (!result.located && api && doc) result.located = { api, document: doc, frame };
    if (!sameOrigin && !result.crossOrigin && (frame === siteFrame || looksLikeChart(frame))) {
      result.crossOrigin = originOf(frame);
    }
    if (sameOrigin && !api && !result.apiless && frame === siteFrame) result.apiless = frame;
  }
  for (const name of TRADINGVIEW_DOM.globals) {
    result.globals[name] = typeof (window as unknown as Record<string, unknown>)[name];
  }
  if (!result.located) {
    const top = apiOf(window);
    const widget = (window as unknown as { tvWidget?: TradingViewApi }).tvWidget;
    const api = top?.activeChart ? top : widget?.activeChart ? widget : undefined;
    if (api) result.located = { api, document };
  }
  result.listKey = JSON.stringify([result.frames, result.globals]);
  return result;
}

/** The pane the bridge measures, and how many times it has been a new element. */
interface TrackedPane extends PaneFound {
  epoch: number;
  foundAt: number;
  activeIndex: number | undefined;
  pressed: unknown;
}

type Reading = { chart: ChartReading; probe: Probe };

/**
 * Element sizes kept by ResizeObservers (one per document's window), so no frame asks for layout:
 * a `getBoundingClientRect` each frame forces one whenever the chart touched its DOM. An element is
 * measured once when first watched; the observer keeps it current after that.
 */
class SizeWatch {
  private readonly sizes = new Map<Element, { width: number; height: number }>();
  private readonly observers = new Map<Window, ResizeObserver>();

  size(element: Element): { width: number; height: number } {
    let size = this.sizes.get(element);
    if (!size) {
      const box = element.getBoundingClientRect();
      size = { width: box.width, height: box.height };
      this.sizes.set(element, size);
      this.observerFor(element)?.observe(element, { box: 'border-box' });
    }
    return size;
  }

  /** Stops watching every element but `keep`. */
  retain(...keep: Array<Element | undefined>): void {
    for (const element of [...this.sizes.keys()]) {
      if (keep.includes(element)) continue;
      this.sizes.delete(element);
      for (const observer of this.observers.values()) observer.unobserve(element);
    }
  }

  stop(): void {
    for (const observer of this.observers.values()) observer.disconnect();
    this.observers.clear();
    this.sizes.clear();
  }

  private observerFor(element: Element): ResizeObserver | undefined {
    const win = element.ownerDocument.defaultView as (Window & typeof globalThis) | null;
    if (!win?.ResizeObserver) return undefined;
    let observer = this.observers.get(win);
    if (!observer) {
      observer = new win.ResizeObserver((entries) => {
        for (const entry of entries) {
          const box = entry.borderBoxSize?.[0];
          if (!this.sizes.has(entry.target)) continue;
          this.sizes.set(
            entry.target,
            box ? { width: box.inlineSize, height: box.blockSize } : entry.target.getBoundingClientRect(),
          );
        }
      });
      this.observers.set(win, observer);
    }
    return observer;
  }
}

export default defineUnlistedScript(() => {
  const config = readConfig();
  if (!config) return;

  let stopped = false;
  let page: PageProbe | undefined;
  let probedAt = Number.NEGATIVE_INFINITY;
  let pane: TrackedPane | undefined;
  let missed: { at: number; pressed: unknown } | undefined;
  let epoch = 0;
  let lastPosted = '';
  let lastListPosted: string | undefined;
  let lastFingerprint = '';
  let lastReading: Reading | undefined;
  const apilessSince = new WeakMap<HTMLIFrameElement, number>();
  const sizes = new SizeWatch();
  // Where the trader last pressed in the chart's document (see ActiveChartFacts.pressed).
  let pressed: { document: Document; node: Node } | undefined;
  let watched: Document | undefined;
  const onPress = (event: Event) => {
    // Not `instanceof Node`: the chart frame's nodes belong to the frame's realm.
    const node = event.target as Node | null;
    if (node?.ownerDocument) pressed = { document: node.ownerDocument, node };
  };
  const watchPresses = (doc: Document | undefined) => {
    if (doc === watched) return;
    watched?.removeEventListener('pointerdown', onPress, true);
    watched = doc;
    doc?.addEventListener('pointerdown', onPress, { capture: true, passive: true });
  };

  const stop = () => {
    stopped = true;
    window.removeEventListener('message', onMessage);
    watchPresses(undefined);
    sizes.stop();
  };
  const onMessage = (event: MessageEvent) => {
    const data = event.data as Partial<BridgeStopMessage | BridgeHelloMessage | BridgeChartMessage> | null;
    if (event.source !== window || data?.channel !== CHANNEL) return;
    if (data.kind === 'stop' && data.token === config.token) stop();
    // A newer bridge (the extension reloaded) announces itself with its own token: this one retires.
    if (data.kind === 'hello' && data.token !== config.token) stop();
  };
  window.addEventListener('message', onMessage);
  const hello: BridgeHelloMessage = {
    channel: CHANNEL,
    version: VERSION,
    token: config.token,
    kind: 'hello',
  };
  window.postMessage(hello, location.origin);

  const probeBase = (): Probe => ({
    frames: page?.frames ?? [],
    globals: page?.globals ?? {},
    checks: {},
    api: {},
  });

  /** The reading for this frame, or undefined when nothing that places a band has changed. */
  const read = (now: number): Reading | undefined => {
    const gone = page?.located?.frame && !page.located.frame.isConnected;
    const refresh = !page || gone || now - probedAt >= (page.located ? PROBE_MS : SEARCH_MS);
    if (refresh) {
      page = probePage(config);
      probedAt = now;
    }
    const probe = probeBase();
    const located = page!.located;
    if (!located) {
      pane = undefined;
      if (page!.apiless) {
        const since = apilessSince.get(page!.apiless) ?? now;
        apilessSince.set(page!.apiless, since);
        const reason = 'the TradingView frame offers no chart API (tradingViewApi)';
        return { chart: { state: 'unreadable', reason, loading: now - since < API_GRACE_MS }, probe };
      }
      return {
        chart: { state: 'absent', ...(page!.crossOrigin ? { crossOrigin: page!.crossOrigin } : {}) },
        probe,
      };
    }
    const { api, document: doc, frame } = located;
    watchPresses(doc);
    probe.chartAt = frame ? `frame:${frame.id}` : 'top';
    const version = frame?.getAttribute(TRADINGVIEW_DOM.frameVersionAttribute);
    if (version) probe.frameVersion = version.slice(0, 120);
    if (frame) {
      const box = sizes.size(frame);
      if (box.width < 1 || box.height < 1) return { chart: { state: 'hidden' }, probe };
    }
    const chart = safe(() => api.activeChart?.());
    if (!chart) {
      return {
        chart: { state: 'unreadable', reason: 'the chart library offers no active chart', loading: true },
        probe,
      };
    }
    probe.api = apiPresence(chart);
    if (chart.hasModel && !safe(() => chart.hasModel!())) {
      return { chart: { state: 'unreadable', reason: 'the chart is still loading', loading: true }, probe };
    }

    const timeScale = safe(() => chart.getTimeScale?.());
    const mainPane = safe(() => chart.getPanes?.()[0]);
    const width = safe(() => timeScale?.width?.());
    const height = safe(() => mainPane?.getHeight?.());
    const activeIndex = safe(() => api.activeChartIndex?.());
    const facts: ActiveChartFacts = {
      ...(activeIndex !== undefined ? { index: activeIndex } : {}),
      ...(typeof api.chartsCount === 'function' ? { count: safe(() => api.chartsCount!()) } : {}),
      ...(width !== undefined && height !== undefined ? { size: { width, height } } : {}),
      ...(pressed?.document === doc ? { pressed: pressed.node } : {}),
    };
    const stale =
      !pane?.element.isConnected ||
      pane.element.ownerDocument !== doc ||
      pane.activeIndex !== activeIndex ||
      pane.pressed !== pressed ||
      now - pane.foundAt >= FIND_MS;
    // Where no pane could be told, look again only now and then, or at once when the trader pressed.
    if (!pane && missed && now - missed.at < SEARCH_MS && missed.pressed === pressed) return undefined;
    if (stale) {
      const found = findMainPane(doc, facts);
      missed = found.ok ? undefined : { at: now, pressed };
      if (!found.ok) {
        pane = undefined;
        probe.charts = found.charts;
        return { chart: { state: 'unreadable', reason: found.reason.slice(0, 200), loading: false }, probe };
      }
      if (found.pane.element !== pane?.element) epoch++;
      pane = { ...found.pane, epoch, foundAt: now, activeIndex, pressed };
    }
    const tracked = pane!;
    probe.paneTier = tracked.tier;
    probe.charts = tracked.charts;
    sizes.retain(frame, tracked.element);
    const box = sizes.size(tracked.element);
    const scale = safe(() => mainPane?.getMainSourcePriceScale?.());
    // Everything a band's place depends on: when none of it moved, the last reading stands.
    const fingerprint = JSON.stringify([
      safe(() => chart.symbol?.()),
      safe(() => chart.resolution?.()),
      safe(() => chart.dataReady?.()),
      safe(() => chart.getVisibleRange?.()),
      safe(() => scale?.getVisiblePriceRange?.()),
      safe(() => scale?.getMode?.()),
      safe(() => timeScale?.barSpacing?.()),
      safe(() => timeScale?.rightOffset?.()),
      width,
      height,
      box.width,
      box.height,
      tracked.epoch,
      tracked.tier,
      tracked.index,
      probedAt,
    ]);
    if (fingerprint === lastFingerprint && lastReading) return undefined;
    lastFingerprint = fingerprint;

    const calibration = calibrate(chart, { width: box.width, height: box.height });
    probe.checks = calibration.checks;
    if (!calibration.ok) {
      return {
        chart: {
          state: 'unreadable',
          reason: calibration.reason.slice(0, 200),
          loading: calibration.loading,
        },
        probe,
      };
    }
    probe.tier = calibration.tier;
    return {
      chart: {
        state: 'ready',
        symbol: String(chart.symbol?.() ?? '').slice(0, 64),
        resolution: String(chart.resolution?.() ?? '').slice(0, 16),
        tier: calibration.tier,
        mapping: calibration.mapping,
        pane: { tier: tracked.tier, index: tracked.index, epoch: tracked.epoch },
        ...(frame ? { frameId: frame.id.slice(0, 80) } : {}),
      },
      probe,
    };
  };

  const tick = () => {
    if (stopped) return;
    let reading: Reading | undefined;
    try {
      reading = read(performance.now());
    } catch (error) {
      const reason = String(error instanceof Error ? error.message : error).slice(0, 200);
      reading = { chart: { state: 'unreadable', reason, loading: false }, probe: probeBase() };
    }
    if (reading) {
      if (reading.chart.state !== 'ready') lastFingerprint = '';
      lastReading = reading;
      const { frames, globals, ...rest } = reading.probe;
      const listKey = page?.listKey ?? '';
      const key = JSON.stringify([reading.chart, rest]) + listKey;
      if (key !== lastPosted) {
        lastPosted = key;
        const withList = listKey !== lastListPosted;
        lastListPosted = listKey;
        const message: BridgeChartMessage = {
          channel: CHANNEL,
          version: VERSION,
          token: config.token,
          kind: 'chart',
          chart: reading.chart,
          probe: withList ? { ...rest, frames, globals } : rest,
        };
        window.postMessage(message, window.location.origin);
      }
    }
    requestAnimationFrame(tick);
  };
  tick();
});
