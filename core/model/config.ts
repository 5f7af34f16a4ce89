import { z } from 'zod';
import type { ExchangeId } from '../exchanges/types';
import type { WindowId } from './types';

/**
 * Every tunable of the liquidation engine, in one place. The defaults were tuned on the hourly
 * scoring file only (see TUNING.md); they are estimates of crowd behaviour, not exchange facts —
 * except the maintenance margin rates, which are the exchanges' smallest-position tiers.
 */
export interface EngineConfig {
  leverage: {
    /** Leverage tiers new positions are spread over, e.g. [5, 10, 25, 50, 100]. */
    tiers: number[];
    /** Share of new notional per tier (same order as `tiers`); normalised to sum 1. */
    weights: number[];
    /** The highest leverage on offer for the symbol (Binance BTCUSDT: 125×); caps the top band. */
    maxLeverage: number;
  };
  /**
   * Maintenance tier assumed for every estimated position, per exchange: the smallest-notional tier,
   * since most liquidated positions are retail-sized (Binance BTCUSDT tier 1: 0.4 %, cum 0;
   * Bybit BTCUSDT risk limit 1: 0.5 %; OKX BTC-USDT-SWAP tier 1: 0.4 %). Dated 2026-06.
   */
  maintenance: Record<ExchangeId, { maintenanceMarginRate: number; maintenanceAmount: number }>;
  split: {
    /**
     * With taker flow known: longShare = 0.5 + 0.5·takerK·tanh(takerDeltaUsd / oiIncreaseUsd).
     * Aggressive buying opens longs, so more of the new OI is counted as leveraged longs.
     */
    takerK: number;
    /**
     * Without taker flow: longShare = 0.5 + 0.5·directionK·(close − open)/(high − low), the bar's
     * body as a stand-in for who was aggressive. directionK = 0 is the neutral 50/50 split.
     */
    directionK: number;
    /** Bounds of the long share after either rule. */
    minLongShare: number;
    maxLongShare: number;
  };
  ageing: {
    /**
     * Half-life of a level's notional, hours: positions are closed in ways OI deltas cannot see
     * (closing against another trader's open, stop-outs, manual deleveraging). null: no ageing.
     */
    halfLifeHours: number | null;
  };
  oiDecrease: {
    /**
     * When OI falls by d, every live level on both sides shrinks by the fraction
     * min(1, closeFactor·d/OI_before): closing is spread over the book in proportion.
     */
    closeFactor: number;
    /**
     * true: the notional this bar's trigger removed is taken out of the OI fall first (a
     * liquidation closes OI too), so it is not removed twice.
     */
    netOfTriggered: boolean;
  };
  entry: {
    /**
     * Where a bar's new positions are assumed opened: 'typical' puts all of it at (H+L+C)/3 (the
     * estimator's textbook rule); 'range' spreads it evenly over [low, high] of the bar.
     */
    placement: 'typical' | 'range';
    /**
     * true: a tier stands for a band of leverages (see leverageBands in levelBook.ts) and its
     * notional is spread evenly over the liquidation prices of that band, since real leverage is
     * continuous; false: every position of a tier sits at the tier's own liquidation price.
     */
    leverageBands: boolean;
    /**
     * With bands and 'typical' placement: each band is sampled at this many evenly spaced
     * liquidation prices instead of spread over every bin it covers, so a bar costs O(points), not
     * O(bins) (a 5× band covers 14 % of the price). 0 spreads every band over every bin.
     */
    bandPoints: number;
  };
  grid: {
    /**
     * Level-book bin size as a fraction of the first bar's price, per window (rounded to 1/2/5·10^k).
     * Coarser for long windows so a 30-day grid stays fast; the backtest uses `backtestBinPct`.
     */
    bookBinPct: Record<WindowId, number>;
    backtestBinPct: number;
    /** Price rows never exceed this: the view bin is a whole multiple of the book bin. */
    maxRows: number;
    /** Time columns never exceed this: wider windows put several bars in one column. */
    maxColumns: number;
    /**
     * The price range is the window's [min low, max high] widened on each side by
     * clamp(padSpanFactor·(high − low), padMinPct·price, padMaxPct·price), so levels within reach of
     * the window's prices show, then snapped outward to multiples of rangeQuantumPct·price (so
     * a live session rarely has to re-lay its rows).
     */
    padSpanFactor: number;
    padMinPct: number;
    padMaxPct: number;
    rangeQuantumPct: number;
  };
  zones: {
    /** A row is hot when its notional is at least this share of the window's hottest cell. */
    hotShareOfMax: number;
    /** Zones returned per side (above and below price). */
    perSide: number;
    /** A zone ends where its rows fall below this share of its peak so far (0: never split). */
    splitBelowPeakShare: number;
  };
}

