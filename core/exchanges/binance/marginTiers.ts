import type { MarginTier } from '../types';

/**
 * Binance's maintenance-margin tiers ("leverage brackets") sit behind a signed request
 * (GET /fapi/v1/leverageBracket needs an API key), and HeatBands has no account. So we ship dated
 * tables and say so; Binance changes tiers without notice to us, so they may be stale.
 *
 * Binance quotes tiers as "floor < position notional ≤ cap"; MarginTier's [floor, cap) differs only
 * at the exact boundary, which is immaterial for estimates. The maintenance amount ("cum") is what
 * makes maintenance margin continuous across tiers: cum_n = cum_{n−1} + floor_n × (mmr_n − mmr_{n−1}).
 */

/** When these tables were compiled. The figures themselves may be older: see each source. */
export const TIERS_COMPILED_ON = '2026-11-26';

/** [floor, cap, maxLeverage, maintenance margin rate, maintenance amount (cum)] in USDT. */
type TierRow = readonly [number, number, number, number, number];

interface TierTable {
  source: string;
  rows: readonly TierRow[];
}

const BTCUSDT: TierTable = {
  source:
    'BTCUSDT brackets as returned by GET /fapi/v1/leverageBracket?symbol=BTCUSDT (signed), reproduced in public ' +
    'third-party code; the snapshot date is unknown and the figures were not checked against Binance’s live ' +
    'table (binance.com/en/futures/trading-rules/perpetual/leverage-margin). The cum column is consistent with ' +
    'the rates. May be stale.',
  rows: [
    [0, 300_000, 150, 0.004, 0],
    [300_000, 800_000, 100, 0.005, 300],
    [800_000, 3_000_000, 75, 0.0065, 1_500],
    [3_000_000, 12_000_000, 50, 0.01, 12_000],
    [12_000_000, 70_000_000, 25, 0.02, 132_000],
    [70_000_000, 100_000_000, 20, 0.025, 482_000],
    [100_000_000, 230_000_000, 10, 0.05, 2_982_000],
    [230_000_000, 480_000_000, 5, 0.1, 14_482_000],
    [480_000_000, 600_000_000, 4, 0.125, 26_482_000],
    [600_000_000, 800_000_000, 3, 0.15, 41_482_000],
    [800_000_000, 1_200_000_000, 2, 0.25, 121_482_000],
    [1_200_000_000, 1_800_000_000, 1, 0.5, 421_482_000],
  ],
};

const ETHUSDT: TierTable = {
  source:
    'ETHUSDT brackets as reproduced in public third-party code quoting Binance’s USDⓈ-M leverage and margin ' +
    'table; the snapshot date is unknown and the figures were not checked against Binance’s live table. The cum ' +
    'column is consistent with the rates. May be stale.',
  rows: [
    [0, 50_000, 100, 0.005, 0],
    [50_000, 250_000, 75, 0.0065, 75],
    [250_000, 1_000_000, 50, 0.01, 950],
    [1_000_000, 7_500_000, 25, 0.02, 10_950],
    [7_500_000, 22_500_000, 10, 0.05, 235_950],
    [22_500_000, 75_000_000, 5, 0.1, 1_360_950],
    [75_000_000, 150_000_000, 4, 0.125, 3_235_950],
    [150_000_000, 225_000_000, 3, 0.15, 6_985_950],
    [225_000_000, 375_000_000, 2, 0.25, 29_485_950],
    [375_000_000, 750_000_000, 1, 0.5, 123_235_950],
  ],
};

/**
 * For every other symbol: a small-cap table with high maintenance rates, so estimated liquidation
 * prices sit no farther from entry than Binance's real ones would for most altcoins (a higher rate
 * liquidates sooner). Rates and bounds from Binance's announcement "Update on the Leverage & Margin
 * Tiers of Multiple USDⓈ-M Perpetual Contracts" (new tiers for HIVEUSDT, POWRUSDT, … from
 * 2025-09-15 06:30 UTC); cum derived from them with the rule above.
 */
const GENERIC: TierTable = {
  source:
    'Conservative generic table: tiers Binance announced for small-cap USDⓈ-M perpetuals on 2025-09-15 ' +
    '(HIVEUSDT and others); not this symbol’s own tiers. May be stale.',
  rows: [
    [0, 5_000, 50, 0.015, 0],
    [5_000, 10_000, 20, 0.025, 50],
    [10_000, 20_000, 10, 0.05, 300],
    [20_000, 50_000, 5, 0.1, 1_300],
    [50_000, 250_000, 4, 0.125, 2_550],
    [250_000, 4_500_000, 3, 0.1667, 12_975],
    [4_500_000, 7_500_000, 2, 0.25, 387_825],
    [7_500_000, 12_500_000, 1, 0.5, 2_262_825],
  ],
};

const TABLES: Record<string, TierTable> = { BTCUSDT, ETHUSDT };

/** The built-in tiers for a neutral symbol: its own dated table when we have one, else the generic one. */
export function binanceDefaultTiers(symbol: string): { asOf: string; source: string; tiers: MarginTier[] } {
  const table = TABLES[symbol] ?? GENERIC;
  return {
    asOf: TIERS_COMPILED_ON,
    source: table.source,
    tiers: table.rows.map(([floor, cap, maxLeverage, rate, amount], i) => ({
      exchange: 'binance',
      symbol,
      tier: i + 1,
      notionalFloor: floor,
      notionalCap: cap,
      maxLeverage,
      maintenanceMarginRate: rate,
      maintenanceAmount: amount,
    })),
  };
}
