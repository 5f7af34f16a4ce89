import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../core/exchanges/adapter';
import { parseMessage as parseBinance } from '../../core/exchanges/binance/stream';
import { parseStreamMessage as parseBybit } from '../../core/exchanges/bybit/stream';
import { DEFAULT_CONTRACT_SIZES } from '../../core/exchanges/okx/contracts';
import { parseStreamMessage as parseOkx } from '../../core/exchanges/okx/stream';
import type { LiquidationEvent } from '../../core/exchanges/types';
import { type ReplayExchange, startReplayExchange } from './index';
import { get, StreamClient, sampleBars, sleep } from './test-support';

const bars = sampleBars(288);
const T0 = bars[0]!.time;
const MINUTE = 60_000;
/** Half a second before a minute boundary, so a candle closes soon after a test starts at ×1. */
const NEAR_CLOSE = T0 + 6 * 3_600_000 + 17 * MINUTE - 500;
const EVENT_TIME = NEAR_CLOSE + 700;

const dir = mkdtempSync(join(tmpdir(), 'replay-okx-'));
const syntheticEvents = join(dir, 'events-synthetic.csv');
writeFileSync(
  syntheticEvents,
  [
    '# synthetic: one long and one short per exchange, for the replay tests',
    'time,exchange,side,price,notional_usd',
    `${EVENT_TIME},binance,long,77012.4,19253.1`,
    `${EVENT_TIME + 1},binance,short,77020,115530`,
    `${EVENT_TIME},bybit,long,77011.9,56295.70`,
    `${EVENT_TIME + 2},bybit,short,77030.5,7703.05`,
    `${EVENT_TIME + 3},okx,long,77000.5,38500.25`,
    `${EVENT_TIME + 4},okx,short,77100,7710`,
  ].join('\n'),
);
const recordedEvents = join(dir, 'events-recorded.csv');
writeFileSync(
  recordedEvents,
  `time,exchange,side,price,notional_usd\n${EVENT_TIME},okx,long,77000.5,38500.25\n${EVENT_TIME},okx,oops,1,1\n`,
);

let rx: ReplayExchange;
const clients: StreamClient[] = [];
const connect = async (host: string, path: string, on: ReplayExchange = rx) => {
  const c = new StreamClient(on.port, host, path, { tls: true });
  clients.push(c);
  await c.opened();
  return c;
};
const okxSizes = DEFAULT_CONTRACT_SIZES.sizes;
const OKX_HOST = 'ws.okx.com:8443';

beforeAll(async () => {
  rx = await startReplayExchange({ bars, start: NEAR_CLOSE, speed: 1, events: syntheticEvents });
});
// Each test's connections are closed after it, so a fault rule cannot be taken by an earlier test's socket.
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
afterAll(async () => {
  await rx.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  rx.faults.clear();
  rx.clock.setSpeed(1);
  rx.clock.set(NEAR_CLOSE);
});

function parsedBy(parse: (text: string) => { ok: boolean }, message: unknown): StreamEvent[] {
  const r = parse(typeof message === 'string' ? message : JSON.stringify(message)) as
    | { ok: true; value: StreamEvent[] }
    | { ok: false; error: unknown };
  if (!r.ok)
    throw new Error(`the extension's parser refused ${JSON.stringify(message)}: ${JSON.stringify(r.error)}`);
  return r.value;
}
const liquidationsIn = (events: StreamEvent[]): LiquidationEvent[] =>
  events.flatMap((e) => (e.type === 'liquidation' ? [e.event] : []));

type OkxPush = { arg: Record<string, string>; data: unknown[] };

