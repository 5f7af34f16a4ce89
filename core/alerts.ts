import type { Zone } from './model/types';
import { formatZoneRange } from './render/format';

/** What an alert needs of a zone: the published zones (KeyZone) and the engine's both have it. */
export type AlertZone = Pick<Zone, 'side' | 'priceLow' | 'priceHigh' | 'notionalUsd' | 'distancePct'>;

/**
 * Alerts near strong zones, decided purely: which zones are near enough and strong enough, and
 * which of those were not already announced within the hour (at most one alert per zone per hour).
 * The worker shows the notifications and keeps the log (entrypoints/background/alerts.ts).
 */
export const ALERT_EVERY_MS = 3_600_000;

export interface AlertRules {
  /** How near, % of the price. */
  distancePct: number;
  /** The zone's estimated USD at least this. */
  minUsd: number;
}

export interface ZoneAlert {
  /** Stable per market, side and price range: the notification's id and the log's key. */
  key: string;
  symbol: string;
  zone: AlertZone;
}

/** When each zone was last announced, epoch ms, by key. */
export type AlertLog = Record<string, number>;

export function zoneKey(symbol: string, zone: AlertZone): string {
  return `${symbol}:${zone.side}:${Math.round(zone.priceLow)}-${Math.round(zone.priceHigh)}`;
}

const strongEnough = (zone: AlertZone, rules: AlertRules) => zone.notionalUsd >= rules.minUsd;

/** The alerts due now, and the log with them written in (entries older than an hour dropped). */
export function dueAlerts(
  symbol: string,
  zones: readonly AlertZone[],
  rules: AlertRules,
  log: AlertLog,
  now: number,
): { alerts: ZoneAlert[]; log: AlertLog } {
  const next: AlertLog = {};
  for (const [key, at] of Object.entries(log)) if (now - at < ALERT_EVERY_MS) next[key] = at;
  const alerts: ZoneAlert[] = [];
  for (const zone of zones) {
    if (!strongEnough(zone, rules) || Math.abs(zone.distancePct) > rules.distancePct) continue;
    const key = zoneKey(symbol, zone);
    if (next[key] !== undefined) continue;
    next[key] = now;
    alerts.push({ key, symbol, zone });
  }
  return { alerts, log: next };
}

/** The toolbar badge: the distance to the nearest strong zone, e.g. "0.4%", or "" when none. */
export function badgeText(zones: readonly AlertZone[], minUsd: number): string {
  let nearest: number | undefined;
  for (const zone of zones) {
    if (zone.notionalUsd < minUsd) continue;
    const d = Math.abs(zone.distancePct);
    if (nearest === undefined || d < nearest) nearest = d;
  }
  if (nearest === undefined) return '';
  return nearest < 10 ? `${nearest.toFixed(1)}%` : `${Math.round(nearest)}%`;
}

/** One line for the notification: the side, how near, how much, where (edges on the symbol's tick). */
export function alertText(alert: ZoneAlert, tickSize?: number): { title: string; message: string } {
  const { zone, symbol } = alert;
  const where = zone.distancePct > 0 ? 'above' : 'below';
  const usd =
    zone.notionalUsd >= 1e6
      ? `$${(zone.notionalUsd / 1e6).toFixed(1)}M`
      : `$${Math.round(zone.notionalUsd / 1e3)}K`;
  const range = formatZoneRange(zone.priceLow, zone.priceHigh, tickSize);
  return {
    title: `${symbol}: ${zone.side === 'long' ? 'long' : 'short'} liquidation zone ${Math.abs(zone.distancePct).toFixed(2)} % ${where}`,
    message: `About ${usd} estimated at ${range}. An estimate from open interest, not positions.`,
  };
}
