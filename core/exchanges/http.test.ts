import { describe, expect, it } from 'vitest';
import { RequestBudget } from './budget';
import {
  createTransport,
  exchangeMessage,
  type Fetch,
  type HttpResponse,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  type Sleep,
  timerSleep,
} from './http';
import type { RateLimitPool, RequestSpec } from './request';

const T0 = Date.UTC(2025, 10, 26, 9, 0, 0); // on a whole second, so HTTP-dates round-trip exactly

/**
 * Virtual time: `sleep` registers a timer and `run` drives a promise to completion, jumping the
 * clock to the next timer whenever nothing else can make progress. No real timers are involved.
 */
class VirtualClock {
  time = T0;
  private seq = 0;
  private timers: Array<{ at: number; seq: number; fire: () => void }> = [];
  /** Every sleep the code under test asked for, in ms. */
  readonly sleeps: number[] = [];

  now = (): number => this.time;

  /** AbortSignal.timeout on this clock: aborts with a TimeoutError once `ms` have passed. */
  deadline = (ms: number): AbortSignal => {
    const controller = new AbortController();
    void this.sleep(ms).then(() =>
      controller.abort(new DOMException('The operation timed out.', 'TimeoutError')),
    );
    return controller.signal;
  };

  sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve) => {
      this.sleeps.push(ms);
      if (signal?.aborted) return resolve();
      const timer = { at: this.time + Math.max(0, ms), seq: this.seq++, fire: resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          resolve();
        },
        { once: true },
      );
    });

  async run<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    promise.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    for (let step = 0; step < 10_000; step++) {
      for (let i = 0; i < 5 && !settled; i++) await new Promise((r) => setImmediate(r));
      if (settled) return promise;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) throw new Error('deadlock: the promise waits on something no timer will ever wake');
      this.time = Math.max(this.time, next.at);
      next.fire();
    }
    throw new Error('virtual clock ran 10 000 steps without the promise settling');
  }
}

type Reply = (init: { signal: AbortSignal }) => Promise<HttpResponse> | HttpResponse;

/** A scripted network: each call takes the next reply; records when and what was asked. */
function scriptedFetch(clock: VirtualClock, replies: Reply[]) {
  const calls: Array<{ url: string; at: number; signal: AbortSignal }> = [];
  const fetch: Fetch = async (url, init) => {
    calls.push({ url, at: clock.now(), signal: init.signal });
    const reply = replies.shift();
    if (!reply) throw new Error(`unexpected request ${url}`);
    return reply(init);
  };
  return { fetch, calls };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });

/** A real-shaped Binance kline page (two 1m candles). */
const KLINES_BODY =
  '[[1764147600000,"87012.40","87050.00","86990.10","87031.70","152.431",1764147659999,"13264857.29716",3123,"80.112","6971456.00982","0"],' +
  '[1764147660000,"87031.70","87044.90","87001.00","87002.30","98.007",1764147719999,"8529233.01881",2211,"41.930","3648968.34112","0"]]';

const POOLS: RateLimitPool[] = [
  { exchange: 'binance', pool: 'weight', capacity: 2400, windowMs: 60_000, source: 'Binance exchangeInfo' },
  { exchange: 'bybit', pool: 'ip', capacity: 600, windowMs: 5_000, source: 'Bybit v5 rate limit' },
  { exchange: 'okx', pool: 'public', capacity: 20, windowMs: 2_000, source: 'OKX v5 market data' },
];

const binanceKlines: RequestSpec = {
  exchange: 'binance',
  endpoint: '/fapi/v1/klines',
  url: 'https://fapi.binance.com/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=2',
  pool: 'weight',
  weight: 2,
};
const bybitKline: RequestSpec = {
  exchange: 'bybit',
  endpoint: '/v5/market/kline',
  url: 'https://api.bybit.com/v5/market/kline?category=linear&symbol=BTCUSDT&interval=1&limit=2',
  pool: 'ip',
  weight: 1,
};
const okxCandles: RequestSpec = {
  exchange: 'okx',
  endpoint: '/api/v5/market/candles',
  url: 'https://www.okx.com/api/v5/market/candles?instId=BTC-USDT-SWAP&bar=1m',
  pool: 'public',
  weight: 1,
};

