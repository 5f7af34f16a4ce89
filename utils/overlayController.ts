import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { injectScript } from '#imports';
import type { LiveDepth } from '@/core/depth/types';
import type { ExchangeId } from '@/core/exchanges/types';
import { type Diagnostics, type Message, parseHeatmapReply, parseMessage } from '@/core/messaging';
import {
  BRIDGE_CHANNEL,
  BRIDGE_VERSION,
  type BridgeStopMessage,
  parseBridgeMessage,
} from '@/core/overlay/bridgeProtocol';
import { overlayDepthOf, withStaleness } from '@/core/overlay/depthProfile';
import {
  INITIAL_OVERLAY,
  type OverlayEffect,
  type OverlayEvent,
  type OverlayModel,
  replyForPage,
  step,
} from '@/core/overlay/overlayMachine';
import { type OverlayDepth, type OverlayScene, overlayScene } from '@/core/overlay/overlayScene';
import { type ChartSite, findControlByLabel } from '@/core/overlay/site';
import { TRADINGVIEW_DOM } from '@/core/overlay/tradingView';
import { loadLiveDepth, watchLiveDepth } from './depth';
import { loadEstimate, watchEstimate } from './estimate';
import { loadSettings, overlayCardCollapsedItem, watchSettings } from './settings';
import { paneByIndex } from './tradingViewPane';

/** The overlay's host element name (components/OverlayView.ts creates it). */
const OVERLAY_HOST_TAG = 'heatbands-overlay';
/** How long a zone picked in the side panel stays outlined on the chart. */
const HIGHLIGHT_MS = 8_000;
/** Where hints and the card dock, inside the chart area's corner (or the viewport's). */
const HINT_INSET = 8;
/**
 * How often the drawn overlay checks it is still in the chart: the library can replace the pane's
 * elements (or drop ours) without any change the bridge reports, and the bands must be back within 1 s.
 */
const WATCH_MS = 250;

/** What the controller needs of the overlay's view (components/OverlayView.ts). */
export interface OverlayViewLike {
  readonly attached: boolean;
  readonly placement: { kind: 'pane' | 'page'; parent: Element };
  render(scene: OverlayScene): void;
  remove(): void;
  readonly host: HTMLElement;
}
/** Where the overlay's view goes: the one placement type of the controller and the view. */
export type OverlayPlacement =
  /** Over `target`, the element the bridge measured, inside `parent`, the positioned box holding it. */
  | { kind: 'pane'; parent: Element; target: Element }
  | { kind: 'page'; parent: Element; left: number; top: number };
export type CreateView = (
  placement: OverlayPlacement,
  onAction: (action: 'switch-to-tradingview' | 'collapse') => void,
) => OverlayViewLike;

/**
 * The on-chart overlay in one trading page: runs the overlay's state machine
 * (core/overlay/overlayMachine.ts) against the real page. It feeds the machine the page's events
 * and carries out its effects: the chart bridge, questions to the worker, redraws. The view lives
 * in the chart pane's cell while bands are drawn (in the chart frame's document, so the site's
 * menus stay above it) and in the page's chart corner for hints. Everything it starts is tied to
 * `ctx`, so a reloaded or removed extension leaves nothing behind.
 */
