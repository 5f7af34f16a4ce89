import * as z from 'zod/mini';
import type { BookMessage } from '../../depth/types';
import { readSides, readWith } from '../depthLevels';
import { type ExchangeResult, fail, ok } from '../errors';
import { WS_ORIGINS } from '../hosts';
import { impossible, parseJsonBody } from '../parse';
import { fromExchangeSymbol, toExchangeSymbol } from '../symbols';

/**
 * Bybit v5 linear order book: the `orderbook.200.<SYMBOL>` topic on the public linear WebSocket
 * (a snapshot on subscribe, then deltas every 100 ms) and the REST snapshot
 * `GET /v5/market/orderbook`. Docs: bybit-exchange.github.io/docs/v5/websocket/public/orderbook and
 * /docs/v5/market/orderbook. `u` is the update id, in sequence within one subscription; `u` = 1
 * means Bybit's service restarted and the message is a full book ("please overwrite your local
 * orderbook"), whatever its `type` says. `seq` is the cross sequence, comparable across depths.
 */

const STREAM_PATH = '/v5/public/linear';
const SNAPSHOT_ENDPOINT = '/v5/market/orderbook';

/** The depth of the topic and of the REST snapshot: 200 levels a side, pushed every 100 ms. */
export const BOOK_DEPTH = 200;

export function depthStreamUrl(): string {
  return `${WS_ORIGINS.bybit}${STREAM_PATH}`;
}

export const depthTopic = (symbol: string) => `orderbook.${BOOK_DEPTH}.${toExchangeSymbol('bybit', symbol)}`;

/** {"op":"subscribe","args":["orderbook.200.BTCUSDT"]}, sent once the socket is open. */
export function depthSubscribeMessages(symbol: string): string[] {
  return [JSON.stringify({ op: 'subscribe', args: [depthTopic(symbol)] })];
}

/** Path and query of the REST snapshot, relative to REST_ORIGINS.bybit (hosts.ts). */
export function depthSnapshotPath(symbol: string): string {
  return `${SNAPSHOT_ENDPOINT}?category=linear&symbol=${toExchangeSymbol('bybit', symbol)}&limit=${BOOK_DEPTH}`;
}

const updateId = z.int({ error: 'expected an integer update id' }).check(z.minimum(1));
const crossSequence = z.int({ error: 'expected an integer cross sequence' });
const epochMs = z.int({ error: 'expected epoch milliseconds' }).check(z.minimum(0));

const book = z.object({
  s: z.string(),
  b: z.unknown(),
  a: z.unknown(),
  u: updateId,
  seq: crossSequence,
});

const bookPush = z.object({
  topic: z.string(),
  type: z.enum(['snapshot', 'delta'], { error: 'expected "snapshot" or "delta"' }),
  ts: epochMs,
  data: book,
  cts: z.optional(epochMs),
});

const opReply = z.object({
  op: z.string(),
  success: z.optional(z.boolean()),
  ret_msg: z.optional(z.string()),
});

const status = z.object({ retCode: z.number(), retMsg: z.string() });
const snapshotReply = z.object({
  retCode: z.literal(0),
  result: z.object({ ...book.shape, ts: epochMs, cts: z.optional(epochMs) }),
});

const LEVELS = { multiplier: 1, minEntries: 2 } as const;

function toMessage(
  data: z.output<typeof book>,
  kind: BookMessage['kind'],
  source: BookMessage['source'],
  time: number,
  endpoint: string,
  prefix: string,
): ExchangeResult<BookMessage> {
  const symbol = fromExchangeSymbol('bybit', data.s);
  if (symbol === undefined) {
    return fail(impossible('bybit', endpoint, `${prefix}s`, `not a USDT perpetual: ${data.s}`));
  }
  const sides = readSides(
    'bybit',
    endpoint,
    { bids: [`${prefix}b`, data.b], asks: [`${prefix}a`, data.a] },
    LEVELS,
  );
  if (!sides.ok) return sides;
  return ok({
    exchange: 'bybit',
    symbol,
    // u = 1: the service restarted and this is the whole book, even when sent as a delta.
    kind: data.u === 1 ? 'snapshot' : kind,
    source,
    time,
    firstId: data.u,
    lastId: data.u,
    seq: data.seq,
    ...sides.value,
  });
}

