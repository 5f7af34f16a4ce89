import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../adapter';
import type { ExchangeResult } from '../errors';
import { fixture, fixtureWith } from './fixtures/read';
import { PING, parseStreamMessage, streamUrl, subscribeMessages } from './stream';

function events(r: ExchangeResult<StreamEvent[]>): StreamEvent[] {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

function error(r: ExchangeResult<StreamEvent[]>) {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.error;
}

describe('Bybit public linear stream', () => {
  it('connects to wss://stream.bybit.com/v5/public/linear whatever the topics', () => {
    expect(streamUrl('BTCUSDT', ['liquidations'])).toBe('wss://stream.bybit.com/v5/public/linear');
    expect(streamUrl('ETHUSDT', [])).toBe('wss://stream.bybit.com/v5/public/linear');
  });

  it('subscribes to every topic in one {"op":"subscribe"} message', () => {
    const messages = subscribeMessages('BTCUSDT', ['candles1m', 'markPrice', 'liquidations']);
    expect(messages.map((m) => JSON.parse(m))).toEqual([
      { op: 'subscribe', args: ['kline.1.BTCUSDT', 'tickers.BTCUSDT', 'allLiquidation.BTCUSDT'] },
    ]);
    expect(subscribeMessages('ETHUSDT', ['liquidations', 'liquidations'])).toEqual([
      '{"op":"subscribe","args":["allLiquidation.ETHUSDT"]}',
    ]);
    expect(subscribeMessages('BTCUSDT', [])).toEqual([]);
  });

  it('pings with {"op":"ping"} every 20 seconds, as the docs recommend', () => {
    expect(JSON.parse(PING.message)).toEqual({ op: 'ping' });
    expect(PING.intervalMs).toBe(20_000);
  });

  describe('parseStreamMessage', () => {
    it('ignores pongs and subscription acks', () => {
      const [pong] = events(parseStreamMessage(fixture('ws-pong.json')));
      expect(pong).toEqual({ type: 'ignored', reason: 'ping reply (pong)' });
      const [ack] = events(parseStreamMessage(fixture('ws-subscribe-ack.json')));
      expect(ack).toMatchObject({ type: 'ignored' });
      const [privatePong] = events(parseStreamMessage('{"req_id":"x","op":"pong","args":["1675418560633"]}'));
      expect(privatePong?.type).toBe('ignored');
    });

    it('reports a refused subscription as an exchange error', () => {
      const refused =
        '{"success":false,"ret_msg":"Invalid symbol :[NOTACOINUSDT]","op":"subscribe","conn_id":"x"}';
      expect(error(parseStreamMessage(refused))).toMatchObject({
        kind: 'exchange',
        exchange: 'bybit',
        endpoint: 'stream',
        message: 'subscribe refused: Invalid symbol :[NOTACOINUSDT]',
      });
    });

    it('reads kline.1 into a 1-minute candle, closed once Bybit confirms it', () => {
      const [open] = events(parseStreamMessage(fixture('ws-kline-1-btcusdt.json')));
      expect(open).toEqual({
        type: 'candle',
        closed: false,
        candle: {
          exchange: 'bybit',
          symbol: 'BTCUSDT',
          openTime: 1750000500000,
          open: 104890.1,
          high: 104955.5,
          low: 104870,
          close: 104933.2,
          volumeBase: 31.337,
          volumeQuote: 3288290.44,
        },
      });
      const confirmed = fixtureWith('ws-kline-1-btcusdt.json', (j) => {
        j.data[0].confirm = true;
      });
      expect(events(parseStreamMessage(confirmed))[0]).toMatchObject({ type: 'candle', closed: true });
    });

    it('ignores klines of intervals we did not subscribe to', () => {
      const five = fixtureWith('ws-kline-1-btcusdt.json', (j) => {
        j.topic = 'kline.5.BTCUSDT';
      });
      expect(events(parseStreamMessage(five))[0]?.type).toBe('ignored');
    });

    it('reads a ticker snapshot into a mark price timed by ts', () => {
      expect(events(parseStreamMessage(fixture('ws-tickers-snapshot-btcusdt.json')))).toEqual([
        {
          type: 'mark',
          mark: {
            exchange: 'bybit',
            symbol: 'BTCUSDT',
            time: 1750000561234,
            markPrice: 104935,
            indexPrice: 104960.41,
            fundingRate: 0.0001,
            nextFundingTime: 1750003200000,
          },
        },
      ]);
    });

    it('ignores a ticker delta that does not move the mark price, and reads one that does', () => {
      const [quiet] = events(parseStreamMessage(fixture('ws-tickers-delta-btcusdt.json')));
      expect(quiet).toMatchObject({ type: 'ignored' });
      const moved = fixtureWith('ws-tickers-delta-btcusdt.json', (j) => {
        j.data.markPrice = '104936.50';
      });
      expect(events(parseStreamMessage(moved))[0]).toEqual({
        type: 'mark',
        mark: {
          exchange: 'bybit',
          symbol: 'BTCUSDT',
          time: 1750000561334,
          markPrice: 104936.5,
          indexPrice: undefined,
          fundingRate: undefined,
          nextFundingTime: undefined,
        },
      });
    });

    it('reads allLiquidation: "Buy" is a liquidated long, "Sell" a liquidated short', () => {
      const [long, short] = events(parseStreamMessage(fixture('ws-all-liquidation-btcusdt.json')));
      expect(long).toEqual({
        type: 'liquidation',
        event: {
          exchange: 'bybit',
          symbol: 'BTCUSDT',
          time: 1750000560987,
          side: 'long',
          price: 104120.5,
          quantityBase: 0.412,
          notionalUsd: 0.412 * 104120.5,
        },
      });
      expect(short).toMatchObject({
        type: 'liquidation',
        event: { side: 'short', quantityBase: 1.5, price: 105710 },
      });
    });

    it('accepts T sent as a string and an empty batch', () => {
      const text = fixtureWith('ws-all-liquidation-btcusdt.json', (j) => {
        j.data[0].T = String(j.data[0].T);
      });
      expect(events(parseStreamMessage(text))[0]).toMatchObject({ event: { time: 1750000560987 } });
      const empty = fixtureWith('ws-all-liquidation-btcusdt.json', (j) => {
        j.data = [];
      });
      expect(events(parseStreamMessage(empty))).toEqual([]);
    });

    it('ignores topics it does not know and messages with neither topic nor op', () => {
      expect(
        events(parseStreamMessage('{"topic":"orderbook.1.BTCUSDT","type":"snapshot","data":{}}'))[0],
      ).toMatchObject({
        type: 'ignored',
      });
      expect(events(parseStreamMessage('{"hello":1}'))[0]).toMatchObject({ type: 'ignored' });
    });

    it.each([
      ['an unknown side', 'S', 'Long', 'data[0].S'],
      ['an empty size', 'v', '', 'data[0].v'],
      ['a zero price', 'p', '0', 'data[0].p'],
      ['a numeric symbol', 's', 42, 'data[0].s'],
      ['a bad time', 'T', 'soon', 'data[0].T'],
    ])('names the field of a liquidation with %s', (_what, key, bad, field) => {
      const text = fixtureWith('ws-all-liquidation-btcusdt.json', (j) => {
        j.data[0][key] = bad;
      });
      expect(error(parseStreamMessage(text))).toMatchObject({
        kind: 'malformed',
        exchange: 'bybit',
        endpoint: 'allLiquidation.BTCUSDT',
        field,
      });
    });

    it('refuses a liquidation whose notional overflows, or of an instrument that is not a USDT perpetual', () => {
      const huge = fixtureWith('ws-all-liquidation-btcusdt.json', (j) => {
        j.data[0].v = '1e200';
        j.data[0].p = '1e200';
      });
      expect(error(parseStreamMessage(huge)).field).toBe('data[0].v');
      const inverse = fixtureWith('ws-all-liquidation-btcusdt.json', (j) => {
        j.data[1].s = 'BTCUSD';
      });
      expect(error(parseStreamMessage(inverse)).field).toBe('data[1].s');
    });

    it('names the field of a bad kline or ticker', () => {
      const kline = fixtureWith('ws-kline-1-btcusdt.json', (j) => {
        j.data[0].high = '104000';
      });
      expect(error(parseStreamMessage(kline))).toMatchObject({
        endpoint: 'kline.1.BTCUSDT',
        field: 'data[0].high',
      });
      const confirm = fixtureWith('ws-kline-1-btcusdt.json', (j) => {
        j.data[0].confirm = 'yes';
      });
      expect(error(parseStreamMessage(confirm)).field).toBe('data[0].confirm');
      const ticker = fixtureWith('ws-tickers-snapshot-btcusdt.json', (j) => {
        j.data.markPrice = 'NaN';
      });
      expect(error(parseStreamMessage(ticker))).toMatchObject({
        endpoint: 'tickers.BTCUSDT',
        field: 'data.markPrice',
      });
    });

    it('reports frames that are not JSON objects as malformed', () => {
      expect(error(parseStreamMessage(''))).toMatchObject({
        kind: 'malformed',
        message: 'empty response body',
      });
      expect(error(parseStreamMessage('{"topic":"allLiquidation.BTC'))).toMatchObject({ kind: 'malformed' });
      expect(error(parseStreamMessage('<html><title>502 Bad Gateway</title></html>')).message).toContain(
        'HTML',
      );
      expect(error(parseStreamMessage('[1,2]'))).toMatchObject({ kind: 'malformed', field: '(root)' });
      expect(error(parseStreamMessage('"pong"'))).toMatchObject({ kind: 'malformed', field: '(root)' });
    });
  });
});
