import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ReplayExchange, startReplayExchange } from './index';
import { get, StreamClient, sampleBars, sleep } from './test-support';

const bars = sampleBars(288);
const NOW = bars[100]!.time + 90_000;
const KLINES = '/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=5';

let rx: ReplayExchange;
const clients: StreamClient[] = [];
beforeAll(async () => {
  rx = await startReplayExchange({ bars, start: NOW, speed: 1 });
});
afterAll(() => rx.close());
beforeEach(() => {
  rx.faults.clear();
  rx.clock.set(NOW);
});
afterEach(() => {
  // A leftover connection would also match the next test's WebSocket rule.
  for (const c of clients.splice(0)) c.close();
});

const binance = (path = KLINES) => get(rx.port, 'fapi.binance.com', path);
const bybit = (path = '/v5/market/tickers?category=linear&symbol=BTCUSDT') =>
  get(rx.port, 'api.bybit.com', path);

describe('HTTP faults, switched on per endpoint', () => {
  it('status 429 answers Binance’s rate-limit error with Retry-After, then recovers after `times`', async () => {
    rx.faults.add({ match: '/fapi/v1/klines', kind: 'status', status: 429, retryAfterSec: 7, times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await binance();
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBe('7');
      expect(JSON.parse(res.body)).toMatchObject({ code: -1003 });
    }
    expect((await binance()).status).toBe(200);
  });

  it('only the matching path is affected', async () => {
    rx.faults.add({ match: '/fapi/v1/openInterest', kind: 'status', status: 429 });
    expect((await binance()).status).toBe(200);
    expect((await binance('/fapi/v1/openInterest?symbol=BTCUSDT')).status).toBe(429);
    rx.faults.clear();
    expect((await binance('/fapi/v1/openInterest?symbol=BTCUSDT')).status).toBe(200);
  });

  it('status 418 is Binance’s IP ban, with Retry-After', async () => {
    rx.faults.add({ match: '/fapi/v1/klines', kind: 'status', status: 418, retryAfterSec: 120 });
    const res = await binance();
    expect(res.status).toBe(418);
    expect(res.headers['retry-after']).toBe('120');
    expect(JSON.parse(res.body).msg).toMatch(/banned until \d+/);
  });

  it('status 403 on Bybit is its IP ban: an HTML page, not JSON', async () => {
    rx.faults.add({ match: '/v5/market/tickers', kind: 'status', status: 403 });
    const res = await bybit();
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/<TITLE>[^<]+<\/TITLE>/);
    expect(() => JSON.parse(res.body)).toThrow();
  });

  it('status 500 and 503 are server errors', async () => {
    rx.faults.add({ match: '/fapi/v1/klines', kind: 'status', status: 500, times: 1 });
    rx.faults.add({ match: '/fapi/v1/klines', kind: 'status', status: 503, times: 1 });
    const a = await binance();
    const b = await binance();
    expect([a.status, JSON.parse(a.body).code]).toEqual([500, -1001]);
    expect([b.status, JSON.parse(b.body).code]).toEqual([503, -1008]);
    rx.faults.add({ match: '/v5/market/tickers', kind: 'status', status: 502, times: 1 });
    const c = await bybit();
    expect(c.status).toBe(502);
    expect(c.headers['content-type']).toMatch(/^text\/html/);
  });

  it('slow answers normally, after the delay', async () => {
    rx.faults.add({ match: '/fapi/v1/klines', kind: 'slow', delayMs: 400, times: 1 });
    const t = Date.now();
    const res = await binance();
    expect(Date.now() - t).toBeGreaterThanOrEqual(390);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toHaveLength(5);
  });

  it('timeout never answers; the request log keeps status 0', async () => {
    rx.faults.add({ match: '/fapi/v1/premiumIndex', kind: 'timeout', times: 1 });
    await expect(
      get(rx.port, 'fapi.binance.com', '/fapi/v1/premiumIndex?symbol=BTCUSDT', { timeoutMs: 500 }),
    ).rejects.toThrow(/timed out/);
    const entry = rx.requests.filter((r) => r.path === '/fapi/v1/premiumIndex').at(-1);
    expect(entry?.status).toBe(0);
  });

  it('truncated sends the first half of the real body: not parseable JSON', async () => {
    const full = await binance();
    rx.clock.set(NOW);
    rx.faults.add({ match: '/fapi/v1/klines', kind: 'truncated', times: 1 });
    rx.clock.setSpeed(0);
    rx.clock.set(NOW);
    const cut = await binance();
    const whole = await binance();
    rx.clock.setSpeed(1);
    expect(cut.status).toBe(200);
    expect(cut.body.length).toBe(Math.floor(whole.body.length / 2));
    expect(whole.body.startsWith(cut.body)).toBe(true);
    expect(() => JSON.parse(cut.body)).toThrow();
    expect(full.body.length).toBeGreaterThan(0);
  });

  it('malformed is valid JSON with the wrong types', async () => {
    rx.faults.add({ match: '/fapi/v1/klines', kind: 'malformed', times: 1 });
    const rows = JSON.parse((await binance()).body) as unknown[][];
    expect(rows).toHaveLength(5);
    expect(typeof rows[0]![0]).toBe('string'); // open time: was a number
    expect(rows[0]![1]).toBe(true); // open price: was a numeric string
    rx.faults.add({ match: '/v5/market/tickers', kind: 'malformed', times: 1 });
    const body = JSON.parse((await bybit()).body) as {
      retCode: unknown;
      result: { list: Array<Record<string, unknown>> };
    };
    expect(body.retCode).toBe('0?');
    expect(body.result.list[0]!.markPrice).toBe(true);
  });

  it('html answers an HTML page where JSON was expected', async () => {
    rx.faults.add({ match: '/v5/market/tickers', kind: 'html', times: 1 });
    const res = await bybit();
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/^<!DOCTYPE html>[\s\S]*<title>Service temporarily unavailable<\/title>/);
  });

  it('match "*" hits every path', async () => {
    rx.faults.add({ match: '*', kind: 'status', status: 503 });
    expect((await binance()).status).toBe(503);
    expect((await bybit()).status).toBe(503);
  });
});

