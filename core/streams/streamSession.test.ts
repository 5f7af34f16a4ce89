import { describe, expect, it } from 'vitest';
import { streamProfiles } from './streamProfiles';
import {
  backoffDelay,
  CATCH_UP_OVERLAP_MS,
  DEFAULT_BACKOFF,
  defaultStreamConfig,
  initialStreamState,
  type StreamSessionConfig,
  type StreamSessionEffect,
  type StreamSessionEvent,
  type StreamSessionState,
  stepStream,
} from './streamSession';

const T0 = Date.UTC(2026, 10, 30, 12, 0);

const [bybit] = streamProfiles('bybit', 'BTCUSDT', ['liquidations', 'candles1m', 'markPrice']);
const [binance] = streamProfiles('binance', 'BTCUSDT', ['liquidations', 'candles1m', 'markPrice']);
const okx = streamProfiles('okx', 'BTCUSDT', ['liquidations', 'candles1m', 'markPrice']);

/** Runs events through the machine, collecting every effect. */
function run(config: StreamSessionConfig, events: StreamSessionEvent[], from = initialStreamState()) {
  let state: StreamSessionState = from;
  const effects: StreamSessionEffect[] = [];
  for (const e of events) {
    const step = stepStream(state, e, config);
    state = step.state;
    effects.push(...step.effects);
  }
  return { state, effects };
}

const of = <T extends StreamSessionEffect['type']>(effects: StreamSessionEffect[], type: T) =>
  effects.filter((e): e is Extract<StreamSessionEffect, { type: T }> => e.type === type);

const pong = '{"success":true,"ret_msg":"pong","conn_id":"465772b1","req_id":"","op":"ping"}';
const bybitLiquidation = JSON.stringify({
  topic: 'allLiquidation.BTCUSDT',
  type: 'snapshot',
  ts: 1750000561234,
  data: [{ T: 1750000560987, s: 'BTCUSDT', S: 'Buy', v: '0.412', p: '104120.50' }],
});

describe('connect → subscribe', () => {
  it('Bybit: opens the v5 public linear URL, then subscribes to allLiquidation, kline.1 and tickers in one op', () => {
    const config = defaultStreamConfig(bybit!, () => 0.5);
    const started = run(config, [{ type: 'start', now: T0 }]);
    expect(started.state.phase).toBe('connecting');
    expect(of(started.effects, 'open')).toEqual([
      { type: 'open', url: 'wss://stream.bybit.com/v5/public/linear' },
    ]);
    expect(of(started.effects, 'send')).toEqual([]);

    const opened = run(config, [{ type: 'opened', now: T0 + 200 }], started.state);
    expect(opened.state.phase).toBe('open');
    expect(of(opened.effects, 'send').map((s) => JSON.parse(s.text))).toEqual([
      { op: 'subscribe', args: ['allLiquidation.BTCUSDT', 'kline.1.BTCUSDT', 'tickers.BTCUSDT'] },
    ]);
    expect(of(opened.effects, 'catch-up')).toEqual([]);
  });

  it('Binance: subscribes by URL, one combined stream under /market, and sends nothing', () => {
    const config = defaultStreamConfig(binance!, () => 0.5);
    const { effects } = run(config, [
      { type: 'start', now: T0 },
      { type: 'opened', now: T0 + 100 },
    ]);
    expect(of(effects, 'open')[0]!.url).toBe(
      'wss://fstream.binance.com/market/stream?streams=btcusdt@forceOrder/btcusdt@kline_1m/btcusdt@markPrice@1s',
    );
    expect(of(effects, 'send')).toEqual([]);
    expect(of(effects, 'schedule').map((s) => s.timer)).not.toContain('heartbeat');
  });

  it('OKX: liquidation-orders (SWAP) and mark-price on /ws/v5/public, candles on /ws/v5/business', () => {
    expect(okx.map((p) => [p.url, p.topics])).toEqual([
      ['wss://ws.okx.com:8443/ws/v5/public', ['liquidations', 'markPrice']],
      ['wss://ws.okx.com:8443/ws/v5/business', ['candles1m']],
    ]);
    const { effects } = run(
      defaultStreamConfig(okx[0]!, () => 0.5),
      [
        { type: 'start', now: T0 },
        { type: 'opened', now: T0 + 100 },
      ],
    );
    expect(of(effects, 'send').map((s) => JSON.parse(s.text))).toEqual([
      {
        op: 'subscribe',
        args: [
          { channel: 'liquidation-orders', instType: 'SWAP' },
          { channel: 'mark-price', instId: 'BTC-USDT-SWAP' },
        ],
      },
    ]);
  });

  it('refuses a Binance stream of liquidations alone: its silence would prove nothing', () => {
    expect(() => streamProfiles('binance', 'BTCUSDT', ['liquidations'])).toThrow(/markPrice/);
    expect(() => streamProfiles('bybit', 'BTCUSDT', [])).toThrow(/topic/);
  });
});

