import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RequestBudget } from './budget';
import type { RateLimitPool } from './request';

const T0 = 1_700_000_000_000;

/** Binance USDⓈ-M: 2400 request weight per minute per IP (exchangeInfo.rateLimits, REQUEST_WEIGHT 1M). */
const binanceWeight: RateLimitPool = {
  exchange: 'binance',
  pool: 'weight',
  capacity: 2400,
  windowMs: 60_000,
  source:
    'https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Exchange-Information',
};
/** Bybit: 600 requests per 5 s per IP across all endpoints. */
const bybitIp: RateLimitPool = {
  exchange: 'bybit',
  pool: 'ip',
  capacity: 600,
  windowMs: 5_000,
  source: 'https://bybit-exchange.github.io/docs/v5/rate-limit',
};

function clock(start = T0) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('RequestBudget', () => {
  it('lets requests through up to 80 % of the published limit, then says how long to wait', () => {
    const c = clock();
    const budget = new RequestBudget([{ ...bybitIp, capacity: 10, windowMs: 1_000 }], { now: c.now });
    const spec = { exchange: 'bybit' as const, pool: 'ip', weight: 1 };
    for (let i = 0; i < 8; i++) {
      expect(budget.reserve(spec)).toBe(0);
      c.t += 10;
    }
    // The first booking, made at T0, leaves the window at T0 + 1000; it is now T0 + 80.
    expect(budget.reserve(spec)).toBe(920);
    c.t = T0 + 999;
    expect(budget.reserve(spec)).toBe(1);
    c.t = T0 + 1_000;
    expect(budget.reserve(spec)).toBe(0);
    expect(budget.reserve(spec)).toBe(10); // the second booking (T0 + 10) is next to expire
  });

  it('a refused request books nothing', () => {
    const c = clock();
    const budget = new RequestBudget([{ ...bybitIp, capacity: 10, windowMs: 1_000 }], { now: c.now });
    expect(budget.reserve({ exchange: 'bybit', pool: 'ip', weight: 8 })).toBe(0);
    for (let i = 0; i < 5; i++)
      expect(budget.reserve({ exchange: 'bybit', pool: 'ip', weight: 1 })).toBe(1_000);
    expect(budget.status().bybit.pools[0]?.used).toBe(8);
  });

  it('counts weight, not requests: a heavy request waits until enough weight has expired', () => {
    const c = clock();
    const budget = new RequestBudget([binanceWeight], { now: c.now });
    const capacity = Math.floor(2400 * 0.8);
    expect(capacity).toBe(1920);
    // Klines with limit 1000 cost 5 weight; 1500 costs 10 (Binance kline endpoint docs).
    for (let i = 0; i < 190; i++) {
      expect(budget.reserve({ exchange: 'binance', pool: 'weight', weight: 10 })).toBe(0);
      c.t += 100;
    }
    expect(budget.reserve({ exchange: 'binance', pool: 'weight', weight: 5 })).toBe(0); // 1905 used
    // 30 more need 15 freed: two 10-weight bookings must expire, those made at T0 and T0 + 100.
    expect(budget.reserve({ exchange: 'binance', pool: 'weight', weight: 30 })).toBe(T0 + 100 + 60_000 - c.t);
  });

  it('keeps pools and exchanges apart', () => {
    const c = clock();
    const budget = new RequestBudget(
      [
        { ...binanceWeight, capacity: 10 },
        { ...binanceWeight, pool: 'futures-data', capacity: 10, windowMs: 300_000 },
        { ...bybitIp, capacity: 10 },
      ],
      { now: c.now },
    );
    expect(budget.reserve({ exchange: 'binance', pool: 'weight', weight: 8 })).toBe(0);
    expect(budget.reserve({ exchange: 'binance', pool: 'weight', weight: 1 })).toBeGreaterThan(0);
    expect(budget.reserve({ exchange: 'binance', pool: 'futures-data', weight: 8 })).toBe(0);
    expect(budget.reserve({ exchange: 'bybit', pool: 'ip', weight: 8 })).toBe(0);
  });

  it('refuses for ever, with a reason, what can never fit', () => {
    const budget = new RequestBudget([{ ...bybitIp, capacity: 10 }], { now: clock().now });
    const unknown = { exchange: 'okx' as const, pool: 'public', weight: 1 };
    expect(budget.reserve(unknown)).toBe(Number.POSITIVE_INFINITY);
    expect(budget.refusal(unknown)).toMatch(/no published rate limit known for okx pool "public"/);
    const heavy = { exchange: 'bybit' as const, pool: 'ip', weight: 9 };
    expect(budget.reserve(heavy)).toBe(Number.POSITIVE_INFINITY);
    expect(budget.refusal(heavy)).toMatch(/weight 9 exceeds bybit pool "ip" allowance of 8/);
    expect(budget.reserve({ exchange: 'bybit', pool: 'ip', weight: Number.NaN })).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(budget.reserve({ exchange: 'bybit', pool: 'ip', weight: 0 })).toBe(Number.POSITIVE_INFINITY);
    expect(budget.refusal({ exchange: 'bybit', pool: 'ip', weight: 8 })).toBeUndefined();
  });

  it('takes the safety margin as an option', () => {
    const full = new RequestBudget([{ ...bybitIp, capacity: 10 }], { now: clock().now, safetyFactor: 1 });
    for (let i = 0; i < 10; i++) expect(full.reserve({ exchange: 'bybit', pool: 'ip', weight: 1 })).toBe(0);
    expect(full.reserve({ exchange: 'bybit', pool: 'ip', weight: 1 })).toBeGreaterThan(0);
    expect(() => new RequestBudget([], { now: clock().now, safetyFactor: 0 })).toThrow(RangeError);
    expect(() => new RequestBudget([], { now: clock().now, safetyFactor: 1.5 })).toThrow(RangeError);
  });

  it('adopts live limits without forgetting weight already spent', () => {
    const c = clock();
    const budget = new RequestBudget([{ ...binanceWeight, capacity: 100 }], { now: c.now });
    expect(budget.reserve({ exchange: 'binance', pool: 'weight', weight: 80 })).toBe(0);
    expect(budget.reserve({ exchange: 'binance', pool: 'weight', weight: 10 })).toBe(60_000);
    budget.updatePools([{ ...binanceWeight, capacity: 1_000 }]);
    expect(budget.reserve({ exchange: 'binance', pool: 'weight', weight: 10 })).toBe(0);
    budget.updatePools([{ ...binanceWeight, capacity: 50 }]);
    expect(budget.reserve({ exchange: 'binance', pool: 'weight', weight: 10 })).toBe(60_000);
    expect(budget.status().binance.pools).toEqual([
      expect.objectContaining({ pool: 'weight', used: 90, capacity: 40, publishedCapacity: 50 }),
    ]);
    expect(() => budget.updatePools([{ ...binanceWeight, capacity: 0 }])).toThrow(RangeError);
  });

  describe('blocks', () => {
    it('holds every request to a blocked exchange until the block ends, and no other exchange', () => {
      const c = clock();
      const budget = new RequestBudget([binanceWeight, bybitIp], { now: c.now });
      budget.block('binance', T0 + 7_000, 'HTTP 429');
      expect(budget.reserve({ exchange: 'binance', pool: 'weight', weight: 1 })).toBe(7_000);
      expect(budget.reserve({ exchange: 'bybit', pool: 'ip', weight: 1 })).toBe(0);
      c.t = T0 + 6_999;
      expect(budget.reserve({ exchange: 'binance', pool: 'weight', weight: 1 })).toBe(1);
      c.t = T0 + 7_000;
      expect(budget.reserve({ exchange: 'binance', pool: 'weight', weight: 1 })).toBe(0);
    });

    it('never lets a shorter block cut a longer one short', () => {
      const c = clock();
      const budget = new RequestBudget([bybitIp], { now: c.now });
      budget.block('bybit', T0 + 600_000, 'HTTP 403');
      budget.block('bybit', T0 + 5_000, 'HTTP 429');
      expect(budget.reserve({ exchange: 'bybit', pool: 'ip', weight: 1 })).toBe(600_000);
      expect(budget.status().bybit).toMatchObject({ blockedUntil: T0 + 600_000, reason: 'HTTP 403' });
      budget.block('bybit', T0 + 900_000, 'HTTP 403 again');
      expect(budget.status().bybit).toMatchObject({ blockedUntil: T0 + 900_000, reason: 'HTTP 403 again' });
    });

    it('reports what is blocked and why, and how full each pool is, for the UI', () => {
      const c = clock();
      const budget = new RequestBudget([binanceWeight, bybitIp], { now: c.now });
      budget.reserve({ exchange: 'bybit', pool: 'ip', weight: 3 });
      budget.block('binance', T0 + 120_000, 'HTTP 418 IP banned');
      const s = budget.status();
      expect(s.binance).toMatchObject({
        exchange: 'binance',
        blockedUntil: T0 + 120_000,
        reason: 'HTTP 418 IP banned',
      });
      expect(s.bybit.blockedUntil).toBeUndefined();
      expect(s.bybit.pools).toEqual([
        {
          pool: 'ip',
          used: 3,
          capacity: 480,
          publishedCapacity: 600,
          windowMs: 5_000,
          source: bybitIp.source,
        },
      ]);
      expect(s.okx).toEqual({ exchange: 'okx', pools: [] });
      c.t = T0 + 120_000;
      expect(budget.status().binance.blockedUntil).toBeUndefined();
      expect(budget.status().bybit.pools[0]?.used).toBe(0);
    });

    it('ignores blocks that are already over', () => {
      const c = clock();
      const budget = new RequestBudget([bybitIp], { now: c.now });
      budget.block('bybit', T0 - 1, 'stale');
      budget.block('bybit', Number.NaN, 'nonsense');
      expect(budget.reserve({ exchange: 'bybit', pool: 'ip', weight: 1 })).toBe(0);
      expect(budget.status().bybit.reason).toBeUndefined();
    });
  });

  describe('property: never more than the allowance in any window, and never a needless wait', () => {
    const scenario = fc.record({
      capacity: fc.integer({ min: 1, max: 60 }),
      windowMs: fc.integer({ min: 1, max: 5_000 }),
      safetyFactor: fc.double({ min: 0.05, max: 1, noNaN: true }),
      steps: fc.array(
        fc.record({
          // Boundaries are where off-by-one bugs live: often step to exactly the reported wait, or 1 ms short.
          advance: fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.constantFrom('wait', 'wait-1')),
          weightShare: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        { maxLength: 300 },
      ),
    });

    it('holds for random request sequences', () => {
      fc.assert(
        fc.property(scenario, ({ capacity, windowMs, safetyFactor, steps }) => {
          const allowance = Math.floor(capacity * safetyFactor);
          fc.pre(allowance >= 1);
          const c = clock();
          const budget = new RequestBudget([{ ...bybitIp, capacity, windowMs }], {
            now: c.now,
            safetyFactor,
          });
          const booked: Array<{ time: number; weight: number }> = [];
          const usedAt = (t: number) =>
            booked.filter((b) => b.time > t - windowMs && b.time <= t).reduce((sum, b) => sum + b.weight, 0);

          let lastWait = 0;
          for (const step of steps) {
            if (step.advance === 'wait') c.t += lastWait;
            else if (step.advance === 'wait-1') c.t += Math.max(0, lastWait - 1);
            else c.t += step.advance;
            const weight = 1 + Math.floor(step.weightShare * (allowance - 1));
            const wait = budget.reserve({ exchange: 'bybit', pool: 'ip', weight });
            lastWait = wait;
            if (wait === 0) {
              booked.push({ time: c.t, weight });
              if (usedAt(c.t) > allowance) return false;
            } else {
              // The wait is exactly the first moment it would fit, by brute force over expiry times.
              const candidates = booked.map((b) => b.time + windowMs).filter((t) => t > c.t);
              const fitsAt = (t: number) => usedAt(t) + weight <= allowance;
              if (fitsAt(c.t)) return false;
              const earliest = Math.min(...candidates.filter(fitsAt));
              if (earliest - c.t !== wait) return false;
            }
          }
          // Also in every window that does not end on a booking.
          return booked.every((b) => usedAt(b.time + windowMs - 1) <= allowance);
        }),
        { numRuns: 300 },
      );
    });
  });
});
