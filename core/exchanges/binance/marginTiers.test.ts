import { describe, expect, it } from 'vitest';
import type { MarginTier } from '../types';
import { binanceDefaultTiers, TIERS_COMPILED_ON } from './marginTiers';

/** Maintenance margin Binance charges on a position of `notional` USDT: notional × rate − cum of its tier. */
function maintenanceMargin(tiers: MarginTier[], notional: number): number {
  const tier = tiers.find((t) => notional > t.notionalFloor && notional <= t.notionalCap) ?? tiers[0]!;
  return notional * tier.maintenanceMarginRate - tier.maintenanceAmount;
}

const TABLES = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] as const;

describe.each(TABLES)('default tiers for %s', (symbol) => {
  const table = binanceDefaultTiers(symbol);
  const { tiers } = table;

  it('are dated and say where the figures come from and that they may be stale', () => {
    expect(table.asOf).toBe(TIERS_COMPILED_ON);
    expect(table.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(table.source).toMatch(/stale/);
  });

  it('are numbered from 1, belong to the symbol and cover notional from 0 without gaps', () => {
    expect(tiers.length).toBeGreaterThan(3);
    expect(tiers[0]!.notionalFloor).toBe(0);
    tiers.forEach((t, i) => {
      expect(t).toMatchObject({ exchange: 'binance', symbol, tier: i + 1 });
      expect(t.notionalCap).toBeGreaterThan(t.notionalFloor);
      if (i > 0) expect(t.notionalFloor).toBe(tiers[i - 1]!.notionalCap);
    });
  });

  it('ask more maintenance margin and allow less leverage as the position grows', () => {
    for (let i = 1; i < tiers.length; i++) {
      expect(tiers[i]!.maintenanceMarginRate).toBeGreaterThan(tiers[i - 1]!.maintenanceMarginRate);
      expect(tiers[i]!.maxLeverage).toBeLessThan(tiers[i - 1]!.maxLeverage);
    }
    // Maintenance margin below initial margin at every tier's own maximum leverage.
    for (const t of tiers) expect(t.maintenanceMarginRate).toBeLessThan(1 / t.maxLeverage);
  });

  it('have a maintenance amount consistent with the rates: cum_n = cum_(n−1) + floor_n × (mmr_n − mmr_(n−1))', () => {
    expect(tiers[0]!.maintenanceAmount).toBe(0);
    for (let i = 1; i < tiers.length; i++) {
      const prev = tiers[i - 1]!;
      const t = tiers[i]!;
      const expected =
        prev.maintenanceAmount + t.notionalFloor * (t.maintenanceMarginRate - prev.maintenanceMarginRate);
      expect(t.maintenanceAmount).toBeCloseTo(expected, 6);
    }
  });

  it('so maintenance margin does not jump at a tier boundary', () => {
    for (const t of tiers.slice(1)) {
      const justBelow = maintenanceMargin(tiers, t.notionalFloor);
      const justAbove = maintenanceMargin(tiers, t.notionalFloor + 1e-6);
      expect(Math.abs(justAbove - justBelow)).toBeLessThan(1e-3);
    }
  });
});

describe('which table a symbol gets', () => {
  it('BTCUSDT and ETHUSDT get their own tables; any other symbol the conservative generic one', () => {
    const btc = binanceDefaultTiers('BTCUSDT');
    const eth = binanceDefaultTiers('ETHUSDT');
    const doge = binanceDefaultTiers('DOGEUSDT');
    expect(btc.source).toMatch(/BTCUSDT/);
    expect(eth.source).toMatch(/ETHUSDT/);
    expect(doge.source).toMatch(/generic/i);
    expect(doge.tiers.every((t) => t.symbol === 'DOGEUSDT')).toBe(true);
  });

  it('the generic table charges at least the BTCUSDT rate for the same notional', () => {
    const btc = binanceDefaultTiers('BTCUSDT').tiers;
    const generic = binanceDefaultTiers('XYZUSDT').tiers;
    for (const notional of [100, 5_000, 50_000, 1_000_000, 10_000_000]) {
      expect(maintenanceMargin(generic, notional)).toBeGreaterThanOrEqual(maintenanceMargin(btc, notional));
    }
  });
});