export async function startOverlay(
  ctx: ContentScriptContext,
  site: ChartSite,
  createView: CreateView,
): Promise<void> {
  let model: OverlayModel = INITIAL_OVERLAY;
  let view: OverlayViewLike | undefined;
  let lastKey = '';
  let lastBands: unknown;
  // Live depth (issue 16) is drawn beside the machine's scene, not through it: it changes every
  // second and needs no decision of the machine. Summed once per publication or settings change.
  let liveDepth: LiveDepth | undefined;
  let depthChoice: { profile: boolean; walls: boolean; exchanges: readonly ExchangeId[] } = {
    profile: false,
    walls: false,
    exchanges: [],
  };
  let depth: OverlayDepth | undefined;
  let depthVersion = 0;
  const depthChanged = () => {
    depth = overlayDepthOf(liveDepth, depthChoice);
    depthVersion++;
    redraw();
  };

  const dispatch = (event: OverlayEvent) => {
    const next = step(model, event);
    model = next.model;
    for (const effect of next.effects) run(effect);
  };

  const sceneNow = (): OverlayScene => {
    const reading = model.reading;
    return overlayScene({
      overlayOn: model.overlayOn,
      pageSymbol: model.pageSymbol,
      reading,
      chartSymbol: reading?.state === 'ready' ? site.symbolFromChart(reading.symbol) : undefined,
      reply: replyForPage(model),
      cardCollapsed: model.cardCollapsed,
      highlight: model.highlight,
      canSwitchToTradingView: site.tradingViewTabLabel !== undefined,
      hints: site.hints,
      depth: withStaleness(depth, Date.now()),
    });
  };

  const onAction = (action: 'switch-to-tradingview' | 'collapse') => {
    if (action === 'collapse') void overlayCardCollapsedItem.setValue(!model.cardCollapsed);
    else if (site.tradingViewTabLabel) {
      // Only ever on the trader's own click: the site's tab, as if they had clicked it.
      findControlByLabel(document, site.tradingViewTabLabel, chartRoot(site))?.click();
    }
  };

  const draw = () => {
    if (!ctx.isValid) return;
    const scene = sceneNow();
    const placement = placementFor(scene, site);
    if (!placement) return;
    let current = view;
    if (
      !current?.attached ||
      current.placement.kind !== placement.kind ||
      current.placement.parent !== placement.parent
    ) {
      current?.remove();
      // Whatever an earlier copy of this script (before an extension reload) left behind.
      removeStrayHosts(placement.parent.ownerDocument);
      current = createView(placement, onAction);
      view = current;
      lastKey = '';
    } else if (placement.kind === 'page') {
      current.host.style.left = `${placement.left}px`;
      current.host.style.top = `${placement.top}px`;
    }
    if (placement.kind === 'pane') alignOver(current.host, placement.target);
    // Redraw only when something drawn would change (the bridge already posts only on change).
    const bands = scene.state === 'drawing' ? scene.layer.bands : undefined;
    const key = JSON.stringify(
      scene.state === 'drawing'
        ? [
            scene.layer.mapping,
            scene.layer.asOf,
            scene.note,
            scene.layer.highlight,
            scene.layer.depth ? [depthVersion, scene.layer.depth.stale] : 0,
          ]
        : scene,
    );
    if (key === lastKey && bands === lastBands) return;
    lastKey = key;
    lastBands = bands;
    current.render(scene);
  };
  const redraw = frameScheduler(ctx, draw);

  function run(effect: OverlayEffect): void {
    switch (effect.type) {
      case 'redraw':
        redraw();
        return;
      case 'start-bridge': {
        const token = crypto.randomUUID();
        dispatch({ type: 'bridge-started', token });
        injectBridge(site, token).catch((error: unknown) => {
          console.warn('HeatBands: the chart bridge did not load', error);
          // Say so where the trader looks, rather than stay silent with no bands.
          dispatch({
            type: 'chart-read',
            reading: {
              state: 'unreadable',
              reason: 'the page did not let HeatBands read its chart (its chart reader was blocked)',
              loading: false,
            },
            probe: { frames: [], globals: {}, checks: { bridge: 'did not load' }, api: {} },
          });
        });
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
    const parsed = parseBridgeMessage(event.data, model.bridgeToken, model.probe);
    if (parsed) dispatch({ type: 'chart-read', reading: parsed.chart, probe: parsed.probe });
  });
  // The site is a single-page app: a new market (or a client-side redirect) without a page load.
  // The event comes as navigation starts, before location.href changes: read its new URL.
  ctx.addEventListener(window, 'wxt:locationchange', (event: Event) => {
    const next = (event as Event & { newUrl?: URL }).newUrl ?? new URL(location.href);
    dispatch({ type: 'location-changed', pageSymbol: site.symbolFromUrl(next) });
  });
  // The hint follows the chart area; the bands follow the bridge's own readings.
  ctx.addEventListener(window, 'resize', redraw);
  ctx.addEventListener(window, 'scroll', redraw, { capture: true, passive: true });

  let highlightTimer: number | undefined;
  const onRuntimeMessage = (raw: unknown, _sender: unknown, sendResponse: (reply: unknown) => void) => {
    const message = parseMessage(raw);
    if (message?.type === 'highlight-zone') {
      const { symbol, side, priceLow, priceHigh } = message;
      dispatch({ type: 'highlight', zone: { symbol, side, priceLow, priceHigh } });
      // Not ctx.setTimeout: it adds an abort listener per call (the clean-up below clears this one).
      clearTimeout(highlightTimer);
      highlightTimer = window.setTimeout(() => {
        if (ctx.isValid) dispatch({ type: 'highlight', zone: undefined });
      }, HIGHLIGHT_MS);
    }
    if (message?.type === 'get-diagnostics') {
      sendResponse(diagnostics(site, model, view));
      return true;
    }
    return undefined;
  };
  browser.runtime.onMessage.addListener(onRuntimeMessage);
  const chooseDepth = (settings: { depthProfile: boolean; depthWalls: boolean; exchanges: ExchangeId[] }) => {
    const next = {
      profile: settings.depthProfile,
      walls: settings.depthWalls,
      exchanges: settings.exchanges,
    };
    if (JSON.stringify(next) === JSON.stringify(depthChoice)) return;
    depthChoice = next;
    depthChanged();
  };
  const unwatch = watchSettings((settings) => {
    chooseDepth(settings);
    dispatch({ type: 'settings-changed', overlayOn: settings.overlay });
  });
  // The worker publishes the live depth once a second; every tab reads it from storage.
  const unwatchDepth = watchLiveDepth((published) => {
    liveDepth = published;
    if (depthChoice.profile || depthChoice.walls) depthChanged();
  });
  const unwatchCard = overlayCardCollapsedItem.watch((collapsed) =>
    dispatch({ type: 'card-collapsed', collapsed: collapsed === true }),
  );
  // The worker publishes each new estimate once; every tab reads it from storage, no re-asking.
  const unwatchEstimate = watchEstimate((estimate) => dispatch({ type: 'published', estimate }));
  ctx.setInterval(() => {
    if (model.overlayOn && model.reading?.state === 'ready') redraw();
  }, WATCH_MS);
  // A reloaded or updated extension cuts this script off; WXT notices when the context is next
  // checked, so check every second and take everything down promptly.
  ctx.setInterval(() => {}, 1_000);
  ctx.onInvalidated(() => {
    dispatch({ type: 'invalidated' });
    clearTimeout(highlightTimer);
    unwatch();
    unwatchCard();
    unwatchEstimate();
    unwatchDepth();
    browser.runtime.onMessage.removeListener(onRuntimeMessage);
    view?.remove();
    view = undefined;
  });
  const [settings, collapsed, estimate, published] = await Promise.all([
    loadSettings(),
    overlayCardCollapsedItem.getValue(),
    loadEstimate(),
    loadLiveDepth(),
  ]);
  if (!ctx.isValid) return;
  liveDepth ??= published;
  chooseDepth(settings);
  dispatch({ type: 'card-collapsed', collapsed });
  dispatch({ type: 'published', estimate });
  dispatch({
    type: 'started',
    overlayOn: settings.overlay,
    pageSymbol: site.symbolFromUrl(new URL(location.href)),
  });
}

/** Removes overlay hosts in the page and its same-origin frames that no live view owns. */
function removeStrayHosts(...docs: Document[]): void {
  const all = new Set<Document>([document, ...docs]);
  for (const frame of document.querySelectorAll('iframe')) {
    try {
      if (frame.contentDocument) all.add(frame.contentDocument);
    } catch {
      // A cross-origin frame holds none of ours.
    }
  }
  for (const doc of all) for (const host of doc.querySelectorAll(OVERLAY_HOST_TAG)) host.remove();
}

function chartRoot(site: ChartSite): Element | null {
  return site.chartRootSelector ? document.querySelector(site.chartRootSelector) : null;
}

/**
 * Where the view goes for a scene: bands over the element the bridge measured (found again by the
 * pane finder's tier and index) in the document that holds the chart (the frame's, when it is in
 * one), inside its positioned canvas box so the pane clips them and the site's menus stay above;
 * anything else at the chart area's corner in the page.
 */
function placementFor(scene: OverlayScene, site: ChartSite): OverlayPlacement | undefined {
  if (scene.state === 'drawing') {
    const { frameId, pane } = scene.layer;
    let doc: Document | null = document;
    if (frameId) {
      const frame = document.getElementById(frameId);
      try {
        doc = frame instanceof HTMLIFrameElement ? frame.contentDocument : null;
      } catch {
        doc = null;
      }
    }
    const target = doc ? paneByIndex(doc, pane.tier, pane.index) : undefined;
    if (!target) return undefined;
    const parent =
      pane.tier === 'class'
        ? (target.querySelector(TRADINGVIEW_DOM.guiWrapper) ??
          target.querySelector(TRADINGVIEW_DOM.guiWrapperClass) ??
          target.firstElementChild ??
          target)
        : pane.tier === 'gui-wrapper'
          ? target
          : target.parentElement;
    return parent ? { kind: 'pane', parent, target } : undefined;
  }
  const box = chartRoot(site)?.getBoundingClientRect();
  const corner = box && box.width > 0 ? { left: box.left, top: box.top } : { left: 0, top: 0 };
  return {
    kind: 'page',
    parent: document.body,
    left: corner.left + HINT_INSET,
    top: corner.top + HINT_INSET,
  };
}

/**
 * Puts the host exactly over `target`, whatever its parent's positioning: moved by the measured
 * difference, and sized to the target's box (the box the bridge's mapping is relative to).
 */
function alignOver(host: HTMLElement, target: Element): void {
  const want = target.getBoundingClientRect();
  const have = host.getBoundingClientRect();
  const dx = want.left - have.left;
  const dy = want.top - have.top;
  if (Math.abs(dx) > 0.01) host.style.left = `${(Number.parseFloat(host.style.left) || 0) + dx}px`;
  if (Math.abs(dy) > 0.01) host.style.top = `${(Number.parseFloat(host.style.top) || 0) + dy}px`;
  if (Math.abs(want.width - have.width) > 0.01) host.style.width = `${want.width}px`;
  if (Math.abs(want.height - have.height) > 0.01) host.style.height = `${want.height}px`;
}

/** The report "Copy diagnostics" puts on the clipboard: no prices, no account data. */
function diagnostics(site: ChartSite, model: OverlayModel, view: OverlayViewLike | undefined): Diagnostics {
  const reading = model.reading;
  const host = view?.host;
  return {
    heatbands: browser.runtime.getManifest().version,
    browser: navigator.userAgent.slice(0, 200),
    site: site.id,
    page: `${location.origin}${location.pathname}`.slice(0, 300),
    overlay: {
      state: host?.getAttribute('data-state') ?? 'off',
      ...(host?.getAttribute('data-reason') ? { reason: host.getAttribute('data-reason')! } : {}),
      bands: Number(host?.getAttribute('data-bands') ?? 0),
    },
    chart: {
      state: reading?.state ?? 'none',
      ...(reading?.state === 'unreadable' ? { reason: reading.reason } : {}),
    },
    probe: model.probe ?? null,
  };
}

/**
 * One call per animation frame at most, however many times it is asked for. Not through
 * `ctx.requestAnimationFrame`: WXT's wrapper adds an abort listener to the context per call and
 * never removes it, one more listener per pan/zoom frame for the page's lifetime (issue 13). One
 * cancel registered once does the same job.
 */
export function frameScheduler(ctx: ContentScriptContext, draw: () => void): () => void {
  let pending: number | undefined;
  ctx.onInvalidated(() => {
    if (pending !== undefined) cancelAnimationFrame(pending);
    pending = undefined;
  });
  return () => {
    if (pending !== undefined || !ctx.isValid) return;
    pending = requestAnimationFrame(() => {
      pending = undefined;
      if (ctx.isValid) draw();
    });
  };
}

/** Starts the page-world chart bridge with this page's token and the site's frame selector. */
async function injectBridge(site: ChartSite, token: string): Promise<void> {
  await injectScript('/chart-bridge.js', {
    modifyScript(script) {
      script.dataset.token = token;
      script.dataset.frameSelector = site.frameSelector;
    },
  });
}
