import type { WindowId } from '@/core/model/types';
import type { Settings } from '@/core/settings';
import { openHeatBandsDb, readSyncStatuses } from '@/core/storage/db';
import { availableWindows } from '@/core/sync/history';

/**
 * The windows the chosen exchanges can show now, from the sync statuses in IndexedDB (as
 * utils/heatmapView.ts reads them): 90d and 180d only once HeatBands has recorded that much.
 */
export async function loadAvailableWindows(
  settings: Pick<Settings, 'symbol' | 'exchanges'>,
): Promise<WindowId[]> {
  const db = await openHeatBandsDb();
  try {
    return availableWindows(await readSyncStatuses(db), settings.symbol, settings.exchanges);
  } finally {
    db.close();
  }
}
