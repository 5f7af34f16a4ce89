import * as z from 'zod/mini';
import { neutralSymbolSchema } from '../exchanges/symbols';
import { EXCHANGE_IDS } from '../exchanges/types';
import { BOOK_SIDES, type LiveDepth } from './types';

/**
 * The live depth as views read it from storage (utils/depth.ts): the worker writes a `LiveDepth`
 * once a second; every read is checked here, because storage is an edge (another extension build,
 * an older worker, a hand-edited value). Bounded so a corrupt value cannot make a view loop over
 * millions of bins, and every number finite (zod's numbers refuse NaN and infinities by themselves).
 *
 * A published value, as the worker writes it (two books, trimmed to three bins each):
 * {"symbol":"BTCUSDT","time":1780401600000,"binSize":50,
 *  "books":[{"exchange":"binance","health":{"state":"live","since":1780401540000},"mid":92012.5,
 *            "reachLow":87400,"reachHigh":96600,"loBin":1839,"bids":[4.1e6,3.2e6,0],"asks":[0,2.8e6,5e6]},
 *           {"exchange":"okx","health":{"state":"out-of-sync","since":1780401598000,
 *            "reason":"seqId 1822 after 1819"},"mid":92010,"reachLow":91000,"reachHigh":93000,
 *            "loBin":1839,"bids":[1e6,8e5,0],"asks":[0,7e5,9e5]}],
 *  "walls":[{"exchange":"binance","symbol":"BTCUSDT","side":"bid","price":91500,"peakUsd":2.4e7,
 *            "lastUsd":2.1e7,"from":1780401000000,"until":1780401600000,"fate":"standing"}]}
 */

/** Bins per book: ±10 % of price in 0.01 % bins is 2,000; twice that leaves room and still bounds a loop. */
export const MAX_LIVE_BINS = 4000;
/** Walls published at once: standing ones and those that ended recently, on three exchanges. */
export const MAX_LIVE_WALLS = 300;

const time = () => z.number().check(z.minimum(0), z.maximum(1e14));
const positive = () => z.number().check(z.positive(), z.maximum(1e12));
const usd = () => z.number().check(z.minimum(0), z.maximum(1e13));
const reason = () => z.string().check(z.maxLength(300));

const HealthSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('syncing'), since: time(), reason: reason() }),
  z.strictObject({ state: z.literal('live'), since: time() }),
  z.strictObject({ state: z.literal('out-of-sync'), since: time(), reason: reason() }),
]);

const LiveBookSchema = z
  .strictObject({
    exchange: z.enum(EXCHANGE_IDS),
    health: HealthSchema,
    // 0 while the book is not live (syncing, out of sync): it is published for its health alone.
    mid: usd(),
    reachLow: usd(),
    reachHigh: usd(),
    loBin: z.int().check(z.minimum(0), z.maximum(1e12)),
    bids: z.array(usd()).check(z.maxLength(MAX_LIVE_BINS)),
    asks: z.array(usd()).check(z.maxLength(MAX_LIVE_BINS)),
  })
  .check(
    z.refine((b) => b.bids.length === b.asks.length, 'bids and asks cover different bins'),
    z.refine((b) => b.reachLow <= b.reachHigh, 'the reach is upside down'),
    z.refine((b) => b.health.state !== 'live' || b.mid > 0, 'a live book without a mid'),
  );

const WallSchema = z
  .strictObject({
    exchange: z.enum(EXCHANGE_IDS),
    symbol: neutralSymbolSchema,
    side: z.enum(BOOK_SIDES),
    price: positive(),
    peakUsd: usd(),
    lastUsd: usd(),
    from: time(),
    until: time(),
    fate: z.enum(['standing', 'traded', 'pulled']),
  })
  .check(z.refine((w) => w.until >= w.from, 'a wall that ended before it started'));

export const LiveDepthSchema = z
  .strictObject({
    symbol: neutralSymbolSchema,
    time: time(),
    binSize: positive(),
    books: z.array(LiveBookSchema).check(z.maxLength(EXCHANGE_IDS.length)),
    walls: z.array(WallSchema).check(z.maxLength(MAX_LIVE_WALLS)),
  })
  .check(
    z.refine(
      (d) => new Set(d.books.map((b) => b.exchange)).size === d.books.length,
      'two books for one exchange',
    ),
  );

/** The live depth when `raw` is a valid one; undefined for anything else (nothing is half-read). */
export function parseLiveDepth(raw: unknown): LiveDepth | undefined {
  const r = LiveDepthSchema.safeParse(raw);
  return r.success ? r.data : undefined;
}
