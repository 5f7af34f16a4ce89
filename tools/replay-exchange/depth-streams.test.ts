import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { parseBarCsv } from '../../core/data/bars';
import { bybitSeq, bybitUpdateId, type SyntheticBook } from './depth-book';
import { type ReplayExchange, startReplayExchange, syntheticDepth } from './index';
import { syntheticEthBars } from './scaled-bars';
import { get, getJson, StreamClient, sleep } from './test-support';

/**
 * The depth REST snapshots and streams of the three exchanges, read the way a client must read
 * them: frames checked against schemas written from each exchange's documentation (not the
 * extension's own parsers), local books built by each documented rule and compared, level by
 * level, with the replay's truth (rx.depth).
 */

const demo = parseBarCsv(
  readFileSync(new URL('../demo-data/btcusdt-5m-2026-06-01_2026-06-03.csv', import.meta.url), 'utf8'),
);
if (!demo.ok) throw new Error(demo.error);
const bars = demo.value.bars;
/** Half a second before a whole minute, so OKX's keep-alive comes within the first second. */
const START = Date.UTC(2026, 5, 2, 15, 0, 59, 500);

// ---- schemas, from the exchanges' documentation ------------------------------------------------

const decimal = z.string().check(z.regex(/^\d+(\.\d+)?$/));
const level = z.tuple([decimal, decimal]);

// Binance USDⓈ-M, "Order Book" (GET /fapi/v1/depth) and "Diff. Book Depth Streams".
const binanceSnapshot = z.strictObject({
  lastUpdateId: z.int(),
  E: z.int(),
  T: z.int(),
  bids: z.array(level),
  asks: z.array(level),
});
const binanceDepthUpdate = z.strictObject({
  e: z.literal('depthUpdate'),
  E: z.int(),
  T: z.int(),
  s: z.string(),
  U: z.int(),
  u: z.int(),
  pu: z.int(),
  b: z.array(level),
  a: z.array(level),
});
const binanceCombined = z.strictObject({ stream: z.string(), data: binanceDepthUpdate });

// Bybit v5, "Get Orderbook" and WebSocket "Orderbook" (orderbook.{depth}.{symbol}).
const bybitBook = z.strictObject({
  s: z.string(),
  b: z.array(level),
  a: z.array(level),
  u: z.int(),
  seq: z.int(),
});
const bybitRest = z.strictObject({
  retCode: z.literal(0),
  retMsg: z.literal('OK'),
  result: z.strictObject({ ...bybitBook.shape, ts: z.int(), cts: z.int() }),
  retExtInfo: z.strictObject({}),
  time: z.int(),
});
const bybitFrame = z.strictObject({
  topic: z.string(),
  type: z.enum(['snapshot', 'delta']),
  ts: z.int(),
  data: bybitBook,
  cts: z.int(),
});

// OKX v5, "Get order book" (GET /api/v5/market/books) and WS "Order book channel" (books).
const okxLevel = z.tuple([decimal, decimal, z.literal('0'), z.string().check(z.regex(/^\d+$/))]);
const okxRest = z.strictObject({
  code: z.literal('0'),
  msg: z.literal(''),
  data: z.tuple([z.strictObject({ asks: z.array(okxLevel), bids: z.array(okxLevel), ts: z.string() })]),
});
const okxPush = z.strictObject({
  arg: z.strictObject({ channel: z.literal('books'), instId: z.string() }),
  action: z.enum(['snapshot', 'update']),
  data: z.tuple([
    z.strictObject({
      asks: z.array(okxLevel),
      bids: z.array(okxLevel),
      ts: z.string(),
      checksum: z.literal(0),
      prevSeqId: z.int(),
      seqId: z.int(),
    }),
  ]),
});

// ---- a client's local book ----------------------------------------------------------------------

/** tick → lots, as a client keeps it (exact integers: price / tick, size / lot). */
class LocalBook {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();
  constructor(
    private readonly tick: number,
    private readonly lot: number,
  ) {}

  reset(): void {
    this.bids.clear();
    this.asks.clear();
  }

