import { describe, expect, it } from 'vitest';
import { ALERT_EVERY_MS, alertText, badgeText, dueAlerts, zoneKey } from './alerts';
import type { Zone } from './model/types';

const zone = (side: 'long' | 'short', distancePct: number, notionalUsd: number, priceLow = 66_000): Zone => ({
  side,
  priceLow,
  priceHigh: priceLow + 100,
  notionalUsd,
  distancePct,
  intensity: 0.5,
});
const rules = { distancePct: 0.5, minUsd: 5e6 };

describe('alerts near strong zones', () => {
  it('alerts for zones both near enough and strong enough, and only those', () => {
    const zones = [
      zone('long', -0.4, 9e6),
      zone('long', -0.9, 20e6, 65_000),
      zone('short', 0.3, 1e6, 67_000),
    ];
    const { alerts } = dueAlerts('BTCUSDT', zones, rules, {}, 0);
    expect(alerts.map((a) => a.zone.distancePct)).toEqual([-0.4]);
    expect(alerts[0]!.key).toBe(zoneKey('BTCUSDT', zones[0]!));
  });

  it('announces a zone at most once per hour', () => {
    const zones = [zone('long', -0.4, 9e6)];
    const first = dueAlerts('BTCUSDT', zones, rules, {}, 1_000);
    expect(first.alerts).toHaveLength(1);
    const again = dueAlerts('BTCUSDT', zones, rules, first.log, 1_000 + ALERT_EVERY_MS - 1);
    expect(again.alerts).toHaveLength(0);
    const later = dueAlerts('BTCUSDT', zones, rules, again.log, 1_000 + ALERT_EVERY_MS);
    expect(later.alerts).toHaveLength(1);
  });

  it('keeps markets apart and forgets entries older than an hour', () => {
    const zones = [zone('long', -0.4, 9e6)];
    const btc = dueAlerts('BTCUSDT', zones, rules, {}, 0);
    expect(dueAlerts('ETHUSDT', zones, rules, btc.log, 10).alerts).toHaveLength(1);
    expect(Object.keys(dueAlerts('BTCUSDT', [], rules, btc.log, ALERT_EVERY_MS + 1).log)).toEqual([]);
  });

  it('badges the distance to the nearest strong zone', () => {
    expect(badgeText([zone('long', -0.42, 9e6), zone('short', 0.2, 1e6)], 5e6)).toBe('0.4%');
    expect(badgeText([zone('short', 12.3, 9e6)], 5e6)).toBe('12%');
    expect(badgeText([], 5e6)).toBe('');
  });

  it('says side, distance, size and range in the notification', () => {
    const [alert] = dueAlerts('BTCUSDT', [zone('long', -0.4, 9e6)], rules, {}, 0).alerts;
    expect(alertText(alert!)).toEqual({
      title: 'BTCUSDT: long liquidation zone 0.40 % below',
      message: 'About $9.0M estimated at 66,000–66,100. An estimate from open interest, not positions.',
    });
    // On the symbol's tick: low rounded down, high up, with the tick's decimals.
    const cheap = { ...alert!, zone: { ...alert!.zone, priceLow: 2412.347, priceHigh: 2419.001 } };
    expect(alertText(cheap, 0.01).message).toBe(
      'About $9.0M estimated at 2,412.34–2,419.01. An estimate from open interest, not positions.',
    );
  });
});
