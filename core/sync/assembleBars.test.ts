import { describe, expect, it } from 'vitest';
import type { Candle, OpenInterestPoint, TakerFlow } from '../exchanges/types';
import { assembleBars } from './assembleBars';

// Values from the recorded Binance BTCUSDT 5m data (../shared/data), 2026-05-25 16:00 UTC.
const candle = (openTime: number, close: number, extra: Partial<Candle> = {}): Candle => ({
  exchange: 'binance',
  symbol: 'BTCUSDT',
  openTime,
  open: 77587.2,
  high: 77608.3,
  low: 77533.4,
  close,
  volumeBase: 0,
  ...extra,
});
const T = 1779724800000;

describe('assembleBars joins candles with open interest (at the bar close) and taker flow (at its start)', () => {
  it('gives each bar the OI snapshot stamped at its close: USD as reported, else base units times the close', () => {
    const oi: OpenInterestPoint[] = [
      {
        exchange: 'binance',
        symbol: 'BTCUSDT',
        time: T + 300_000,
        openInterestBase: 99_500,
        openInterestUsd: 7720258802.82,
      },
      { exchange: 'bybit', symbol: 'BTCUSDT', time: T + 600_000, openInterestBase: 50_000 },
    ];
    const bars = assembleBars([candle(T, 77563.3), candle(T + 300_000, 77541.9)], 300_000, oi);
    expect(bars[0]!.oiUsd).toBe(7720258802.82);
    expect(bars[1]!.oiUsd).toBeCloseTo(50_000 * 77541.9, 3);
  });

  it('leaves open interest not known when no snapshot is stamped at the bar close, instead of guessing', () => {
    const bars = assembleBars([candle(T, 77563.3)], 300_000, [
      { exchange: 'binance', symbol: 'BTCUSDT', time: T, openInterestBase: 1, openInterestUsd: 77_000 },
    ]);
    expect(bars[0]!.oiUsd).toBeUndefined();
  });

  it("prefers the kline's own taker buy volume, and falls back to the taker-flow endpoint", () => {
    const flow: TakerFlow[] = [
      { exchange: 'okx', symbol: 'BTCUSDT', time: T, buyVolumeBase: 10, sellVolumeBase: 4 },
      { exchange: 'okx', symbol: 'BTCUSDT', time: T + 300_000, buyVolumeBase: 1, sellVolumeBase: 3 },
    ];
    const bars = assembleBars(
      [candle(T, 77563.3, { volumeBase: 500, takerBuyBase: 200 }), candle(T + 300_000, 77541.9)],
      300_000,
      [],
      flow,
    );
    expect(bars[0]!.takerDeltaBase).toBe(-100);
    expect(bars[1]!.takerDeltaBase).toBe(-2);
  });
});

describe('history: fetched as far as the exchanges keep, read as far as recorded', () => {
  it('fetches the window plus the engine warm-up, capped by the 30 days the exchanges keep', async () => {
    const { historyToFetchMs, MAX_HISTORY_MS } = await import('./history');
    expect(historyToFetchMs('12h')).toBe(12 * 3_600_000 + 14 * 86_400_000);
    expect(historyToFetchMs('30d')).toBe(MAX_HISTORY_MS);
    expect(historyToFetchMs('180d')).toBe(MAX_HISTORY_MS);
  });

  it('reads the window plus the warm-up, uncapped, so a long window takes what was recorded', async () => {
    const { historyToReadMs } = await import('./history');
    expect(historyToReadMs('12h')).toBe(12 * 3_600_000 + 14 * 86_400_000);
    expect(historyToReadMs('90d')).toBe(104 * 86_400_000);
  });
});
