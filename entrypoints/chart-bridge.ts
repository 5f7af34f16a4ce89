import type {
  BridgeChartMessage,
  BridgeConfig,
  BridgeStopMessage,
  ChartReading,
  Probe,
} from '@/core/overlay/bridgeProtocol';
import { apiPresence, calibrate } from '@/core/overlay/calibrate';
import { type ChartApi, TRADINGVIEW_DOM, type TradingViewApi } from '@/core/overlay/tradingView';

/**
 * The chart bridge: runs in the page's MAIN world (injected by the overlay's content script), the
 * only place where TradingView's `tradingViewApi` is reachable. On every animation frame (there is
 * no event for a price-scale change) it finds the chart, calibrates the pane's geometry and
 * self-checks it (core/overlay/calibrate.ts), and posts the result with the probe's findings to
 * the content script, only when they changed. It reads, never writes: no drawing on the site's
 * chart, whose layout saves would flood the site's storage (shared/notes/exchange-charts.md).
 */

type BridgeWindow = Window & { __heatbandsChartBridgeStop?: () => void };

const CHANNEL: BridgeChartMessage['channel'] = 'heatbands-chart-bridge';
const VERSION: BridgeChartMessage['version'] = 2;

function readConfig(): BridgeConfig | undefined {
  const data = (document.currentScript as HTMLScriptElement | null)?.dataset;
  if (!data?.token || !data.frameSelector) return undefined;
  return { token: data.token, frameSelector: data.frameSelector };
}

/** A chart the probe found: its API, the document holding its panes, and where it was. */
interface FoundChart {
  chart: ChartApi;
  document: Document;
  frame?: HTMLIFrameElement;
}

const apiOf = (w: Window | null): TradingViewApi | undefined =>
  (w as (Window & { tradingViewApi?: TradingViewApi }) | null)?.tradingViewApi;

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

/**
 * Looks at every frame and the top window's usual globals. The site's own frame comes first; any
 * other same-origin frame with the library's API next; then the top window itself.
 */
function probePage(config: BridgeConfig): {
  found?: FoundChart;
  frames: Probe['frames'];
  globals: Probe['globals'];
} {
  const frames: Probe['frames'] = [];
  let found: FoundChart | undefined;
  const siteFrame = document.querySelector<HTMLIFrameElement>(config.frameSelector);
  const all = [...document.querySelectorAll('iframe')];
  for (const frame of siteFrame ? [siteFrame, ...all.filter((f) => f !== siteFrame)] : all) {
    let api: TradingViewApi | undefined;
    let doc: Document | null = null;
    let sameOrigin = true;
    try {
      doc = frame.contentDocument;
      api = apiOf(frame.contentWindow);
      if (!doc) sameOrigin = false;
    } catch {
      sameOrigin = false;
    }
    if (frames.length < 40) {
      frames.push({
        id: frame.id.slice(0, 80),
        name: frame.name.slice(0, 80),
        src: srcOf(frame),
        sameOrigin,
        tradingViewApi: Boolean(api),
      });
    }
    const chart = api?.activeChart?.();
    if (!found && chart && doc) found = { chart, document: doc, frame };
  }
  const globals: Probe['globals'] = {};
  for (const name of TRADINGVIEW_DOM.globals) {
    globals[name] = typeof (window as unknown as Record<string, unknown>)[name];
  }
  if (!found) {
    const top = apiOf(window)?.activeChart?.();
    const widget = (window as unknown as { tvWidget?: { activeChart?(): ChartApi } }).tvWidget;
    const chart = top ?? widget?.activeChart?.();
    if (chart) found = { chart, document };
  }
  return { found, frames, globals };
}

function read(config: BridgeConfig): { chart: ChartReading; probe: Probe } {
  const { found, frames, globals } = probePage(config);
  const probe: Probe = { frames, globals, checks: {}, api: {} };
  if (!found) return { chart: { state: 'absent' }, probe };
  const { chart, document: doc, frame } = found;
  probe.chartAt = frame ? `frame:${frame.id}` : 'top';
  if (frame) {
    const box = frame.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) return { chart: { state: 'hidden' }, probe };
  }
  probe.api = apiPresence(chart);
  // The main pane's own cell: never the first `.price-axis-container` (the 0-px left axis).
  const cell = doc.querySelector<HTMLElement>(TRADINGVIEW_DOM.paneCell);
  if (!cell) {
    return {
      chart: { state: 'unreadable', reason: 'no chart pane cell in the chart document', loading: false },
      probe,
    };
  }
  const box = cell.getBoundingClientRect();
  const calibration = calibrate(chart, { width: box.width, height: box.height });
  probe.checks = calibration.checks;
  if (!calibration.ok) {
    return {
      chart: { state: 'unreadable', reason: calibration.reason.slice(0, 200), loading: calibration.loading },
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
      ...(frame ? { frameId: frame.id.slice(0, 80) } : {}),
    },
    probe,
  };
}

export default defineUnlistedScript(() => {
  const config = readConfig();
  if (!config) return;
  const page = window as BridgeWindow;
  // One bridge per page: a newer one (e.g. after the extension reloaded) retires the older.
  page.__heatbandsChartBridgeStop?.();

  let stopped = false;
  let last = '';
  const stop = () => {
    stopped = true;
    window.removeEventListener('message', onMessage);
    if (page.__heatbandsChartBridgeStop === stop) page.__heatbandsChartBridgeStop = undefined;
  };
  const onMessage = (event: MessageEvent) => {
    const data = event.data as Partial<BridgeStopMessage> | null;
    if (event.source !== window || data?.channel !== CHANNEL) return;
    if (data.kind === 'stop' && data.token === config.token) stop();
  };
  window.addEventListener('message', onMessage);
  page.__heatbandsChartBridgeStop = stop;

  const tick = () => {
    if (stopped) return;
    let reading: { chart: ChartReading; probe: Probe };
    try {
      reading = read(config);
    } catch (error) {
      const reason = String(error instanceof Error ? error.message : error).slice(0, 200);
      reading = {
        chart: { state: 'unreadable', reason, loading: false },
        probe: { frames: [], globals: {}, checks: {}, api: {} },
      };
    }
    const key = JSON.stringify(reading);
    if (key !== last) {
      last = key;
      const message: BridgeChartMessage = {
        channel: CHANNEL,
        version: VERSION,
        token: config.token,
        kind: 'chart',
        ...reading,
      };
      window.postMessage(message, window.location.origin);
    }
    requestAnimationFrame(tick);
  };
  tick();
});
