import { storage } from '#imports';
import type { AlertLog } from '@/core/alerts';

/** When each zone was last announced (one alert per zone per hour, across worker restarts). */
export const alertLogItem = storage.defineItem<AlertLog>('local:alertLog', { fallback: {}, version: 1 });

/** The zone an alert was about, for the side panel to centre on when the alert is clicked. */
export const focusZoneItem = storage.defineItem<{
  symbol: string;
  priceLow: number;
  priceHigh: number;
} | null>('session:focusZone', { fallback: null });