describe('WebSocket faults', () => {
  const open = async (path: string) => {
    const c = new StreamClient(rx.port, 'fstream.binance.com', path, { tls: true });
    clients.push(c);
    await c.opened();
    return c;
  };
  const closed = (c: StreamClient) =>
    new Promise<number>((resolve) => {
      if (c.closedWith) resolve(c.closedWith.code);
      else c.ws.once('close', (code) => resolve(code));
    });

  it('ws-drop cuts a matching connection without a close frame (1006); a reconnect then works', async () => {
    const c = await open('/market/ws/btcusdt@forceOrder');
    rx.faults.add({ match: 'forceOrder', kind: 'ws-drop', times: 1 });
    expect(await closed(c)).toBe(1006);
    const again = await open('/market/ws/btcusdt@forceOrder/btcusdt@markPrice@1s');
    await again.waitFor((m) => m.e === 'markPriceUpdate', 2500);
    expect(again.ws.readyState).toBe(again.ws.OPEN);
  });

  it('ws-drop with a status closes with that code; other streams are left alone', async () => {
    const mark = await open('/market/ws/btcusdt@markPrice@1s');
    const liq = await open('/market/ws/btcusdt@forceOrder');
    rx.faults.add({ match: 'forceOrder', kind: 'ws-drop', status: 1012, times: 1 });
    expect(await closed(liq)).toBe(1012);
    expect(mark.ws.readyState).toBe(mark.ws.OPEN);
  });

  it('ws-half-open keeps the socket open but stops data and ignores pings', async () => {
    const c = await open('/market/ws/btcusdt@markPrice@1s');
    await c.waitFor((m) => m.e === 'markPriceUpdate', 2500);
    const pong = () =>
      new Promise<boolean>((resolve) => {
        const t = setTimeout(() => resolve(false), 700);
        c.ws.once('pong', () => {
          clearTimeout(t);
          resolve(true);
        });
        c.ws.ping();
      });
    expect(await pong()).toBe(true);
    rx.faults.add({ match: 'markPrice', kind: 'ws-half-open', times: 1 });
    await sleep(300);
    const count = c.messages.length;
    expect(await pong()).toBe(false);
    await sleep(1300);
    expect(c.messages.length).toBe(count);
    expect(c.ws.readyState).toBe(c.ws.OPEN);
  });

  it('ws-half-open on Bybit also ignores the application-level ping', async () => {
    const c = new StreamClient(rx.port, 'stream.bybit.com', '/v5/public/linear');
    clients.push(c);
    await c.opened();
    c.send({ op: 'subscribe', args: ['tickers.BTCUSDT'] });
    await c.waitFor((m) => m.op === 'subscribe');
    rx.faults.add({ match: '/v5/public/linear', kind: 'ws-half-open', times: 1 });
    await sleep(300);
    c.send({ req_id: 'hb', op: 'ping' });
    await sleep(500);
    expect(c.messages.some((m) => (m as { op?: string }).op === 'ping')).toBe(false);
    expect(c.ws.readyState).toBe(c.ws.OPEN);
  });
});
