import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, injectScript } from '#imports';
import { OVERLAY_CSS, OverlayView } from '@/components/OverlayView';
import { type HeatmapReply, type Message, parseHeatmapReply, parseMessage } from '@/core/messaging';
import {
  BRIDGE_CHANNEL,
  BRIDGE_VERSION,
  type BridgeStopMessage,
  type ChartReading,
  parseBridgeMessage,
} from '@/core/overlay/bridgeProtocol';
import { overlayScene } from '@/core/overlay/overlayScene';
import type { ChartSite } from '@/core/overlay/site';
import { readSettings } from '@/core/settings';
import { loadSettings, settingsItem } from './settings';

/** Bands are re-read this often even without news from the worker (data moves every 5 minutes). */
const REFETCH_MS = 30_000;

/**
 * The on-chart overlay in one trading page: starts the chart bridge, asks the worker for bands,
 * and redraws when the chart's geometry or the bands change. Everything it starts is tied to `ctx`,
 * so a reloaded or removed extension leaves nothing behind.
 */
export async function startOverlay(ctx: ContentScriptContext, site: ChartSite): Promise<void> {
  const ui = await createShadowRootUi(ctx, {
    name: 'heatbands-overlay',
    position: 'inline',
    anchor: 'body',
    append: 'last',
    css: OVERLAY_CSS,
    onMount: (container, _shadow, host) => new OverlayView(container, host),
  });
  ui.mount();
  const view = ui.mounted;
  if (!view) return;

  let settings = await loadSettings();
  let pageSymbol = site.symbolFromUrl(new URL(location.href));
  let reading: ChartReading | undefined;
  let reply: HeatmapReply | undefined;
  let bridgeToken: string | undefined;
  let fetching: Promise<void> | undefined;
  let lastKey = '';
  let frameRequested = false;

  const chartCorner = () => {
    const root = site.chartRootSelector ? document.querySelector(site.chartRootSelector) : null;
    const box = root?.getBoundingClientRect();
    return box && box.width > 0 ? { left: box.left, top: box.top } : undefined;
  };

  const draw = () => {
    frameRequested = false;
    if (!ctx.isValid) return;
    const scene = overlayScene({
      overlayOn: settings.overlay,
      pageSymbol,
      reading,
      chartSymbol: reading?.state === 'ready' ? site.symbolFromChart(reading.symbol) : undefined,
      reply,
      chartCorner: chartCorner(),
    });
    // Redraw only when something drawn would change (the bridge already posts only on change).
    const key = JSON.stringify([scene.layer?.mapping, scene.layer?.pane, scene.layer?.asOf, scene.hint]);
    if (key === lastKey && scene.layer?.bands === lastBands) return;
    lastKey = key;
    lastBands = scene.layer?.bands;
    view.render(scene);
  };
  let lastBands: unknown;
  const schedule = () => {
    if (frameRequested) return;
    frameRequested = true;
    ctx.requestAnimationFrame(draw);
  };

  /**
   * Asks the worker for bands. One request at a time; a request made meanwhile (new data, another
   * symbol, changed filters) is honoured by asking once more when the running one ends, and an
   * answer to a question that is no longer current (`generation` moved on) is thrown away.
   */
  let generation = 0;
  let askAgain = false;
  const fetchBands = (): Promise<void> => {
    if (!settings.overlay || !pageSymbol) return Promise.resolve();
    if (fetching) {
      askAgain = true;
      return fetching;
    }
    const asked = generation;
    fetching = (async () => {
      const request: Message = { type: 'get-heatmap', symbol: pageSymbol };
      const raw = await browser.runtime.sendMessage(request).catch(() => undefined);
      if (asked !== generation) return;
      reply = parseHeatmapReply(raw) ?? { ok: false, problem: 'The HeatBands worker did not answer (yet).' };
      schedule();
    })().finally(() => {
      fetching = undefined;
      if (askAgain || asked !== generation) {
        askAgain = false;
        void fetchBands();
      }
    });
    return fetching;
  };

  const stopBridge = () => {
    if (!bridgeToken) return;
    const stop: BridgeStopMessage = {
      channel: BRIDGE_CHANNEL,
      version: BRIDGE_VERSION,
      token: bridgeToken,
      kind: 'stop',
    };
    window.postMessage(stop, location.origin);
    bridgeToken = undefined;
    reading = undefined;
  };
  const startBridge = () => {
    if (bridgeToken) return;
    const token = crypto.randomUUID();
    bridgeToken = token;
    injectScript('/chart-bridge.js', {
      modifyScript(script) {
        script.dataset.token = token;
        script.dataset.frameSelector = site.tradingView.frameSelector;
        script.dataset.priceAxisSelector = site.tradingView.priceAxisSelector;
        script.dataset.paneTableSelector = site.tradingView.paneTableSelector;
      },
    }).catch((error: unknown) => console.warn('HeatBands: the chart bridge did not load', error));
  };

  const apply = () => {
    if (settings.overlay) {
      startBridge();
      void fetchBands();
    } else {
      stopBridge();
      reply = undefined;
    }
    schedule();
  };

  ctx.addEventListener(window, 'message', (event: MessageEvent) => {
    if (event.source !== window || !bridgeToken) return;
    const next = parseBridgeMessage(event.data, bridgeToken);
    if (!next) return;
    reading = next;
    schedule();
  });
  // The site is a single-page app: a new market arrives without a page load.
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    const next = site.symbolFromUrl(new URL(location.href));
    if (next === pageSymbol) return;
    pageSymbol = next;
    generation++;
    reply = undefined;
    void fetchBands();
    schedule();
  });
  // The hint follows the chart area; the bands follow the bridge's own readings.
  ctx.addEventListener(window, 'resize', schedule);
  ctx.addEventListener(window, 'scroll', schedule, { capture: true, passive: true });

  const onRuntimeMessage = (raw: unknown) => {
    if (parseMessage(raw)?.type === 'data-updated') void fetchBands();
  };
  browser.runtime.onMessage.addListener(onRuntimeMessage);
  const unwatch = settingsItem.watch((value) => {
    settings = readSettings(value);
    generation++;
    reply = undefined;
    apply();
  });
  ctx.setInterval(() => void fetchBands(), REFETCH_MS);
  ctx.onInvalidated(() => {
    stopBridge();
    unwatch();
    browser.runtime.onMessage.removeListener(onRuntimeMessage);
  });
  apply();
}