describe('heartbeat', () => {
  it('Bybit sends {"op":"ping"} every 20 s while open', () => {
    const config = defaultStreamConfig(bybit!, () => 0.5);
    const opened = run(config, [
      { type: 'start', now: T0 },
      { type: 'opened', now: T0 },
    ]);
    expect(of(opened.effects, 'schedule')).toContainEqual({
      type: 'schedule',
      timer: 'heartbeat',
      ms: 20_000,
    });
    const beat = run(config, [{ type: 'timer', now: T0 + 20_000, timer: 'heartbeat' }], opened.state);
    expect(beat.effects).toEqual([
      { type: 'send', text: '{"op":"ping"}' },
      { type: 'schedule', timer: 'heartbeat', ms: 20_000 },
    ]);
  });

  it('OKX sends the text "ping" and reads "pong" as a sign of life, not an event', () => {
    const config = defaultStreamConfig(okx[0]!, () => 0.5);
    const { state, effects } = run(config, [
      { type: 'start', now: T0 },
      { type: 'opened', now: T0 },
      { type: 'timer', now: T0 + 20_000, timer: 'heartbeat' },
      { type: 'frame', now: T0 + 20_080, text: 'pong' },
    ]);
    expect(of(effects, 'send').map((s) => s.text)).toContain('ping');
    expect(of(effects, 'events')).toEqual([]);
    expect(state.lastFrameAt).toBe(T0 + 20_080);
    expect(state.counts).toMatchObject({ frames: 1, ignored: 1, malformed: 0 });
  });

  it('Binance has no application ping: a stray heartbeat timer sends nothing', () => {
    const config = defaultStreamConfig(binance!, () => 0.5);
    const { effects } = run(config, [
      { type: 'start', now: T0 },
      { type: 'opened', now: T0 },
      { type: 'timer', now: T0 + 20_000, timer: 'heartbeat' },
    ]);
    expect(of(effects, 'send')).toEqual([]);
  });

  it('a heartbeat after the socket is gone sends nothing', () => {
    const config = defaultStreamConfig(bybit!, () => 0.5);
    const { effects } = run(config, [
      { type: 'start', now: T0 },
      { type: 'opened', now: T0 },
      { type: 'closed', now: T0 + 5_000 },
      { type: 'timer', now: T0 + 20_000, timer: 'heartbeat' },
    ]);
    expect(of(effects, 'send').map((s) => s.text)).not.toContain('{"op":"ping"}');
  });
});

