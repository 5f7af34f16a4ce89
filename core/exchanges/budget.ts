import type { RateLimitPool, RequestSpec } from './request';
import { EXCHANGE_IDS, type ExchangeId } from './types';

/**
 * Keeps every HeatBands client under the exchanges' published per-IP limits, with room to spare:
 * the user's own browsing of the exchange shares the same IP, and a ban costs far more than a
 * slightly slower backfill.
 *
 * Accounting is a sliding window per (exchange, pool): a booked request counts against its pool
 * from the moment it was booked until exactly `windowMs` later. The budget is pure: it reads an
 * injected clock, holds no timers, and never waits itself; the transport sleeps for the time
 * `reserve` reports.
 */

export interface RequestBudgetOptions {
  now: () => number;
  /**
   * Share of each published limit we allow ourselves (0 < safetyFactor ≤ 1). Default 0.8: at
   * most 80 % of a limit, so clock skew between us and the exchange's window, or weight spent by
   * the exchange's own web page from the same IP, does not push us over.
   */
  safetyFactor?: number;
}

const DEFAULT_SAFETY_FACTOR = 0.8;

/** The part of a request the budget needs. */
export type BudgetedRequest = Pick<RequestSpec, 'exchange' | 'pool' | 'weight'>;

export interface PoolStatus {
  pool: string;
  /** Weight booked in the current window. */
  used: number;
  /** What we allow ourselves per window: floor(published capacity × safety factor). */
  capacity: number;
  /** The exchange's own figure. */
  publishedCapacity: number;
  windowMs: number;
  source: string;
}

export interface ExchangeBudgetStatus {
  exchange: ExchangeId;
  /** Set while the exchange asked us to stay away (429 Retry-After, 418/403 ban). */
  blockedUntil?: number;
  reason?: string;
  pools: PoolStatus[];
}

/** A booked request: `weight` counts against the pool until `time + windowMs`. */
interface Booking {
  time: number;
  weight: number;
}

interface PoolState {
  limit: RateLimitPool;
  /** Oldest first; times never decrease because the clock is read at booking. */
  bookings: Booking[];
  used: number;
}

interface Block {
  until: number;
  reason: string;
}

const poolKey = (exchange: ExchangeId, pool: string): string => `${exchange}\u0000${pool}`;

export class RequestBudget {
  private readonly now: () => number;
  private readonly safetyFactor: number;
  private readonly pools = new Map<string, PoolState>();
  private readonly blocks = new Map<ExchangeId, Block>();

  constructor(pools: readonly RateLimitPool[], options: RequestBudgetOptions) {
    const factor = options.safetyFactor ?? DEFAULT_SAFETY_FACTOR;
    if (!(factor > 0 && factor <= 1)) throw new RangeError(`safetyFactor must be in (0, 1], got ${factor}`);
    this.now = options.now;
    this.safetyFactor = factor;
    this.updatePools(pools);
  }

  /**
   * Books `spec.weight` against its pool and returns 0 when the request may be sent now; else
   * books nothing and returns how many ms to wait before asking again. Returns Infinity when the
   * request can never go under the known limits (unknown pool, or heavier than a whole window's
   * allowance): `refusal` says why.
   */
  reserve(spec: BudgetedRequest): number {
    const now = this.now();
    const state = this.pools.get(poolKey(spec.exchange, spec.pool));
    if (!state || !this.fitsAtAll(state, spec.weight)) return Number.POSITIVE_INFINITY;

    const block = this.activeBlock(spec.exchange, now);
    const blockWait = block ? block.until - now : 0;
    const poolWait = this.poolWait(state, spec.weight, now);
    const wait = Math.max(blockWait, poolWait);
    if (wait > 0) return wait;

    state.bookings.push({ time: now, weight: spec.weight });
    state.used += spec.weight;
    return 0;
  }