function setup(
  replies: Reply[],
  opts: { random?: number[]; maxRetries?: number; pools?: RateLimitPool[] } = {},
) {
  const clock = new VirtualClock();
  const net = scriptedFetch(clock, replies);
  const budget = new RequestBudget(opts.pools ?? POOLS, { now: clock.now });
  const randoms = [...(opts.random ?? [])];
  const transport = createTransport({
    fetch: net.fetch,
    budget,
    now: clock.now,
    sleep: clock.sleep,
    deadline: clock.deadline,
    random: () => randoms.shift() ?? 0.5,
    maxRetries: opts.maxRetries,
  });
  const get = (spec: RequestSpec) => clock.run(transport.get(spec));
  return { clock, net, budget, get };
}

/** A fetch that only ends when aborted, as a real fetch does on a stalled connection. */
const stalled: Reply = ({ signal }) =>
  new Promise((_, reject) =>
    signal.addEventListener('abort', () =>
      reject(new DOMException('This operation was aborted', 'AbortError')),
    ),
  );

describe('createTransport', () => {
  it('returns a 200 body as text, untouched', async () => {
    const { get, net } = setup([() => new Response(KLINES_BODY, { status: 200 })]);
    expect(await get(binanceKlines)).toEqual({ ok: true, value: KLINES_BODY });
    expect(net.calls.map((c) => c.url)).toEqual([binanceKlines.url]);
  });

  it('waits for the request budget before sending', async () => {
    const pools: RateLimitPool[] = [{ ...POOLS[0]!, capacity: 5, windowMs: 1_000 }]; // allowance 4
    const replies = Array.from({ length: 3 }, () => () => new Response('[]'));
    const { get, net } = setup(replies, { pools });
    for (let i = 0; i < 3; i++) expect((await get(binanceKlines)).ok).toBe(true);
    expect(net.calls.map((c) => c.at - T0)).toEqual([0, 0, 1_000]);
  });

  it('refuses, without sending, a request no budget can ever carry', async () => {
    const { get, net } = setup([]);
    const res = await get({ ...binanceKlines, pool: 'no-such-pool' });
    expect(res).toMatchObject({ ok: false, error: { kind: 'rate-limited', exchange: 'binance' } });
    if (!res.ok) expect(res.error.message).toMatch(/no published rate limit/);
    expect(net.calls).toHaveLength(0);
  });

  describe('429 Too Many Requests', () => {
    it('with Retry-After "7": fails at once, then holds that exchange ≥ 7 s while others go on', async () => {
      const { get, net, clock } = setup([
        json(
          429,
          { code: -1003, msg: 'Too many requests; current limit of IP is 2400 requests per minute.' },
          {
            'retry-after': '7',
          },
        ),
        () => new Response('[]'),
        () => new Response(KLINES_BODY),
      ]);
      const limited = await get(binanceKlines);
      expect(limited).toEqual({
        ok: false,
        error: expect.objectContaining({
          kind: 'rate-limited',
          exchange: 'binance',
          status: 429,
          retryAfterMs: 7_000,
        }),
      });
      if (!limited.ok)
        expect(limited.error.message).toContain(
          'current limit of IP is 2400 requests per minute. (code -1003)',
        );
      expect(net.calls).toHaveLength(1); // no retry into a 429

      expect((await get(bybitKline)).ok).toBe(true);
      expect(net.calls[1]!.at).toBe(T0); // Bybit is not held back by Binance's 429

      expect(await get(binanceKlines)).toEqual({ ok: true, value: KLINES_BODY });
      expect(net.calls[2]!.at - net.calls[0]!.at).toBeGreaterThanOrEqual(7_000);
      expect(clock.time - T0).toBe(7_000);
    });

    it('with an HTTP-date Retry-After waits until that date', async () => {
      const until = new Date(T0 + 30_000).toUTCString(); // e.g. "Wed, 26 Nov 2025 09:00:30 GMT"
      const { get, net } = setup([
        json(429, { code: '50011', msg: 'Too Many Requests' }, { 'retry-after': until }),
        () => new Response('{}'),
      ]);
      const res = await get(okxCandles);
      expect(res).toMatchObject({ ok: false, error: { kind: 'rate-limited', retryAfterMs: 30_000 } });
      await get(okxCandles);
      expect(net.calls[1]!.at - T0).toBe(30_000);
    });

    it('without Retry-After leaves Binance alone for a whole weight window', async () => {
      const { get, budget } = setup([json(429, { code: -1003, msg: 'Too many requests.' })]);
      expect(await get(binanceKlines)).toMatchObject({ ok: false, error: { retryAfterMs: 60_000 } });
      expect(budget.status().binance.blockedUntil).toBe(T0 + 60_000);
    });

    it('treats Retry-After "0" as at least a second, so it never hammers', async () => {
      const { get } = setup([json(429, { code: -1003, msg: 'Too many requests.' }, { 'retry-after': '0' })]);
      expect(await get(binanceKlines)).toMatchObject({ ok: false, error: { retryAfterMs: 1_000 } });
    });
  });

  describe('bans', () => {
    it('418 from Binance: banned for Retry-After, and the UI can see why', async () => {
      const { get, budget, net, clock } = setup([
        json(
          418,
          { code: -1003, msg: 'Way too many requests; IP(203.0.113.9) banned until 1764148800000.' },
          {
            'retry-after': '120',
          },
        ),
        () => new Response(KLINES_BODY),
      ]);
      const res = await get(binanceKlines);
      expect(res).toMatchObject({ ok: false, error: { kind: 'banned', status: 418, retryAfterMs: 120_000 } });
      if (!res.ok) expect(res.error.message).toContain('banned until 1764148800000');
      expect(budget.status().binance).toMatchObject({
        blockedUntil: T0 + 120_000,
        reason: expect.stringContaining('418'),
      });
      // During the ban nothing is sent: the request is refused with the time left.
      clock.time = T0 + 30_000;
      const held = await get(binanceKlines);
      expect(held).toMatchObject({ ok: false, error: { kind: 'rate-limited', retryAfterMs: 90_000 } });
      if (!held.ok)
        expect(held.error.message).toMatch(/binance is held back for 90 s \(HTTP 418 IP banned\)/);
      expect(net.calls).toHaveLength(1);
      clock.time = T0 + 120_000;
      expect(await get(binanceKlines)).toEqual({ ok: true, value: KLINES_BODY });
      expect(net.calls[1]!.at - T0).toBe(120_000);
    });

    it('403 from Bybit without Retry-After: stays away the 10 minutes Bybit asks for', async () => {
      const { get, budget, net, clock } = setup([
        () =>
          new Response(
            '<html><head><title>403 Forbidden</title></head><body>access too frequent</body></html>',
            { status: 403 },
          ),
        () => new Response('{"retCode":0,"retMsg":"OK","result":{},"time":1764147600000}'),
      ]);
      const res = await get(bybitKline);
      expect(res).toMatchObject({ ok: false, error: { kind: 'banned', status: 403, retryAfterMs: 600_000 } });
      if (!res.ok) expect(res.error.message).toContain('"403 Forbidden"');
      expect(budget.status().bybit.blockedUntil).toBe(T0 + 600_000);
      expect(budget.status().binance.blockedUntil).toBeUndefined();
      expect(await get(bybitKline)).toMatchObject({
        ok: false,
        error: { kind: 'rate-limited', retryAfterMs: 600_000 },
      });
      // Near the end of the ban the wait is short enough to queue for.
      clock.time = T0 + 599_000;
      expect((await get(bybitKline)).ok).toBe(true);
      expect(net.calls.map((c) => c.at - T0)).toEqual([0, 600_000]);
    });
  });

  describe('retries', () => {
    it('retries 5xx with full-jitter exponential back-off, then gives the server error', async () => {
      const busy = json(503, {
        code: -1001,
        msg: 'Internal error; unable to process your request. Please try again.',
      });
      const { get, net, clock } = setup([busy, busy, busy, busy], { random: [0.5, 0.25, 0.9] });
      const res = await get(binanceKlines);
      expect(res).toMatchObject({ ok: false, error: { kind: 'server', status: 503, exchange: 'binance' } });
      if (!res.ok) expect(res.error.message).toContain('Internal error');
      const gaps = net.calls.slice(1).map((c, i) => c.at - net.calls[i]!.at);
      // ceilings 500, 1000, 2000 ms scaled by the injected randoms
      expect(gaps).toEqual([250, 250, 1_800]);
      expect(clock.time - T0).toBe(2_300);
    });

    it('a 5xx followed by a 200 is a success', async () => {
      const { get, net } = setup([json(502, {}), () => new Response(KLINES_BODY)], { random: [0] });
      expect(await get(binanceKlines)).toEqual({ ok: true, value: KLINES_BODY });
      expect(net.calls).toHaveLength(2);
    });

    it('does not retry other 4xx and reports the exchange message: Binance {code,msg}', async () => {
      const { get, net } = setup([json(400, { code: -1121, msg: 'Invalid symbol.' })]);
      expect(await get(binanceKlines)).toEqual({
        ok: false,
        error: {
          kind: 'http',
          exchange: 'binance',
          endpoint: '/fapi/v1/klines',
          status: 400,
          message: 'Invalid symbol. (code -1121)',
        },
      });
      expect(net.calls).toHaveLength(1);
    });

    it('reports Bybit {retCode,retMsg} and OKX {code,msg} error bodies', async () => {
      const bybit = setup([
        json(404, {
          retCode: 10001,
          retMsg: 'params error: symbol invalid',
          result: {},
          time: 1764147600000,
        }),
      ]);
      expect(await bybit.get(bybitKline)).toMatchObject({
        ok: false,
        error: { kind: 'http', status: 404, message: 'params error: symbol invalid (code 10001)' },
      });
      const okx = setup([json(400, { code: '51001', msg: "Instrument ID doesn't exist.", data: [] })]);
      expect(await okx.get(okxCandles)).toMatchObject({
        ok: false,
        error: { kind: 'http', status: 400, message: "Instrument ID doesn't exist. (code 51001)" },
      });
    });
  });

  describe('failures that never reach a status line', () => {
    it('a stalled request times out after timeoutMs, is aborted, and is retried like any timeout', async () => {
      const { get, net } = setup([stalled, stalled], { maxRetries: 1, random: [0] });
      const res = await get(binanceKlines);
      expect(res).toMatchObject({
        ok: false,
        error: { kind: 'timeout', exchange: 'binance', endpoint: '/fapi/v1/klines' },
      });
      expect(net.calls.map((c) => c.at - T0)).toEqual([0, 10_000]);
      expect(net.calls.every((c) => c.signal.aborted)).toBe(true);
    });

    it('a body that stops arriving counts against the same timeout', async () => {
      // As a real fetch's body does, the stream errors when the request's signal aborts.
      const neverEnds: Reply = ({ signal }) =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('[[1764147600000,"87012.40"'));
              signal.addEventListener('abort', () => controller.error(signal.reason), { once: true });
            },
          }),
        );
      const { get, clock } = setup([neverEnds], { maxRetries: 0 });
      expect(await get(binanceKlines)).toMatchObject({ ok: false, error: { kind: 'timeout' } });
      expect(clock.time - T0).toBe(10_000);
    });

    it('a fetch that rejects is a network error, retried maxRetries times', async () => {
      const refused = () => Promise.reject(new TypeError('fetch failed'));
      const { get, net } = setup([refused, refused, refused, refused], { random: [0, 0, 0] });
      expect(await get(bybitKline)).toEqual({
        ok: false,
        error: { kind: 'network', exchange: 'bybit', endpoint: '/v5/market/kline', message: 'fetch failed' },
      });
      expect(net.calls).toHaveLength(4);
    });

    it('a fetch that throws synchronously is a network error too', async () => {
      const clock = new VirtualClock();
      const transport = createTransport({
        fetch: () => {
          throw new TypeError('Failed to parse URL');
        },
        budget: new RequestBudget(POOLS, { now: clock.now }),
        now: clock.now,
        sleep: clock.sleep,
        deadline: clock.deadline,
        random: () => 0,
        maxRetries: 0,
      });
      expect(await clock.run(transport.get(binanceKlines))).toMatchObject({
        ok: false,
        error: { kind: 'network', message: 'Failed to parse URL' },
      });
    });

    it('a body that breaks off midway is a network error, retried', async () => {
      const brokenBody = () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('[[1764147600000,"87012.40","87050.00"'));
              controller.error(new TypeError('terminated'));
            },
          }),
        );
      const { get, net } = setup([brokenBody, () => new Response(KLINES_BODY)], { random: [0] });
      expect(await get(binanceKlines)).toEqual({ ok: true, value: KLINES_BODY });
      expect(net.calls).toHaveLength(2);

      const once = setup([brokenBody], { maxRetries: 0 });
      const res = await once.get(binanceKlines);
      expect(res).toMatchObject({ ok: false, error: { kind: 'network', status: 200 } });
      if (!res.ok) expect(res.error.message).toMatch(/body broke off: terminated/);
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('7', T0)).toBe(7_000);
    expect(parseRetryAfter(' 120 ', T0)).toBe(120_000);
    expect(parseRetryAfter('1.5', T0)).toBe(1_500);
  });
  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfter('Wed, 26 Nov 2025 09:01:00 GMT', T0)).toBe(60_000);
    expect(parseRetryAfter('Wed, 26 Nov 2025 08:59:00 GMT', T0)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, T0)).toBeUndefined();
    expect(parseRetryAfter('', T0)).toBeUndefined();
    expect(parseRetryAfter('-5', T0)).toBeUndefined();
    expect(parseRetryAfter('soon', T0)).toBeUndefined();
    expect(parseRetryAfter('2025', T0)).toBe(2_025_000); // digits are seconds, not a year
  });
  it('takes no Retry-After at more than three days, the longest ban Binance gives', () => {
    expect(parseRetryAfter('99999999', T0)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('Fri, 01 Jan 2100 00:00:00 GMT', T0)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('exchangeMessage', () => {
  it('reads the three exchanges’ error bodies and nothing else', () => {
    expect(exchangeMessage('{"code":-1121,"msg":"Invalid symbol."}')).toBe('Invalid symbol. (code -1121)');
    expect(exchangeMessage('{"retCode":10001,"retMsg":"params error"}')).toBe('params error (code 10001)');
    expect(exchangeMessage('{"code":"51001","msg":"","data":[]}')).toBe('error (code 51001)');
    expect(exchangeMessage('<html></html>')).toBeUndefined();
    expect(exchangeMessage('[1,2]')).toBeUndefined();
    expect(exchangeMessage('null')).toBeUndefined();
  });
});

describe('timerSleep', () => {
  it('ends early when its signal aborts, so a finished request leaves no timer behind', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const slept = timerSleep(60_000, controller.signal);
    controller.abort();
    await slept;
    expect(Date.now() - started).toBeLessThan(1_000);
    await timerSleep(60_000, controller.signal); // already aborted: returns at once
  });
});