  apply(bids: readonly (readonly string[])[], asks: readonly (readonly string[])[]): void {
    for (const [side, levels] of [
      [this.bids, bids],
      [this.asks, asks],
    ] as const) {
      for (const [p, q] of levels) {
        const t = Math.round(Number(p) / this.tick);
        const lots = Math.round(Number(q) / this.lot);
        if (lots === 0) side.delete(t);
        else side.set(t, lots);
      }
    }
  }

  /** Levels that differ from the replay's book. */
  mismatches(book: SyntheticBook): number {
    let bad =
      Math.abs(this.bids.size - book.bidTicks.length) + Math.abs(this.asks.size - book.askTicks.length);
    for (let i = 0; i < book.bidTicks.length; i++)
      if (this.bids.get(book.bidTicks[i]!) !== book.bidLots[i]) bad++;
    for (let i = 0; i < book.askTicks.length; i++)
      if (this.asks.get(book.askTicks[i]!) !== book.askLots[i]) bad++;
    return bad;
  }
}

let rx: ReplayExchange;
const clients: StreamClient[] = [];
const connect = async (host: string, path: string) => {
  const c = new StreamClient(rx.port, host, path, { tls: true });
  clients.push(c);
  await c.opened();
  return c;
};

beforeAll(async () => {
  rx = await startReplayExchange({ bars, start: START, speed: 1 });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await rx.close();
});
beforeEach(() => {
  rx.clock.setSpeed(1);
  rx.clock.set(START);
});
afterEach(() => {
  rx.faults.clear();
  for (const c of clients.splice(0)) c.close();
});

const truth = (exchange: 'binance' | 'bybit' | 'okx', time: number, levels?: number) => {
  const b = rx.depth.bookAt(exchange, time)!;
  const n = levels ?? b.bidTicks.length;
  return {
    ...b,
    bidTicks: b.bidTicks.subarray(0, n),
    bidLots: b.bidLots.subarray(0, n),
    askTicks: b.askTicks.subarray(0, n),
    askLots: b.askLots.subarray(0, n),
  };
};

type BinanceEvent = z.output<typeof binanceDepthUpdate>;