describe('half-open sockets', () => {
  it('frames keep the watchdog at bay; it re-arms for what is left of the window', () => {
    const config = defaultStreamConfig(bybit!, () => 0.5);
    const { state, effects } = run(config, [
      { type: 'start', now: T0 },
      { type: 'opened', now: T0 },
      { type: 'frame', now: T0 + 25_000, text: pong },
      { type: 'timer', now: T0 + 30_000, timer: 'watchdog' },
    ]);
    expect(state.phase).toBe('open');
    expect(effects.at(-1)).toEqual({ type: 'schedule', timer: 'watchdog', ms: 25_000 });
  });

  it('silence past the limit closes the socket and reconnects after growing, jittered delays', () => {
    const randoms = [0, 1, 0.5, 0.25];
    const config: StreamSessionConfig = {
      ...defaultStreamConfig(bybit!),
      random: () => randoms.shift() ?? 0,
    };
    let { state } = run(config, [{ type: 'start', now: T0 }]);
    let now = T0;
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      ({ state } = run(config, [{ type: 'opened', now }], state));
      now += bybit!.silenceMs;
      const step = stepStream(state, { type: 'timer', now, timer: 'watchdog' }, config);
      expect(step.effects.slice(0, 2)).toEqual([
        { type: 'cancel-timers' },
        { type: 'close', reason: 'half-open' },
      ]);
      const reconnect = of(step.effects, 'schedule')[0]!;
      expect(reconnect.timer).toBe('reconnect');
      delays.push(reconnect.ms);
      state = step.state;
      expect(state.phase).toBe('waiting');
      now += reconnect.ms;
      ({ state } = run(config, [{ type: 'timer', now, timer: 'reconnect' }], state));
      expect(state.phase).toBe('connecting');
    }
    // d = 1 s, 2 s, 4 s, 8 s; equal jitter puts each in [d/2, d] by the injected random.
    expect(delays).toEqual([500, 2_000, 3_000, 5_000]);
    expect(state.counts.reconnects).toBe(4);
  });

  it('the backoff is capped and starts over after a stable connection', () => {
    expect(backoffDelay(DEFAULT_BACKOFF, 20, () => 0.999_999)).toBe(60_000);
    expect(backoffDelay(DEFAULT_BACKOFF, 20, () => 0)).toBe(30_000);
    const config = defaultStreamConfig(bybit!, () => 0);
    const flapping: StreamSessionState = { ...initialStreamState(), phase: 'connecting', attempt: 5 };
    const stable = run(
      config,
      [
        { type: 'opened', now: T0 },
        { type: 'frame', now: T0 + 61_000, text: pong },
        { type: 'closed', now: T0 + 61_500 },
      ],
      flapping,
    );
    expect(of(stable.effects, 'schedule').filter((e) => e.timer === 'reconnect')).toEqual([
      { type: 'schedule', timer: 'reconnect', ms: 500 },
    ]);
    const brief = run(
      config,
      [
        { type: 'opened', now: T0 },
        { type: 'closed', now: T0 + 3_000 },
      ],
      flapping,
    );
    expect(of(brief.effects, 'schedule').filter((e) => e.timer === 'reconnect')).toEqual([
      { type: 'schedule', timer: 'reconnect', ms: 16_000 },
    ]);
  });

  it('a socket that never opens is abandoned after the connect timeout', () => {
    const config = defaultStreamConfig(binance!, () => 0);
    const { state, effects } = run(config, [
      { type: 'start', now: T0 },
      { type: 'timer', now: T0 + 10_000, timer: 'watchdog' },
    ]);
    expect(effects).toContainEqual({ type: 'close', reason: 'connect-timeout' });
    expect(state.phase).toBe('waiting');
  });
});

