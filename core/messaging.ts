import * as z from 'zod/mini';
import { neutralSymbolSchema } from './exchanges/symbols';
import { POSITION_SIDES } from './exchanges/types';

/**
 * The one protocol for messages between the worker, the popup, the side panel and the content
 * scripts. Every receiver validates with `parseMessage` and ignores what does not parse, so a
 * page or another extension cannot steer the worker with a crafted message. Written with
 * zod/mini, which the content scripts can carry (their size budget is 30 KB gzip). Zod's
 * numbers refuse NaN and infinities by themselves.
 */
const text = (max: number) => z.string().check(z.maxLength(max));
const nonNegative = () => z.number().check(z.nonnegative());
const positive = () => z.number().check(z.positive());
const share = () => z.number().check(z.minimum(0), z.maximum(1));

const Refresh = z.strictObject({ type: z.literal('refresh') });
const DataUpdated = z.strictObject({
  type: z.literal('data-updated'),
  symbol: text(40),
  at: z.int().check(z.nonnegative()),
});

/**
 * A trading page tells the worker which market it shows: the worker may follow it (the active tab,
 * when the trader lets it) and answers with the estimate it last published, never computing one
 * for the asker.
 */
const GetHeatmap = z.strictObject({ type: z.literal('get-heatmap'), symbol: neutralSymbolSchema });

/** The popup asks the active trading tab for its probe findings ("Copy diagnostics"). */
const GetDiagnostics = z.strictObject({ type: z.literal('get-diagnostics') });

/** The side panel asks open trading pages to highlight a zone the trader clicked. */
const HighlightZone = z.strictObject({
  type: z.literal('highlight-zone'),
  symbol: neutralSymbolSchema,
  side: z.enum(POSITION_SIDES),
  priceLow: positive(),
  priceHigh: positive(),
});

export const MessageSchema = z.discriminatedUnion('type', [
  Refresh,
  DataUpdated,
  GetHeatmap,
  GetDiagnostics,
  HighlightZone,
]);
export type Message = z.output<typeof MessageSchema>;

export function parseMessage(raw: unknown): Message | undefined {
  const r = MessageSchema.safeParse(raw);
  return r.success ? r.data : undefined;
}

/** A colour class of core/render/heatScale.ts: 1 (dimmest lit) … the scale's class count. */
const heatLevel = () => z.int().check(z.minimum(1), z.maximum(254));

/** One heat band as the worker sends it to the on-chart overlay (core/overlay/bands.ts). */
const HeatBandSchema = z
  .strictObject({
    side: z.enum(POSITION_SIDES),
    priceLow: positive(),
    priceHigh: positive(),
    timeStart: nonNegative(),
    timeEnd: nonNegative(),
    intensity: share(),
    /** The side panel's colour class of the band (per-side percentile classes). */
    level: heatLevel(),
  })
  .check(z.refine((b) => b.priceHigh > b.priceLow && b.timeEnd > b.timeStart, 'an empty band'));

const KeyZoneSchema = z.strictObject({
  side: z.enum(POSITION_SIDES),
  priceLow: positive(),
  priceHigh: positive(),
  notionalUsd: nonNegative(),
  distancePct: z.number(),
  intensity: share(),
  /** selectZones' roles; [] for a zone the side panel lists that is neither. */
  roles: z.array(z.enum(['nearest', 'strongest'])).check(z.maxLength(2)),
  /** How often zones of its strength paid off (core/model/zoneConfidence.ts); absent when not measured. */
  confidence: z.optional(
    z.strictObject({
      hitRate: z.nullable(share()),
      n: nonNegative(),
      /** The spike rate after a like move that entered no such zone, its control hours, and hits over it. */
      baseRate: z.optional(z.nullable(share())),
      nBase: z.optional(nonNegative()),
      liftVsMove: z.optional(z.nullable(nonNegative())),
    }),
  ),
});
export type KeyZoneMessage = z.output<typeof KeyZoneSchema>;

/** At most this many zones travel to a trading page: every zone of EngineConfig.zones (≤ 50 a side). */
export const MAX_ZONES = 100;

/** One class of the legend: its USD per cell on one side (core/render/heatScale.ts HeatLegendEntry). */
const HeatKeyEntrySchema = z.strictObject({
  level: heatLevel(),
  lowerUsd: nonNegative(),
  /** The next class's lower bound; null for the brightest class. */
  upperUsd: z.nullable(nonNegative()),
});