describe('Binance: GET /fapi/v1/depth and <symbol>@depth@100ms on /public', () => {
  it('a local book built by the documented rule (buffer, snapshot, U ≤ lastUpdateId ≤ u, pu = previous u) equals the replay’s', async () => {
    const c = await connect('fstream.binance.com', '/public/stream?streams=btcusdt@depth@100ms');
    await c.waitFor((m) => 'stream' in m);
    const res = await get(rx.port, 'fapi.binance.com', '/fapi/v1/depth?symbol=BTCUSDT&limit=1000', {
      tls: true,
    });
    expect(res.headers['x-replay-synthetic']).toBe('depth');
    expect(res.headers['x-mbx-used-weight-1m']).toBeDefined();
    const snap = binanceSnapshot.parse(JSON.parse(res.body));
    expect(snap.bids).toHaveLength(1000);
    expect(snap.asks).toHaveLength(1000);
    await sleep(1000);
    const events = c.messages.map((m) => binanceCombined.parse(m)).map((m) => m.data);
    expect(events.every((e) => e.s === 'BTCUSDT')).toBe(true);
    const book = new LocalBook(0.1, 0.001);
    book.apply(snap.bids, snap.asks);
    const kept = events.filter((e) => e.u >= snap.lastUpdateId);
    expect(kept[0]!.U).toBeLessThanOrEqual(snap.lastUpdateId);
    expect(kept[0]!.u).toBeGreaterThanOrEqual(snap.lastUpdateId);
    let last: BinanceEvent | undefined;
    for (const e of kept) {
      if (last) expect(e.pu).toBe(last.u);
      book.apply(e.b, e.a);
      last = e;
    }
    expect(kept.length).toBeGreaterThan(5);
    expect(book.mismatches(truth('binance', last!.T))).toBe(0);
    // About ten events a second at ×1, each with only the levels that changed.
    expect(events.length).toBeGreaterThan(6);
    expect(Math.max(...events.map((e) => e.b.length + e.a.length))).toBeLessThan(200);
  });

  it('paused (speed 0): one event for the current step lets a client sync; a forward jump is one event', async () => {
    rx.clock.setSpeed(0);
    const c = await connect('fstream.binance.com', '/public/ws/btcusdt@depth@100ms');
    const first = binanceDepthUpdate.parse(await c.waitFor((m) => m.e === 'depthUpdate'));
    const snap = binanceSnapshot.parse(
      await getJson(rx.port, 'fapi.binance.com', '/fapi/v1/depth?symbol=BTCUSDT&limit=1000'),
    );
    expect(first.U).toBeLessThanOrEqual(snap.lastUpdateId);
    expect(first.u).toBe(snap.lastUpdateId);
    await sleep(300);
    expect(c.messages).toHaveLength(1);
    const book = new LocalBook(0.1, 0.001);
    book.apply(snap.bids, snap.asks);
    book.apply(first.b, first.a);
    rx.clock.set(START + 90_000);
    const jump = binanceDepthUpdate.parse(await c.waitFor((m) => m.e === 'depthUpdate' && m.pu === first.u));
    book.apply(jump.b, jump.a);
    expect(book.mismatches(truth('binance', START + 90_000))).toBe(0);
  });

  it('SUBSCRIBE on a bare /public/ws starts the diffs; UNSUBSCRIBE stops them', async () => {
    const c = await connect('fstream.binance.com', '/public/ws');
    c.send({ method: 'SUBSCRIBE', params: ['btcusdt@depth@100ms'], id: 1 });
    expect(await c.waitFor((m) => m.id === 1)).toEqual({ result: null, id: 1 });
    await c.waitFor((m) => m.e === 'depthUpdate');
    c.send({ method: 'UNSUBSCRIBE', params: ['btcusdt@depth@100ms'], id: 2 });
    await c.waitFor((m) => m.id === 2);
    await sleep(150);
    const seen = c.messages.length;
    await sleep(400);
    expect(c.messages.length).toBe(seen);
  });

  it('raw /public/ws/<stream> sends bare events; the same stream under /market stays silent, as live', async () => {
    const raw = await connect('fstream.binance.com', '/public/ws/btcusdt@depth@100ms');
    const market = await connect('fstream.binance.com', '/market/ws/btcusdt@depth@100ms');
    const e = binanceDepthUpdate.parse(await raw.waitFor((m) => m.e === 'depthUpdate'));
    expect(e.U).toBeLessThanOrEqual(e.u);
    await sleep(400);
    expect(market.messages).toEqual([]);
  });

  it('limits: only 5…1000 as documented, weight by limit, symbol checked', async () => {
    const bad = await get(rx.port, 'fapi.binance.com', '/fapi/v1/depth?symbol=BTCUSDT&limit=7');
    expect([bad.status, JSON.parse(bad.body).code]).toEqual([400, -1130]);
    const other = await get(rx.port, 'fapi.binance.com', '/fapi/v1/depth?symbol=ETHUSDT');
    expect(JSON.parse(other.body).code).toBe(-1121);
    const five = binanceSnapshot.parse(
      await getJson(rx.port, 'fapi.binance.com', '/fapi/v1/depth?symbol=BTCUSDT&limit=5'),
    );
    expect(five.bids).toHaveLength(5);
    expect(Number(five.bids[0]![0])).toBeLessThan(Number(five.asks[0]![0]));
    const dflt = binanceSnapshot.parse(
      await getJson(rx.port, 'fapi.binance.com', '/fapi/v1/depth?symbol=BTCUSDT'),
    );
    expect(dflt.bids).toHaveLength(500);
  });
});

