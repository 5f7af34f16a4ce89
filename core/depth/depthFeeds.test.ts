import { describe, expect, it } from 'vitest';
import { depthFeed } from './depthFeeds';
import { SyntheticBook } from './syntheticBook';

describe('depthFeed', () => {
  it('Binance: subscribes by URL on /public, no app-level ping, a 1000-level snapshot', () => {
    const feed = depthFeed('binance', 'BTCUSDT');
    expect(feed).toMatchObject({
      exchange: 'binance',
      url: 'wss://fstream.binance.com/public/stream?streams=btcusdt@depth@100ms',
      subscribeMessages: [],
      heartbeat: undefined,
      silenceMs: 30_000,
      snapshotPath: '/fapi/v1/depth?symbol=BTCUSDT&limit=1000',
    });
  });

  it("Bybit: one subscribe message, the adapter's 20 s ping", () => {
    const feed = depthFeed('bybit', 'ETHUSDT');
    expect(feed).toMatchObject({
      url: 'wss://stream.bybit.com/v5/public/linear',
      subscribeMessages: ['{"op":"subscribe","args":["orderbook.200.ETHUSDT"]}'],
      heartbeat: { message: '{"op":"ping"}', intervalMs: 20_000 },
      snapshotPath: '/v5/market/orderbook?category=linear&symbol=ETHUSDT&limit=200',
    });
  });

  it('OKX: books on the public socket, text ping, sizes × the given ctVal; refuses a missing ctVal', () => {
    const feed = depthFeed('okx', 'ETHUSDT', { okxCtVal: 0.1 });
    expect(feed).toMatchObject({
      url: 'wss://ws.okx.com:8443/ws/v5/public',
      subscribeMessages: ['{"op":"subscribe","args":[{"channel":"books","instId":"ETH-USDT-SWAP"}]}'],
      heartbeat: { message: 'ping', intervalMs: 20_000 },
      snapshotPath: '/api/v5/market/books?instId=ETH-USDT-SWAP&sz=400',
    });
    const sim = new SyntheticBook('okx', 'ETHUSDT', { ctVal: 0.1 });
    const parsed = feed.parseFrame(sim.push({ bids: [[3000, 25]], asks: [] }));
    expect(parsed.ok && parsed.value[0]!.bids).toEqual([[3000, 2.5]]);
    expect(() => depthFeed('okx', 'ETHUSDT')).toThrow(/okxCtVal/);
    expect(() => depthFeed('okx', 'ETHUSDT', { okxCtVal: 0 })).toThrow(/okxCtVal/);
  });

  it('throws on a symbol that is not neutral (a caller bug)', () => {
    expect(() => depthFeed('binance', 'BTC-USDT-SWAP')).toThrow(/not a USDT perpetual/);
  });

  for (const exchange of ['binance', 'bybit', 'okx'] as const) {
    it(`${exchange}: reads its own wire format, keeps only its symbol`, () => {
      const feed = depthFeed(exchange, 'BTCUSDT', { okxCtVal: 0.01 });
      const sim = new SyntheticBook(exchange, 'BTCUSDT', { ctVal: 0.01 });
      const update = feed.parseFrame(sim.push({ bids: [[100, 3]], asks: [[101, 0]] }));
      expect(update.ok && update.value.map((m) => [m.kind, m.source, m.symbol, m.lastId])).toEqual([
        ['delta', 'stream', 'BTCUSDT', sim.lastId],
      ]);
      const snapshot = feed.parseSnapshot(sim.restSnapshot());
      expect(snapshot.ok && [snapshot.value.kind, snapshot.value.source]).toEqual(['snapshot', 'rest']);
      const other = new SyntheticBook(exchange, 'ETHUSDT');
      expect(feed.parseFrame(other.push({ bids: [[100, 3]], asks: [] }))).toEqual({ ok: true, value: [] });
    });
  }

  it("Bybit: a REST book of another symbol is an error, not this symbol's book", () => {
    const feed = depthFeed('bybit', 'BTCUSDT');
    const res = feed.parseSnapshot(new SyntheticBook('bybit', 'ETHUSDT').restSnapshot());
    expect(res.ok ? undefined : res.error.field).toBe('result.s');
  });
});