// {"topic":"orderbook.200.BTCUSDT","type":"delta","ts":1781866951234,"data":{"s":"BTCUSDT",
//  "b":[["66471.2","3.412"],["66470.0","0"]],"a":[["66471.3","0.915"]],"u":48120774,
//  "seq":389120557812},"cts":1781866951231}
// Shape from bybit-exchange.github.io/docs/v5/websocket/public/orderbook; acks and pongs:
// {"success":true,"ret_msg":"","conn_id":"cejreassvfrsfvb9v1a0-2m","req_id":"","op":"subscribe"}
// {"success":true,"ret_msg":"pong","conn_id":"465772b1-7630-4fdc-a492-e003e6f0f260","req_id":"","op":"ping"}
/**
 * One WebSocket text frame → book messages. Pongs, subscribe acks and other topics → []; a refused
 * subscription → an 'exchange' error; a broken book push → an error naming the field. Never throws.
 */
export function parseDepthFrame(text: string): ExchangeResult<BookMessage[]> {
  const json = parseJsonBody('bybit', 'orderbook', text);
  if (!json.ok) return json;
  const message = json.value;
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return fail(impossible('bybit', 'orderbook', '(root)', 'expected a JSON object'));
  }
  if ('op' in message) {
    const reply = readWith('bybit', 'orderbook', opReply, message);
    if (!reply.ok) return reply;
    if (reply.value.success === false) {
      return fail({
        kind: 'exchange',
        exchange: 'bybit',
        endpoint: 'orderbook',
        field: 'ret_msg',
        message: `${reply.value.op} refused: ${reply.value.ret_msg ?? '(no ret_msg)'}`,
      });
    }
    return ok([]);
  }
  const topic = 'topic' in message && typeof message.topic === 'string' ? message.topic : undefined;
  if (topic === undefined || !topic.startsWith('orderbook.')) return ok([]);
  const parsed = readWith('bybit', topic, bookPush, message);
  if (!parsed.ok) return parsed;
  const push = parsed.value;
  const m = toMessage(push.data, push.type, 'stream', push.ts, topic, 'data.');
  return m.ok ? ok([m.value]) : m;
}

// {"retCode":0,"retMsg":"OK","result":{"s":"BTCUSDT","b":[["66471.2","2.907"],["66471.1","0.012"]],
//  "a":[["66471.3","0.915"],["66471.5","1.204"]],"ts":1781866951102,"u":48120770,"seq":389120557790,
//  "cts":1781866951098},"retExtInfo":{},"time":1781866951140}
// Shape from bybit-exchange.github.io/docs/v5/market/orderbook (bids descending, asks ascending).
/** The REST snapshot body → a snapshot BookMessage. A retCode other than 0 → an 'exchange' error. */
export function parseDepthSnapshot(body: string): ExchangeResult<BookMessage> {
  const json = parseJsonBody('bybit', SNAPSHOT_ENDPOINT, body);
  if (!json.ok) return json;
  const head = readWith('bybit', SNAPSHOT_ENDPOINT, status, json.value);
  if (!head.ok) return head;
  if (head.value.retCode !== 0) {
    return fail({
      kind: 'exchange',
      exchange: 'bybit',
      endpoint: SNAPSHOT_ENDPOINT,
      field: 'retCode',
      message: `Bybit error ${head.value.retCode}: ${head.value.retMsg}`,
    });
  }
  const parsed = readWith('bybit', SNAPSHOT_ENDPOINT, snapshotReply, json.value);
  if (!parsed.ok) return parsed;
  const result = parsed.value.result;
  return toMessage(result, 'snapshot', 'rest', result.ts, SNAPSHOT_ENDPOINT, 'result.');
}
