import { z } from 'zod';

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

export const MessageSchema = z.discriminatedUnion('type', [Refresh, GetStatus, DataUpdated]);
export type Message = z.output<typeof MessageSchema>;

export function parseMessage(raw: unknown): Message | undefined {
  const r = MessageSchema.safeParse(raw);
  return r.success ? r.data : undefined;
}
