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

export const MessageSchema = z.discriminatedUnion('type', [Refresh, GetStatus, DataUpdated, GetHeatmap]);
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