describe('Bybit: GET /v5/market/orderbook and orderbook.200.<SYMBOL>', () => {
  it('a snapshot, then deltas with u one more each; applied, they equal the replay’s top 200', async () => {
    const c = await connect('stream.bybit.com', '/v5/public/linear');
    c.send({ op: 'subscribe', args: ['orderbook.200.BTCUSDT'], req_id: 'ob' });
    expect(await c.waitFor((m) => m.req_id === 'ob')).toMatchObject({ success: true, op: 'subscribe' });
    await sleep(1000);
    const frames = c.messages.filter((m) => (m as { topic?: string }).topic).map((m) => bybitFrame.parse(m));
    expect(frames[0]!.type).toBe('snapshot');
    expect(frames[0]!.data.b).toHaveLength(200);
    expect(frames.slice(1).every((f) => f.type === 'delta')).toBe(true);
    const book = new LocalBook(0.1, 0.001);
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i]!;
      if (i > 0) expect(f.data.u).toBe(frames[i - 1]!.data.u + 1);
      if (f.type === 'snapshot') book.reset();
      book.apply(f.data.b, f.data.a);
    }
    const last = frames[frames.length - 1]!;
    expect(frames.length).toBeGreaterThan(6);
    expect(book.mismatches(truth('bybit', last.cts, 200))).toBe(0);
    expect(last.data.u).toBe(bybitUpdateId(Math.floor(last.cts / 100)));
  });

  it('a clock set back gets a fresh snapshot', async () => {
    const c = await connect('stream.bybit.com', '/v5/public/linear');
    c.send({ op: 'subscribe', args: ['orderbook.200.BTCUSDT'] });
    await c.waitFor((m) => m.type === 'delta');
    rx.clock.set(START - 600_000);
    const again = bybitFrame.parse(
      await c.waitFor((m) => m.type === 'snapshot' && (m.cts as number) < START),
    );
    const book = new LocalBook(0.1, 0.001);
    book.apply(again.data.b, again.data.a);
    expect(book.mismatches(truth('bybit', again.cts, 200))).toBe(0);
  });

  it('REST shares the stream’s u; limits and unserved depths are refused as Bybit refuses them', async () => {
    const rest = bybitRest.parse(
      await getJson(
        rx.port,
        'api.bybit.com',
        '/v5/market/orderbook?category=linear&symbol=BTCUSDT&limit=200',
      ),
    );
    expect(rest.result.b).toHaveLength(200);
    expect(rest.result.u).toBe(bybitUpdateId(Math.floor(rest.result.cts / 100)));
    const dflt = bybitRest.parse(
      await getJson(rx.port, 'api.bybit.com', '/v5/market/orderbook?category=linear&symbol=BTCUSDT'),
    );
    expect(dflt.result.a).toHaveLength(25);
    const bad = await getJson<{ retCode: number }>(
      rx.port,
      'api.bybit.com',
      '/v5/market/orderbook?category=linear&symbol=BTCUSDT&limit=501',
    );
    expect(bad.retCode).toBe(10001);
    const c = await connect('stream.bybit.com', '/v5/public/linear');
    c.send({ op: 'subscribe', args: ['orderbook.50.BTCUSDT'], req_id: 'x' });
    expect(await c.waitFor((m) => m.req_id === 'x')).toMatchObject({ success: false });
  });
});

describe('OKX: GET /api/v5/market/books and books on /ws/v5/public', () => {
  it('a snapshot, updates chained by prevSeqId, a keep-alive with prevSeqId = seqId; sizes in contracts', async () => {
    const c = await connect('ws.okx.com', '/ws/v5/public');
    c.send({ op: 'subscribe', args: [{ channel: 'books', instId: 'BTC-USDT-SWAP' }] });
    await c.waitFor((m) => m.event === 'subscribe');
    await sleep(1000);
    const pushes = c.messages.filter((m) => (m as { action?: string }).action).map((m) => okxPush.parse(m));
    expect(pushes[0]!.action).toBe('snapshot');
    expect(pushes[0]!.data[0].prevSeqId).toBe(-1);
    expect(pushes[0]!.data[0].asks).toHaveLength(400);
    const keepAlive = pushes.filter((p) => p.data[0].prevSeqId === p.data[0].seqId);
    expect(keepAlive).toHaveLength(1); // the replay crossed one whole minute
    expect(keepAlive[0]!.data[0].asks).toEqual([]);
    // Contracts of 0.01 BTC, lots of 0.01 contracts.
    const book = new LocalBook(0.1, 0.01);
    let seq = -1;
    for (const p of pushes) {
      const d = p.data[0];
      if (p.action === 'update') expect(d.prevSeqId).toBe(seq);
      seq = d.seqId;
      book.apply(d.bids, d.asks);
    }
    const lastTs = Number(
      pushes.filter((p) => p.data[0].asks.length + p.data[0].bids.length > 0).at(-1)!.data[0].ts,
    );
    const expected = truth('okx', lastTs);
    expect(book.mismatches(expected)).toBe(0);
    // 100 lots of 0.01 contracts × ctVal 0.01 BTC = the replay's base lot of 0.0001 BTC.
    expect(expected.lotBase).toBeCloseTo(0.0001, 12);
  });

  it('REST: sz up to 400 levels, instId checked; books asked of /ws/v5/business is refused', async () => {
    const res = await get(rx.port, 'www.okx.com', '/api/v5/market/books?instId=BTC-USDT-SWAP&sz=500');
    expect(res.headers['x-replay-synthetic']).toBe('depth');
    const body = okxRest.parse(JSON.parse(res.body));
    expect(body.data[0].bids).toHaveLength(400);
    const one = okxRest.parse(
      await getJson(rx.port, 'www.okx.com', '/api/v5/market/books?instId=BTC-USDT-SWAP'),
    );
    expect(one.data[0].asks).toHaveLength(1);
    const wrong = await getJson<{ code: string }>(
      rx.port,
      'www.okx.com',
      '/api/v5/market/books?instId=ETH-USDT-SWAP',
    );
    expect(wrong.code).toBe('51001');
    const c = await connect('ws.okx.com', '/ws/v5/business');
    c.send({ op: 'subscribe', args: [{ channel: 'books', instId: 'BTC-USDT-SWAP' }] });
    expect(await c.waitFor((m) => m.event === 'error')).toMatchObject({ code: '60018' });
  });
});

