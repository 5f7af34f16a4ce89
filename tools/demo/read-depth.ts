import type { Page, Worker } from 'playwright-core';
import type { LiveDepth } from '../../core/depth/types';
import { readIndexedDbStore } from '../browser';
import { overlayHost } from '../browser/overlay';

/**
 * What the demo reports of the order-book depth (issue 16), read from where the extension keeps it:
 * the walls it recorded per exchange (IndexedDB `depthWalls`: ended walls with their fate, and the
 * standing ones), its recorded 10 s columns per exchange (`depthColumns`), each book's health as
 * last published (`storage.local` liveDepth), and what the chart overlay draws.
 */
export interface DepthSummary {
  /** Walls recorded per exchange (standing, traded and pulled). */
  walls: Record<string, number>;
  fates: Record<string, { standing: number; traded: number; pulled: number }>;
  /** Recorded 10 s columns per exchange. */
  columns: Record<string, number>;
  /** Each book's health as last published: live, syncing or out-of-sync (with its reason). */
  books: Record<string, string>;
  /** On the chart: profile bins drawn, unknown (beyond reach) runs, and wall outlines. */
  chart: { bins: number; unknown: number; walls: number } | null;
}

export async function readDepth(
  worker: Worker,
  extensionPage: Page,
  tradingPage: Page,
  streamed: readonly string[],
): Promise<DepthSummary> {
  // Every streamed exchange is named, with 0 when it recorded none.
  const walls: DepthSummary['walls'] = Object.fromEntries(streamed.map((x) => [x, 0]));
  const fates: DepthSummary['fates'] = {};
  const columns: DepthSummary['columns'] = Object.fromEntries(streamed.map((x) => [x, 0]));
  const wallRead = await readIndexedDbStore<{ exchange: string; fate: string }>(
    worker,
    'heatbands',
    'depthWalls',
  );
  for (const w of wallRead.found ? wallRead.records : []) {
    walls[w.exchange] = (walls[w.exchange] ?? 0) + 1;
    const f = fates[w.exchange] ?? { standing: 0, traded: 0, pulled: 0 };
    fates[w.exchange] = f;
    if (w.fate === 'standing' || w.fate === 'traded' || w.fate === 'pulled') f[w.fate]++;
  }
  const columnRead = await readIndexedDbStore<{ exchange: string }>(worker, 'heatbands', 'depthColumns');
  for (const c of columnRead.found ? columnRead.records : [])
    columns[c.exchange] = (columns[c.exchange] ?? 0) + 1;
  const live = (await extensionPage.evaluate(
    'chrome.storage.local.get("liveDepth").then((r) => r.liveDepth ?? null)',
  )) as LiveDepth | null;
  const books: DepthSummary['books'] = {};
  for (const b of live?.books ?? [])
    books[b.exchange] = b.health.state === 'live' ? 'live' : `${b.health.state}: ${b.health.reason}`;
  const drawn = (await overlayHost(tradingPage).catch(() => undefined))?.depth;
  const chart =
    drawn && drawn.bins !== null
      ? { bins: drawn.bins, unknown: drawn.unknown ?? 0, walls: drawn.walls ?? 0 }
      : null;
  return { walls, fates, columns, books, chart };
}

/** The exchanges with a standing wall in the published live depth. */
export async function exchangesWithWalls(extensionPage: Page): Promise<Set<string>> {
  const live = (await extensionPage.evaluate(
    'chrome.storage.local.get("liveDepth").then((r) => r.liveDepth ?? null)',
  )) as LiveDepth | null;
  return new Set(live?.walls.filter((w) => w.fate === 'standing').map((w) => w.exchange) ?? []);
}
