import * as z from 'zod/mini';
import type { BookMessage } from '../../depth/types';
import { readSides, readWith } from '../depthLevels';
import { type ExchangeResult, fail, ok } from '../errors';
import { WS_ORIGINS } from '../hosts';
import { impossible, parseJsonBody } from '../parse';
import { fromExchangeSymbol, toExchangeSymbol } from '../symbols';

/**
 * Binance USDⓈ-M order book: the diff stream `<symbol>@depth@100ms` and the REST snapshot
 * `GET /fapi/v1/depth`, read into BookMessage (core/depth/types.ts). The diff stream is served on
 * the routed "/public" path since the 2026 routing change (the unrouted URLs were retired on
 * 2026-04-23); market streams (klines, mark price) live on "/market" (stream.ts).
 * core/depth/bookSync.ts joins the two by Binance's rule ("How to manage a local order book
 * correctly", developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams/
 * How-to-manage-a-local-order-book-correctly).
 */

const PUBLIC_ROUTE = '/public';
const STREAM_ENDPOINT = 'depth@100ms';
const SNAPSHOT_ENDPOINT = '/fapi/v1/depth';

/**
 * 1000 levels a side, the deepest the endpoint serves (limit ∈ 5, 10, 20, 50, 100, 500, 1000;
 * weight 20 at 1000). Fetched once per (re)synchronisation, not polled.
 */
export const SNAPSHOT_LIMIT = 1000;

/** wss://fstream.binance.com/public/stream?streams=btcusdt@depth@100ms (a combined stream). */
export function depthStreamUrl(symbol: string): string {
  const s = toExchangeSymbol('binance', symbol).toLowerCase();
  return `${WS_ORIGINS.binance}${PUBLIC_ROUTE}/stream?streams=${s}@${STREAM_ENDPOINT}`;
}

/** Path and query of the REST snapshot, relative to REST_ORIGINS.binance (hosts.ts). */
export function depthSnapshotPath(symbol: string): string {
  return `${SNAPSHOT_ENDPOINT}?symbol=${toExchangeSymbol('binance', symbol)}&limit=${SNAPSHOT_LIMIT}`;
}

const updateId = z.int({ error: 'expected an integer update id' }).check(z.minimum(0));
const epochMs = z.int({ error: 'expected epoch milliseconds' }).check(z.minimum(0));

/** {"stream":"btcusdt@depth@100ms","data":{…}}: the combined-stream wrapping. */
const combined = z.object({ stream: z.string(), data: z.unknown() });

const eventType = z.object({ e: z.string() });

const depthUpdate = z.object({
  e: z.literal('depthUpdate'),
  E: epochMs,
  T: epochMs,
  s: z.string(),
  U: updateId,
  u: updateId,
  pu: z.int({ error: 'expected an integer update id' }),
  b: z.unknown(),
  a: z.unknown(),
});

const snapshotReply = z.object({
  lastUpdateId: updateId,
  E: epochMs,
  T: epochMs,
  bids: z.unknown(),
  asks: z.unknown(),
});

/** {"code":-1121,"msg":"Invalid symbol."}: any endpoint may answer with this instead. */
const errorReply = z.object({ code: z.number(), msg: z.string() });
/** The WebSocket's answer to a request it refuses: {"error":{"code":2,"msg":"Invalid request"},"id":1}. */
const wsErrorReply = z.object({ error: errorReply });

const LEVELS = { multiplier: 1, minEntries: 2 } as const;