describe('at replay speed ×600 (the demo’s): one message covers about 60 s of steps', () => {
  // Each 100 ms push covers ~600 steps: the ids that name steps jump, the links never break.
  it('Binance pu = the previous event’s u, Bybit u one more per delta, OKX prevSeqId = the previous seqId; books equal the replay’s', async () => {
    rx.clock.setSpeed(600);
    const b = await connect('fstream.binance.com', '/public/ws/btcusdt@depth@100ms');
    const y = await connect('stream.bybit.com', '/v5/public/linear');
    const o = await connect('ws.okx.com', '/ws/v5/public');
    y.send({ op: 'subscribe', args: ['orderbook.200.BTCUSDT'] });
    o.send({ op: 'subscribe', args: [{ channel: 'books', instId: 'BTC-USDT-SWAP' }] });
    await b.waitFor((m) => m.e === 'depthUpdate');
    await sleep(150);
    // Taken while events cover ~600 steps each: served at the last push, where an event ends, so
    // the documented join is exact.
    const snap = binanceSnapshot.parse(
      await getJson(rx.port, 'fapi.binance.com', '/fapi/v1/depth?symbol=BTCUSDT&limit=1000'),
    );
    await sleep(1500);
    rx.clock.setSpeed(0);
    await sleep(250);

    const be = b.messages.map((m) => binanceDepthUpdate.parse(m));
    const bBook = new LocalBook(0.1, 0.001);
    bBook.apply(snap.bids, snap.asks);
    const kept = be.filter((e) => e.u >= snap.lastUpdateId);
    expect(kept[0]!.U).toBeLessThanOrEqual(snap.lastUpdateId);
    for (let i = 0; i < kept.length; i++) {
      if (i > 0) expect(kept[i]!.pu).toBe(kept[i - 1]!.u);
      bBook.apply(kept[i]!.b, kept[i]!.a);
    }
    const stepsPerEvent = be.slice(1).map((e, i) => (e.T - be[i]!.T) / 100);
    expect(Math.max(...stepsPerEvent)).toBeGreaterThan(10); // coalesced
    expect(bBook.mismatches(truth('binance', kept.at(-1)!.T))).toBe(0);

    const yf = y.messages.filter((m) => (m as { topic?: string }).topic).map((m) => bybitFrame.parse(m));
    expect(yf[0]!.type).toBe('snapshot');
    expect(yf.slice(1).every((f) => f.type === 'delta')).toBe(true);
    expect(yf.length).toBeGreaterThan(8);
    const yBook = new LocalBook(0.1, 0.001);
    for (let i = 0; i < yf.length; i++) {
      if (i > 0) expect(yf[i]!.data.u).toBe(yf[i - 1]!.data.u + 1);
      yBook.apply(yf[i]!.data.b, yf[i]!.data.a);
    }
    expect(Math.max(...yf.slice(1).map((f, i) => (f.cts - yf[i]!.cts) / 100))).toBeGreaterThan(10);
    // The snapshot's u is its step's id; the count goes on from there.
    expect(yf[0]!.data.u).toBe(bybitUpdateId(Math.floor(yf[0]!.cts / 100)));
    expect(yBook.mismatches(truth('bybit', yf.at(-1)!.cts, 200))).toBe(0);

    const op = o.messages.filter((m) => (m as { action?: string }).action).map((m) => okxPush.parse(m));
    expect(op[0]!.action).toBe('snapshot');
    const oBook = new LocalBook(0.1, 0.01);
    for (let i = 0; i < op.length; i++) {
      const d = op[i]!.data[0];
      if (i > 0) expect(d.prevSeqId).toBe(op[i - 1]!.data[0].seqId);
      oBook.apply(d.bids, d.asks);
    }
    // About 15 replay minutes passed: keep-alives came too, and chained like the rest.
    expect(op.filter((p) => p.data[0].prevSeqId === p.data[0].seqId).length).toBeGreaterThan(3);
    const lastTs = Number(
      op.filter((p) => p.data[0].asks.length + p.data[0].bids.length > 0).at(-1)!.data[0].ts,
    );
    expect(oBook.mismatches(truth('okx', lastTs))).toBe(0);
  });
});

