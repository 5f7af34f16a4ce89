import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from '../core/data/bars';
import { type LaunchedExtension, launchExtension } from '../tools/browser';
import { DEMO_SYMBOL, loadDemoBars } from '../tools/demo/demo-bars';
import { type ReplayExchange, startReplayExchange } from '../tools/replay-exchange/index';

const FIVE_MINUTES = 5 * 60_000;

/** The recorded bar whose 5 minutes contain `time`. */
function barAt(bars: readonly Bar[], time: number): Bar | undefined {
  const open = Math.floor(time / FIVE_MINUTES) * FIVE_MINUTES;
  return bars.find((b) => b.time === open);
}

// Binance kline row: [openTime, "open", "high", "low", "close", "volume", closeTime, ...]
// (https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Kline-Candlestick-Data)
type KlineRow = [number, string, string, string, string, string, number, ...unknown[]];

interface KlineEvent {
  e: 'kline';
  k: { t: number; T: number; i: string; o: string; h: string; l: string; c: string; x: boolean };
}

/**
 * The extension's worker reaches the replay exchange through the exchanges' real hostnames (host
 * resolver rules + a self-signed certificate), for REST and for WebSockets. Without this routing
 * the worker would try the internet, which does not exist here, and these calls would fail.
 */
describe('the worker talks to the replay exchange under the real hostnames', () => {
  const bars = loadDemoBars();
  let replay: ReplayExchange;
  let ext: LaunchedExtension;
  // A day into the slice, so there is history behind "now".
  const start = bars[0]!.time + 86_400_000 + 2 * 60_000;

  beforeAll(async () => {
    replay = await startReplayExchange({ bars, symbol: DEMO_SYMBOL, start, speed: 1 });
    ext = await launchExtension({ replay });
  });
  afterAll(async () => {
    await ext?.close();
    await replay?.close();
  });

  it('answers a klines request from the worker with the recorded 5-minute bars', async () => {
    const response = await ext.serviceWorker.evaluate<{ status: number; body: string }>(`
      fetch('https://fapi.binance.com/fapi/v1/klines?symbol=BTCUSDT&interval=5m&limit=10')
        .then(async (r) => ({ status: r.status, body: await r.text() }))`);
    expect(response.status).toBe(200);
    const rows = JSON.parse(response.body) as KlineRow[];
    expect(rows).toHaveLength(10);
    const now = replay.clock.now();
    for (const [openTime, open, high, low, close, , closeTime] of rows) {
      const bar = barAt(bars, openTime);
      expect(bar, `a recorded bar at ${new Date(openTime).toISOString()}`).toBeDefined();
      expect(openTime).toBeLessThanOrEqual(now);
      if (closeTime < now) {
        // A closed bar is the recording itself.
        expect([Number(open), Number(high), Number(low), Number(close)]).toEqual([
          bar!.open,
          bar!.high,
          bar!.low,
          bar!.close,
        ]);
      } else {
        // The bar still forming at replay-now: opened at the recorded open, inside the recorded range.
        expect(Number(open)).toBe(bar!.open);
        expect(Number(high)).toBeLessThanOrEqual(bar!.high);
        expect(Number(low)).toBeGreaterThanOrEqual(bar!.low);
      }
    }
    const last = rows.at(-1)!;
    expect(now - last[0]).toBeLessThan(FIVE_MINUTES);

    // The worker's own polling may ask for klines too: find this request among them.
    const mine = replay.requests.filter(
      (r) =>
        r.host === 'fapi.binance.com' &&
        r.path === '/fapi/v1/klines' &&
        r.query.includes('interval=5m') &&
        r.query.includes('limit=10'),
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]!.status).toBe(200);
  });

  it('streams 1-minute klines to a WebSocket opened in the worker, inside the recorded bars', async () => {
    // Kline streams live under /market since Binance's base-URL split (legacy /ws retired 2026-04-23:
    // https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams/Important-WebSocket-Change-Notice).
    const events = await ext.serviceWorker.evaluate<KlineEvent[]>(`new Promise((resolve, reject) => {
      const socket = new WebSocket('wss://fstream.binance.com/market/ws/btcusdt@kline_1m');
      const received = [];
      const timer = setTimeout(() => { socket.close(); resolve(received); }, 8000);
      socket.onmessage = (message) => {
        received.push(JSON.parse(message.data));
        if (received.length >= 3) { clearTimeout(timer); socket.close(); resolve(received); }
      };
      socket.onerror = () => { clearTimeout(timer); reject(new Error('WebSocket error')); };
    })`);
    expect(events.length).toBeGreaterThan(0);
    for (const { e, k } of events) {
      expect(e).toBe('kline');
      expect(k.i).toBe('1m');
      expect(k.T - k.t).toBe(60_000 - 1);
      const bar = barAt(bars, k.t);
      expect(bar, `a recorded bar around ${new Date(k.t).toISOString()}`).toBeDefined();
      for (const price of [k.o, k.h, k.l, k.c].map(Number)) {
        expect(price).toBeGreaterThanOrEqual(bar!.low);
        expect(price).toBeLessThanOrEqual(bar!.high);
      }
    }
    const socketRequest = replay.requests.find((r) => r.ws && r.host === 'fstream.binance.com');
    expect(socketRequest).toMatchObject({ path: '/market/ws/btcusdt@kline_1m' });
  });

  it('fails the worker fetch when the replay injects an HTTP 429, as the real exchange would', async () => {
    replay.faults.add({
      match: '/fapi/v1/premiumIndex',
      kind: 'status',
      status: 429,
      retryAfterSec: 7,
      times: 1,
    });
    try {
      const first = await ext.serviceWorker.evaluate<{ status: number; retryAfter: string | null }>(`
        fetch('https://fapi.binance.com/fapi/v1/premiumIndex?symbol=BTCUSDT')
          .then((r) => ({ status: r.status, retryAfter: r.headers.get('retry-after') }))`);
      expect(first).toEqual({ status: 429, retryAfter: '7' });
      const second = await ext.serviceWorker.evaluate<number>(`
        fetch('https://fapi.binance.com/fapi/v1/premiumIndex?symbol=BTCUSDT').then((r) => r.status)`);
      expect(second).toBe(200);
    } finally {
      replay.faults.clear();
    }
  });
});
