import { type Bar, commonSpacing } from '../../core/data/bars';
import { type Ohlc, ohlcInBar, priceInBar } from './price-path';

/**
 * The recording as an exchange would see it at replay time `now`: candles of any interval, open
 * interest, taker flow, funding and the mark price, each derived from the bar CSV by a stated
 * rule and never from the future (a candle still open at `now` is served as in progress, the way
 * the real APIs serve the current kline).
 */

/** A page request in the exchanges' own terms: a time window and a row limit. */
export interface Window {
  startTime?: number;
  endTime?: number;
  limit: number;
  /**
   * Which end of the window the `limit` rows are counted from. Binance counts from startTime
   * when it is sent; Bybit always walks back from the end.
   */
  anchor: 'start' | 'end';
}

export interface ReplayCandle extends Ohlc {
  openTime: number;
  intervalMs: number;
  /** False for the candle that contains `now`. */
  closed: boolean;
}

export interface OpenInterestSnapshot {
  /** The bar's close time: oi_usd is "open interest at the bar's close". */
  time: number;
  oiUsd: number;
  /** Open interest in base units: oi_usd / the bar's close. */
  oiBase: number;
}

export interface TakerVolume {
  /** Open time of the period. */
  time: number;
  buyBase: number;
  sellBase: number;
}

/**
 * The CSV has taker buy − sell (taker_delta_base) but no total volume, and Binance's endpoint
 * sends buyVol and sellVol. ASSUMPTION (not a market fact): besides the recorded imbalance, each
 * side traded a baseline of half of 0.1 % of open interest per minute (so about 1.4 × open
 * interest changes hands a day, the right order for BTC perpetuals). buy − sell equals the
 * recorded delta exactly; only the level is assumed. Responses carrying it say so in the header
 * X-Replay-Synthetic: taker-volume-baseline.
 */
export const ASSUMED_TAKER_TURNOVER_PER_MINUTE = 0.001;

/** Funding is settled every 8 hours at 00:00, 08:00 and 16:00 UTC on both exchanges. */
const FUNDING_INTERVAL_MS = 8 * 3_600_000;

export class ReplayMarket {
  readonly symbol: string;
  readonly bars: readonly Bar[];
  /** The recording's bar length: the most common spacing between bars. */
  readonly barMs: number;
  /** Decimals the recording's prices carry; derived prices are rounded to them. */
  readonly priceDecimals: number;
  private readonly oi: OpenInterestSnapshot[];

  constructor(bars: readonly Bar[], symbol: string) {
    if (bars.length < 2) throw new Error('the replay needs at least two bars to know the bar interval');
    const sorted = [...bars].sort((a, b) => a.time - b.time);
    this.bars = sorted;
    this.symbol = symbol;
    this.barMs = commonSpacing(sorted);
    this.priceDecimals = Math.max(
      ...sorted.map((b) =>
        Math.max(decimalsOf(b.open), decimalsOf(b.high), decimalsOf(b.low), decimalsOf(b.close)),
      ),
    );
    this.oi = [];
    for (const bar of sorted) {
      if (bar.oiUsd !== undefined) {
        this.oi.push({ time: bar.time + this.barMs, oiUsd: bar.oiUsd, oiBase: bar.oiUsd / bar.close });
      }
    }
  }

  get firstTime(): number {
    return this.bars[0]!.time;
  }

  /** When the last bar closes. */
  get endTime(): number {
    return this.bars[this.bars.length - 1]!.time + this.barMs;
  }

