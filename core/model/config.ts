import { z } from 'zod';
import { err, ok, type Result } from '../result';
import { WINDOWS } from './types';

const fraction = z.number().min(0).max(1);
const positive = z.number().positive().finite();
const tierRate = z.strictObject({
  maintenanceMarginRate: z.number().min(0).lt(1),
  maintenanceAmount: z.number().min(0).finite(),
});
const binPct = z.number().positive().max(0.05);
/** Exhaustive: every window needs a bin size, and a key that is no window is an error. */
const binPctPerWindow = z.record(z.enum(WINDOWS), binPct);

/**
 * Every tunable of the liquidation engine, in one place. The defaults were tuned on the hourly
 * scoring file only (see TUNING.md); they are estimates of crowd behaviour, not exchange facts —
 * except the maintenance margin rates, which are the exchanges' smallest-position tiers.
 */
const engineConfigSchema = z
  .strictObject({
    leverage: z.strictObject({
      /** Leverage tiers new positions are spread over, e.g. [5, 10, 25, 50, 100]. */
      tiers: z.array(z.number().min(1).max(1000)).min(1).max(32),
      /** Share of new notional per tier (same order as `tiers`); normalised to sum 1. */
      weights: z.array(z.number().min(0).finite()).min(1).max(32),
      /** The highest leverage on offer for the symbol (Binance BTCUSDT: 125×); caps the top band. */
      maxLeverage: z.number().min(1).max(1000),
    }),
    /**
     * Maintenance tier assumed for every estimated position, per exchange: the smallest-notional
     * tier, since most liquidated positions are retail-sized (Binance BTCUSDT tier 1: 0.4 %, cum 0;
     * Bybit BTCUSDT risk limit 1: 0.5 %; OKX BTC-USDT-SWAP tier 1: 0.4 %). Dated 2026-06.
     */
    maintenance: z.strictObject({ binance: tierRate, bybit: tierRate, okx: tierRate }),
    split: z.strictObject({
      /**
       * With taker flow known: longShare = 0.5 + 0.5·takerK·tanh(takerDeltaUsd / oiIncreaseUsd).
       * Aggressive buying opens longs, so more of the new OI is counted as leveraged longs.
       */
      takerK: fraction,
      /**
       * Without taker flow: longShare = 0.5 + 0.5·directionK·(close − open)/(high − low), the bar's
       * body as a stand-in for who was aggressive. directionK = 0 is the neutral 50/50 split.
       */
      directionK: fraction,
      /** Bounds of the long share after either rule. */
      minLongShare: fraction,
      maxLongShare: fraction,
    }),
    ageing: z.strictObject({
      /**
       * Half-life of a level's notional, hours: positions are closed in ways OI deltas cannot see
       * (closing against another trader's open, stop-outs, manual deleveraging). null: no ageing.
       */
      halfLifeHours: positive.nullable(),
    }),
    oiDecrease: z.strictObject({
      /**
       * When OI falls by d, every live level on both sides shrinks by the fraction
       * min(1, closeFactor·d/OI_before): closing is spread over the book in proportion.
       */
      closeFactor: z.number().min(0).max(100),
      /**
       * true: the notional this bar's trigger removed is taken out of the OI fall first (a
       * liquidation closes OI too), so it is not removed twice.
       */
      netOfTriggered: z.boolean(),
      /**
       * How the closed notional is shared between the sides: in proportion to each side's live
       * notional^(1 + balanceK). 0: both sides lose the same fraction; > 0: the heavier side closes
       * more, so a trend (which triggers one side and leaves the other) does not leave one side alone.
       */
      balanceK: z.number().min(0).max(8),
      /**
       * Tilt of that share by the bar's body b = (close − open)/(high − low): longs' weight × (1 −
       * directionK·b), shorts' × (1 + directionK·b). > 0: an up bar's OI fall is short covering;
       * < 0: it is longs taking profit. 0: no tilt.
       */
      directionK: z.number().min(-1).max(1),
    }),
    entry: z.strictObject({
      /**
       * Where a bar's new positions are assumed opened: 'typical' puts all of it at (H+L+C)/3 (the
       * estimator's textbook rule); 'range' spreads it evenly over [low, high] of the bar.
       */
      placement: z.enum(['typical', 'range']),
      /**
       * true: a tier stands for a band of leverages (see leverageBands in tierPricing.ts) and its
       * notional is spread evenly over the liquidation prices of that band, since real leverage is
       * continuous; false: every position of a tier sits at the tier's own liquidation price.
       */
      leverageBands: z.boolean(),
      /**
       * With bands and 'typical' placement: each band is sampled at this many evenly spaced
       * liquidation prices instead of spread over every bin it covers, so a bar costs O(points), not
       * O(bins) (a 5× band covers 14 % of the price). 0 spreads every band over every bin.
       */
      bandPoints: z.number().int().min(0).max(64),
    }),
    grid: z.strictObject({
      /**
       * Level-book bin size as a fraction of the first bar's price, per window (rounded to
       * 1/2/5·10^k). Coarser for long windows so a 30-day grid stays fast; the backtest uses
       * `backtestBinPct`.
       */
      bookBinPct: binPctPerWindow,
      backtestBinPct: binPct,
      /** Price rows never exceed this: the view bin is a whole multiple of the book bin. */
      maxRows: z.number().int().min(8).max(5000),
      /** Time columns never exceed this: wider windows put several bars in one column. */
      maxColumns: z.number().int().min(2).max(10_000),
      /**
       * The price range is the window's [min low, max high] widened on each side by
       * clamp(padSpanFactor·(high − low), padMinPct·price, padMaxPct·price), so levels within reach
       * of the window's prices show, then snapped outward to multiples of rangeQuantumPct·price (so
       * a live session rarely has to re-lay its rows).
       */
      padSpanFactor: z.number().min(0).max(10),
      padMinPct: z.number().min(0).max(1),
      padMaxPct: z.number().min(0).max(1),
      rangeQuantumPct: z.number().positive().max(0.2),
    }),
    zones: z.strictObject({
      /** A row is hot when its notional is at least this share of the window's hottest cell. */
      hotShareOfMax: fraction,
      /** Zones returned per side (above and below price). */
      perSide: z.number().int().min(0).max(50),
      /** A zone ends where its rows fall below this share of its peak so far (0: never split). */
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

export type EngineConfig = z.output<typeof engineConfigSchema>;

export const DEFAULT_CONFIG: EngineConfig = {
  leverage: { tiers: [5, 10, 25, 50, 100], weights: [0.15, 0.3, 0.25, 0.2, 0.1], maxLeverage: 125 },
  maintenance: {
    binance: { maintenanceMarginRate: 0.004, maintenanceAmount: 0 },
    bybit: { maintenanceMarginRate: 0.005, maintenanceAmount: 0 },
    okx: { maintenanceMarginRate: 0.004, maintenanceAmount: 0 },
  },
  split: { takerK: 0.5, directionK: 0.5, minLongShare: 0.1, maxLongShare: 0.9 },
  ageing: { halfLifeHours: 48 },
  oiDecrease: { closeFactor: 1, netOfTriggered: true, balanceK: 0, directionK: 0 },
  entry: { placement: 'typical', leverageBands: true, bandPoints: 12 },
  grid: {
    // 90d and 180d: 0.2 % and 0.5 % of price ($200 and $500 at $100k). A 90-day BTC range
    // (often ±30 %) is then ~300–400 book bins before padding, as the 30d one is at 0.1 %, so the
    // view keeps whole book bins per row under maxRows; columns stay ≤ maxColumns (5m: 26 and 52
    // bars a column, 997 columns; 1h: 3 and 5, 720 and 864).
    bookBinPct: {
      '12h': 0.0002,
      '24h': 0.0002,
      '3d': 0.0002,
      '7d': 0.0003,
      '30d': 0.001,
      '90d': 0.002,
      '180d': 0.005,
    },
    backtestBinPct: 0.0002,
    maxRows: 500,
    maxColumns: 1000,
    padSpanFactor: 0.5,
    padMinPct: 0.015,
    padMaxPct: 0.1,
    rangeQuantumPct: 0.005,
  },
  // Six per side, not three: since issue 15 a plateau splits into 0.5 %-wide zones, and on the 5-minute
  // file (12h window, every 4 h, 139 side-moments with zones) the top three by notional left out the
  // nearest significant zone 54 times (39 %) and 34 % of the listed sides' USD, leaving gaps in the
  // ladder (the demo's longs jumped −0.43 % → −1.31 % past $10M and $15M zones); six leave it out 6
  // times (4 %) and 14 % of the USD. The fragments still cut are the small ones between zones.
  zones: { hotShareOfMax: 0.3, perSide: 6, splitBelowPeakShare: 0.5 },
};

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
export function parseEngineConfig(json: unknown): Result<EngineConfig> {
  if (json !== undefined && !isPlainObject(json)) return err('the engine config must be a JSON object');
  const merged = mergeOver(structuredClone(DEFAULT_CONFIG), json ?? {});
  const parsed = engineConfigSchema.safeParse(merged);
  if (!parsed.success) return err(`invalid engine config: ${z.prettifyError(parsed.error)}`);
  return ok(parsed.data);
}