describe('OKX public WebSocket (wss://ws.okx.com:8443/ws/v5/public and /ws/v5/business)', () => {
  it('acknowledges each subscribed arg with {event, arg, connId}, then pushes mark-price the extension parses', async () => {
    const c = await connect(OKX_HOST, '/ws/v5/public');
    const args = [
      { channel: 'mark-price', instId: 'BTC-USDT-SWAP' },
      { channel: 'liquidation-orders', instType: 'SWAP' },
    ];
    c.send({ op: 'subscribe', args });
    const acks = [
      await c.waitFor(
        (m) => m.event === 'subscribe' && (m.arg as { channel: string }).channel === 'mark-price',
      ),
      await c.waitFor(
        (m) => m.event === 'subscribe' && (m.arg as { channel: string }).channel === 'liquidation-orders',
      ),
    ];
    expect(acks.map((a) => Object.keys(a))).toEqual([
      ['event', 'arg', 'connId'],
      ['event', 'arg', 'connId'],
    ]);
    expect(acks.map((a) => a.arg)).toEqual(args);
    expect(acks[0]!.connId).toMatch(/^[0-9a-f]{8}$/);
    const mark = await c.waitFor<OkxPush>((m) => m.arg?.channel === 'mark-price' && Array.isArray(m.data));
    expect(Object.keys(mark.data[0] as object)).toEqual(['instType', 'instId', 'markPx', 'ts']);
    const events = parsedBy((t) => parseOkx(t, okxSizes), mark);
    expect(events).toEqual([
      {
        type: 'mark',
        mark: { exchange: 'okx', symbol: 'BTCUSDT', time: expect.any(Number), markPrice: expect.any(Number) },
      },
    ]);
    c.send({ op: 'unsubscribe', args: [args[0]] });
    expect(await c.waitFor((m) => m.event === 'unsubscribe')).toEqual({
      event: 'unsubscribe',
      arg: args[0],
      connId: acks[0]!.connId,
    });
  });

  it('candle1m on /ws/v5/business pushes rows the extension parses, the final one with confirm "1"', async () => {
    const c = await connect(OKX_HOST, '/ws/v5/business');
    const arg = { channel: 'candle1m', instId: 'BTC-USDT-SWAP' };
    c.send({ op: 'subscribe', args: [arg] });
    expect(await c.waitFor((m) => m.event === 'subscribe')).toMatchObject({ event: 'subscribe', arg });
    const first = await c.waitFor<OkxPush>((m) => m.arg?.channel === 'candle1m' && Array.isArray(m.data));
    expect(first.arg).toEqual(arg);
    const row = first.data[0] as string[];
    expect(row).toHaveLength(9);
    expect(row.every((cell) => typeof cell === 'string')).toBe(true);
    expect(row.slice(5)).toEqual(['0', '0', '0', '0']);
    const closed = await c.waitFor<OkxPush>(
      (m) => m.arg?.channel === 'candle1m' && Array.isArray(m.data) && (m.data[0] as string[])[8] === '1',
    );
    expect((closed.data[0] as string[])[0]).toBe(row[0]);
    const [candle] = parsedBy((t) => parseOkx(t, okxSizes), closed);
    expect(candle).toMatchObject({ type: 'candle', closed: true, candle: { openTime: Number(row[0]) } });
  });

  it('refuses a channel on the wrong endpoint or instrument with 60018, and junk with 60012', async () => {
    const pub = await connect(OKX_HOST, '/ws/v5/public');
    pub.send({ op: 'subscribe', args: [{ channel: 'candle1m', instId: 'BTC-USDT-SWAP' }] });
    const wrong = await pub.waitFor((m) => m.event === 'error');
    expect(Object.keys(wrong)).toEqual(['event', 'code', 'msg', 'connId']);
    expect(wrong).toMatchObject({
      code: '60018',
      msg: expect.stringMatching(/^Wrong URL or channel:candle1m/),
    });
    expect(parseOkx(JSON.stringify(wrong), okxSizes).ok).toBe(false);
    pub.send({ op: 'subscribe', args: [{ channel: 'mark-price', instId: 'ETH-USDT-SWAP' }] });
    await pub.waitFor((m) => m.event === 'error' && String(m.msg).includes('ETH-USDT-SWAP'));
    pub.sendText('{not json');
    await pub.waitFor((m) => m.event === 'error' && m.code === '60012');
    pub.send({ op: 'login', args: [{}] });
    expect(pub.messages.filter((m) => (m as { event?: string }).event === 'subscribe')).toEqual([]);
  });

  it('answers the text "ping" with the text "pong", which the extension reads as a heartbeat', async () => {
    const c = await connect(OKX_HOST, '/ws/v5/public');
    c.sendText('ping');
    const pong = await c.waitFor<unknown>((m) => m === 'pong');
    expect(parsedBy((t) => parseOkx(t, okxSizes), pong)).toEqual([{ type: 'ignored', reason: 'pong' }]);
  });

  it('is reached only through ws.okx.com (or 127.0.0.1) on its two paths', async () => {
    const viaBybit = new StreamClient(rx.port, 'stream.bybit.com', '/ws/v5/public', { tls: true });
    clients.push(viaBybit);
    await expect(viaBybit.opened()).rejects.toThrow(/404/);
    const otherPath = new StreamClient(rx.port, OKX_HOST, '/ws/v5/private', { tls: true });
    clients.push(otherPath);
    await expect(otherPath.opened()).rejects.toThrow(/404/);
    const local = await connect('127.0.0.1', '/ws/v5/public');
    local.sendText('ping');
    await local.waitFor<unknown>((m) => m === 'pong');
    expect(rx.requests.some((r) => r.host === 'ws.okx.com' && r.path === '/ws/v5/public' && r.ws)).toBe(true);
    expect(rx.hostResolverRules).toContain('MAP ws.okx.com 127.0.0.1:');
  });
});