// {"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1781866951232,"T":1781866951229,
//  "s":"BTCUSDT","U":9287340512001,"u":9287340512340,"pu":9287340511987,
//  "b":[["66471.20","3.412"],["66470.00","0.000"]],"a":[["66471.30","0.915"]]}}
// Shape from developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams/
// Diff-Book-Depth-Streams: U/u the first and final update id in the event, pu the previous event's
// u; quantities absolute, "0" removes the level.
function fromDepthUpdate(payload: unknown, endpoint: string): ExchangeResult<BookMessage[]> {
  const parsed = readWith('binance', endpoint, depthUpdate, payload);
  if (!parsed.ok) return parsed;
  const event = parsed.value;
  const symbol = fromExchangeSymbol('binance', event.s);
  if (symbol === undefined) {
    return fail(impossible('binance', endpoint, 's', `not a USDT perpetual: ${event.s}`));
  }
  if (event.U > event.u) {
    return fail(impossible('binance', endpoint, 'U', `first update id ${event.U} after final ${event.u}`));
  }
  const sides = readSides('binance', endpoint, { bids: ['b', event.b], asks: ['a', event.a] }, LEVELS);
  if (!sides.ok) return sides;
  return ok([
    {
      exchange: 'binance',
      symbol,
      kind: 'delta',
      source: 'stream',
      time: event.E,
      firstId: event.U,
      lastId: event.u,
      prevId: event.pu,
      ...sides.value,
    },
  ]);
}

/**
 * One WebSocket text frame → book messages. Subscribe replies ({"result":null,"id":1}) and events
 * other than depthUpdate → []; an error reply → an 'exchange' error; a broken depthUpdate → an
 * error naming the field. Never throws.
 */
export function parseDepthFrame(text: string): ExchangeResult<BookMessage[]> {
  const json = parseJsonBody('binance', STREAM_ENDPOINT, text);
  if (!json.ok) return json;
  const envelope = combined.safeParse(json.value);
  const payload = envelope.success ? envelope.data.data : json.value;
  const endpoint = envelope.success ? envelope.data.stream : STREAM_ENDPOINT;
  const type = eventType.safeParse(payload);
  if (!type.success) {
    const direct = errorReply.safeParse(payload);
    const nested = wsErrorReply.safeParse(payload);
    const refusal = direct.success ? direct.data : nested.success ? nested.data.error : undefined;
    if (refusal) {
      return fail({
        kind: 'exchange',
        exchange: 'binance',
        endpoint,
        field: 'code',
        message: `Binance error ${refusal.code}: ${refusal.msg}`,
      });
    }
    return ok([]);
  }
  return type.data.e === 'depthUpdate' ? fromDepthUpdate(payload, endpoint) : ok([]);
}

// {"lastUpdateId":9287340511990,"E":1781866951102,"T":1781866951098,
//  "bids":[["66471.20","2.907"],["66471.10","0.012"]],"asks":[["66471.30","0.915"],["66471.50","1.204"]]}
// Shape from developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/
// Order-Book: bids best first (descending), asks ascending, [price, quantity] as strings.
/** The REST snapshot body → a snapshot BookMessage (lastId = lastUpdateId). Never throws. */
export function parseDepthSnapshot(symbol: string, body: string): ExchangeResult<BookMessage> {
  const json = parseJsonBody('binance', SNAPSHOT_ENDPOINT, body);
  if (!json.ok) return json;
  const refusal = errorReply.safeParse(json.value);
  if (refusal.success) {
    return fail({
      kind: 'exchange',
      exchange: 'binance',
      endpoint: SNAPSHOT_ENDPOINT,
      field: 'code',
      message: `Binance error ${refusal.data.code}: ${refusal.data.msg}`,
    });
  }
  const parsed = readWith('binance', SNAPSHOT_ENDPOINT, snapshotReply, json.value);
  if (!parsed.ok) return parsed;
  const reply = parsed.value;
  const sides = readSides(
    'binance',
    SNAPSHOT_ENDPOINT,
    { bids: ['bids', reply.bids], asks: ['asks', reply.asks] },
    LEVELS,
  );
  if (!sides.ok) return sides;
  return ok({
    exchange: 'binance',
    symbol,
    kind: 'snapshot',
    source: 'rest',
    time: reply.E,
    firstId: reply.lastUpdateId,
    lastId: reply.lastUpdateId,
    ...sides.value,
  });
}
