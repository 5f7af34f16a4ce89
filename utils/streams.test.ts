import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DB_NAME, DB_VERSION } from '@/core/storage/db';
import { LiveStreams } from './streams';

/** A socket that never connects: these tests are about the database, not the exchanges. */
class QuietSocket {
  static readonly OPEN = 1;
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  send(): void {}
  close(): void {
    this.readyState = 3;
  }
}

/**
 * Whether a schema upgrade can open the database now. IndexedDB makes an upgrade wait for every
 * open connection to close, so a connection the streams left open shows up as `blocked`.
 */
async function upgradeBlocked(): Promise<boolean> {
  let blocked = false;
  const opened = openDB(DB_NAME, DB_VERSION + 1, {
    blocked: () => {
      blocked = true;
    },
  });
  const outcome = await Promise.race([
    opened.then(() => 'opened' as const),
    new Promise<'waiting'>((done) => setTimeout(() => done('waiting'), 500)),
  ]);
  if (outcome === 'opened') (await opened).close();
  return blocked || outcome === 'waiting';
}

describe('LiveStreams and the database', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.stubGlobal('WebSocket', QuietSocket);
  });
  afterEach(async () => {
    vi.unstubAllGlobals();
    indexedDB.deleteDatabase(DB_NAME);
  });

  it('closes the connection of the market it stops following, so a schema upgrade is not blocked', async () => {
    const streams = new LiveStreams();
    await streams.update({ symbol: 'BTCUSDT', exchanges: ['binance', 'bybit'] });
    await streams.update({ symbol: 'ETHUSDT', exchanges: ['binance', 'bybit'] });
    await streams.update({ symbol: 'SOLUSDT', exchanges: ['bybit'] });
    await streams.update(undefined);
    expect(await upgradeBlocked()).toBe(false);
  });

  it('leaves no connection behind when changes overlap', async () => {
    const streams = new LiveStreams();
    await Promise.all([
      streams.update({ symbol: 'BTCUSDT', exchanges: ['binance'] }),
      streams.update({ symbol: 'ETHUSDT', exchanges: ['binance'] }),
      streams.update({ symbol: 'ETHUSDT', exchanges: ['bybit'] }),
    ]);
    expect(streams.stats.sessions).toBe(1);
    await streams.update(undefined);
    expect(await upgradeBlocked()).toBe(false);
  });
});