describe('OKX stream faults', () => {
  it('ws-drop on the liquidation-orders channel ends the connection without a close frame (1006)', async () => {
    const c = await connect(OKX_HOST, '/ws/v5/public');
    c.send({ op: 'subscribe', args: [{ channel: 'liquidation-orders', instType: 'SWAP' }] });
    await c.waitFor((m) => m.event === 'subscribe');
    rx.faults.add({ match: 'liquidation-orders', kind: 'ws-drop', times: 1 });
    await expect.poll(() => c.closedWith?.code, { timeout: 2000 }).toBe(1006);
  });

  it('ws-drop with a status on the path sends that close code', async () => {
    const c = await connect(OKX_HOST, '/ws/v5/business');
    rx.faults.add({ match: '/ws/v5/business', kind: 'ws-drop', status: 4004, times: 1 });
    await expect.poll(() => c.closedWith?.code, { timeout: 2000 }).toBe(4004);
  });

  it('ws-half-open keeps the socket open but answers neither "ping" nor subscriptions, and pushes nothing', async () => {
    const c = await connect(OKX_HOST, '/ws/v5/public');
    c.send({ op: 'subscribe', args: [{ channel: 'mark-price', instId: 'BTC-USDT-SWAP' }] });
    await c.waitFor<OkxPush>((m) => m.arg?.channel === 'mark-price' && Array.isArray(m.data));
    rx.faults.add({ match: 'mark-price', kind: 'ws-half-open', times: 1 });
    await sleep(250);
    const before = c.messages.length;
    rx.clock.setSpeed(600);
    c.sendText('ping');
    c.send({ op: 'subscribe', args: [{ channel: 'liquidation-orders', instType: 'SWAP' }] });
    await sleep(500);
    expect(c.messages.length).toBe(before);
    expect(c.ws.readyState).toBe(c.ws.OPEN);
  });
});

