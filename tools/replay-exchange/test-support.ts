import http from 'node:http';
import https from 'node:https';
import { type ClientOptions, WebSocket } from 'ws';
import type { Bar } from '../../core/data/bars';

/** Helpers for this folder's tests: requests that name the real exchange host, over TLS or plain HTTP. */

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function get(
  port: number,
  host: string,
  pathAndQuery: string,
  opts: { tls?: boolean; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const options = {
      host: '127.0.0.1',
      port,
      path: pathAndQuery,
      headers: { host },
      servername: host,
      rejectUnauthorized: false,
      agent: false as const,
    };
    const req = (opts.tls ? https : http).request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.timeoutMs !== undefined) {
      req.setTimeout(opts.timeoutMs, () => req.destroy(new Error(`timed out after ${opts.timeoutMs} ms`)));
    }
    req.end();
  });
}

export async function getJson<T = unknown>(port: number, host: string, pathAndQuery: string): Promise<T> {
  const res = await get(port, host, pathAndQuery);
  if (res.status !== 200) throw new Error(`${pathAndQuery} → ${res.status} ${res.body}`);
  return JSON.parse(res.body) as T;
}

/** A WebSocket client that records every message it gets. */
export class StreamClient {
  readonly messages: unknown[] = [];
  readonly ws: WebSocket;
  closedWith?: { code: number };

  constructor(port: number, host: string, path: string, opts: { tls?: boolean } = {}) {
    const scheme = opts.tls ? 'wss' : 'ws';
    // ws hands `servername` on to tls.connect (SNI), though its types do not list it.
    const options: ClientOptions & { servername: string } = {
      headers: { host },
      servername: host,
      rejectUnauthorized: false,
    };
    this.ws = new WebSocket(`${scheme}://127.0.0.1:${port}${path}`, options);
    // JSON frames are parsed; a text frame that is not JSON (OKX's "pong") is kept as its text.
    this.ws.on('message', (data) => {
      const text = data.toString();
      try {
        this.messages.push(JSON.parse(text));
      } catch {
        this.messages.push(text);
      }
    });
    this.ws.on('close', (code) => {
      this.closedWith = { code };
    });
    this.ws.on('error', () => {});
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.ws.readyState === this.ws.OPEN) return resolve();
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  send(value: unknown): void {
    this.ws.send(JSON.stringify(value));
  }

  /** A raw text frame, e.g. OKX's heartbeat "ping". */
  sendText(text: string): void {
    this.ws.send(text);
  }

  /** Waits until a message matching `test` has arrived (checking those already received first). */
  async waitFor<T = Record<string, unknown>>(test: (m: T) => boolean, timeoutMs = 3000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let seen = 0;
    while (Date.now() < deadline) {
      for (; seen < this.messages.length; seen++) {
        const m = this.messages[seen] as T;
        if (test(m)) return m;
      }
      await sleep(20);
    }
    throw new Error(
      `no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages).slice(0, 400)}`,
    );
  }

  close(): void {
    this.ws.terminate();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Real-looking 5-minute BTCUSDT bars (values in the range of the recording), oldest first. */
export function sampleBars(count: number, start = Date.UTC(2026, 5, 1, 0, 0, 0)): Bar[] {
  const bars: Bar[] = [];
  let price = 77_500;
  for (let i = 0; i < count; i++) {
    // A deterministic wiggle, so tests are repeatable.
    const drift = Math.round(Math.sin(i / 7) * 600) / 10;
    const open = price;
    const close = Math.round((price + drift) * 10) / 10;
    const high = Math.round((Math.max(open, close) + 20 + (i % 5) * 3.1) * 10) / 10;
    const low = Math.round((Math.min(open, close) - 15 - (i % 3) * 4.7) * 10) / 10;
    bars.push({
      time: start + i * 300_000,
      open,
      high,
      low,
      close,
      oiUsd: 7_700_000_000 + i * 1_250_000.5,
      fundingRate: 0.00003527,
      takerDeltaBase: i % 4 === 3 ? undefined : Math.round(Math.cos(i) * 2000) / 10,
    });
    price = close;
  }
  return bars;
}
