import type { StreamEvent, StreamTopic } from '../adapter';
import { checkedCandle } from '../candles';
import { type ExchangeResult, fail, ok } from '../errors';
import { WS_ORIGINS } from '../hosts';
import { impossible, parseJsonBody, parseWith } from '../parse';
import { fromExchangeSymbol, toExchangeSymbol } from '../symbols';
import type { PositionSide } from '../types';
import { wsAllLiquidation, wsKline, wsOpReply, wsTicker } from './schema';

/**
 * Bybit's public linear WebSocket: subscribe by message after opening, keep alive with an
 * application-level ping, read kline / ticker / allLiquidation pushes.
 * Docs: https://bybit-exchange.github.io/docs/v5/ws/connect
 */

const STREAM_PATH = '/v5/public/linear';

/** "We recommend that you send the ping heartbeat packet every 20 seconds" (v5/ws/connect). */
export const PING = { message: JSON.stringify({ op: 'ping' }), intervalMs: 20_000 };

const TOPIC_PREFIX: Record<StreamTopic, string> = {
  candles1m: 'kline.1.',
  markPrice: 'tickers.',
  liquidations: 'allLiquidation.',
};

export function streamUrl(_symbol: string, _topics: readonly StreamTopic[]): string {
  return `${WS_ORIGINS.bybit}${STREAM_PATH}`;
}

/** One {"op":"subscribe","args":[...]} for all topics; Bybit acks it with {"success":true,"op":"subscribe"}. */
export function subscribeMessages(symbol: string, topics: readonly StreamTopic[]): string[] {
  if (topics.length === 0) return [];
  const instrument = toExchangeSymbol('bybit', symbol);
  const args = [...new Set(topics)].map((t) => `${TOPIC_PREFIX[t]}${instrument}`);
  return [JSON.stringify({ op: 'subscribe', args })];
}

const ignored = (reason: string): ExchangeResult<StreamEvent[]> => ok([{ type: 'ignored', reason }]);

/** "Buy" in allLiquidation is the side of the liquidated position: "a long position has been liquidated". */
const LIQUIDATED_SIDE: Record<'Buy' | 'Sell', PositionSide> = { Buy: 'long', Sell: 'short' };

// {"topic":"kline.1.BTCUSDT","type":"snapshot","ts":1750000561234,"data":[{"start":1750000500000,
//  "end":1750000559999,"interval":"1","open":"104890.1","close":"104933.2","high":"104955.5",
//  "low":"104870","volume":"31.337","turnover":"3288290.44","confirm":false,"timestamp":1750000561200}]}
// Shape from https://bybit-exchange.github.io/docs/v5/websocket/public/kline
function parseKline(topic: string, json: unknown, symbol: string): ExchangeResult<StreamEvent[]> {
  const parsed = parseWith('bybit', topic, wsKline, json);
  if (!parsed.ok) return parsed;
  const events: StreamEvent[] = [];
  for (const [i, k] of parsed.value.data.entries()) {
    const candle = checkedCandle(
      {
        exchange: 'bybit',
        symbol,
        openTime: k.start,
        open: k.open,
        high: k.high,
        low: k.low,
        close: k.close,
        volumeBase: k.volume,
        volumeQuote: k.turnover,
      },
      topic,
      (field) => `data[${i}].${field}`,
    );
    if (!candle.ok) return candle;
    events.push({ type: 'candle', closed: k.confirm, candle: candle.value });
  }
  return ok(events);
}

// {"topic":"tickers.BTCUSDT","type":"delta","cs":24987956059,"ts":1750000561234,
//  "data":{"symbol":"BTCUSDT","markPrice":"104935.00","indexPrice":"104960.41","fundingRate":"0.0001"}}
// Shape from https://bybit-exchange.github.io/docs/v5/websocket/public/ticker (a delta carries only
// the fields that changed, so a delta without markPrice says nothing about the mark price).
function parseTicker(topic: string, json: unknown, symbol: string): ExchangeResult<StreamEvent[]> {
  const parsed = parseWith('bybit', topic, wsTicker, json);
  if (!parsed.ok) return parsed;
  const { ts, data } = parsed.value;
  if (data.markPrice === undefined) return ignored(`${topic}: ${parsed.value.type} without markPrice`);
  return ok([
    {
      type: 'mark',
      mark: {
        exchange: 'bybit',
        symbol,
        time: ts,
        markPrice: data.markPrice,
        indexPrice: data.indexPrice,
        fundingRate: data.fundingRate,
        nextFundingTime: data.nextFundingTime ? data.nextFundingTime : undefined,
      },
    },
  ]);
}

