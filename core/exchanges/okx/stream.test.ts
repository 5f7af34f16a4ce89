import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../adapter';
import type { ExchangeResult } from '../errors';
import { DEFAULT_CONTRACT_SIZES } from './contracts';
import {
  OKX_PING,
  OKX_WS_URLS,
  parseStreamMessage,
  streamConnections,
  streamUrl,
  subscribeMessages,
} from './stream';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const sizes = DEFAULT_CONTRACT_SIZES.sizes;
const parse = (text: string) => parseStreamMessage(text, sizes);

function value<T>(r: ExchangeResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

describe('where to connect and what to subscribe', () => {
  it('candles live on /ws/v5/business, mark price and liquidations on /ws/v5/public', () => {
    expect(OKX_WS_URLS).toEqual({
      public: 'wss://ws.okx.com:8443/ws/v5/public',
      business: 'wss://ws.okx.com:8443/ws/v5/business',
    });
    expect(streamUrl(['candles1m'])).toBe(OKX_WS_URLS.business);
    expect(streamUrl(['markPrice', 'liquidations'])).toBe(OKX_WS_URLS.public);
  });

  it('subscribes by message with channel and instId (instType for liquidations)', () => {
    expect(subscribeMessages('BTCUSDT', ['markPrice', 'liquidations']).map((m) => JSON.parse(m))).toEqual([
      {
        op: 'subscribe',
        args: [
          { channel: 'mark-price', instId: 'BTC-USDT-SWAP' },
          { channel: 'liquidation-orders', instType: 'SWAP' },
        ],
      },
    ]);
    expect(JSON.parse(subscribeMessages('ETHUSDT', ['candles1m'])[0]!)).toEqual({
      op: 'subscribe',
      args: [{ channel: 'candle1m', instId: 'ETH-USDT-SWAP' }],
    });
  });

  it('splits a mixed topic list into one connection per endpoint, each topic once', () => {
    const connections = streamConnections('BTCUSDT', ['candles1m', 'markPrice', 'liquidations', 'markPrice']);
    expect(connections.map((c) => [c.url, c.topics])).toEqual([
      [OKX_WS_URLS.business, ['candles1m']],
      [OKX_WS_URLS.public, ['markPrice', 'liquidations']],
    ]);
    // The single-URL contract: the public endpoint, without the candle channel it cannot serve.
    expect(streamUrl(['candles1m', 'markPrice'])).toBe(OKX_WS_URLS.public);
    expect(subscribeMessages('BTCUSDT', ['candles1m', 'markPrice'])[0]).not.toContain('candle1m');
  });

  it('keeps the connection alive with the text "ping" more often than OKX’s 30 s idle cut', () => {
    expect(OKX_PING.message).toBe('ping');
    expect(OKX_PING.intervalMs).toBeLessThan(30_000);
  });
});

describe('parseStreamMessage', () => {
  it('reads a forming 1m candle', () => {
    expect(value(parse(fixture('ws-candle1m.json')))).toEqual([
      {
        type: 'candle',
        closed: false,
        candle: {
          exchange: 'okx',
          symbol: 'BTCUSDT',
          openTime: 1781866920000,
          open: 66471.2,
          high: 66480,
          low: 66466.1,
          close: 66478.9,
          volumeBase: 8.124,
          volumeQuote: 540012.37,
        },
      },
    ]);
  });

  it('marks a candle closed when confirm is "1"', () => {
    const frame = JSON.parse(fixture('ws-candle1m.json')) as { data: string[][] };
    frame.data[0]![8] = '1';
    const [event] = value(parse(JSON.stringify(frame)));
    expect(event).toMatchObject({ type: 'candle', closed: true });
  });

  it('reads a mark price', () => {
    expect(value(parse(fixture('ws-mark-price.json')))).toEqual([
      { type: 'mark', mark: { exchange: 'okx', symbol: 'BTCUSDT', time: 1781866951200, markPrice: 66478.9 } },
    ]);
  });

  it('reads liquidations in coin, and ignores swaps it cannot convert or that are not USDT swaps', () => {
    const events = value(parse(fixture('ws-liquidation-orders.json')));
    expect(events).toHaveLength(3);
    const [btc, xyz, inverse] = events as [StreamEvent, StreamEvent, StreamEvent];
    expect(btc).toMatchObject({
      type: 'liquidation',
      event: { symbol: 'BTCUSDT', side: 'long', price: 66301.5 },
    });
    if (btc.type === 'liquidation') expect(btc.event.quantityBase).toBeCloseTo(1.25, 12);
    expect(xyz).toEqual({ type: 'ignored', reason: 'liquidations of XYZ-USDT-SWAP: contract size unknown' });
    expect(inverse).toEqual({ type: 'ignored', reason: 'liquidations of BTC-USD-SWAP: not a USDT swap' });
  });

  it('converts liquidations of any swap whose size it was given', () => {
    const events = value(
      parseStreamMessage(fixture('ws-liquidation-orders.json'), new Map([['XYZUSDT', 10]])),
    );
    expect(events[1]).toMatchObject({
      type: 'liquidation',
      event: { symbol: 'XYZUSDT', side: 'short', quantityBase: 400 },
    });
  });

  it('ignores pong, subscribe acknowledgements, notices and channels it does not read', () => {
    expect(value(parse('pong'))).toEqual([{ type: 'ignored', reason: 'pong' }]);
    expect(value(parse(fixture('ws-subscribe.json')))[0]?.type).toBe('ignored');
    const notice = JSON.stringify({
      event: 'notice',
      code: '64008',
      msg: 'The connection will soon be closed',
      connId: 'a',
    });
    expect(value(parse(notice))[0]).toEqual({
      type: 'ignored',
      reason: 'notice 64008: The connection will soon be closed',
    });
    const other = JSON.stringify({ arg: { channel: 'tickers', instId: 'BTC-USDT-SWAP' }, data: [{}] });
    expect(value(parse(other))[0]?.type).toBe('ignored');
  });

  it('an error event is a typed exchange error with OKX’s code', () => {
    const r = parse(fixture('ws-error.json'));
    expect(r.ok ? undefined : r.error).toMatchObject({ kind: 'exchange', exchange: 'okx', field: 'code' });
    expect(r.ok ? '' : r.error.message).toContain('60012');
  });

  it('names the field at fault in a pushed row: data[0][4]', () => {
    const bad = JSON.stringify({
      arg: { channel: 'candle1m', instId: 'BTC-USDT-SWAP' },
      data: [['1781866920000', '1', '2', '1', 'x', '1', '1', '1', '0']],
    });
    const r = parse(bad);
    expect(r.ok ? undefined : r.error).toMatchObject({
      kind: 'malformed',
      endpoint: 'candle1m',
      field: 'data[0][4]',
    });
  });

  it('refuses a liquidation whose side contradicts its position side', () => {
    const bad = JSON.stringify({
      arg: { channel: 'liquidation-orders', instType: 'SWAP' },
      data: [
        { instId: 'BTC-USDT-SWAP', details: [{ side: 'buy', posSide: 'long', bkPx: '1', sz: '1', ts: '1' }] },
      ],
    });
    const r = parse(bad);
    expect(r.ok ? undefined : r.error.field).toBe('data[0].details[0].side');
  });

  it('empty, HTML, truncated and shapeless frames are malformed, never thrown', () => {
    for (const text of [
      '',
      '<html><title>Bad</title></html>',
      '{"arg":{"channel":"candle1m"',
      '[1,2]',
      '42',
    ]) {
      const r = parse(text);
      expect(r.ok ? undefined : r.error).toMatchObject({ kind: 'malformed', exchange: 'okx' });
    }
  });
});
