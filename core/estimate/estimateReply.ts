import type { LiquidationEvent } from '../exchanges/types';
import { EXCHANGE_NAMES } from '../exchanges/types';
import { type HeatmapReply, MAX_LIQUIDATION_DOTS } from '../messaging';
import type { HeatmapResult } from '../model/types';
import type { ConfidenceTable } from '../model/zoneConfidence';
import { keyZones } from '../model/zones';
import { heatBands } from '../overlay/bands';
import { heatScale } from '../render/heatScale';
import type { Settings } from '../settings';
import type { SyncStatus } from '../storage/db';
import { stalenessOf } from '../sync/staleness';

/**
 * What the worker publishes of an estimate for every view but the side panel's grid: the bands, cut
 * and classed in the side panel's heat scale at the trader's threshold, with the legend of those
 * classes, every zone the side panel lists, the newest real liquidations, and what is stale. A few
 * hundred small objects: a content script cannot read the extension's IndexedDB. Pure.
 */
export const MAX_BANDS = 300;

/** The part of a published estimate that changes only with a new bar or other filters. */
export type EstimateBase = Omit<Extract<HeatmapReply, { ok: true }>, 'liquidations' | 'stale'>;

export function estimateBase(
  result: HeatmapResult,
  settings: Settings,
  confidence?: ConfidenceTable,
  tickSize?: number,
): EstimateBase {
  const scale = heatScale(result.grid, { threshold: settings.threshold });
  const bands = heatBands(result.grid, scale, { sides: settings.sides, maxBands: MAX_BANDS });
  const key = (side: 'long' | 'short') =>
    scale.legend[side].map(({ level, lowerUsd, upperUsd }) => ({ level, lowerUsd, upperUsd }));
  return {
    ok: true,
    symbol: settings.symbol,
    window: settings.window,
    asOf: result.grid.timeEnd,
    price: result.price,
    bands,
    zones: keyZones(result.zones, undefined, confidence),
    heat: { classes: scale.classes, threshold: settings.threshold, long: key('long'), short: key('short') },
    ...(tickSize !== undefined ? { tickSize } : {}),
  };
}

/** The estimate with what changes between bars: the newest real liquidations, and what is stale. */
export function estimateReply(
  base: EstimateBase,
  recent: { statuses: readonly SyncStatus[]; liquidations: readonly LiquidationEvent[]; now: number },
): HeatmapReply {
  const stale = staleNote(recent.statuses, recent.now);
  return {
    ...base,
    ...(stale ? { stale } : {}),
    liquidations: recent.liquidations
      .slice(-MAX_LIQUIDATION_DOTS)
      .map(({ time, price, side, notionalUsd }) => ({ time, price, side, notionalUsd })),
  };
}

/** One line on which exchanges' data is stale and why, or undefined when all are fresh. */
export function staleNote(statuses: readonly SyncStatus[], localNow: number): string | undefined {
  const parts = statuses.flatMap((s) => {
    const stale = stalenessOf(s, localNow);
    return stale ? [`${EXCHANGE_NAMES[s.exchange]}: ${stale.short}`] : [];
  });
  return parts.length > 0 ? `Stale data (${parts.join('; ')}); bands show the last good sync.` : undefined;
}
