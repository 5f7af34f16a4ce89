import { storage } from '#imports';
import { type PublishedEstimate, parsePublishedEstimate } from '@/core/messaging';
import type { DepthScore } from '@/core/model/depthScore';
import type { LiveScore } from '@/core/model/liveScore';
import type { ConfidenceTable } from '@/core/model/zoneConfidence';

/**
 * The estimate the worker published (entrypoints/background/estimate.ts), in `storage.local` so
 * the content scripts can read it too and a restarted worker's views still have the last one.
 * Stored as it was sent and validated on every read: a view trusts nothing it did not check.
 */
export const estimateItem = storage.defineItem<unknown>('local:estimate', { fallback: null });

export async function loadEstimate(): Promise<PublishedEstimate | undefined> {
  return parsePublishedEstimate(await estimateItem.getValue());
}

/** Calls `onChange` with each newly published estimate (undefined when it does not validate). */
export function watchEstimate(onChange: (estimate: PublishedEstimate | undefined) => void): () => void {
  return estimateItem.watch((raw) => onChange(parsePublishedEstimate(raw)));
}

/**
 * The live score, computed by the worker once an hour has closed (not by each side panel load): for
 * which market and window, and the hour it scored up to.
 */
export interface StoredLiveScore {
  symbol: string;
  window: string;
  /** Start of the hour after the last scored one, epoch ms. */
  scoredTo: number;
  score: LiveScore | null;
  /**
   * Depth beside the heat on the same events (core/model/depthScore.ts): the heat's hottest rows,
   * the walls' rows and the two combined; its sides carry a reason until enough depth is recorded.
   * Null when no depth was recorded at all.
   */
  depth?: DepthScore | null;
}

export const liveScoreItem = storage.defineItem<StoredLiveScore | null>('local:liveScore', {
  fallback: null,
});

/**
 * The zones' confidence table (core/model/zoneConfidence.ts), measured by the worker once an hour
 * has closed over the stored bars and recorded liquidations: for which market and window, and the
 * hour it was measured up to. The worker attaches it to the published zones; the side panel reads it.
 */
export interface StoredZoneConfidence {
  symbol: string;
  window: string;
  measuredTo: number;
  table: ConfidenceTable;
}

export const zoneConfidenceItem = storage.defineItem<StoredZoneConfidence | null>('local:zoneConfidence', {
  fallback: null,
});

/** The stored table for this market and window, if it is one (storage is an edge: checked here). */
export async function loadZoneConfidence(
  symbol: string,
  window: string,
): Promise<StoredZoneConfidence | undefined> {
  const stored = await zoneConfidenceItem.getValue();
  const counts = (a: unknown) => Array.isArray(a) && a.every((v) => Number.isInteger(v) && v >= 0);
  // The move-matched comparison (expected hits are sums of rates, not counts) is absent from older tables.
  const amounts = (a: unknown) =>
    a === undefined ||
    (Array.isArray(a) && a.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0));
  if (!stored || stored.symbol !== symbol || stored.window !== window) return undefined;
  if (!counts(stored.table?.cases) || !counts(stored.table?.hits)) return undefined;
  const { matched, matchedHits, expectedHits, controlHours } = stored.table;
  if (![matched, matchedHits, expectedHits, controlHours].every(amounts)) return undefined;
  return stored;
}
