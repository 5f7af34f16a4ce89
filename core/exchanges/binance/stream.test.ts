import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../adapter';
import type { ExchangeError, ExchangeResult } from '../errors';
import { parseMessage, streamNames, streamUrl } from './stream';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function events(r: ExchangeResult<StreamEvent[]>): StreamEvent[] {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

function error(r: ExchangeResult<StreamEvent[]>): ExchangeError {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.error;
}

const KLINE_COMBINED = fixture('ws-kline-btcusdt-combined.json');
const MARK_RAW = fixture('ws-markPrice-btcusdt-raw.json');
const FORCE_ORDER_RAW = fixture('ws-forceOrder-btcusdt-raw.json');

/** Wraps a raw payload the way a combined-stream connection delivers it. */
const combined = (streamName: string, raw: string) => `{"stream":"${streamName}","data":${raw}}`;

/** The combined kline fixture with some of its `k` fields replaced. */
function klineWith(k: Record<string, unknown>, top: Record<string, unknown> = {}): string {
  const msg = JSON.parse(KLINE_COMBINED) as { stream: string; data: { k: Record<string, unknown> } };
  return JSON.stringify({ ...msg, data: { ...msg.data, ...top, k: { ...msg.data.k, ...k } } });
}

/** The raw mark-price fixture with some fields replaced. */
const markWith = (patch: Record<string, unknown>) => JSON.stringify({ ...JSON.parse(MARK_RAW), ...patch });

function forceOrder(o: Record<string, unknown>): string {
  const base = JSON.parse(FORCE_ORDER_RAW) as { o: Record<string, unknown> };
  return JSON.stringify({ ...base, o: { ...base.o, ...o } });
}

describe('connecting', () => {
  it('subscribes by URL on the routed /market path with a combined stream', () => {
    expect(streamUrl('BTCUSDT', ['candles1m', 'markPrice', 'liquidations'])).toBe(
      'wss://fstream.binance.com/market/stream?streams=btcusdt@kline_1m/btcusdt@markPrice@1s/btcusdt@forceOrder',
    );
    expect(streamUrl('ETHUSDT', ['liquidations', 'liquidations'])).toBe(
      'wss://fstream.binance.com/market/stream?streams=ethusdt@forceOrder',
    );
  });

  it('names streams in lowercase, as Binance requires', () => {
    expect(streamNames('1000PEPEUSDT', ['candles1m'])).toEqual(['1000pepeusdt@kline_1m']);
  });

  it('refuses an empty topic list and a non-neutral symbol', () => {
    expect(() => streamUrl('BTCUSDT', [])).toThrow(/at least one topic/);
    expect(() => streamUrl('BTC-USDT-SWAP', ['candles1m'])).toThrow(/not a USDT perpetual/);
  });
});

describe('kline_1m messages', () => {
  it('become candle events, with closed = the "x" flag', () => {
    expect(events(parseMessage(KLINE_COMBINED))).toEqual([
      {
        type: 'candle',
        closed: true,
        candle: {
          exchange: 'binance',
          symbol: 'BTCUSDT',
          openTime: 1779725460000,
          open: 77490.1,
          high: 77503,
          low: 77472,
          close: 77473.9,
          volumeBase: 238.412,
          volumeQuote: 18475112.4183,
          takerBuyBase: 97.203,
        },
      },
    ]);
  });

  it('read the same from a raw stream as from the combined envelope', () => {
    const raw = JSON.stringify((JSON.parse(KLINE_COMBINED) as { data: unknown }).data);
    expect(events(parseMessage(raw))).toEqual(events(parseMessage(KLINE_COMBINED)));
  });

  it('report a broken field naming the stream and the field', () => {
    const bad = klineWith({ h: '77,503' });
    expect(error(parseMessage(bad))).toEqual(
      expect.objectContaining({
        kind: 'malformed',
        exchange: 'binance',
        endpoint: 'btcusdt@kline_1m',
        field: 'k.h',
      }),
    );
  });

  it('report a bar whose high is below its close', () => {
    const bad = klineWith({ h: '77400.00' });
    expect(error(parseMessage(bad))).toMatchObject({ kind: 'malformed', field: 'k.h' });
  });

  it('ignore other intervals and markets that are not USDT perpetuals', () => {
    const fiveMinute = klineWith({ i: '5m' });
    expect(events(parseMessage(fiveMinute))).toEqual([
      { type: 'ignored', reason: 'not subscribed: kline_5m' },
    ]);
    const usdc = klineWith({ s: 'BTCUSDC' }, { s: 'BTCUSDC' });
    expect(events(parseMessage(usdc))[0]).toMatchObject({
      type: 'ignored',
      reason: 'not a USDT perpetual: BTCUSDC',
    });
  });
});

describe('markPrice@1s messages', () => {
  it('become mark events with index price, funding rate and next funding time', () => {
    expect(events(parseMessage(MARK_RAW))).toEqual([
      {
        type: 'mark',
        mark: {
          exchange: 'binance',
          symbol: 'BTCUSDT',
          time: 1779725521000,
          markPrice: 77478.52187143,
          indexPrice: 77510.08695652,
          fundingRate: 0.00001426,
          nextFundingTime: 1779753600000,
        },
      },
    ]);
  });

  it('leave out an empty funding rate and a zero funding time', () => {
    const sparse = markWith({ r: '', T: 0 });
    const [event] = events(parseMessage(combined('btcusdt@markPrice@1s', sparse)));
    expect(event).toEqual({
      type: 'mark',
      mark: {
        exchange: 'binance',
        symbol: 'BTCUSDT',
        time: 1779725521000,
        markPrice: 77478.52187143,
        indexPrice: 77510.08695652,
      },
    });
  });

  it('report a zero mark price naming the field', () => {
    const bad = markWith({ p: '0' });
    expect(error(parseMessage(bad))).toMatchObject({
      kind: 'malformed',
      endpoint: 'markPriceUpdate',
      field: 'p',
    });
  });
});

describe('forceOrder messages', () => {
  it('become liquidation events: SELL means a long was liquidated, at the average price, filled quantity', () => {
    expect(events(parseMessage(combined('btcusdt@forceOrder', FORCE_ORDER_RAW)))).toEqual([
      {
        type: 'liquidation',
        event: {
          exchange: 'binance',
          symbol: 'BTCUSDT',
          time: 1779725522112,
          side: 'long',
          price: 77468.3,
          quantityBase: 0.412,
          notionalUsd: 77468.3 * 0.412,
        },
      },
    ]);
  });

  it('read BUY as a short liquidated', () => {
    const [event] = events(parseMessage(forceOrder({ S: 'BUY' })));
    expect(event).toMatchObject({ type: 'liquidation', event: { side: 'short' } });
  });

  it('fall back to the order price and quantity when nothing was filled yet', () => {
    const [event] = events(parseMessage(forceOrder({ ap: '0', z: '0', X: 'NEW', l: '0' })));
    expect(event).toMatchObject({
      type: 'liquidation',
      event: { price: 77301.4, quantityBase: 0.412, notionalUsd: 77301.4 * 0.412 },
    });
  });

  it('use the filled quantity when the order was only partly filled', () => {
    const [event] = events(parseMessage(forceOrder({ q: '1.000', z: '0.250', X: 'PARTIALLY_FILLED' })));
    expect(event).toMatchObject({ event: { quantityBase: 0.25, notionalUsd: 77468.3 * 0.25 } });
  });

  it.each([
    ['an unknown side', 'o.S', { S: 'SHORT' }],
    ['no price at all', 'o.p', { ap: '0', p: '0' }],
    ['no quantity at all', 'o.q', { z: '0', q: '0' }],
    ['a quantity that is not a number', 'o.q', { q: 'lots' }],
    ['a notional beyond floating point', 'o.q', { ap: '1e300', z: '1e300' }],
  ])('report %s naming %s', (_what, field, patch) => {
    expect(error(parseMessage(forceOrder(patch)))).toMatchObject({
      kind: 'malformed',
      endpoint: 'forceOrder',
      field,
    });
  });

  it('read every order of an array payload', () => {
    const two = `[${FORCE_ORDER_RAW},${forceOrder({ S: 'BUY' })}]`;
    expect(events(parseMessage(two)).map((e) => (e.type === 'liquidation' ? e.event.side : e.type))).toEqual([
      'long',
      'short',
    ]);
  });
});

describe('other messages', () => {
  it('ignore streams we did not subscribe to', () => {
    const book = '{"e":"bookTicker","u":1,"s":"BTCUSDT","b":"1","B":"1","a":"2","A":"1","T":1,"E":1}';
    expect(events(parseMessage(combined('btcusdt@bookTicker', book)))).toEqual([
      { type: 'ignored', reason: 'not subscribed: bookTicker' },
    ]);
  });

  it('ignore subscription replies and payloads without an event type', () => {
    expect(events(parseMessage('{"result":null,"id":1}'))).toEqual([
      { type: 'ignored', reason: 'message without an event type' },
    ]);
  });

  it.each([
    ['an empty frame', ''],
    ['truncated JSON', KLINE_COMBINED.slice(0, 40)],
    ['an HTML page', '<html><title>502 Bad Gateway</title></html>'],
  ])('report %s as malformed', (_what, text) => {
    expect(error(parseMessage(text))).toMatchObject({
      kind: 'malformed',
      exchange: 'binance',
      endpoint: 'websocket',
    });
  });
});

// A real capture of Binance's futures WebSocket (kline_1m, aggTrade, depth, bookTicker for four altcoins).
const CAPTURE = new URL('../../../../shared/data/binance-futures-ws-sample-2021-07-22.txt', import.meta.url);
const haveCapture = existsSync(CAPTURE);
if (!haveCapture)
  console.warn(`skipping the raw Binance WebSocket capture test: ${CAPTURE.pathname} is absent`);

describe.skipIf(!haveCapture)('the recorded Binance futures WebSocket capture (2021-07-22)', () => {
  it('turns every kline into a finite candle, ignores every other stream, and never errors', () => {
    const lines = readFileSync(CAPTURE, 'utf8').split('\n').slice(1).filter(Boolean);
    const counts = { candle: 0, ignored: 0, klineMessages: 0 };
    for (const line of lines) {
      const json = line.slice(line.indexOf(': ') + 2);
      const streamName = (JSON.parse(json) as { stream: string }).stream;
      const result = parseMessage(json);
      if (!result.ok) throw new Error(`${streamName}: ${JSON.stringify(result.error)}`);
      expect(result.value).toHaveLength(1);
      const [event] = result.value;
      if (streamName.endsWith('@kline_1m')) {
        counts.klineMessages++;
        expect(event?.type).toBe('candle');
        if (event?.type === 'candle') {
          const { candle } = event;
          for (const n of [candle.open, candle.high, candle.low, candle.close, candle.volumeBase]) {
            expect(Number.isFinite(n)).toBe(true);
          }
          expect(candle.symbol).toBe(streamName.split('@')[0]!.toUpperCase());
          counts.candle++;
        }
      } else {
        expect(event?.type).toBe('ignored');
        counts.ignored++;
      }
    }
    expect(lines).toHaveLength(1535);
    expect(counts.klineMessages).toBeGreaterThan(0);
    expect(counts.candle).toBe(counts.klineMessages);
    expect(counts.candle + counts.ignored).toBe(lines.length);
  });
});
