import * as z from 'zod/mini';
import type { BookMessage } from '../../depth/types';
import { readSides, readWith } from '../depthLevels';
import { type ExchangeResult, fail, ok } from '../errors';
import { impossible, parseJsonBody } from '../parse';
import { fromExchangeSymbol, toExchangeSymbol } from '../symbols';
import { errorKindOf } from './reply';
import { OKX_WS_URLS } from './stream';

/**
 * OKX v5 swap order book: the `books` channel on the public WebSocket (400 levels: a snapshot, then
 * updates every 100 ms) and the REST snapshot `GET /api/v5/market/books` (sz ≤ 400). Docs:
 * www.okx.com/docs-v5/en/#order-book-trading-market-data-ws-order-book-channel and
 * #order-book-trading-market-data-get-order-book. Levels are [price, size, "0", orders] with the
 * size in CONTRACTS: × ctVal gives base units (contracts.ts). Continuity is by `seqId` and
 * `prevSeqId` (−1 on a snapshot); the checksum is 0 from 23 June 2026 and is not read.
 * The REST reply carries no seqId (its documented fields are asks, bids, ts): a REST snapshot's
 * ids are −1 and core/depth/bookSync.ts joins it to the stream by time.
 */

const SNAPSHOT_ENDPOINT = '/api/v5/market/books';
const CHANNEL = 'books';

/** The deepest REST snapshot `books` serves, and the channel's own depth. */
export const BOOK_DEPTH = 400;

/** No sequence id: what a REST snapshot carries in `firstId`/`lastId`. */
export const NO_SEQ_ID = -1;

export function depthStreamUrl(): string {
  return OKX_WS_URLS.public;
}

/** {"op":"subscribe","args":[{"channel":"books","instId":"BTC-USDT-SWAP"}]}. */
export function depthSubscribeMessages(symbol: string): string[] {
  return [
    JSON.stringify({
      op: 'subscribe',
      args: [{ channel: CHANNEL, instId: toExchangeSymbol('okx', symbol) }],
    }),
  ];
}

/** Path and query of the REST snapshot, relative to REST_ORIGINS.okx (hosts.ts). */
export function depthSnapshotPath(symbol: string): string {
  return `${SNAPSHOT_ENDPOINT}?instId=${toExchangeSymbol('okx', symbol)}&sz=${BOOK_DEPTH}`;
}

const epochMsText = z
  .string({ error: 'expected epoch milliseconds as a string' })
  .check(z.regex(/^\d{1,16}$/, { error: 'expected epoch milliseconds as a string' }));
const seqId = z.int({ error: 'expected an integer sequence id' });

const bookData = z.object({
  asks: z.unknown(),
  bids: z.unknown(),
  ts: epochMsText,
  checksum: z.optional(z.number()),
  seqId,
  prevSeqId: seqId,
});

/** The data array of one push: 'books' sends one entry; a hostile frame is capped. */
const bookPush = z.object({
  arg: z.object({ channel: z.literal(CHANNEL), instId: z.string() }),
  action: z.enum(['snapshot', 'update'], { error: 'expected "snapshot" or "update"' }),
  data: z.array(bookData).check(z.maxLength(16, { error: 'more than 16 books in one push' })),
});

/** {"event":"subscribe",…}, {"event":"error","code":"60012","msg":"…"}, {"event":"notice",…}. */
const wsEvent = z.object({
  event: z.string(),
  code: z.optional(z.string()),
  msg: z.optional(z.string()),
});
const channelOnly = z.object({ arg: z.object({ channel: z.string() }) });

const status = z.object({ code: z.string(), msg: z.optional(z.string()) });
const snapshotReply = z.object({
  code: z.literal('0'),
  data: z.tuple([
    z.object({ asks: z.unknown(), bids: z.unknown(), ts: epochMsText, seqId: z.optional(seqId) }),
  ]),
});

const levels = (ctVal: number) => ({ multiplier: ctVal, minEntries: 4 });

function checkCtVal(ctVal: number, endpoint: string): ExchangeResult<number> {
  return Number.isFinite(ctVal) && ctVal > 0
    ? ok(ctVal)
    : fail(impossible('okx', endpoint, 'ctVal', `contract size must be a number > 0, got ${ctVal}`));
}

