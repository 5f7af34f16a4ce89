import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ReplayExchange, startReplayExchange } from './index';
import { getJson, StreamClient, sampleBars, sleep } from './test-support';

const bars = sampleBars(288);
const T0 = bars[0]!.time;
const MINUTE = 60_000;
/** Half a second before a minute boundary, so a candle closes soon after the test starts at ×1. */
const NEAR_CLOSE = T0 + 6 * 3_600_000 + 17 * MINUTE - 500;
const LIQ_TIME = NEAR_CLOSE + 800;

const dir = mkdtempSync(join(tmpdir(), 'replay-liq-'));
const liqFile = join(dir, 'liquidations.csv');
writeFileSync(
  liqFile,
  [
    'time,exchange,side,price,notional_usd',
    `${LIQ_TIME},binance,long,77012.4,19253.1`, // 0.250 BTC
    `${LIQ_TIME + 1},binance,short,77020,115530`, // 1.5 BTC
    `${LIQ_TIME},bybit,long,77011.9,56295.70`, // 0.731 BTC
  ].join('\n'),
);

let rx: ReplayExchange;
let bare: ReplayExchange;
const clients: StreamClient[] = [];
const connect = async (host: string, path: string) => {
  const c = new StreamClient(rx.port, host, path, { tls: true });
  clients.push(c);
  await c.opened();
  return c;
};

beforeAll(async () => {
  rx = await startReplayExchange({ bars, start: NEAR_CLOSE, speed: 1, liquidationsPath: liqFile });
  bare = await startReplayExchange({ bars, start: NEAR_CLOSE, speed: 1 });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await rx.close();
  await bare.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  rx.clock.setSpeed(1);
  rx.clock.set(NEAR_CLOSE);
});

type Kline = { e: string; E: number; s: string; k: Record<string, unknown> };

describe('Binance market streams (wss://fstream.binance.com)', () => {
  it('/market/ws/btcusdt@kline_1m pushes the candle in progress, then its final version with x:true', async () => {
    const c = await connect('fstream.binance.com', '/market/ws/btcusdt@kline_1m');
    const first = await c.waitFor<Kline>((m) => m.e === 'kline');
    expect(Object.keys(first)).toEqual(['e', 'E', 's', 'k']);
    expect(Object.keys(first.k)).toEqual([
      't',
      'T',
      's',
      'i',
      'f',
      'L',
      'o',
      'c',
      'h',
      'l',
      'v',
      'n',
      'x',
      'q',
      'V',
      'Q',
      'B',
    ]);
    expect(first.k).toMatchObject({ s: 'BTCUSDT', i: '1m', x: false, v: '0' });
    expect(typeof first.k.o).toBe('string');
    const openTime = first.k.t as number;
    const closed = await c.waitFor<Kline>((m) => m.e === 'kline' && m.k.x === true);
    expect(closed.k.t).toBe(openTime);
    const rest = await getJson<Array<[number, string, string, string, string]>>(
      rx.port,
      'fapi.binance.com',
      `/fapi/v1/klines?symbol=BTCUSDT&interval=1m&startTime=${openTime}&limit=1`,
    );
    expect([closed.k.o, closed.k.h, closed.k.l, closed.k.c]).toEqual(rest[0]!.slice(1, 5));
    await c.waitFor<Kline>((m) => m.e === 'kline' && m.k.t === openTime + MINUTE && m.k.x === false);
  });

  it('/market/stream?streams=… wraps each payload as {stream, data}; markPrice@1s and forceOrder from the file', async () => {
    const c = await connect(
      'fstream.binance.com',
      '/market/stream?streams=btcusdt@markPrice@1s/btcusdt@forceOrder',
    );
    const mark = await c.waitFor<{ stream: string; data: Record<string, unknown> }>(
      (m) => m.stream === 'btcusdt@markPrice@1s',
    );
    expect(Object.keys(mark.data)).toEqual(['e', 'E', 's', 'p', 'i', 'P', 'r', 'T']);
    expect(mark.data.e).toBe('markPriceUpdate');
    expect(mark.data.p).toMatch(/^\d+\.\d{8}$/);
    const liq = await c.waitFor<{ stream: string; data: { e: string; o: Record<string, unknown> } }>(
      (m) => m.stream === 'btcusdt@forceOrder',
    );
    expect(liq.data.e).toBe('forceOrder');
    expect(liq.data.o).toEqual({
      s: 'BTCUSDT',
      S: 'SELL',
      o: 'LIMIT',
      f: 'IOC',
      q: '0.250',
      p: '77012.4',
      ap: '77012.4',
      X: 'FILLED',
      l: '0.250',
      z: '0.250',
      T: LIQ_TIME,
    });
    const short = await c.waitFor<{ stream: string; data: { o: Record<string, unknown> } }>(
      (m) => m.stream === 'btcusdt@forceOrder' && m.data.o.T === LIQ_TIME + 1,
    );
    expect(short.data.o.S).toBe('BUY');
  });

  it('subscribes by {"method":"SUBSCRIBE"} on a bare /ws connection', async () => {
    const c = await connect('fstream.binance.com', '/market/ws');
    c.send({ method: 'SUBSCRIBE', params: ['btcusdt@markPrice'], id: 7 });
    expect(await c.waitFor((m) => m.id === 7)).toEqual({ result: null, id: 7 });
    await c.waitFor((m) => m.e === 'markPriceUpdate');
    c.send({ method: 'LIST_SUBSCRIPTIONS', id: 8 });
    expect(await c.waitFor((m) => m.id === 8)).toEqual({ result: ['btcusdt@markPrice'], id: 8 });
  });

  it('like live Binance since 2026-04-23, the unrouted /ws and /stream URLs open but stay silent for market streams', async () => {
    const legacy = await connect('fstream.binance.com', '/ws/btcusdt@markPrice@1s');
    const combined = await connect('fstream.binance.com', '/stream?streams=btcusdt@kline_1m');
    const routed = await connect('fstream.binance.com', '/market/ws/btcusdt@markPrice@1s');
    await routed.waitFor((m) => m.e === 'markPriceUpdate');
    await sleep(1200);
    expect(legacy.messages).toEqual([]);
    expect(combined.messages).toEqual([]);
    expect(legacy.ws.readyState).toBe(legacy.ws.OPEN);
  });

  it('sends no liquidation at all when no liquidations file was given', async () => {
    const c = new StreamClient(
      bare.port,
      'fstream.binance.com',
      '/market/ws/btcusdt@forceOrder/btcusdt@markPrice@1s',
    );
    clients.push(c);
    await c.opened();
    bare.clock.set(NEAR_CLOSE);
    bare.clock.setSpeed(3600);
    await sleep(600);
    expect(c.messages.length).toBeGreaterThan(0);
    expect(c.messages.filter((m) => (m as { e: string }).e === 'forceOrder')).toEqual([]);
  });
});

