import type {
  BridgeChartMessage,
  BridgeConfig,
  BridgeStopMessage,
  ChartReading,
} from '@/core/overlay/bridgeProtocol';

/**
 * The chart bridge: runs in the page's MAIN world (injected by the overlay's content script), the
 * only place where the TradingView frame's `tradingViewApi` is reachable. It reads the chart's
 * geometry on animation frames (there is no event for a price-scale change) and posts it to the
 * content script only when it changed. It reads, never writes: no drawing on the site's chart,
 * whose layout saves would flood the site's storage (shared/notes/exchange-charts.md).
 * Every site-specific selector arrives in the script element's data attributes.
 */

// The Charting Library calls used here (names and shapes from its API docs), all optional: a
// site's build may lack one, and anything missing reads as "unreadable", never as a throw.
interface PriceScaleApi {
  getVisiblePriceRange?(): { from: number; to: number } | null;
  getMode?(): number;
  isInverted?(): boolean;
}
interface ChartApi {
  symbol?(): string;
  resolution?(): string;
  dataReady?(): boolean;
  getVisibleRange?(): { from: number; to: number };
  getPanes?(): Array<{ getMainSourcePriceScale?(): PriceScaleApi | null }>;
  getAllPanesHeight?(): number[];
}
interface TradingViewApi {
  activeChart?(): ChartApi;
}

type BridgeWindow = Window & { __heatbandsChartBridgeStop?: () => void };

const CHANNEL: BridgeChartMessage['channel'] = 'heatbands-chart-bridge';
const VERSION: BridgeChartMessage['version'] = 1;

function readConfig(): BridgeConfig | undefined {
  const data = (document.currentScript as HTMLScriptElement | null)?.dataset;
  if (!data?.token || !data.frameSelector || !data.priceAxisSelector || !data.paneTableSelector)
    return undefined;
  return {
    token: data.token,
    frameSelector: data.frameSelector,
    priceAxisSelector: data.priceAxisSelector,
    paneTableSelector: data.paneTableSelector,
  };
}

function unreadable(reason: string): ChartReading {
  return { state: 'unreadable', reason };
}

function readChart(config: BridgeConfig): ChartReading {
  const frame = document.querySelector<HTMLIFrameElement>(config.frameSelector);
  if (!frame) return { state: 'absent' };
  const box = frame.getBoundingClientRect();
  if (box.width < 1 || box.height < 1) return { state: 'hidden' };
  let api: TradingViewApi | undefined;
  let frameDocument: Document | null;
  try {
    // Cross-origin frames throw here; the library's frames are same-origin on the known sites.
    api = (frame.contentWindow as (Window & { tradingViewApi?: TradingViewApi }) | null)?.tradingViewApi;
    frameDocument = frame.contentDocument;
  } catch {
    return unreadable('the chart frame is cross-origin');
  }
  const chart = api?.activeChart?.();
  if (!chart || !frameDocument) return unreadable('no tradingViewApi in the chart frame (yet)');
  if (chart.dataReady && !chart.dataReady()) return unreadable('the chart has no data yet');
  const scale = chart.getPanes?.()[0]?.getMainSourcePriceScale?.();
  const time = chart.getVisibleRange?.();
  const price = scale?.getVisiblePriceRange?.();
  if (!time || !price) return unreadable('no visible range');
  const axis = frameDocument.querySelector(config.priceAxisSelector);
  if (!axis) return unreadable('no price axis in the chart frame');
  const axisBox = axis.getBoundingClientRect();
  const table = axis.closest(config.paneTableSelector);
  const paneLeft = table ? table.getBoundingClientRect().left : 0;
  const paneHeight = chart.getAllPanesHeight?.()[0] ?? axisBox.height;
  // Frame-internal coordinates plus the frame's content box in the top page.
  const originX = box.left + frame.clientLeft;
  const originY = box.top + frame.clientTop;
  return {
    state: 'ready',
    symbol: String(chart.symbol?.() ?? ''),
    resolution: String(chart.resolution?.() ?? ''),
    time: { from: Number(time.from), to: Number(time.to) },
    price: { from: Number(price.from), to: Number(price.to) },
    scaleMode: Number(scale?.getMode?.() ?? 0),
    inverted: Boolean(scale?.isInverted?.()),
    pane: {
      left: originX + paneLeft,
      top: originY + axisBox.top,
      width: Math.max(0, axisBox.left - paneLeft),
      height: Math.max(0, Math.min(paneHeight, axisBox.height)),
    },
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
    let chart: ChartReading;
    try {
      chart = readChart(config);
    } catch (error) {
      chart = unreadable(String(error instanceof Error ? error.message : error).slice(0, 200));
    }
    const key = JSON.stringify(chart);
    if (key !== last) {
      last = key;
      const message: BridgeChartMessage = {
        channel: CHANNEL,
        version: VERSION,
        token: config.token,
        kind: 'chart',
        chart,
      };
      window.postMessage(message, window.location.origin);
    }
    requestAnimationFrame(tick);
  };
  tick();
});
