import { z } from 'zod';
import type { StreamEvent, StreamTopic } from '../adapter';
import { type ExchangeResult, fail, ok } from '../errors';
import { WS_ORIGINS } from '../hosts';
import { parseJsonBody, parseWith } from '../parse';
import { fromExchangeSymbol, toExchangeSymbol } from '../symbols';
import type { ContractSizes } from './contracts';
import { mapLiquidationGroup } from './liquidations';
import { mapCandleRows } from './marketData';
import { errorKindOf } from './reply';
import { candleRow, liquidationGroup, markPrice, wsEvent, wsPush } from './schema';

/**
 * OKX public WebSocket. Channels live on two endpoints (OKX v5 docs, "Production Trading
 * Services"): mark-price and liquidation-orders on /ws/v5/public, candles on /ws/v5/business
 * ("WS / Candlesticks channel", URL Path /ws/v5/business). One connection cannot carry both, so
 * `streamConnections` splits a topic list into one connection per endpoint.
 */
export const OKX_WS_URLS = {
  public: `${WS_ORIGINS.okx}/ws/v5/public`,
  business: `${WS_ORIGINS.okx}/ws/v5/business`,
} as const;

type WsEndpoint = keyof typeof OKX_WS_URLS;

const TOPIC_ENDPOINT: Record<StreamTopic, WsEndpoint> = {
  candles1m: 'business',
  markPrice: 'public',
  liquidations: 'public',
};

/**
 * OKX closes a connection that has seen no data for 30 s; the docs ask clients to send the text
 * "ping" when nothing arrived for N < 30 s and to expect "pong".
 * https://www.okx.com/docs-v5/en/#overview-websocket-connect
 */
export const OKX_PING = { message: 'ping', intervalMs: 20_000 } as const;

function channelArg(symbol: string, topic: StreamTopic): Record<string, string> {
  switch (topic) {
    case 'candles1m':
      return { channel: 'candle1m', instId: toExchangeSymbol('okx', symbol) };
    case 'markPrice':
      return { channel: 'mark-price', instId: toExchangeSymbol('okx', symbol) };
    case 'liquidations':
      // The liquidation channel is subscribed per instrument type: every swap's orders arrive.
      return { channel: 'liquidation-orders', instType: 'SWAP' };
  }
}

export interface StreamConnection {
  url: string;
  topics: StreamTopic[];
  subscribeMessages: string[];
}

/** One connection per OKX endpoint the topics need, each with its subscribe message. */
export function streamConnections(symbol: string, topics: readonly StreamTopic[]): StreamConnection[] {
  const byEndpoint = new Map<WsEndpoint, StreamTopic[]>();
  for (const topic of new Set(topics)) {
    const endpoint = TOPIC_ENDPOINT[topic];
    byEndpoint.set(endpoint, [...(byEndpoint.get(endpoint) ?? []), topic]);
  }
  return [...byEndpoint].map(([endpoint, own]) => ({
    url: OKX_WS_URLS[endpoint],
    topics: own,
    subscribeMessages: [
      JSON.stringify({ op: 'subscribe', args: own.map((topic) => channelArg(symbol, topic)) }),
    ],
  }));
}

/**
 * The adapter contract has one URL per stream: the business endpoint when every topic is a candle
 * topic, else the public one. Topics the chosen endpoint does not serve are left out of
 * `subscribeMessages`; use `streamConnections` to get them all.
 */
export function streamUrl(topics: readonly StreamTopic[]): string {
  const onBusiness = topics.length > 0 && topics.every((t) => TOPIC_ENDPOINT[t] === 'business');
  return OKX_WS_URLS[onBusiness ? 'business' : 'public'];
}

export function subscribeMessages(symbol: string, topics: readonly StreamTopic[]): string[] {
  const url = streamUrl(topics);
  return streamConnections(symbol, topics).find((c) => c.url === url)?.subscribeMessages ?? [];
}

const candlePush = z.object({
  arg: z.object({ channel: z.string(), instId: z.string() }),
  data: z.array(candleRow),
});
const markPush = z.object({ arg: z.object({ channel: z.string() }), data: z.array(markPrice) });
const liquidationPush = z.object({ arg: z.object({ channel: z.string() }), data: z.array(liquidationGroup) });

const ignored = (reason: string): ExchangeResult<StreamEvent[]> => ok([{ type: 'ignored', reason }]);