describe('Bybit public linear stream (wss://stream.bybit.com/v5/public/linear)', () => {
  it('acknowledges subscriptions and answers ping with pong', async () => {
    const c = await connect('stream.bybit.com', '/v5/public/linear');
    c.send({ req_id: 'sub-1', op: 'subscribe', args: ['kline.1.BTCUSDT'] });
    const ack = await c.waitFor((m) => m.op === 'subscribe');
    expect(Object.keys(ack)).toEqual(['success', 'ret_msg', 'conn_id', 'req_id', 'op']);
    expect(ack).toMatchObject({ success: true, ret_msg: '', req_id: 'sub-1' });
    c.send({ req_id: 'p1', op: 'ping' });
    expect(await c.waitFor((m) => m.op === 'ping')).toEqual({
      success: true,
      ret_msg: 'pong',
      conn_id: ack.conn_id,
      req_id: 'p1',
      op: 'ping',
    });
    c.send({ op: 'subscribe', args: ['kline.1.ETHUSDT'] });
    expect(await c.waitFor((m) => m.op === 'subscribe' && m.success === false)).toMatchObject({
      ret_msg: 'Invalid symbol :[kline.1.ETHUSDT]',
    });
  });

  it('kline.1.BTCUSDT pushes snapshots and confirms the candle when it closes', async () => {
    const c = await connect('stream.bybit.com', '/v5/public/linear');
    c.send({ op: 'subscribe', args: ['kline.1.BTCUSDT'] });
    type K = { topic: string; type: string; ts: number; data: Array<Record<string, unknown>> };
    const first = await c.waitFor<K>((m) => m.topic === 'kline.1.BTCUSDT');
    expect(Object.keys(first)).toEqual(['topic', 'data', 'ts', 'type']);
    expect(Object.keys(first.data[0]!)).toEqual([
      'start',
      'end',
      'interval',
      'open',
      'close',
      'high',
      'low',
      'volume',
      'turnover',
      'confirm',
      'timestamp',
    ]);
    expect(first.data[0]).toMatchObject({ interval: '1', confirm: false });
    const start = first.data[0]!.start as number;
    expect(first.data[0]!.end).toBe(start + MINUTE - 1);
    const done = await c.waitFor<K>((m) => m.topic === 'kline.1.BTCUSDT' && m.data[0]!.confirm === true);
    expect(done.data[0]!.start).toBe(start);
  });

  it('tickers.BTCUSDT sends a snapshot, then deltas carrying only what changed', async () => {
    const c = await connect('stream.bybit.com', '/v5/public/linear');
    c.send({ op: 'subscribe', args: ['tickers.BTCUSDT'] });
    type T = { topic: string; type: string; data: Record<string, string>; cs: number; ts: number };
    const snap = await c.waitFor<T>((m) => m.topic === 'tickers.BTCUSDT');
    expect(snap.type).toBe('snapshot');
    expect(snap.data).toMatchObject({
      symbol: 'BTCUSDT',
      tickDirection: expect.any(String),
      markPrice: expect.any(String),
    });
    rx.clock.setSpeed(120);
    const delta = await c.waitFor<T>((m) => m.topic === 'tickers.BTCUSDT' && m.type === 'delta');
    expect(delta.data.symbol).toBe('BTCUSDT');
    expect(Object.keys(delta.data).length).toBeLessThan(Object.keys(snap.data).length);
    expect(delta.cs).toBeGreaterThan(snap.cs);
  });

  it('allLiquidation.BTCUSDT replays the file’s Bybit events: S "Buy" = a long was liquidated', async () => {
    const c = await connect('stream.bybit.com', '/v5/public/linear');
    c.send({ op: 'subscribe', args: ['allLiquidation.BTCUSDT'] });
    const msg = await c.waitFor<{ topic: string; type: string; data: unknown[] }>(
      (m) => m.topic === 'allLiquidation.BTCUSDT',
    );
    expect(msg.type).toBe('snapshot');
    expect(msg.data).toEqual([{ T: LIQ_TIME, s: 'BTCUSDT', S: 'Buy', v: '0.731', p: '77011.9' }]);
  });
});
