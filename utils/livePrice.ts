import { storage } from '#imports';

/** The freshest mark price per `exchange:symbol` from the worker's streams, for the views. */
export const livePriceItem = storage.defineItem<Record<string, { price: number; at: number }>>(
  'session:livePrice',
  { fallback: {} },
);
