import { describe, expect, it } from 'vitest';
import type { MarginTier } from '../exchanges/types';
import {
  binanceLiquidationPrice,
  bybitLiquidationPrice,
  liquidationPrice,
  liquidationRatio,
  tierForNotional,
} from './liquidationPrice';

// Binance BTCUSDT brackets 1–3 (notional floor/cap, maintenance margin rate, maintenance amount "cum"),
// as Binance's Leverage & Margin table lists them; cum follows the FAQ's rule
// floor·(MMR_n − MMR_{n−1}) + cum_{n−1}: 50,000·(0.5 % − 0.4 %) + 0 = 50; 250,000·(1 % − 0.5 %) + 50 = 1,300.
const binanceBtc: MarginTier[] = [
  {
    exchange: 'binance',
    symbol: 'BTCUSDT',
    tier: 1,
    notionalFloor: 0,
    notionalCap: 50_000,
    maxLeverage: 125,
    maintenanceMarginRate: 0.004,
    maintenanceAmount: 0,
  },
  {
    exchange: 'binance',
    symbol: 'BTCUSDT',
    tier: 2,
    notionalFloor: 50_000,
    notionalCap: 250_000,
    maxLeverage: 100,
    maintenanceMarginRate: 0.005,
    maintenanceAmount: 50,
  },
  {
    exchange: 'binance',
    symbol: 'BTCUSDT',
    tier: 3,
    notionalFloor: 250_000,
    notionalCap: 1_000_000,
    maxLeverage: 50,
    maintenanceMarginRate: 0.01,
    maintenanceAmount: 1_300,
  },
];

describe('Binance isolated liquidation price (USDⓈ-M, one-way)', () => {
  // Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts": in isolated mode
  // LP = (WB + cum − Side·Q·EP) / (Q·MMR − Side·Q) with WB the isolated wallet balance. The FAQ's
  // own numeric example is an image we could not read, so these cases apply the FAQ's formula by hand.
  it('prices a small long at tier 1: WB = 10,000·0.1/10 = 100, LP = (100 + 0 − 0.1·10,000)/(0.1·0.004 − 0.1) = 9,036.14', () => {
    const r = liquidationPrice(
      'binance',
      { side: 'long', entryPrice: 10_000, leverage: 10, quantity: 0.1 },
      binanceBtc,
    );
    expect(r.ok && r.value).toBeCloseTo(9036.1446, 3);
  });

  it('uses the notional’s tier: 1 BTC long at 60,000, 10× is tier 2, LP = (6,000 + 50 − 60,000)/(0.005 − 1) = 54,221.11', () => {
    const r = liquidationPrice(
      'binance',
      { side: 'long', entryPrice: 60_000, leverage: 10, quantity: 1 },
      binanceBtc,
    );
    expect(r.ok && r.value).toBeCloseTo(54221.1055, 3);
  });

  it('prices a short: 1 BTC short at 60,000, 10×, tier 2: LP = (6,000 + 50 + 60,000)/(0.005 + 1) = 65,721.39', () => {
    const r = liquidationPrice(
      'binance',
      { side: 'short', entryPrice: 60_000, leverage: 10, quantity: 1 },
      binanceBtc,
    );
    expect(r.ok && r.value).toBeCloseTo(65721.393, 2);
  });

  it('agrees with the brief’s closed forms for c = 0: E·(1 − 1/L)/(1 − m) and E·(1 + 1/L)/(1 + m)', () => {
    const tier = { maintenanceMarginRate: 0.004, maintenanceAmount: 0 };
    const long = binanceLiquidationPrice(
      { side: 'long', entryPrice: 90_000, leverage: 25, quantity: 0.3 },
      tier,
    );
    const short = binanceLiquidationPrice(
      { side: 'short', entryPrice: 90_000, leverage: 25, quantity: 0.3 },
      tier,
    );
    expect(long.ok && long.value).toBeCloseTo((90_000 * 0.96) / 0.996, 6);
    expect(short.ok && short.value).toBeCloseTo((90_000 * 1.04) / 1.004, 6);
  });

  it('a 1× long cannot be liquidated by any positive price: clamped to 0 ("--" on the exchange)', () => {
    const r = liquidationPrice(
      'binance',
      { side: 'long', entryPrice: 60_000, leverage: 1, quantity: 1 },
      binanceBtc,
    );
    expect(r).toEqual({ ok: true, value: 0 });
  });
});

