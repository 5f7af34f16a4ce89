import http from 'node:http';
import type { Fetch, HttpResponse } from '../../core/exchanges/http';

/**
 * A `fetch` for Node tests that sends requests for the real exchange hostnames to the replay
 * exchange's plain-HTTP port, keeping the Host header — the Node-side twin of Chromium's
 * --host-resolver-rules. Everything above the socket (transport, adapters) runs unchanged.
 */
export function routedFetch(port: number): Fetch {
  return (url, init) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const target = new URL(url);
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: `${target.pathname}${target.search}`,
          headers: { host: target.host },
          agent: false,
          signal: init.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          const body = new Promise<string>((done, failed) => {
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
            res.on('error', failed);
            res.on('aborted', () => failed(new Error('response aborted')));
          });
          body.catch(() => {});
          resolve({
            status: res.statusCode ?? 0,
            headers: {
              get: (name) => {
                const v = res.headers[name.toLowerCase()];
                return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
              },
            },
            text: () => body,
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
}