// {"arg":{"channel":"books","instId":"BTC-USDT-SWAP"},"action":"update","data":[{
//  "asks":[["66471.3","92","0","7"],["66475.0","0","0","0"]],"bids":[["66471.2","341","0","12"]],
//  "ts":"1781866951234","checksum":0,"seqId":18830117245,"prevSeqId":18830117239}]}
// Shape from www.okx.com/docs-v5/en/#order-book-trading-market-data-ws-order-book-channel; the
// snapshot has "action":"snapshot" and "prevSeqId":-1; a keep-alive update has no levels and
// prevSeqId == seqId. Other frames: "pong", {"event":"subscribe","arg":{…},"connId":"a4d3ae55"},
// {"event":"error","code":"60012","msg":"Invalid request: …","connId":"a4d3ae55"}.
/**
 * One WebSocket text frame → book messages, sizes × `ctVal` (base units per contract). Pongs, acks,
 * notices and other channels → []; an error event → an error with OKX's code. Never throws.
 */
export function parseDepthFrame(text: string, ctVal: number): ExchangeResult<BookMessage[]> {
  if (text.trim() === 'pong') return ok([]);
  const contract = checkCtVal(ctVal, CHANNEL);
  if (!contract.ok) return contract;
  const json = parseJsonBody('okx', CHANNEL, text);
  if (!json.ok) return json;
  const event = wsEvent.safeParse(json.value);
  if (event.success) {
    const { event: name, code, msg } = event.data;
    if (name !== 'error') return ok([]);
    return fail({
      kind: errorKindOf(code ?? ''),
      exchange: 'okx',
      endpoint: CHANNEL,
      field: 'code',
      message: `OKX WebSocket error ${code ?? '?'}${msg ? `: ${msg}` : ''}`,
    });
  }
  const channel = channelOnly.safeParse(json.value);
  if (channel.success && channel.data.arg.channel !== CHANNEL) return ok([]);
  const parsed = readWith('okx', CHANNEL, bookPush, json.value);
  if (!parsed.ok) return parsed;
  const push = parsed.value;
  const symbol = fromExchangeSymbol('okx', push.arg.instId);
  if (symbol === undefined) {
    return fail(impossible('okx', CHANNEL, 'arg.instId', `not a USDT swap: ${push.arg.instId}`));
  }
  const messages: BookMessage[] = [];
  for (let i = 0; i < push.data.length; i++) {
    const d = push.data[i]!;
    const sides = readSides(
      'okx',
      CHANNEL,
      { bids: [`data[${i}].bids`, d.bids], asks: [`data[${i}].asks`, d.asks] },
      levels(ctVal),
    );
    if (!sides.ok) return sides;
    messages.push({
      exchange: 'okx',
      symbol,
      kind: push.action === 'snapshot' ? 'snapshot' : 'delta',
      source: 'stream',
      time: Number(d.ts),
      firstId: d.seqId,
      lastId: d.seqId,
      prevId: d.prevSeqId,
      ...sides.value,
    });
  }
  return ok(messages);
}

// {"code":"0","msg":"","data":[{"asks":[["66471.3","92","0","7"],["66471.5","120","0","4"]],
//  "bids":[["66471.2","341","0","12"],["66471.1","3","0","1"]],"ts":"1781866951102"}]}
// Shape from www.okx.com/docs-v5/en/#order-book-trading-market-data-get-order-book: no seqId. An
// error reply: {"code":"51001","msg":"Instrument ID does not exist","data":[]}.
/** The REST snapshot body → a snapshot BookMessage, sizes × `ctVal`; ids −1 unless OKX sends seqId. */
export function parseDepthSnapshot(symbol: string, body: string, ctVal: number): ExchangeResult<BookMessage> {
  const contract = checkCtVal(ctVal, SNAPSHOT_ENDPOINT);
  if (!contract.ok) return contract;
  const json = parseJsonBody('okx', SNAPSHOT_ENDPOINT, body);
  if (!json.ok) return json;
  const head = readWith('okx', SNAPSHOT_ENDPOINT, status, json.value);
  if (!head.ok) return head;
  if (head.value.code !== '0') {
    return fail({
      kind: errorKindOf(head.value.code),
      exchange: 'okx',
      endpoint: SNAPSHOT_ENDPOINT,
      field: 'code',
      message: `OKX error ${head.value.code}${head.value.msg ? `: ${head.value.msg}` : ''}`,
    });
  }
  const parsed = readWith('okx', SNAPSHOT_ENDPOINT, snapshotReply, json.value);
  if (!parsed.ok) return parsed;
  const d = parsed.value.data[0];
  const sides = readSides(
    'okx',
    SNAPSHOT_ENDPOINT,
    { bids: ['data[0].bids', d.bids], asks: ['data[0].asks', d.asks] },
    levels(ctVal),
  );
  if (!sides.ok) return sides;
  const id = d.seqId ?? NO_SEQ_ID;
  return ok({
    exchange: 'okx',
    symbol,
    kind: 'snapshot',
    source: 'rest',
    time: Number(d.ts),
    firstId: id,
    lastId: id,
    ...sides.value,
  });
}