  /** Index of the last bar that opened at or before t, or −1. */
  indexAtOrBefore(t: number): number {
    let lo = 0;
    let hi = this.bars.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.bars[mid]!.time <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** The price at time t by the path rule; in a gap or after the end, the last close; before the start, none. */
  priceAt(t: number): number | undefined {
    const i = this.indexAtOrBefore(t);
    if (i < 0) return undefined;
    const bar = this.bars[i]!;
    if (t < bar.time + this.barMs) return this.round(priceInBar(bar, (t - bar.time) / this.barMs));
    return bar.close;
  }

  /** OHLC of the price path over [from, to], or undefined when no bar covers any of it. */
  ohlcBetween(from: number, to: number): Ohlc | undefined {
    if (to <= from) {
      const i = this.indexAtOrBefore(from);
      const bar = i >= 0 ? this.bars[i]! : undefined;
      if (!bar || from >= bar.time + this.barMs) return undefined;
      const p = this.round(priceInBar(bar, (from - bar.time) / this.barMs));
      return { open: p, high: p, low: p, close: p };
    }
    let i = this.indexAtOrBefore(from);
    if (i < 0 || this.bars[i]!.time + this.barMs <= from) i += 1;
    let out: Ohlc | undefined;
    for (; i < this.bars.length; i++) {
      const bar = this.bars[i]!;
      if (bar.time >= to) break;
      const part = ohlcInBar(bar, (from - bar.time) / this.barMs, (to - bar.time) / this.barMs);
      if (!out) out = { ...part };
      else {
        out.high = Math.max(out.high, part.high);
        out.low = Math.min(out.low, part.low);
        out.close = part.close;
      }
    }
    if (!out) return undefined;
    return {
      open: this.round(out.open),
      high: this.round(out.high),
      low: this.round(out.low),
      close: this.round(out.close),
    };
  }

  /** The candle of `intervalMs` opening at `openTime` as seen at `now`, or undefined when it has no data yet. */
  candleAt(openTime: number, intervalMs: number, now: number): ReplayCandle | undefined {
    if (openTime > now) return undefined;
    const closed = openTime + intervalMs <= now;
    const ohlc = this.ohlcBetween(openTime, closed ? openTime + intervalMs : now);
    return ohlc ? { ...ohlc, openTime, intervalMs, closed } : undefined;
  }

  /**
   * Candles of any interval: epoch-aligned slots (so 1d opens at 00:00 UTC) that overlap at least
   * one bar, opened by `now`. Finer than the bars: the path rule splits them; coarser: they
   * aggregate (first open, highest high, lowest low, last close). Missing bars stay missing.
   * Returned oldest first.
   */
  candles(intervalMs: number, window: Window, now: number): ReplayCandle[] {
    const start = window.startTime ?? Number.NEGATIVE_INFINITY;
    const end = Math.min(window.endTime ?? Number.POSITIVE_INFINITY, now);
    const out: ReplayCandle[] = [];
    if (end < start) return out;
    if (window.anchor === 'start' && window.startTime !== undefined) {
      let last = Number.NEGATIVE_INFINITY;
      let i = Math.max(0, this.indexAtOrBefore(start));
      for (; i < this.bars.length && out.length < window.limit; i++) {
        const bar = this.bars[i]!;
        let s = Math.max(alignDown(bar.time, intervalMs), alignUp(start, intervalMs));
        for (; s < bar.time + this.barMs && out.length < window.limit; s += intervalMs) {
          if (s > end) return out;
          if (s <= last) continue;
          const c = this.candleAt(s, intervalMs, now);
          if (c) out.push(c);
          last = s;
        }
      }
      return out;
    }
    let last = Number.POSITIVE_INFINITY;
    for (let i = this.indexAtOrBefore(end); i >= 0 && out.length < window.limit; i--) {
      const bar = this.bars[i]!;
      let s = Math.min(alignDown(bar.time + this.barMs - 1, intervalMs), alignDown(end, intervalMs));
      for (; s + intervalMs > bar.time && out.length < window.limit; s -= intervalMs) {
        if (s < start) return out.reverse();
        if (s >= last) continue;
        const c = this.candleAt(s, intervalMs, now);
        if (c) out.push(c);
        last = s;
      }
    }
    return out.reverse();
  }

  /** Open-interest snapshots at bar closes that fall on multiples of `periodMs`, oldest first. */
  openInterest(periodMs: number, window: Window, now: number): OpenInterestSnapshot[] {
    const rows = this.oi.filter(
      (p) =>
        p.time <= now &&
        p.time % periodMs === 0 &&
        (window.startTime === undefined || p.time >= window.startTime) &&
        (window.endTime === undefined || p.time <= window.endTime),
    );
    return pick(rows, window);
  }

  /** The latest open-interest snapshot taken by `now`. */
  openInterestAt(now: number): OpenInterestSnapshot | undefined {
    let found: OpenInterestSnapshot | undefined;
    for (const p of this.oi) {
      if (p.time > now) break;
      found = p;
    }
    return found;
  }

  /**
   * Taker buy and sell volume per period, only where the recording has it: the period must be a
   * whole number of bars, closed by `now`, and every bar in it must carry taker_delta_base and
   * oi_usd. Periods shorter than a bar are not served (splitting would invent flow).
   */
  takerVolume(periodMs: number, window: Window, now: number): TakerVolume[] {
    if (periodMs % this.barMs !== 0) return [];
    const perPeriod = periodMs / this.barMs;
    const groups = new Map<number, Bar[]>();
    for (const bar of this.bars) {
      const g = alignDown(bar.time, periodMs);
      if (g + periodMs > now) break;
      const list = groups.get(g) ?? [];
      list.push(bar);
      groups.set(g, list);
    }
    const rows: TakerVolume[] = [];
    for (const [time, bars] of groups) {
      if (bars.length !== perPeriod) continue;
      if (window.startTime !== undefined && time < window.startTime) continue;
      if (window.endTime !== undefined && time > window.endTime) continue;
      let buyBase = 0;
      let sellBase = 0;
      let complete = true;
      for (const bar of bars) {
        if (bar.takerDeltaBase === undefined || bar.oiUsd === undefined) {
          complete = false;
          break;
        }
        const baseline =
          ((ASSUMED_TAKER_TURNOVER_PER_MINUTE * bar.oiUsd) / bar.close) * (this.barMs / 60_000);
        buyBase += baseline / 2 + Math.max(0, bar.takerDeltaBase);
        sellBase += baseline / 2 + Math.max(0, -bar.takerDeltaBase);
      }
      if (complete) rows.push({ time, buyBase, sellBase });
    }
    return pick(rows, window);
  }

  /** Times at which a period-aligned bar close exists by `now` (the grid for synthetic series). */
  closesOnGrid(periodMs: number, window: Window, now: number): number[] {
    const rows: number[] = [];
    for (const bar of this.bars) {
      const t = bar.time + this.barMs;
      if (t > now) break;
      if (t % periodMs !== 0) continue;
      if (window.startTime !== undefined && t < window.startTime) continue;
      if (window.endTime !== undefined && t > window.endTime) continue;
      rows.push(t);
    }
    return pick(rows, window);
  }

  /** The funding rate of the latest bar opened by `now` that carries one. */
  fundingRateAt(now: number): number | undefined {
    for (let i = this.indexAtOrBefore(now); i >= 0; i--) {
      const f = this.bars[i]!.fundingRate;
      if (f !== undefined) return f;
    }
    return undefined;
  }

  round(price: number): number {
    const f = 10 ** this.priceDecimals;
    return Math.round(price * f) / f;
  }
}

export function nextFundingTime(now: number): number {
  return alignDown(now, FUNDING_INTERVAL_MS) + FUNDING_INTERVAL_MS;
}

export function alignDown(t: number, step: number): number {
  return Math.floor(t / step) * step;
}

function alignUp(t: number, step: number): number {
  return Math.ceil(t / step) * step;
}

function pick<T>(rows: T[], window: Window): T[] {
  if (rows.length <= window.limit) return rows;
  return window.anchor === 'start' && window.startTime !== undefined
    ? rows.slice(0, window.limit)
    : rows.slice(rows.length - window.limit);
}

function decimalsOf(n: number): number {
  const s = String(n);
  if (s.includes('e')) return 8;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : Math.min(8, s.length - dot - 1);
}