  /** Why `reserve` reports Infinity for this request, or undefined when it can go eventually. */
  refusal(spec: BudgetedRequest): string | undefined {
    const state = this.pools.get(poolKey(spec.exchange, spec.pool));
    if (!state) return `no published rate limit known for ${spec.exchange} pool "${spec.pool}"`;
    if (!(Number.isFinite(spec.weight) && spec.weight > 0)) {
      return `request weight must be a positive number, got ${spec.weight}`;
    }
    if (!this.fitsAtAll(state, spec.weight)) {
      return `request weight ${spec.weight} exceeds ${spec.exchange} pool "${spec.pool}" allowance of ${this.capacityOf(state.limit)} per ${state.limit.windowMs} ms`;
    }
    return undefined;
  }

  /**
   * Adopts live limits (Binance publishes its current ones in exchangeInfo.rateLimits). Weight
   * already booked stays booked; pools not named here keep their previous limits.
   */
  updatePools(pools: readonly RateLimitPool[]): void {
    for (const limit of pools) {
      if (!(limit.capacity > 0 && limit.windowMs > 0)) {
        throw new RangeError(`invalid rate limit for ${limit.exchange} pool "${limit.pool}"`);
      }
      const key = poolKey(limit.exchange, limit.pool);
      const existing = this.pools.get(key);
      if (existing) existing.limit = { ...limit };
      else this.pools.set(key, { limit: { ...limit }, bookings: [], used: 0 });
    }
  }

  /**
   * Keeps every request to `exchange` waiting until `untilMs` (a 429's Retry-After, a 418/403
   * ban). A shorter block never shortens a longer one already in force.
   */
  block(exchange: ExchangeId, untilMs: number, reason: string): void {
    if (!Number.isFinite(untilMs)) return;
    const current = this.activeBlock(exchange, this.now());
    if (current && current.until >= untilMs) return;
    if (untilMs <= this.now()) return;
    this.blocks.set(exchange, { until: untilMs, reason });
  }

  /** Per exchange: whether it is blocked and why, and how full each pool is right now. */
  status(): Record<ExchangeId, ExchangeBudgetStatus> {
    const now = this.now();
    const out = {} as Record<ExchangeId, ExchangeBudgetStatus>;
    for (const exchange of EXCHANGE_IDS) {
      const entry: ExchangeBudgetStatus = { exchange, pools: [] };
      const block = this.activeBlock(exchange, now);
      if (block) {
        entry.blockedUntil = block.until;
        entry.reason = block.reason;
      }
      out[exchange] = entry;
    }
    for (const state of this.pools.values()) {
      this.expire(state, now);
      const { limit } = state;
      out[limit.exchange].pools.push({
        pool: limit.pool,
        used: state.used,
        capacity: this.capacityOf(limit),
        publishedCapacity: limit.capacity,
        windowMs: limit.windowMs,
        source: limit.source,
      });
    }
    return out;
  }

  private capacityOf(limit: RateLimitPool): number {
    return Math.floor(limit.capacity * this.safetyFactor);
  }

  private fitsAtAll(state: PoolState, weight: number): boolean {
    return Number.isFinite(weight) && weight > 0 && weight <= this.capacityOf(state.limit);
  }

  private activeBlock(exchange: ExchangeId, now: number): Block | undefined {
    const block = this.blocks.get(exchange);
    if (block && block.until <= now) {
      this.blocks.delete(exchange);
      return undefined;
    }
    return block;
  }

  /** Drops bookings whose window has passed. */
  private expire(state: PoolState, now: number): void {
    const { bookings } = state;
    let drop = 0;
    while (drop < bookings.length && bookings[drop]!.time + state.limit.windowMs <= now) {
      state.used -= bookings[drop]!.weight;
      drop++;
    }
    if (drop > 0) bookings.splice(0, drop);
    if (bookings.length === 0) state.used = 0; // no float drift from repeated += and -=
  }

  /** How long until enough old bookings expire for `weight` more to fit. */
  private poolWait(state: PoolState, weight: number, now: number): number {
    this.expire(state, now);
    const capacity = this.capacityOf(state.limit);
    let used = state.used;
    if (used + weight <= capacity) return 0;
    for (const booking of state.bookings) {
      used -= booking.weight;
      if (used + weight <= capacity) return booking.time + state.limit.windowMs - now;
    }
    // Unreachable when weight ≤ capacity: once every booking expired, used is 0.
    return state.limit.windowMs;
  }
}
