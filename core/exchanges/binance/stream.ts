import type { StreamEvent, StreamTopic } from '../adapter';
import { type ExchangeResult, ok } from '../errors';
import { WS_ORIGINS } from '../hosts';
import { parseJsonBody, parseWith } from '../parse';
import { fromExchangeSymbol, toExchangeSymbol } from '../symbols';
import { candleFromKlineEvent, liquidationFromForceOrder, markFromEvent } from './mapper';
import { combinedEnvelope, eventHeader, forceOrderEvent, klineEvent, markPriceEvent } from './schema';

/**
 * Binance USDⓈ-M public WebSocket. Subscription is by URL: one combined-stream connection carries
 * the symbol's 1m klines, 1 s mark price and liquidation orders. Since 2026-04-23 Binance serves
 * kline, markPrice and forceOrder only on the routed "/market" path; an unrouted URL still opens
 * but stays silent ("Important WebSocket Change Notice", developers.binance.com/docs/derivatives/
 * usds-margined-futures/websocket-market-streams/Important-WebSocket-Change-Notice).
 * The server pings every 3 minutes and the browser answers with pongs itself, so no app-level ping.
 */

const MARKET_ROUTE = '/market';

/** Binance stream names for our topics; symbols in stream names are lowercase. */
export function streamNames(symbol: string, topics: readonly StreamTopic[]): string[] {
  const s = toExchangeSymbol('binance', symbol).toLowerCase();
  const byTopic: Record<StreamTopic, string> = {
    candles1m: `${s}@kline_1m`,
    markPrice: `${s}@markPrice@1s`,
    liquidations: `${s}@forceOrder`,
  };
  return [...new Set(topics)].map((t) => byTopic[t]);
}

/**
 * wss://fstream.binance.com/market/stream?streams=btcusdt@kline_1m/btcusdt@markPrice@1s/btcusdt@forceOrder
 * (https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams).
 * Throws on an empty topic list or a non-neutral symbol: both are caller bugs.
 */
export function streamUrl(symbol: string, topics: readonly StreamTopic[]): string {
  const names = streamNames(symbol, topics);
  if (names.length === 0) throw new Error('binance stream: at least one topic is needed');
  return `${WS_ORIGINS.binance}${MARKET_ROUTE}/stream?streams=${names.join('/')}`;
}

const ignored = (reason: string): StreamEvent => ({ type: 'ignored', reason });

/** One payload (a raw-stream message, or the `data` of a combined one) → events. */
function eventsFromPayload(payload: unknown, streamName: string | undefined): ExchangeResult<StreamEvent[]> {
  if (Array.isArray(payload)) {
    const events: StreamEvent[] = [];
    for (const item of payload) {
      const res = eventsFromPayload(item, streamName);
      if (!res.ok) return res;
      events.push(...res.value);
    }
    return ok(events);
  }
  const header = eventHeader.safeParse(payload);
  if (!header.success) {
    // Replies to SUBSCRIBE/LIST_SUBSCRIPTIONS ({"result":null,"id":1}) and anything else without an event type.
    return ok([ignored(streamName ? `no event type on ${streamName}` : 'message without an event type')]);
  }
  const type = header.data.e;
  const endpoint = streamName ?? type;

  if (type === 'kline') {
    const parsed = parseWith('binance', endpoint, klineEvent, payload);
    if (!parsed.ok) return parsed;
    if (parsed.value.k.i !== '1m') return ok([ignored(`not subscribed: kline_${parsed.value.k.i}`)]);
    const symbol = fromExchangeSymbol('binance', parsed.value.k.s);
    if (!symbol) return ok([ignored(`not a USDT perpetual: ${parsed.value.k.s}`)]);
    const candle = candleFromKlineEvent(symbol, parsed.value, endpoint);
    if (!candle.ok) return candle;
    return ok([{ type: 'candle', candle: candle.value.candle, closed: candle.value.closed }]);
  }

  if (type === 'markPriceUpdate') {
    const parsed = parseWith('binance', endpoint, markPriceEvent, payload);
    if (!parsed.ok) return parsed;
    const symbol = fromExchangeSymbol('binance', parsed.value.s);
    if (!symbol) return ok([ignored(`not a USDT perpetual: ${parsed.value.s}`)]);
    return ok([{ type: 'mark', mark: markFromEvent(symbol, parsed.value) }]);
  }

  if (type === 'forceOrder') {
    const parsed = parseWith('binance', endpoint, forceOrderEvent, payload);
    if (!parsed.ok) return parsed;
    const symbol = fromExchangeSymbol('binance', parsed.value.o.s);
    if (!symbol) return ok([ignored(`not a USDT perpetual: ${parsed.value.o.s}`)]);
    const liquidation = liquidationFromForceOrder(symbol, parsed.value, endpoint);
    if (!liquidation.ok) return liquidation;
    return ok([{ type: 'liquidation', event: liquidation.value }]);
  }

  return ok([ignored(`not subscribed: ${type}`)]);
}

/**
 * Reads one WebSocket text frame: a combined-stream envelope {"stream","data"} or a raw payload.
 * Streams we did not ask for become `ignored`; a broken payload of one we did becomes an error
 * naming the stream and the field. Never throws.
 */
export function parseMessage(text: string): ExchangeResult<StreamEvent[]> {
  const json = parseJsonBody('binance', 'websocket', text);
  if (!json.ok) return json;
  const envelope = combinedEnvelope.safeParse(json.value);
  return envelope.success
    ? eventsFromPayload(envelope.data.data, envelope.data.stream)
    : eventsFromPayload(json.value, undefined);
}