describe('depth faults', () => {
  it('depth-gap skips one diff’s ids on each exchange', async () => {
    const b = await connect('fstream.binance.com', '/public/ws/btcusdt@depth@100ms');
    const y = await connect('stream.bybit.com', '/v5/public/linear');
    const o = await connect('ws.okx.com', '/ws/v5/public');
    y.send({ op: 'subscribe', args: ['orderbook.200.BTCUSDT'] });
    o.send({ op: 'subscribe', args: [{ channel: 'books', instId: 'BTC-USDT-SWAP' }] });
    await sleep(300);
    for (const match of ['depth@100ms', 'orderbook', 'books'])
      rx.faults.add({ match, kind: 'depth-gap', times: 1 });
    await sleep(700);
    const be = b.messages.map((m) => binanceDepthUpdate.parse(m));
    const breaks = be.slice(1).filter((e, i) => e.pu !== be[i]!.u);
    expect(breaks).toHaveLength(1);
    const yf = y.messages.filter((m) => (m as { topic?: string }).topic).map((m) => bybitFrame.parse(m));
    const jumps = yf.slice(1).map((f, i) => f.data.u - yf[i]!.data.u);
    expect(jumps.filter((j) => j !== 1)).toEqual([2]);
    const op = o.messages.filter((m) => (m as { action?: string }).action).map((m) => okxPush.parse(m));
    const chain = op.slice(1).filter((p, i) => p.data[0].prevSeqId !== op[i]!.data[0].seqId);
    expect(chain).toHaveLength(1);
  });

  it('depth-malformed sends one frame whose id is no number; the stream goes on', async () => {
    const b = await connect('fstream.binance.com', '/public/stream?streams=btcusdt@depth@100ms');
    await b.waitFor((m) => 'stream' in m);
    rx.faults.add({ match: 'depth', kind: 'depth-malformed', times: 1 });
    await sleep(600);
    const results = b.messages.map((m) => binanceCombined.safeParse(m));
    const broken = results.filter((r) => !r.success);
    expect(broken).toHaveLength(1);
    const bad = b.messages[results.findIndex((r) => !r.success)] as { stream: string; data: { u: unknown } };
    expect(bad.stream).toBe('btcusdt@depth@100ms');
    expect(bad.data.u).toMatch(/^\d+\?$/);
    expect(results.at(-1)!.success).toBe(true);
  });

  it('ws-drop on the depth stream closes the socket mid-stream (1006)', async () => {
    const o = await connect('ws.okx.com', '/ws/v5/public');
    o.send({ op: 'subscribe', args: [{ channel: 'books', instId: 'BTC-USDT-SWAP' }] });
    await o.waitFor((m) => m.action === 'update');
    rx.faults.add({ match: 'books', kind: 'ws-drop', times: 1 });
    await sleep(400);
    expect(o.closedWith?.code).toBe(1006);
  });

  it('depth-stale: the snapshot predates every buffered event, so the documented sync rule cannot start from it', async () => {
    const c = await connect('fstream.binance.com', '/public/ws/btcusdt@depth@100ms');
    await c.waitFor((m) => m.e === 'depthUpdate');
    rx.faults.add({ match: '*', kind: 'depth-stale', ageMs: 30_000, times: 1 });
    // Only a book snapshot takes it: other paths answer as usual and leave the rule in place.
    expect((await get(rx.port, 'fapi.binance.com', '/fapi/v1/time')).status).toBe(200);
    const stale = binanceSnapshot.parse(
      await getJson(rx.port, 'fapi.binance.com', '/fapi/v1/depth?symbol=BTCUSDT'),
    );
    const fresh = binanceSnapshot.parse(
      await getJson(rx.port, 'fapi.binance.com', '/fapi/v1/depth?symbol=BTCUSDT'),
    );
    const first = binanceDepthUpdate.parse(c.messages[0]);
    expect(stale.lastUpdateId).toBeLessThan(first.U - 1);
    expect(stale.T).toBeLessThanOrEqual(fresh.T - 30_000);
    expect(fresh.lastUpdateId).toBeGreaterThanOrEqual(first.U);
  });
});

