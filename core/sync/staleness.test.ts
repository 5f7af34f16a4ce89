import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../storage/db';
import { historyLimitNotes, stalenessOf } from './staleness';

const NOW = Date.UTC(2026, 5, 2, 12, 0);
const fresh: SyncStatus = {
  key: 'binance:BTCUSDT:5m',
  exchange: 'binance',
  symbol: 'BTCUSDT',
  interval: '5m',
  lastAttemptAt: NOW - 30_000,
  lastSuccessAt: NOW - 30_000,
  exchangeTimeAtSync: NOW - 30_000,
  newestBarTime: NOW - 10 * 60_000,
  sources: ['candles'],
};

describe('stalenessOf', () => {
  it('calls recent data with a recent bar fresh', () => {
    expect(stalenessOf(fresh, NOW)).toBeUndefined();
  });

  it('names the failure and when it retries', () => {
    const s = stalenessOf(
      {
        ...fresh,
        error: {
          kind: 'banned',
          message: 'binance /fapi/v1/klines: banned HTTP 418',
          retryAt: NOW + 120_000,
        },
      },
      NOW,
    );
    expect(s).toEqual({
      short: 'banned, retrying after 12:02 UTC',
      detail: 'binance /fapi/v1/klines: banned HTTP 418, retrying after 12:02 UTC',
    });
  });

  it('calls data stale when the worker has not synced for a while, though nothing failed', () => {
    expect(stalenessOf({ ...fresh, lastSuccessAt: NOW - 40 * 60_000 }, NOW)?.short).toBe(
      'no sync for 40 min',
    );
  });

  it("calls data stale when the exchange's newest bars stopped coming, by the exchange's clock", () => {
    const s = stalenessOf({ ...fresh, newestBarTime: NOW - 60 * 60_000 }, NOW);
    expect(s?.short).toBe('newest bar with open interest is 55 min behind the exchange');
  });

  it('says when there never was a sync', () => {
    expect(stalenessOf({ ...fresh, lastSuccessAt: undefined }, NOW)?.short).toBe('not synced yet');
  });
});

describe('historyLimitNotes: statistics the exchange keeps for less time than the window needs', () => {
  const okx5m: SyncStatus = { ...fresh, key: 'okx:BTCUSDT:5m', exchange: 'okx' };
  const FIVE_DAYS = 5 * 86_400_000;

  it('says which series OKX keeps 5 days of, and what older heat lacks for it', () => {
    const notes = historyLimitNotes({
      ...okx5m,
      historyLimits: [
        { source: 'open-interest', reachMs: FIVE_DAYS },
        { source: 'taker-flow', reachMs: FIVE_DAYS },
      ],
    });
    expect(notes).toEqual([
      'OKX keeps 5 days of open interest at 5m; older heat has none from OKX',
      'OKX keeps 5 days of taker flow at 5m; older bars split longs and shorts by bar direction, with no taker flow from OKX',
    ]);
  });

  it('says nothing when the exchange keeps enough, and is not staleness', () => {
    expect(historyLimitNotes(fresh)).toEqual([]);
    const limited = { ...okx5m, historyLimits: [{ source: 'open-interest' as const, reachMs: FIVE_DAYS }] };
    expect(stalenessOf(limited, NOW)).toBeUndefined();
  });

  it('counts a reach under two days in hours', () => {
    const notes = historyLimitNotes({
      ...okx5m,
      historyLimits: [{ source: 'open-interest', reachMs: 30 * 3_600_000 }],
    });
    expect(notes[0]).toContain('keeps 30 hours of open interest');
  });
});
