import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { replayCertificate } from './certificate';
import type { LiquidationPushRecord } from './liquidations';
import type { ReplaySources, RequestRecord } from './requests';
import { restHandler } from './rest-handler';
import { startStreamHub } from './stream-handler';

/**
 * One TCP port that answers both TLS (the browser, reaching the real hostnames through
 * --host-resolver-rules) and plain HTTP (Node-side tests): the first byte of a connection
 * decides (0x16 opens a TLS handshake). REST is answered by rest-handler.ts, WebSocket upgrades
 * by stream-handler.ts; this file only wires the sockets and closes them.
 */

export interface ServerParts extends Omit<ReplaySources, 'requests' | 'liquidationPushes' | 'streamPush'> {
  port?: number;
}

export interface RunningServer {
  port: number;
  requests: RequestRecord[];
  liquidationPushes: LiquidationPushRecord[];
  close(): Promise<void>;
}

export async function startServer(parts: ServerParts): Promise<RunningServer> {
  const requests: RequestRecord[] = [];
  const liquidationPushes: LiquidationPushRecord[] = [];
  const sources: ReplaySources = { ...parts, requests, liquidationPushes, streamPush: { lastAt: undefined } };
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const handler = restHandler(sources, { sleep, isClosed: () => closed });
  const streams = startStreamHub(sources);

  const { key, cert } = await replayCertificate();
  const tlsServer = https.createServer({ key, cert }, handler);
  const plainServer = http.createServer(handler);
  for (const s of [tlsServer, plainServer]) {
    s.on('upgrade', streams.onUpgrade);
    s.on('clientError', (_err, socket) => socket.destroy());
    s.on('tlsClientError', (_err: Error, socket: net.Socket) => socket.destroy());
  }

  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.once('readable', () => {
      const first = socket.read(1) as Buffer | null;
      if (!first) {
        socket.destroy();
        return;
      }
      socket.unshift(first);
      (first[0] === 0x16 ? tlsServer : plainServer).emit('connection', socket);
    });
  });

  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(parts.port ?? 0, '127.0.0.1', () => {
      tcp.off('error', reject);
      resolve();
    });
  });
  const address = tcp.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    requests,
    liquidationPushes,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      streams.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}