describe('the truth for tests', () => {
  it('/replay/depth gives the served book in base units, its walls and the synthetic note, on 127.0.0.1 only', async () => {
    const time = START + 5_000;
    const body = await getJson<{
      synthetic: string;
      bids: [number, number][];
      asks: [number, number][];
      walls: unknown[];
      ids: unknown;
    }>(rx.port, '127.0.0.1', `/replay/depth?exchange=bybit&time=${time}&levels=3`);
    expect(body.synthetic).toMatch(/SYNTHETIC/);
    expect(body.ids).toEqual({
      u: bybitUpdateId(Math.floor(time / 100)),
      seq: bybitSeq(Math.floor(time / 100)),
    });
    const b = rx.depth.bookAt('bybit', time)!;
    expect(body.bids).toEqual(
      [0, 1, 2].map((i) => [
        Number((b.bidTicks[i]! * 0.1).toFixed(1)),
        Number((b.bidLots[i]! * 0.001).toFixed(3)),
      ]),
    );
    expect(body.walls).toEqual(JSON.parse(JSON.stringify(rx.depth.wallsAt('bybit', b.time))));
    expect((await get(rx.port, 'fapi.binance.com', '/replay/depth?exchange=bybit')).status).toBe(404);
    const walls = await getJson<{ walls: { fate: string }[] }>(
      rx.port,
      '127.0.0.1',
      `/replay/walls?exchange=binance&from=${bars[0]!.time}&to=${START}`,
    );
    expect(new Set(walls.walls.map((w) => w.fate))).toEqual(new Set(['traded', 'pulled']));
  });

  it('syntheticDepth(bars) gives the same books without a server; another seed gives others', () => {
    const same = syntheticDepth(bars);
    expect([...same.bookAt('okx', START)!.bidLots]).toEqual([...rx.depth.bookAt('okx', START)!.bidLots]);
    expect(same.walls('bybit', START - 3_600_000, START)).toEqual(
      rx.depth.walls('bybit', START - 3_600_000, START),
    );
    const other = syntheticDepth(bars, 'BTCUSDT', 7);
    expect([...other.bookAt('okx', START)!.bidLots]).not.toEqual([...rx.depth.bookAt('okx', START)!.bidLots]);
  });

  it('ETHUSDT (scaled bars): OKX counts contracts of 0.1 ETH at 0.01 ticks', async () => {
    const eth = await startReplayExchange({
      bars: syntheticEthBars(bars),
      symbol: 'ETHUSDT',
      start: START,
      speed: 0,
    });
    try {
      const body = okxRest.parse(
        await getJson(eth.port, 'www.okx.com', '/api/v5/market/books?instId=ETH-USDT-SWAP&sz=5'),
      );
      const book = eth.depth.bookAt('okx', START)!;
      const [price, contracts] = body.data[0].bids[0]!;
      expect(Number(price)).toBeCloseTo(book.bidTicks[0]! * 0.01, 6);
      expect(Number(contracts) * 0.1).toBeCloseTo(book.bidLots[0]! * book.lotBase, 9);
      const bin = binanceSnapshot.parse(
        await getJson(eth.port, 'fapi.binance.com', '/fapi/v1/depth?symbol=ETHUSDT&limit=5'),
      );
      expect(bin.asks[0]![0]).toMatch(/^\d+\.\d{2}$/);
    } finally {
      await eth.close();
    }
  });
});