/*
 * Messages, shapes from the OKX v5 docs pages of each channel
 * (https://www.okx.com/docs-v5/en/#order-book-trading-market-data-ws-candlesticks-channel,
 *  #public-data-websocket-mark-price-channel, #public-data-websocket-liquidation-orders-channel):
 * pong
 * {"event":"subscribe","arg":{"channel":"candle1m","instId":"BTC-USDT-SWAP"},"connId":"a4d3ae55"}
 * {"event":"error","code":"60012","msg":"Invalid request: ...","connId":"a4d3ae55"}
 * {"arg":{"channel":"candle1m","instId":"BTC-USDT-SWAP"},"data":[["1781866920000","66471.2","66480",
 *   "66466.1","66478.9","812.4","8.124","540012.37","0"]]}
 * {"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"instType":"SWAP",
 *   "instId":"BTC-USDT-SWAP","markPx":"66478.9","ts":"1781866951200"}]}
 * {"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"details":[{"bkLoss":"0",
 *   "bkPx":"66301.5","ccy":"","posSide":"net","side":"sell","sz":"125","ts":"1781866951226"}],
 *   "instFamily":"BTC-USDT","instId":"BTC-USDT-SWAP","instType":"SWAP","uly":"BTC-USDT"}]}
 */
/**
 * Reads one WebSocket frame. Liquidations of swaps other than USDT-margined ones, or of instruments
 * whose contract size is unknown, come back as `ignored` with the reason, not as errors: the
 * channel carries every swap on OKX.
 */
export function parseStreamMessage(text: string, contracts: ContractSizes): ExchangeResult<StreamEvent[]> {
  if (text.trim() === 'pong') return ignored('pong');
  const json = parseJsonBody('okx', 'ws/v5', text);
  if (!json.ok) return json;

  const event = wsEvent.safeParse(json.value);
  if (event.success) {
    const { event: name, code, msg } = event.data;
    if (name === 'error') {
      return fail({
        kind: errorKindOf(code ?? ''),
        exchange: 'okx',
        endpoint: 'ws/v5',
        field: 'code',
        message: `OKX WebSocket error ${code ?? '?'}${msg ? `: ${msg}` : ''}`,
      });
    }
    return ignored(`${name}${code ? ` ${code}` : ''}${msg ? `: ${msg}` : ''}`);
  }

  const push = parseWith('okx', 'ws/v5', wsPush, json.value);
  if (!push.ok) return push;
  const channel = push.value.arg.channel;

  if (channel === 'candle1m') {
    const parsed = parseWith('okx', channel, candlePush, json.value);
    if (!parsed.ok) return parsed;
    const symbol = fromExchangeSymbol('okx', parsed.value.arg.instId);
    if (symbol === undefined) return ignored(`candles of ${parsed.value.arg.instId}: not a USDT swap`);
    const candles = mapCandleRows(symbol, channel, parsed.value.data);
    if (!candles.ok) return candles;
    const closedAt = new Map(parsed.value.data.map((row) => [row[0], row[8] === '1']));
    return ok(
      candles.value.map((candle) => ({
        type: 'candle',
        candle,
        closed: closedAt.get(candle.openTime) ?? false,
      })),
    );
  }

  if (channel === 'mark-price') {
    const parsed = parseWith('okx', channel, markPush, json.value);
    if (!parsed.ok) return parsed;
    const events: StreamEvent[] = [];
    for (const m of parsed.value.data) {
      const symbol = fromExchangeSymbol('okx', m.instId);
      if (symbol === undefined)
        events.push({ type: 'ignored', reason: `mark price of ${m.instId}: not a USDT swap` });
      else events.push({ type: 'mark', mark: { exchange: 'okx', symbol, time: m.ts, markPrice: m.markPx } });
    }
    return ok(events);
  }

  if (channel === 'liquidation-orders') {
    const parsed = parseWith('okx', channel, liquidationPush, json.value);
    if (!parsed.ok) return parsed;
    const events: StreamEvent[] = [];
    for (const [i, group] of parsed.value.data.entries()) {
      const symbol = fromExchangeSymbol('okx', group.instId);
      const ctVal = symbol === undefined ? undefined : contracts.get(symbol);
      if (symbol === undefined) {
        events.push({ type: 'ignored', reason: `liquidations of ${group.instId}: not a USDT swap` });
      } else if (ctVal === undefined) {
        events.push({ type: 'ignored', reason: `liquidations of ${group.instId}: contract size unknown` });
      } else {
        const mapped = mapLiquidationGroup(symbol, channel, group, ctVal, `data[${i}]`);
        if (!mapped.ok) return mapped;
        for (const e of mapped.value) events.push({ type: 'liquidation', event: e });
      }
    }
    return ok(events);
  }

  return ignored(`channel ${channel} is not read`);
}
