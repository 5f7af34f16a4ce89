import { TRADING_SITE_HOSTS } from '@/core/exchanges/hosts';
import { isNeutralSymbol } from '@/core/exchanges/symbols';
import { EXCHANGE_NAMES } from '@/core/exchanges/types';
import { type HeatmapReply, MAX_LIQUIDATION_DOTS, type Message, parseMessage } from '@/core/messaging';
import { keyZones } from '@/core/model/zones';
import { heatBands } from '@/core/overlay/bands';
import { heatScale } from '@/core/render/heatScale';
import type { SyncStatus } from '@/core/storage/db';
import { stalenessOf } from '@/core/sync/staleness';
import { loadHeatmapView } from '@/utils/heatmapView';
import { updateSettings } from '@/utils/settings';

/**
 * Answers the on-chart overlay's `get-heatmap`. A content script runs in the page's origin, so it
 * cannot read the extension's IndexedDB: the worker computes the estimate from its cache (the same
 * code the side panel uses) and sends only the bands, a few hundred small objects, cut and classed
 * in the side panel's heat scale at the same threshold, with the legend of those classes and every
 * zone the side panel lists: one heat model on both views.
 */
const MAX_BANDS = 300;

/** Tabs whose overlay asked for bands; told when fresh data arrives. Lost with the worker, re-learnt on the next ask. */
const overlayTabs = new Set<number>();

export async function heatmapReply(
  request: Extract<Message, { type: 'get-heatmap' }>,
  from: { activeTab: boolean } = { activeTab: false },
): Promise<HeatmapReply> {
  const view = await loadHeatmapView();
  const { settings, result } = view;
  if (request.symbol !== settings.symbol) {
    // The chart in front of the trader names the market; a background tab does not take over.
    if (settings.followChart && from.activeTab && isNeutralSymbol(request.symbol)) {
      await updateSettings({ symbol: request.symbol });
      return { ok: false, problem: `HeatBands is switching to ${request.symbol}: fetching its data…` };
    }
    return {
      ok: false,
      problem: `HeatBands follows ${settings.symbol}; choose ${request.symbol} in its popup to see bands here.`,
    };
  }
  if (!result) return { ok: false, problem: view.problem ?? 'No estimate yet.' };
  const scale = heatScale(result.grid, { threshold: settings.threshold });
  const bands = heatBands(result.grid, scale, { sides: settings.sides, maxBands: MAX_BANDS });
  const key = (side: 'long' | 'short') =>
    scale.legend[side].map(({ level, lowerUsd, upperUsd }) => ({ level, lowerUsd, upperUsd }));
  const stale = staleNote(view.statuses);
  return {
    ok: true,
    ...(stale ? { stale } : {}),
    symbol: settings.symbol,
    window: settings.window,
    asOf: result.grid.timeEnd,
    price: result.price,
    bands,
    zones: keyZones(result.zones),
    heat: { classes: scale.classes, threshold: settings.threshold, long: key('long'), short: key('short') },
    liquidations: view.liquidations
      .slice(-MAX_LIQUIDATION_DOTS)
      .map(({ time, price, side, notionalUsd }) => ({ time, price, side, notionalUsd })),
  };
}

/** One line on which exchanges' data is stale and why, or undefined when all are fresh. */
export function staleNote(statuses: readonly SyncStatus[], localNow = Date.now()): string | undefined {
  const parts = statuses.flatMap((s) => {
    const stale = stalenessOf(s, localNow);
    return stale ? [`${EXCHANGE_NAMES[s.exchange]}: ${stale.short}`] : [];
  });
  return parts.length > 0 ? `Stale data (${parts.join('; ')}); bands show the last good sync.` : undefined;
}

/** Registers the `get-heatmap` handler; call once, synchronously, from the worker's main. */
export function registerHeatmapService(): void {
  browser.runtime.onMessage.addListener((raw, sender, sendResponse) => {
    if (sender.id !== browser.runtime.id) return;
    const message = parseMessage(raw);
    if (message?.type !== 'get-heatmap') return;
    if (sender.tab?.id !== undefined) overlayTabs.add(sender.tab.id);
    heatmapReply(message, { activeTab: sender.tab?.active === true }).then(sendResponse, (error: unknown) =>
      sendResponse({
        ok: false,
        problem: `Could not compute the estimate: ${error instanceof Error ? error.message : String(error)}`,
      } satisfies HeatmapReply),
    );
    // Keeps the channel open for the asynchronous answer (Chrome and Firefox alike).
    return true;
  });
}

/**
 * Tells the overlays in tabs that asked for bands that the cache changed. `runtime.sendMessage`
 * reaches extension pages only, never content scripts, so they are told tab by tab.
 */
export function notifyOverlayTabs(
  message: Extract<Message, { type: 'data-updated' | 'highlight-zone' }>,
): void {
  void browser.tabs
    .query({ url: [...TRADING_SITE_HOSTS] })
    .catch(() => [])
    .then((tabs) => {
      // The tabs that asked, and every open trading tab (the worker may have restarted since they asked).
      const ids = new Set([...overlayTabs, ...tabs.flatMap((t) => (t.id === undefined ? [] : [t.id]))]);
      for (const tabId of ids) {
        browser.tabs.sendMessage(tabId, message).catch(() => overlayTabs.delete(tabId));
      }
    });
}
