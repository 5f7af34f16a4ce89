import { SIDE_PANEL_PORT } from '@/core/messaging';
import type { Settings } from '@/core/settings';
import { DepthStreams } from '@/utils/depthStreams';
import { loadSettings } from '@/utils/settings';
import { LiveStreams } from '@/utils/streams';
import { budgetedGet, catchUpLiquidations } from './sync';

/**
 * When the worker streams: while a trading page or the side panel is open, or alerts are on; else
 * the sockets close. Re-checked whenever one of those can change.
 */

const panels = new Set<unknown>();
let streams: LiveStreams | undefined;
/** The order books (issue 16): the same rule, the same symbol and exchanges. */
let depth: DepthStreams | undefined;

/** The books' counters, for diagnostics, the demo and the benches. */
export const depthStats = () => depth?.stats;

/** Tabs where a content script of ours runs (the manifest's own match patterns). */
async function tradingTabOpen(): Promise<boolean> {
  const patterns = (browser.runtime.getManifest().content_scripts ?? []).flatMap((c) => c.matches ?? []);
  if (patterns.length === 0) return false;
  const tabs = await browser.tabs.query({ url: patterns }).catch(() => []);
  return tabs.length > 0;
}

export async function updateStreams(settings?: Settings, announce: () => void = () => {}): Promise<void> {
  const s = settings ?? (await loadSettings());
  const want = panels.size > 0 || s.alerts || (await tradingTabOpen());
  streams ??= new LiveStreams(announce, catchUpLiquidations);
  const wish = want
    ? { symbol: s.symbol, exchanges: s.exchanges, retentionDays: s.retentionDays }
    : undefined;
  depth ??= new DepthStreams(budgetedGet);
  await Promise.all([streams.update(wish), depth.update(s.recordDepth ? wish : undefined)]);
}

/** Wires what can change the answer; call once, synchronously, from the worker's main. */
export function registerStreams(announce: () => void): void {
  const recheck = () =>
    void updateStreams(undefined, announce).catch((e: unknown) => console.warn('HeatBands streams:', e));
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== SIDE_PANEL_PORT || port.sender?.id !== browser.runtime.id) return;
    panels.add(port);
    port.onDisconnect.addListener(() => {
      panels.delete(port);
      recheck();
    });
    recheck();
  });
  browser.tabs.onUpdated.addListener((_id, change) => {
    if (change.url !== undefined || change.status === 'complete') recheck();
  });
  browser.tabs.onRemoved.addListener(recheck);
  recheck();
}