// {"topic":"allLiquidation.BTCUSDT","type":"snapshot","ts":1750000561234,"data":[
//  {"T":1750000560987,"s":"BTCUSDT","S":"Buy","v":"0.412","p":"104120.50"}]}
// Shape from https://bybit-exchange.github.io/docs/v5/websocket/public/all-liquidation: S is the
// liquidated position's side, v the executed size (base coin for linear), p the bankruptcy price.
function parseAllLiquidation(topic: string, json: unknown): ExchangeResult<StreamEvent[]> {
  const parsed = parseWith('bybit', topic, wsAllLiquidation, json);
  if (!parsed.ok) return parsed;
  const events: StreamEvent[] = [];
  for (let i = 0; i < parsed.value.data.length; i++) {
    const row = parsed.value.data[i]!;
    const symbol = fromExchangeSymbol('bybit', row.s);
    if (!symbol) return fail(impossible('bybit', topic, `data[${i}].s`, `not a USDT perpetual: ${row.s}`));
    const notionalUsd = row.v * row.p;
    if (!Number.isFinite(notionalUsd)) {
      return fail(impossible('bybit', topic, `data[${i}].v`, `size × price overflows (${row.v} × ${row.p})`));
    }
    events.push({
      type: 'liquidation',
      event: {
        exchange: 'bybit',
        symbol,
        time: row.T,
        side: LIQUIDATED_SIDE[row.S],
        price: row.p,
        quantityBase: row.v,
        notionalUsd,
      },
    });
  }
  return ok(events);
}

/** One text frame → events. Pongs and subscribe acks are `ignored`; a refused subscription is an error. */
export function parseStreamMessage(text: string): ExchangeResult<StreamEvent[]> {
  const json = parseJsonBody('bybit', 'stream', text);
  if (!json.ok) return json;
  const message = json.value;
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return fail(impossible('bybit', 'stream', '(root)', 'expected a JSON object'));
  }

  if ('op' in message) {
    // {"success":true,"ret_msg":"pong","conn_id":"465772b1-...","req_id":"","op":"ping"}
    // {"success":true,"ret_msg":"","op":"subscribe","conn_id":"cejreassvfrsfvb9v1a0-2m"}
    const reply = parseWith('bybit', 'stream', wsOpReply, message);
    if (!reply.ok) return reply;
    if (reply.value.success === false) {
      return fail({
        kind: 'exchange',
        exchange: 'bybit',
        endpoint: 'stream',
        field: 'ret_msg',
        message: `${reply.value.op} refused: ${reply.value.ret_msg ?? '(no ret_msg)'}`,
      });
    }
    return ignored(`${reply.value.op} reply${reply.value.ret_msg ? ` (${reply.value.ret_msg})` : ''}`);
  }

  const topic = 'topic' in message && typeof message.topic === 'string' ? message.topic : undefined;
  if (topic === undefined) return ignored('message without topic or op');
  const symbol = fromExchangeSymbol('bybit', topic.slice(topic.lastIndexOf('.') + 1));
  if (topic.startsWith(TOPIC_PREFIX.liquidations)) return parseAllLiquidation(topic, message);
  if (symbol === undefined) return ignored(`${topic}: not a USDT perpetual`);
  if (topic.startsWith(TOPIC_PREFIX.candles1m)) return parseKline(topic, message, symbol);
  if (topic.startsWith(TOPIC_PREFIX.markPrice)) return parseTicker(topic, message, symbol);
  return ignored(`${topic}: not a topic we subscribe to`);
}
