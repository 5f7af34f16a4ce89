import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLAY_HOSTS } from './certificate';
import { type ReplayExchange, startReplayExchange } from './index';
import { get, getJson, StreamClient, sampleBars } from './test-support';

const bars = sampleBars(100);
const NOW = bars[50]!.time;

let rx: ReplayExchange;
beforeAll(async () => {
  rx = await startReplayExchange({ bars, start: NOW, speed: 0 });
});
afterAll(() => rx.close());

describe('one port for every exchange host', () => {
  it('gives Chromium host-resolver rules for all the real hostnames', () => {
    expect(rx.origin).toBe(`https://127.0.0.1:${rx.port}`);
    expect(rx.hostResolverRules.split(',')).toEqual(REPLAY_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${rx.port}`));
    expect(rx.hostResolverRules).toContain(`MAP fstream.binance.com 127.0.0.1:${rx.port}`);
  });

  it('speaks TLS with a certificate naming every exchange host', async () => {
    const cert = await new Promise<tls.PeerCertificate>((resolve, reject) => {
      const s = tls.connect(
        { host: '127.0.0.1', port: rx.port, servername: 'fapi.binance.com', rejectUnauthorized: false },
        () => {
          resolve(s.getPeerCertificate());
          s.end();
        },
      );
      s.on('error', reject);
    });
    for (const host of [...REPLAY_HOSTS, 'localhost']) expect(cert.subjectaltname).toContain(`DNS:${host}`);
    expect(cert.subjectaltname).toContain('IP Address:127.0.0.1');
  });

  it('answers the same request over HTTPS and plain HTTP', async () => {
    const path = '/fapi/v1/klines?symbol=BTCUSDT&interval=5m&limit=2';
    const secure = await get(rx.port, 'fapi.binance.com', path, { tls: true });
    const plain = await get(rx.port, 'fapi.binance.com', path);
    expect(secure.status).toBe(200);
    expect(secure.body).toBe(plain.body);
  });

  it('routes by Host: a Binance path asked of api.bybit.com is a 404', async () => {
    expect((await get(rx.port, 'api.bybit.com', '/fapi/v1/openInterest?symbol=BTCUSDT')).status).toBe(404);
    expect((await get(rx.port, 'fapi.binance.com', '/v5/market/tickers?category=linear')).status).toBe(404);
    expect((await get(rx.port, 'api.bybit.com', '/api/v5/market/candles?instId=BTC-USDT-SWAP')).status).toBe(
      404,
    );
    expect((await get(rx.port, 'www.okx.com', '/fapi/v1/openInterest?symbol=BTCUSDT')).status).toBe(404);
    const unknown = await get(rx.port, 'fapi.binance.com', '/fapi/v1/nothing');
    expect([unknown.status, JSON.parse(unknown.body).code]).toEqual([404, -5000]);
  });

  it('logs every request with method, host, path, query, time and status, WebSockets included', async () => {
    const before = rx.requests.length;
    const t = Date.now();
    await get(rx.port, 'fapi.binance.com', '/fapi/v1/openInterest?symbol=BTCUSDT', { tls: true });
    await get(rx.port, 'api.bybit.com', '/v5/market/tickers?category=linear&symbol=ETHUSDT', { tls: true });
    const c = new StreamClient(rx.port, 'stream.bybit.com', '/v5/public/linear', { tls: true });
    await c.opened();
    c.close();
    const added = rx.requests.slice(before);
    expect(added).toEqual([
      {
        time: expect.any(Number),
        method: 'GET',
        host: 'fapi.binance.com',
        path: '/fapi/v1/openInterest',
        query: 'symbol=BTCUSDT',
        status: 200,
      },
      {
        time: expect.any(Number),
        method: 'GET',
        host: 'api.bybit.com',
        path: '/v5/market/tickers',
        query: 'category=linear&symbol=ETHUSDT',
        status: 200,
      },
      {
        time: expect.any(Number),
        method: 'GET',
        host: 'stream.bybit.com',
        path: '/v5/public/linear',
        query: '',
        status: 101,
        ws: true,
      },
    ]);
    expect(added[0]!.time).toBeGreaterThanOrEqual(t);
  });

  it('refuses a WebSocket on a path no exchange streams on', async () => {
    const c = new StreamClient(rx.port, 'stream.bybit.com', '/v5/public/spot');
    await expect(c.opened()).rejects.toThrow(/404/);
    expect(rx.requests.at(-1)).toMatchObject({ path: '/v5/public/spot', status: 404, ws: true });
  });

  it('frees its port on close', async () => {
    const other = await startReplayExchange({ bars, start: NOW });
    const c = new StreamClient(other.port, 'fstream.binance.com', '/market/ws/btcusdt@markPrice@1s');
    await c.opened();
    await other.close();
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(other.port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    expect(free).toBe(true);
  });
});

describe('start-up input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'replay-start-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the project bar CSV and refuses a broken one with the reason', async () => {
    const good = join(dir, 'bars.csv');
    writeFileSync(
      good,
      [
        'time,open,high,low,close,oi_usd',
        ...bars.slice(0, 3).map((b) => [b.time, b.open, b.high, b.low, b.close, b.oiUsd].join(',')),
      ].join('\n'),
    );
    const fromCsv = await startReplayExchange({ csvPath: good, start: bars[2]!.time + 300_000, speed: 0 });
    const rows = await getJson<unknown[][]>(
      fromCsv.port,
      'fapi.binance.com',
      '/fapi/v1/klines?symbol=BTCUSDT&interval=5m',
    );
    await fromCsv.close();
    expect(rows.map((r) => r[0])).toEqual(bars.slice(0, 3).map((b) => b.time));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'time,open,high,low,close\n1,2,3,1,2\n');
    await expect(startReplayExchange({ csvPath: bad, start: 0 })).rejects.toThrow(/oi_usd/);
    const badLiq = join(dir, 'liq.csv');
    writeFileSync(badLiq, 'time,exchange,side,price,notional_usd\nx,binance,long,1,1\n');
    await expect(startReplayExchange({ bars, liquidationsPath: badLiq, start: 0 })).rejects.toThrow(/line 2/);
    await expect(startReplayExchange({ bars, symbol: 'BTC-USDT', start: 0 })).rejects.toThrow(/symbol/);
  });

  const REAL = '../shared/data/btcusdt-1h-2025-12-04_2026-03-31.csv';
  it.skipIf(!existsSync(REAL))(
    'serves the recorded hourly file (skipped when ../shared/data is absent)',
    async () => {
      const real = await startReplayExchange({
        csvPath: REAL,
        start: Date.UTC(2026, 0, 15, 12, 30),
        speed: 0,
      });
      const rows = await getJson<unknown[][]>(
        real.port,
        'fapi.binance.com',
        '/fapi/v1/klines?symbol=BTCUSDT&interval=1h&limit=3',
      );
      await real.close();
      expect(rows.map((r) => r[0])).toEqual([10, 11, 12].map((h) => Date.UTC(2026, 0, 15, h)));
    },
  );
});
