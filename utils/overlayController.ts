import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, injectScript } from '#imports';
import { OVERLAY_CSS, OverlayView } from '@/components/OverlayView';
import { type Message, parseHeatmapReply, parseMessage } from '@/core/messaging';
import {
  BRIDGE_CHANNEL,
  BRIDGE_VERSION,
  type BridgeStopMessage,
  parseBridgeMessage,
} from '@/core/overlay/bridgeProtocol';
import {
  INITIAL_OVERLAY,
  type OverlayEffect,
  type OverlayEvent,
  type OverlayModel,
  step,
} from '@/core/overlay/overlayMachine';
import { overlayScene } from '@/core/overlay/overlayScene';
import type { ChartSite } from '@/core/overlay/site';
import { loadSettings, watchSettings } from './settings';

/** Bands are re-read this often even without news from the worker (data moves every 5 minutes). */
const REFETCH_MS = 30_000;

/**
 * The on-chart overlay in one trading page: runs the overlay's state machine
 * (core/overlay/overlayMachine.ts) against the real page. It feeds the machine the page's events
 * and carries out its effects: the chart bridge, questions to the worker, redraws. Everything it
 * starts is tied to `ctx`, so a reloaded or removed extension leaves nothing behind.
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

  let model: OverlayModel = INITIAL_OVERLAY;
  const dispatch = (event: OverlayEvent) => {
    const next = step(model, event);
    model = next.model;
    for (const effect of next.effects) run(effect);
  };

  const redraw = frameScheduler(ctx, () => drawScene(model));
  let lastKey = '';
  let lastBands: unknown;
  const drawScene = (m: OverlayModel) => {
    if (!ctx.isValid) return;
    const reading = m.reading;
    const scene = overlayScene({
      overlayOn: m.overlayOn,
      pageSymbol: m.pageSymbol,
      reading,
      chartSymbol: reading?.state === 'ready' ? site.symbolFromChart(reading.symbol) : undefined,
      reply: m.reply,
      chartCorner: chartCorner(site),
    });
    // Redraw only when something drawn would change (the bridge already posts only on change).
    const key = JSON.stringify([scene.layer?.mapping, scene.layer?.pane, scene.layer?.asOf, scene.hint]);
    if (key === lastKey && scene.layer?.bands === lastBands) return;
    lastKey = key;
    lastBands = scene.layer?.bands;
    view.render(scene);
  };

  function run(effect: OverlayEffect): void {
    switch (effect.type) {
      case 'redraw':
        redraw();
        return;
      case 'start-bridge': {
        const token = crypto.randomUUID();
        dispatch({ type: 'bridge-started', token });
        injectBridge(site, token);
        return;
      }
      case 'stop-bridge': {
        const stop: BridgeStopMessage = {
          channel: BRIDGE_CHANNEL,
          version: BRIDGE_VERSION,
          token: effect.token,
          kind: 'stop',
        };
        window.postMessage(stop, location.origin);
        return;
      }
      case 'ask-worker': {
        const request: Message = { type: 'get-heatmap', symbol: effect.symbol };
        void browser.runtime
          .sendMessage(request)
          .catch(() => undefined)
          .then((raw: unknown) => {
            if (!ctx.isValid) return;
            const reply = parseHeatmapReply(raw) ?? {
              ok: false as const,
              problem: 'The HeatBands worker did not answer (yet).',
            };
            dispatch({ type: 'answered', generation: effect.generation, reply });
          });
        return;
      }
    }
  }

  ctx.addEventListener(window, 'message', (event: MessageEvent) => {
    if (event.source !== window || !model.bridgeToken) return;
    const reading = parseBridgeMessage(event.data, model.bridgeToken);
    if (reading) dispatch({ type: 'chart-read', reading });
  });
  // The site is a single-page app: a new market arrives without a page load.
  ctx.addEventListener(window, 'wxt:locationchange', () =>
    dispatch({ type: 'location-changed', pageSymbol: site.symbolFromUrl(new URL(location.href)) }),
  );
  // The hint follows the chart area; the bands follow the bridge's own readings.
  ctx.addEventListener(window, 'resize', redraw);
  ctx.addEventListener(window, 'scroll', redraw, { capture: true, passive: true });

  const onRuntimeMessage = (raw: unknown) => {
    if (parseMessage(raw)?.type === 'data-updated') dispatch({ type: 'data-updated' });
  };
  browser.runtime.onMessage.addListener(onRuntimeMessage);
  const unwatch = watchSettings((settings) =>
    dispatch({ type: 'settings-changed', overlayOn: settings.overlay }),
  );
  ctx.setInterval(() => dispatch({ type: 'data-updated' }), REFETCH_MS);
  ctx.onInvalidated(() => {
    dispatch({ type: 'invalidated' });
    unwatch();
    browser.runtime.onMessage.removeListener(onRuntimeMessage);
  });
  const settings = await loadSettings();
  dispatch({
    type: 'started',
    overlayOn: settings.overlay,
    pageSymbol: site.symbolFromUrl(new URL(location.href)),
  });
}

/** One call per animation frame at most, however many times it is asked for. */
function frameScheduler(ctx: ContentScriptContext, draw: () => void): () => void {
  let requested = false;
  return () => {
    if (requested) return;
    requested = true;
    ctx.requestAnimationFrame(() => {
      requested = false;
      draw();
    });
  };
}

/** Top-left of the site's chart area in the viewport, for the hint; undefined: the viewport's corner. */
function chartCorner(site: ChartSite): { left: number; top: number } | undefined {
  const root = site.chartRootSelector ? document.querySelector(site.chartRootSelector) : null;
  const box = root?.getBoundingClientRect();
  return box && box.width > 0 ? { left: box.left, top: box.top } : undefined;
}

/** Starts the page-world chart bridge with this page's token and the site's selectors. */
function injectBridge(site: ChartSite, token: string): void {
  injectScript('/chart-bridge.js', {
    modifyScript(script) {
      script.dataset.token = token;
      script.dataset.frameSelector = site.tradingView.frameSelector;
      script.dataset.priceAxisSelector = site.tradingView.priceAxisSelector;
      script.dataset.paneTableSelector = site.tradingView.paneTableSelector;
    },
  }).catch((error: unknown) => console.warn('HeatBands: the chart bridge did not load', error));
}
