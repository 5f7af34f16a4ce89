import { storage } from '#imports';

/** The freshest mark price per `exchange:symbol` from the worker's streams, for the views. */
export const livePriceItem = storage.defineItem<Record<string, { price: number; at: number }>>(
  'session:livePrice',
  { fallback: {} },
);

/** A storage problem of the streams (quota reached, pruned), shown in the side panel; null when fine. */
export const streamHealthItem = storage.defineItem<{ problem: string; at: number } | null>(
  'session:streamHealth',
  {
    fallback: null,
  },
);
