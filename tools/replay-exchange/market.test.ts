import { describe, expect, it } from 'vitest';
import { ASSUMED_TAKER_TURNOVER_PER_MINUTE, nextFundingTime, ReplayMarket } from './market';
import { sampleBars } from './test-support';

const bars = sampleBars(48); // four hours of 5m bars from 2026-06-01 00:00 UTC
const market = new ReplayMarket(bars, 'BTCUSDT');
const T0 = bars[0]!.time;
const M5 = 300_000;
const all = { limit: 10_000, anchor: 'start' as const, startTime: 0 };

describe('candles served from the recording', () => {
  it('at the recording’s own interval are the bars themselves', () => {
    const candles = market.candles(M5, all, market.endTime);
    expect(candles).toHaveLength(48);
    candles.forEach((c, i) => {
      const b = bars[i]!;
      expect([c.openTime, c.open, c.high, c.low, c.close, c.closed]).toEqual([
        b.time,
        b.open,
        b.high,
        b.low,
        b.close,
        true,
      ]);
    });
  });

  it('coarser candles aggregate: first open, highest high, lowest low, last close', () => {
    const hours = market.candles(3_600_000, all, market.endTime);
    expect(hours).toHaveLength(4);
    const firstHour = bars.slice(0, 12);
    expect(hours[0]).toMatchObject({
      openTime: T0,
      open: firstHour[0]!.open,
      high: Math.max(...firstHour.map((b) => b.high)),
      low: Math.min(...firstHour.map((b) => b.low)),
      close: firstHour[11]!.close,
    });
  });

  it('finer candles stay inside their parent bar and reproduce its open and close', () => {
    const minutes = market.candles(60_000, all, market.endTime);
    expect(minutes).toHaveLength(48 * 5);
    bars.forEach((b, i) => {
      const five = minutes.slice(i * 5, i * 5 + 5);
      expect(five[0]!.openTime).toBe(b.time);
      expect(five[0]!.open).toBe(b.open);
      expect(five[4]!.close).toBe(b.close);
      expect(Math.max(...five.map((c) => c.high))).toBe(b.high);
      expect(Math.min(...five.map((c) => c.low))).toBe(b.low);
      for (const c of five) {
        expect(c.low).toBeGreaterThanOrEqual(b.low);
        expect(c.high).toBeLessThanOrEqual(b.high);
      }
    });
  });

  it('hide the future: nothing opens after now, and the candle containing now is in progress', () => {
    const now = T0 + 10 * M5 + 123_456; // 2 min 3 s into bar 10
    const candles = market.candles(M5, { limit: 1000, anchor: 'end' }, now);
    expect(candles).toHaveLength(11);
    const last = candles[10]!;
    expect(last.openTime).toBe(bars[10]!.time);
    expect(last.closed).toBe(false);
    expect(last.open).toBe(bars[10]!.open);
    expect(last.high).toBeLessThanOrEqual(bars[10]!.high);
    expect(last.low).toBeGreaterThanOrEqual(bars[10]!.low);
    expect(last.close).toBe(market.priceAt(now));
    expect(candles.slice(0, 10).every((c) => c.closed)).toBe(true);
  });

  it('count `limit` rows from startTime (Binance) or back from the end (Bybit)', () => {
    const fromStart = market.candles(
      M5,
      { startTime: T0 + 3 * M5, limit: 4, anchor: 'start' },
      market.endTime,
    );
    expect(fromStart.map((c) => c.openTime)).toEqual([3, 4, 5, 6].map((k) => T0 + k * M5));
    const fromEnd = market.candles(
      M5,
      { startTime: T0, endTime: T0 + 20 * M5, limit: 3, anchor: 'end' },
      market.endTime,
    );
    expect(fromEnd.map((c) => c.openTime)).toEqual([18, 19, 20].map((k) => T0 + k * M5));
  });

  it('leave gaps in the recording as gaps', () => {
    const gappy = new ReplayMarket(
      bars.filter((_, i) => i < 5 || i > 7),
      'BTCUSDT',
    );
    const times = gappy.candles(M5, all, gappy.endTime).map((c) => (c.openTime - T0) / M5);
    expect(times.slice(0, 7)).toEqual([0, 1, 2, 3, 4, 8, 9]);
  });
});

describe('open interest, taker flow and funding from the recording', () => {
  it('snapshots open interest at each bar’s close, in USD and in base units (oi_usd / close)', () => {
    const [first] = market.openInterest(M5, all, market.endTime);
    expect(first).toEqual({ time: T0 + M5, oiUsd: bars[0]!.oiUsd, oiBase: bars[0]!.oiUsd! / bars[0]!.close });
    const hourly = market.openInterest(3_600_000, all, market.endTime);
    expect(hourly.map((p) => p.time)).toEqual([1, 2, 3, 4].map((h) => T0 + h * 3_600_000));
    expect(market.openInterest(M5, all, T0 + M5 - 1)).toEqual([]);
  });

  it('keeps buy − sell equal to the recorded taker delta, on top of the documented baseline', () => {
    const flows = market.takerVolume(M5, all, market.endTime);
    const withDelta = bars.filter((b) => b.takerDeltaBase !== undefined);
    expect(flows).toHaveLength(withDelta.length);
    flows.forEach((f, i) => {
      const b = withDelta[i]!;
      expect(f.time).toBe(b.time);
      expect(f.buyBase - f.sellBase).toBeCloseTo(b.takerDeltaBase!, 6);
      const baseline = ((ASSUMED_TAKER_TURNOVER_PER_MINUTE * b.oiUsd!) / b.close) * 5;
      expect(Math.min(f.buyBase, f.sellBase)).toBeCloseTo(baseline / 2, 6);
    });
  });

  it('serves no taker flow for periods shorter than a bar or missing a bar’s delta', () => {
    const hourly = new ReplayMarket(
      sampleBars(30, T0).map((b, i) => ({ ...b, time: T0 + i * 3_600_000 })),
      'BTCUSDT',
    );
    expect(hourly.takerVolume(M5, all, hourly.endTime)).toEqual([]);
    // every fourth sample bar lacks a delta, so no 15-minute period that contains one is served
    const quarter = market.takerVolume(900_000, all, market.endTime);
    for (const q of quarter) {
      const inside = bars.filter((b) => b.time >= q.time && b.time < q.time + 900_000);
      expect(inside.every((b) => b.takerDeltaBase !== undefined)).toBe(true);
    }
  });

  it('reads funding from the latest bar and settles every 8 hours', () => {
    expect(market.fundingRateAt(T0 + 7 * M5)).toBe(0.00003527);
    expect(nextFundingTime(Date.UTC(2026, 5, 1, 9, 30))).toBe(Date.UTC(2026, 5, 1, 16));
  });

  it('knows no price before the recording and holds the last close after it', () => {
    expect(market.priceAt(T0 - 1)).toBeUndefined();
    expect(market.priceAt(market.endTime + 3_600_000)).toBe(bars[47]!.close);
  });
});
