import * as z from 'zod/mini';
import { neutralSymbolSchema } from './exchanges/symbols';
import { EXCHANGE_IDS, POSITION_SIDES } from './exchanges/types';
import { WINDOWS } from './model/types';

/**
 * The trader's filters, as the popup edits them and every context reads them. Stored in
 * extension storage (see utils/settings.ts); validated here whenever read, so a
 * corrupted or outdated value falls back to defaults instead of breaking the overlay.
 */
export const LEVERAGE_TIERS = [5, 10, 25, 50, 100] as const;

/** Bounds of the retention: at least what the exchanges keep, at most a year (105,120 five-minute bars a series). */
export const RETENTION_DAYS = { min: 30, max: 365 } as const;

/**
 * Where the side panel draws recorded order-book depth: not at all, under the liquidation heat
 * (the heat's dark cells let it show through), or instead of the heat.
 */
export const DEPTH_LAYERS = ['off', 'under', 'instead'] as const;
export type DepthLayer = (typeof DEPTH_LAYERS)[number];

export const SettingsSchema = z.object({
  exchanges: z.array(z.enum(EXCHANGE_IDS)).check(z.minLength(1)),
  symbol: neutralSymbolSchema,
  window: z.enum(WINDOWS),
  leverages: z.array(z.int().check(z.positive())).check(z.minLength(1)),
  sides: z.array(z.enum(POSITION_SIDES)).check(z.minLength(1)),
  /**
   * Cells below this share of the hottest cell OF THEIR SIDE in the window are not drawn, 0..1: the
   * same cut in the side panel and on the chart (core/render/heatScale.ts).
   */
  threshold: z.number().check(z.minimum(0), z.maximum(1)),
  overlay: z.boolean(),
  /** Follow the market of the trading page in the active tab, as a chart tool should. */
  followChart: z.boolean(),
  /** Notify when the price comes near a strong zone (off until the trader turns it on). */
  alerts: z.boolean(),
  /** How near, % of the price. */
  alertDistancePct: z.number().check(z.minimum(0.05), z.maximum(10)),
  /** How strong: the zone's estimated USD at least this. */
  alertMinUsd: z.number().check(z.minimum(0), z.maximum(1e12)),
  /**
   * Days of recorded bars kept (the exchanges keep 30 days of open interest; what HeatBands
   * recorded beyond that builds the 90d and 180d windows).
   */
  retentionDays: z.int().check(z.minimum(RETENTION_DAYS.min), z.maximum(RETENTION_DAYS.max)),
  /**
   * Stream and record the followed exchanges' order books (issue 16), under the same rule as the
   * other streams: while a trading page or the side panel is open. On by default: the depth is
   * scored beside the heat only once it has been recorded.
   */
  recordDepth: z.boolean(),
  /** The live order-book depth profile at the exchange chart's right edge (issue 16). */
  depthProfile: z.boolean(),
  /** Outlines around standing walls on the exchange chart. */
  depthWalls: z.boolean(),
  /** The side panel's recorded-depth layer. */
  depthLayer: z.enum(DEPTH_LAYERS),
});
export type Settings = z.output<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  exchanges: ['binance', 'bybit'],
  symbol: 'BTCUSDT',
  window: '12h',
  leverages: [...LEVERAGE_TIERS],
  sides: ['long', 'short'],
  // 60 % of each side's hottest cell (per side since issue 13; measured below when it was a share of
  // the hottest cell of both sides, which for balanced books is nearly the same). The estimate spreads notional over most of the grid (on the
  // shared BTCUSDT 5m recording, 12h windows at 52 moments: 89 % of cells hold some, the median
  // non-empty cell is about 37 % of the hottest), so the former 0.15 admitted 69 % of the cells and
  // cut a median 398 overlay bands (up to 1,195). 0.6 admits 15 % of the cells (6 % at 7d), the
  // strongest clusters, in a median 95 bands (5 … 251: under the worker's 300).
  threshold: 0.6,
  overlay: true,
  followChart: true,
  alerts: false,
  alertDistancePct: 0.5,
  alertMinUsd: 5_000_000,
  retentionDays: 180,
  // Depth is a second, separate kind of heat: nothing changes on the chart or in the panel until the
  // trader asks for it. The panel's layer is off too (not 'under'): it would repaint a panel traders
  // know, and read 12 h of depth columns from IndexedDB on every load, for a trader who never asked.
  recordDepth: true,
  depthProfile: false,
  depthWalls: false,
  depthLayer: 'off',
};

/** Reads stored settings; anything invalid falls back to the defaults, field by field. */
export function readSettings(raw: unknown): Settings {
  const whole = SettingsSchema.safeParse(raw);
  if (whole.success) return whole.data;
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  if (raw && typeof raw === 'object') {
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
      const field = SettingsSchema.shape[key].safeParse((raw as Record<string, unknown>)[key]);
      if (field.success) out[key] = field.data;
    }
  }
  return out as Settings;
}