/** What the chart's legend needs: the classes and, per side, their USD, under the threshold used. */
const HeatKeySchema = z.strictObject({
  classes: heatLevel(),
  /** The intensity threshold the bands were cut at: a share of each side's hottest cell. */
  threshold: share(),
  long: z.array(HeatKeyEntrySchema).check(z.maxLength(254)),
  short: z.array(HeatKeyEntrySchema).check(z.maxLength(254)),
});
export type HeatKey = z.output<typeof HeatKeySchema>;

/** At most this many real liquidations travel to a trading page (the newest). */
export const MAX_LIQUIDATION_DOTS = 1000;
const LiquidationDotSchema = z.strictObject({
  time: nonNegative(),
  price: positive(),
  side: z.enum(POSITION_SIDES),
  notionalUsd: nonNegative(),
});
export type LiquidationDot = z.output<typeof LiquidationDotSchema>;

/** The worker's answer to `get-heatmap`: the bands, or why there are none, in a trader's words. */
export const HeatmapReplySchema = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    symbol: text(40),
    window: text(8),
    /** End of the grid's last column, epoch ms: bands ending here are still live. */
    asOf: nonNegative(),
    price: positive(),
    bands: z.array(HeatBandSchema).check(z.maxLength(2000)),
    /** Every zone the side panel lists, in its order, with roles (core/model/zones.ts keyZones). */
    zones: z.array(KeyZoneSchema).check(z.maxLength(MAX_ZONES)),
    /** The bands' classes in USD per side, for the chart's legend (absent from an older worker). */
    heat: z.optional(HeatKeySchema),
    /** Real liquidations recorded in the window, newest last (drawn as bubbles). */
    liquidations: z.optional(z.array(LiquidationDotSchema).check(z.maxLength(MAX_LIQUIDATION_DOTS))),
    /** Why some of the data behind the bands is stale, when it is; shown beside them. */
    stale: z.optional(text(500)),
    /** The symbol's price step (the coarsest of the enabled exchanges'), when known: prices are shown to it. */
    tickSize: z.optional(positive()),
  }),
  z.strictObject({ ok: z.literal(false), problem: text(500) }),
]);
export type HeatmapReply = z.output<typeof HeatmapReplySchema>;

export function parseHeatmapReply(raw: unknown): HeatmapReply | undefined {
  const r = HeatmapReplySchema.safeParse(raw);
  return r.success ? r.data : undefined;
}

/**
 * The estimate the worker computed once for the current settings and published (storage), which
 * every view reads and is told of when it changes: the trading pages' bands, the alerts and badge,
 * the side panel's asOf.
 */
export const PublishedEstimateSchema = z.strictObject({
  /** The market the estimate is for (the settings' symbol when it was computed). */
  symbol: text(40),
  /** When the worker published it, epoch ms. */
  publishedAt: nonNegative(),
  reply: HeatmapReplySchema,
});
export type PublishedEstimate = z.output<typeof PublishedEstimateSchema>;

export function parsePublishedEstimate(raw: unknown): PublishedEstimate | undefined {
  const r = PublishedEstimateSchema.safeParse(raw);
  return r.success ? r.data : undefined;
}

/**
 * What a page showing `pageSymbol` makes of the published estimate: its bands when it is for that
 * market; otherwise why not (the worker is switching to it, or follows another market).
 */
export function estimateForPage(
  published: PublishedEstimate | undefined,
  pageSymbol: string,
  switching: boolean,
): HeatmapReply | undefined {
  if (!published) return undefined;
  if (published.symbol === pageSymbol) return published.reply;
  if (switching) return { ok: false, problem: `HeatBands is switching to ${pageSymbol}: fetching its data…` };
  return {
    ok: false,
    problem: `HeatBands follows ${published.symbol}; choose ${pageSymbol} in its popup to see bands here.`,
  };
}

/**
 * What "Copy diagnostics" puts on the clipboard: how the overlay sees the active trading page, so
 * a user can report a site change in one paste. No prices, no account data: the probe's findings
 * about frames and the library, the mapping tier, the self-check, and versions.
 */
export const DiagnosticsSchema = z.strictObject({
  heatbands: text(20),
  browser: text(200),
  site: text(20),
  page: text(300),
  overlay: z.strictObject({ state: text(20), reason: z.optional(text(500)), bands: nonNegative() }),
  chart: z.strictObject({ state: text(20), reason: z.optional(text(200)) }),
  probe: z.unknown(),
});
export type Diagnostics = z.output<typeof DiagnosticsSchema>;

export function parseDiagnostics(raw: unknown): Diagnostics | undefined {
  const r = DiagnosticsSchema.safeParse(raw);
  return r.success ? r.data : undefined;
}

/** The side panel holds a port of this name open while it is open: the worker streams meanwhile. */
export const SIDE_PANEL_PORT = 'heatbands-side-panel';
