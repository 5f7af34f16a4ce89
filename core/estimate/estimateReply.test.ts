import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../storage/db';
import { staleNote } from './estimateReply';

const NOW = Date.UTC(2026, 5, 2, 12, 0);

const status = (exchange: SyncStatus['exchange'], error?: SyncStatus['error']): SyncStatus => ({
  key: `${exchange}:BTCUSDT:5m`,
  exchange,
  symbol: 'BTCUSDT',
  interval: '5m',
  lastAttemptAt: NOW - 30_000,
  lastSuccessAt: NOW - 30_000,
  exchangeTimeAtSync: NOW - 30_000,
  newestBarTime: NOW - 600_000,
  sources: ['candles'],
  ...(error ? { error } : {}),
});

describe('staleNote tells the overlay which data is stale and why', () => {
  it('says nothing while every exchange is fresh', () => {
    expect(staleNote([status('binance'), status('bybit')], NOW)).toBeUndefined();
  });

  it('names each failing exchange, the kind of failure and when it retries', () => {
    const note = staleNote(
      [
        status('binance', {
          kind: 'rate-limited',
          message: 'binance /fapi/v1/klines: 429',
          retryAt: Date.UTC(2026, 5, 2, 12, 3),
        }),
        status('bybit'),
        status('okx', { kind: 'malformed', message: 'okx candles: HTML page instead of JSON' }),
      ],
      NOW,
    );
    expect(note).toBe(
      'Stale data (Binance: rate-limited, retrying after 12:03 UTC; OKX: malformed); bands show the last good sync.',
    );
  });
});