describe('dropped sockets and gaps', () => {
  it('a dropped socket reconnects without closing it again, and the reopened stream asks for the gap', () => {
    const config = defaultStreamConfig(okx[0]!, () => 0);
    const { state, effects } = run(config, [
      { type: 'start', now: T0 },
      { type: 'opened', now: T0 },
      { type: 'frame', now: T0 + 4_000, text: 'pong' },
      { type: 'closed', now: T0 + 9_000, code: 1006 },
    ]);
    expect(of(effects, 'close')).toEqual([]);
    expect(state.phase).toBe('waiting');
    const back = run(
      config,
      [
        { type: 'timer', now: T0 + 9_500, timer: 'reconnect' },
        { type: 'opened', now: T0 + 9_800 },
      ],
      state,
    );
    expect(of(back.effects, 'catch-up')).toEqual([
      {
        type: 'catch-up',
        from: T0 + 4_000 - CATCH_UP_OVERLAP_MS,
        to: T0 + 9_800,
        topics: ['liquidations', 'markPrice'],
        restAvailable: true,
      },
    ]);
    expect(back.state.attempt).toBe(1);
  });

  it('Binance and Bybit gaps say their liquidations cannot be refilled by REST', () => {
    for (const profile of [binance!, bybit!]) {
      const { effects } = run(
        defaultStreamConfig(profile, () => 0),
        [
          { type: 'start', now: T0 },
          { type: 'opened', now: T0 },
          { type: 'frame', now: T0 + 1_000, text: 'not json' },
          { type: 'closed', now: T0 + 2_000 },
          { type: 'timer', now: T0 + 3_000, timer: 'reconnect' },
          { type: 'opened', now: T0 + 3_100 },
        ],
      );
      expect(of(effects, 'catch-up')).toEqual([
        expect.objectContaining({
          from: T0 + 1_000 - CATCH_UP_OVERLAP_MS,
          to: T0 + 3_100,
          restAvailable: false,
        }),
      ]);
    }
  });

  it('a restarted worker passes the persisted live-until time and gets the gap it left', () => {
    const config = defaultStreamConfig(okx[0]!, () => 0);
    const liveUntil = T0 - 120_000;
    const { effects } = run(config, [
      { type: 'start', now: T0, resumeFrom: liveUntil },
      { type: 'opened', now: T0 + 300 },
    ]);
    expect(of(effects, 'catch-up')).toEqual([
      expect.objectContaining({ from: liveUntil - CATCH_UP_OVERLAP_MS, to: T0 + 300, restAvailable: true }),
    ]);
  });

  it('the candles-only OKX connection has no liquidations to refill', () => {
    const { effects } = run(
      defaultStreamConfig(okx[1]!, () => 0),
      [
        { type: 'start', now: T0, resumeFrom: T0 - 60_000 },
        { type: 'opened', now: T0 },
      ],
    );
    expect(of(effects, 'catch-up')).toEqual([
      expect.objectContaining({ topics: ['candles1m'], restAvailable: false }),
    ]);
  });

  it('stop closes the socket and clears the timers; events after it change nothing', () => {
    const config = defaultStreamConfig(bybit!, () => 0);
    const { state, effects } = run(config, [
      { type: 'start', now: T0 },
      { type: 'opened', now: T0 },
      { type: 'stop', now: T0 + 1_000 },
      { type: 'closed', now: T0 + 1_001 },
      { type: 'timer', now: T0 + 20_000, timer: 'heartbeat' },
      { type: 'timer', now: T0 + 30_000, timer: 'watchdog' },
    ]);
    expect(effects.slice(-2)).toEqual([{ type: 'cancel-timers' }, { type: 'close', reason: 'stopped' }]);
    expect(state.phase).toBe('stopped');
    expect(state.counts.reconnects).toBe(0);
  });
});

describe('frames', () => {
  it('malformed frames are counted and skipped; the socket stays open and good frames still pass', () => {
    const config = defaultStreamConfig(bybit!, () => 0);
    const { state, effects } = run(config, [
      { type: 'start', now: T0 },
      { type: 'opened', now: T0 },
      { type: 'frame', now: T0 + 1, text: '{"topic":"allLiquidation.BTCUSDT","data":[{"T":"soon"}]}' },
      { type: 'frame', now: T0 + 2, text: '<html>502</html>' },
      { type: 'frame', now: T0 + 3, text: '[1,2' },
      { type: 'frame', now: T0 + 4, text: bybitLiquidation },
    ]);
    expect(state.phase).toBe('open');
    expect(state.counts).toMatchObject({ frames: 4, malformed: 3, events: 1 });
    expect(state.lastError?.exchange).toBe('bybit');
    expect(of(effects, 'events')).toHaveLength(1);
    expect(of(effects, 'close')).toEqual([]);
  });
});