describe('Bybit isolated liquidation price (USDT contract)', () => {
  // Bybit help centre, "Liquidation Price (USDT Contract)": "Trader place a long entry of 1 BTC at
  // 10,000 USDT with 50x leverage ... Liquidation Price = 10,000 USDT * (1 - 2% + 0.5%) = 9,850 USDT".
  it('reproduces Bybit’s long example: 1 BTC at 10,000, 50×, MMR 0.5 % → 9,850', () => {
    const r = bybitLiquidationPrice(
      { side: 'long', entryPrice: 10_000, leverage: 50, quantity: 1 },
      { maintenanceMarginRate: 0.005, maintenanceAmount: 0 },
    );
    expect(r.ok && r.value).toBeCloseTo(9850, 8);
  });

  // Same page: "Trader place a short entry of 1 BTC at 8,000USDT with 40x leverage ...
  // Liquidation Price = 8,000 USDT * (1 + 2.5% - 0.5%) = 8160 USDT".
  it('reproduces Bybit’s short example: 1 BTC at 8,000, 40×, MMR 0.5 % → 8,160', () => {
    const r = liquidationPrice(
      'bybit',
      { side: 'short', entryPrice: 8_000, leverage: 40, quantity: 1 },
      { maintenanceMarginRate: 0.005, maintenanceAmount: 0 },
    );
    expect(r.ok && r.value).toBeCloseTo(8160, 8);
  });

  it('subtracts the tier’s mmDeduction from MM: 2 BTC long at 50,000, 10×, MMR 1 %, deduction 500', () => {
    // IM = 10,000; MM = 100,000·1 % − 500 = 500; LP = 50,000 − 9,500/2 = 45,250.
    const r = liquidationPrice(
      'bybit',
      { side: 'long', entryPrice: 50_000, leverage: 10, quantity: 2 },
      { maintenanceMarginRate: 0.01, maintenanceAmount: 500 },
    );
    expect(r.ok && r.value).toBeCloseTo(45_250, 8);
  });

  it('clamps a 1× long at 0', () => {
    const r = bybitLiquidationPrice(
      { side: 'long', entryPrice: 10_000, leverage: 1, quantity: 1 },
      { maintenanceMarginRate: 0, maintenanceAmount: 0 },
    );
    expect(r).toEqual({ ok: true, value: 0 });
  });
});

describe('tier lookup and ratios', () => {
  it('picks the tier by notional, the last tier above every cap', () => {
    expect(tierForNotional(binanceBtc, 49_999)?.tier).toBe(1);
    expect(tierForNotional(binanceBtc, 50_000)?.tier).toBe(2);
    expect(tierForNotional(binanceBtc, 5_000_000)?.tier).toBe(3);
    expect(tierForNotional([], 1)).toBeUndefined();
  });

  it('LP/E ratio is the price for E = 1, so the book can price a tier with one multiplication', () => {
    const r = liquidationRatio('binance', 'long', 100, 0.004);
    expect(r.ok && r.value).toBeCloseTo(0.99 / 0.996, 12);
    const s = liquidationRatio('bybit', 'short', 100, 0.005);
    expect(s.ok && s.value).toBeCloseTo(1.005, 12);
  });
});

describe('invalid input gives a clear error, never NaN', () => {
  const tier = { maintenanceMarginRate: 0.004, maintenanceAmount: 0 };
  it.each([
    [{ side: 'long' as const, entryPrice: 0, leverage: 10, quantity: 1 }, /entry price/],
    [{ side: 'long' as const, entryPrice: Number.NaN, leverage: 10, quantity: 1 }, /entry price/],
    [{ side: 'short' as const, entryPrice: 100, leverage: 0.5, quantity: 1 }, /leverage/],
    [
      { side: 'short' as const, entryPrice: 100, leverage: Number.POSITIVE_INFINITY, quantity: 1 },
      /leverage/,
    ],
    [{ side: 'long' as const, entryPrice: 100, leverage: 10, quantity: -1 }, /quantity/],
  ])('%o', (input, message) => {
    for (const fn of [binanceLiquidationPrice, bybitLiquidationPrice]) {
      const r = fn(input, tier);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(message);
    }
  });

  it('rejects a maintenance rate outside [0, 1) and a negative maintenance amount', () => {
    const input = { side: 'long' as const, entryPrice: 100, leverage: 10, quantity: 1 };
    expect(binanceLiquidationPrice(input, { maintenanceMarginRate: 1, maintenanceAmount: 0 }).ok).toBe(false);
    expect(bybitLiquidationPrice(input, { maintenanceMarginRate: 0.004, maintenanceAmount: -1 }).ok).toBe(
      false,
    );
  });

  it('reports a tier list that covers nothing', () => {
    const r = liquidationPrice('binance', { side: 'long', entryPrice: 100, leverage: 10, quantity: 1 }, []);
    expect(r.ok).toBe(false);
  });
});