describe('liquidations from an events CSV, on each exchange’s own stream', () => {
  it('arrive at their replay times in each exchange’s side convention, and the extension’s parsers read them back', async () => {
    const binance = await connect('fstream.binance.com', '/market/ws/btcusdt@forceOrder');
    const bybit = await connect('stream.bybit.com', '/v5/public/linear');
    bybit.send({ op: 'subscribe', args: ['allLiquidation.BTCUSDT'] });
    await bybit.waitFor((m) => m.op === 'subscribe' && m.success === true);
    const okx = await connect(OKX_HOST, '/ws/v5/public');
    okx.send({ op: 'subscribe', args: [{ channel: 'liquidation-orders', instType: 'SWAP' }] });
    await okx.waitFor((m) => m.event === 'subscribe');
    // Nothing before its time on the replay clock.
    expect(rx.clock.now()).toBeLessThan(EVENT_TIME);
    expect(binance.messages).toEqual([]);

    const binanceLong = await binance.waitFor<{ o: { S: string; T: number } }>((m) => m.o?.T === EVENT_TIME);
    expect(rx.clock.now()).toBeGreaterThanOrEqual(EVENT_TIME);
    expect(binanceLong.o.S).toBe('SELL');
    const binanceShort = await binance.waitFor<{ o: { S: string; T: number } }>(
      (m) => m.o?.T === EVENT_TIME + 1,
    );
    expect(binanceShort.o.S).toBe('BUY');
    const bybitPushes = [
      await bybit.waitFor<{ topic: string; data: Array<{ S: string; T: number }> }>((m) =>
        m.data?.some?.((d) => d.T === EVENT_TIME),
      ),
      await bybit.waitFor<{ topic: string; data: Array<{ S: string; T: number }> }>((m) =>
        m.data?.some?.((d) => d.T === EVENT_TIME + 2),
      ),
    ];
    const bybitRows = [...new Set(bybitPushes)].flatMap((p) => p.data);
    expect(bybitRows.map((d) => d.S)).toEqual(['Buy', 'Sell']);
    const okxPushes: OkxPush[] = [];
    for (const ts of [EVENT_TIME + 3, EVENT_TIME + 4]) {
      okxPushes.push(
        await okx.waitFor<OkxPush>(
          (m) =>
            m.arg?.channel === 'liquidation-orders' &&
            Array.isArray(m.data) &&
            (m.data[0] as { details: Array<{ ts: string }> }).details.some((d) => d.ts === String(ts)),
        ),
      );
    }
    const okxDetails = [...new Set(okxPushes)].flatMap(
      (p) => (p.data[0] as { details: Array<Record<string, string>> }).details,
    );
    expect(okxDetails).toEqual([
      {
        bkLoss: '0',
        bkPx: '77000.5',
        ccy: '',
        posSide: 'long',
        side: 'sell',
        sz: '50',
        ts: String(EVENT_TIME + 3),
      },
      {
        bkLoss: '0',
        bkPx: '77100',
        ccy: '',
        posSide: 'short',
        side: 'buy',
        sz: '10',
        ts: String(EVENT_TIME + 4),
      },
    ]);

    // The independent check: the extension's own parsers map each back to the CSV's side and size.
    const read = [
      ...liquidationsIn(parsedBy(parseBinance, binanceLong)),
      ...liquidationsIn(parsedBy(parseBinance, binanceShort)),
      ...[...new Set(bybitPushes)].flatMap((p) => liquidationsIn(parsedBy(parseBybit, p))),
      ...[...new Set(okxPushes)].flatMap((p) => liquidationsIn(parsedBy((t) => parseOkx(t, okxSizes), p))),
    ];
    expect(read.map((e) => [e.exchange, e.time - EVENT_TIME, e.side, e.price])).toEqual([
      ['binance', 0, 'long', 77012.4],
      ['binance', 1, 'short', 77020],
      ['bybit', 0, 'long', 77011.9],
      ['bybit', 2, 'short', 77030.5],
      ['okx', 3, 'long', 77000.5],
      ['okx', 4, 'short', 77100],
    ]);
    const csvNotional = [19253.1, 115530, 56295.7, 7703.05, 38500.25, 7710];
    read.forEach((e, i) => {
      expect(e.symbol).toBe('BTCUSDT');
      // qty is sent to 0.001 BTC, so the notional read back is within half a step of the file's.
      expect(Math.abs(e.notionalUsd - csvNotional[i]!)).toBeLessThanOrEqual(0.0005 * e.price + 1e-6);
    });

    // The stream log: each pushed within one tick (100 ms at ×1) of its time, marked synthetic.
    const pushes = rx.liquidationPushes.filter(
      (p) => p.event.time >= EVENT_TIME && p.event.time <= EVENT_TIME + 4,
    );
    expect(pushes.map((p) => [p.exchange, p.stream])).toEqual(
      expect.arrayContaining([
        ['binance', 'btcusdt@forceOrder'],
        ['bybit', 'allLiquidation.BTCUSDT'],
        ['okx', 'liquidation-orders'],
      ]),
    );
    for (const p of pushes) {
      expect(p.replayTime - p.event.time).toBeGreaterThanOrEqual(0);
      expect(p.replayTime - p.event.time).toBeLessThan(400);
      expect(p.event.synthetic).toBe('one long and one short per exchange, for the replay tests');
    }
  });

  it('lists the synthetic rows for a harness; a recorded file’s rows are not marked, and bad rows are reported', async () => {
    expect(rx.liquidations).toHaveLength(6);
    expect(rx.syntheticLiquidations).toHaveLength(6);
    expect(rx.syntheticLiquidations[0]).toEqual({
      time: EVENT_TIME,
      exchange: 'binance',
      side: 'long',
      price: '77012.4',
      qty: '0.250',
      synthetic: 'one long and one short per exchange, for the replay tests',
    });
    // OKX's REST list cannot carry a mark either: its reply says so in the replay's header.
    rx.clock.set(EVENT_TIME + 10);
    const rest = await get(
      rx.port,
      'www.okx.com',
      '/api/v5/public/liquidation-orders?instType=SWAP&instFamily=BTC-USDT&state=filled',
    );
    expect(rest.status).toBe(200);
    expect(rest.headers['x-replay-synthetic']).toBe('liquidations');
    expect(JSON.parse(rest.body).data[0].details).toHaveLength(2);
    const recorded = await startReplayExchange({ bars, start: NEAR_CLOSE, speed: 0, events: recordedEvents });
    try {
      expect(recorded.liquidations).toEqual([
        { time: EVENT_TIME, exchange: 'okx', side: 'long', price: '77000.5', qty: '0.500' },
      ]);
      expect(recorded.syntheticLiquidations).toEqual([]);
      recorded.clock.set(EVENT_TIME + 10);
      const plain = await get(
        recorded.port,
        'www.okx.com',
        '/api/v5/public/liquidation-orders?instType=SWAP&instFamily=BTC-USDT',
      );
      expect(plain.headers['x-replay-synthetic']).toBeUndefined();
      expect(recorded.eventIssues).toEqual([
        expect.stringMatching(/events-recorded\.csv: line 3: row dropped: side/),
      ]);
    } finally {
      await recorded.close();
    }
  });
});
