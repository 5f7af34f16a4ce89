import { z } from 'zod';
import { neutralSymbolSchema } from './exchanges/symbols';
import { POSITION_SIDES } from './exchanges/types';

/**
 * The one protocol for messages between the worker, the popup, the side panel and the content
 * scripts. Every receiver validates with `parseMessage` and ignores what does not parse, so a
 * page or another extension cannot steer the worker with a crafted message.
 */
const Refresh = z.object({ type: z.literal('refresh') }).strict();
const GetStatus = z.object({ type: z.literal('get-status') }).strict();
const DataUpdated = z
  .object({
    type: z.literal('data-updated'),
    symbol: z.string().max(40),
    at: z.number().int().nonnegative(),
  })
  .strict();

/** A content script asks the worker for the heat bands of the market its page shows. */
const GetHeatmap = z
  .object({
    type: z.literal('get-heatmap'),
    symbol: neutralSymbolSchema,
  })
  .strict();

/** The popup asks for the active trading tab's probe findings ("Copy diagnostics"). */
const GetDiagnostics = z.object({ type: z.literal('get-diagnostics') }).strict();

export const MessageSchema = z.discriminatedUnion('type', [
  Refresh,
  GetStatus,
  DataUpdated,
  GetHeatmap,
  GetDiagnostics,
]);
export type Message = z.output<typeof MessageSchema>;

export function parseMessage(raw: unknown): Message | undefined {
  const r = MessageSchema.safeParse(raw);
  return r.success ? r.data : undefined;
}

const finite = z.number().refine(Number.isFinite, 'not a finite number');

/** One heat band as the worker sends it to the on-chart overlay (core/overlay/bands.ts). */
const HeatBandSchema = z
  .object({
    side: z.enum(POSITION_SIDES),
    priceLow: finite.pipe(z.number().positive()),
    priceHigh: finite.pipe(z.number().positive()),
    timeStart: finite.pipe(z.number().nonnegative()),
    timeEnd: finite.pipe(z.number().nonnegative()),
    intensity: z.number().min(0).max(1),
  })
  .strict()
  .refine((b) => b.priceHigh > b.priceLow && b.timeEnd > b.timeStart, 'an empty band');

const KeyZoneSchema = z
  .object({
    side: z.enum(POSITION_SIDES),
    priceLow: finite.pipe(z.number().positive()),
    priceHigh: finite.pipe(z.number().positive()),
    notionalUsd: finite.pipe(z.number().nonnegative()),
    distancePct: finite,
    intensity: z.number().min(0).max(1),
    roles: z
      .array(z.enum(['nearest', 'strongest']))
      .min(1)
      .max(2),
  })
  .strict();
export type KeyZoneMessage = z.output<typeof KeyZoneSchema>;

/** The worker's answer to `get-heatmap`: the bands, or why there are none, in a trader's words. */
export const HeatmapReplySchema = z.discriminatedUnion('ok', [
  z
    .object({
      ok: z.literal(true),
      symbol: z.string().max(40),
      window: z.string().max(8),
      /** End of the grid's last column, epoch ms: bands ending here are still live. */
      asOf: finite.pipe(z.number().nonnegative()),
      price: finite.pipe(z.number().positive()),
      bands: z.array(HeatBandSchema).max(2000),
      /** The nearest and the strongest zone above and below the price (core/model/zones.ts). */
      zones: z.array(KeyZoneSchema).max(8),
      /** Why some of the data behind the bands is stale, when it is; shown beside them. */
      stale: z.string().max(500).optional(),
    })
    .strict(),
  z.object({ ok: z.literal(false), problem: z.string().max(500) }).strict(),
]);
export type HeatmapReply = z.output<typeof HeatmapReplySchema>;

export function parseHeatmapReply(raw: unknown): HeatmapReply | undefined {
  const r = HeatmapReplySchema.safeParse(raw);
  return r.success ? r.data : undefined;
}

/**
 * What "Copy diagnostics" puts on the clipboard: how the overlay sees the active trading page, so
 * a user can report a site change in one paste. No prices, no account data: the probe's findings
 * about frames and the library, the mapping tier, the self-check, and versions.
 */
export const DiagnosticsSchema = z
  .object({
    heatbands: z.string().max(20),
    browser: z.string().max(200),
    site: z.string().max(20),
    page: z.string().max(300),
    overlay: z.object({
      state: z.string().max(20),
      reason: z.string().max(500).optional(),
      bands: z.number(),
    }),
    chart: z.object({ state: z.string().max(20), reason: z.string().max(200).optional() }),
    probe: z.unknown(),
  })
  .strict();
export type Diagnostics = z.output<typeof DiagnosticsSchema>;

export function parseDiagnostics(raw: unknown): Diagnostics | undefined {
  const r = DiagnosticsSchema.safeParse(raw);
  return r.success ? r.data : undefined;
}