export const DEFAULT_CONFIG: EngineConfig = {
  leverage: { tiers: [5, 10, 25, 50, 100], weights: [0.15, 0.3, 0.25, 0.2, 0.1], maxLeverage: 125 },
  maintenance: {
    binance: { maintenanceMarginRate: 0.004, maintenanceAmount: 0 },
    bybit: { maintenanceMarginRate: 0.005, maintenanceAmount: 0 },
    okx: { maintenanceMarginRate: 0.004, maintenanceAmount: 0 },
  },
  split: { takerK: 0.5, directionK: 1, minLongShare: 0.1, maxLongShare: 0.9 },
  ageing: { halfLifeHours: 48 },
  oiDecrease: { closeFactor: 1, netOfTriggered: true },
  entry: { placement: 'typical', leverageBands: true, bandPoints: 12 },
  grid: {
    bookBinPct: { '12h': 0.0002, '24h': 0.0002, '3d': 0.0002, '7d': 0.0003, '30d': 0.001 },
    backtestBinPct: 0.0002,
    maxRows: 500,
    maxColumns: 1000,
    padSpanFactor: 0.5,
    padMinPct: 0.015,
    padMaxPct: 0.1,
    rangeQuantumPct: 0.005,
  },
  zones: { hotShareOfMax: 0.3, perSide: 3, splitBelowPeakShare: 0.5 },
};

const fraction = z.number().min(0).max(1);
const positive = z.number().positive().finite();
const tierRate = z.strictObject({
  maintenanceMarginRate: z.number().min(0).lt(1),
  maintenanceAmount: z.number().min(0).finite(),
});
const binPct = z.number().positive().max(0.05);

const configSchema = z
  .strictObject({
    leverage: z.strictObject({
      tiers: z.array(z.number().min(1).max(1000)).min(1).max(32),
      weights: z.array(z.number().min(0).finite()).min(1).max(32),
      maxLeverage: z.number().min(1).max(1000),
    }),
    maintenance: z.strictObject({ binance: tierRate, bybit: tierRate, okx: tierRate }),
    split: z.strictObject({
      takerK: fraction,
      directionK: fraction,
      minLongShare: fraction,
      maxLongShare: fraction,
    }),
    ageing: z.strictObject({ halfLifeHours: positive.nullable() }),
    oiDecrease: z.strictObject({ closeFactor: z.number().min(0).max(100), netOfTriggered: z.boolean() }),
    entry: z.strictObject({
      placement: z.enum(['typical', 'range']),
      leverageBands: z.boolean(),
      bandPoints: z.number().int().min(0).max(64),
    }),
    grid: z.strictObject({
      bookBinPct: z.strictObject({ '12h': binPct, '24h': binPct, '3d': binPct, '7d': binPct, '30d': binPct }),
      backtestBinPct: binPct,
      maxRows: z.number().int().min(8).max(5000),
      maxColumns: z.number().int().min(2).max(10_000),
      padSpanFactor: z.number().min(0).max(10),
      padMinPct: z.number().min(0).max(1),
      padMaxPct: z.number().min(0).max(1),
      rangeQuantumPct: z.number().positive().max(0.2),
    }),
    zones: z.strictObject({
      hotShareOfMax: fraction,
      perSide: z.number().int().min(0).max(50),
      splitBelowPeakShare: fraction,
    }),
  })
  .superRefine((c, ctx) => {
    if (c.leverage.weights.length !== c.leverage.tiers.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['leverage', 'weights'],
        message: 'needs one weight per leverage tier',
      });
    }
    if (!(c.leverage.weights.reduce((a, b) => a + b, 0) > 0)) {
      ctx.addIssue({
        code: 'custom',
        path: ['leverage', 'weights'],
        message: 'weights must not all be zero',
      });
    }
    if (new Set(c.leverage.tiers).size !== c.leverage.tiers.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['leverage', 'tiers'],
        message: 'leverage tiers must be distinct',
      });
    }
    if (c.split.minLongShare > c.split.maxLongShare) {
      ctx.addIssue({ code: 'custom', path: ['split'], message: 'minLongShare must not exceed maxLongShare' });
    }
    if (c.grid.padMinPct > c.grid.padMaxPct) {
      ctx.addIssue({ code: 'custom', path: ['grid'], message: 'padMinPct must not exceed padMaxPct' });
    }
  });

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays and scalars from the user replace the default. */
function mergeOver(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = mergeOver(base[k], v);
  return out;
}

/**
 * Validates a user's config (the CLI's `--config FILE` JSON), merged over DEFAULT_CONFIG: any
 * subset of keys may be given; unknown keys, wrong types and inconsistent values are errors that
 * name the offending path.
 */
export function parseEngineConfig(
  json: unknown,
): { ok: true; value: EngineConfig } | { ok: false; error: string } {
  if (json !== undefined && !isPlainObject(json)) {
    return { ok: false, error: 'the engine config must be a JSON object' };
  }
  const merged = mergeOver(structuredClone(DEFAULT_CONFIG), json ?? {});
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) return { ok: false, error: `invalid engine config: ${z.prettifyError(parsed.error)}` };
  return { ok: true, value: parsed.data };
}
