import type { Bar } from '../../core/data/bars';

/**
 * Where the price is inside a recorded bar. A bar only tells open, high, low and close, so the
 * replay needs one rule for everything finer than a bar (1m klines, the kline_1m stream, the mark
 * price at replay "now"), and that rule must never invent a move the bar did not make:
 *
 *   the price travels in straight lines, at constant speed, open → the nearer extreme → the
 *   farther extreme → close. On a tie it visits the extreme away from the close first.
 *
 * Consequences the tests hold it to: every derived price lies in [low, high]; the first derived
 * sub-bar opens at the bar's open and the last closes at its close; together the sub-bars reach
 * exactly the bar's high and low. A flat bar (open = high = low = close) stays flat.
 */
export interface Ohlc {
  open: number;
  high: number;
  low: number;
  close: number;
}

/** The path's corners as (fraction of the bar's duration, price), first at 0 and last at 1. */
interface Corner {
  at: number;
  price: number;
}

function corners(bar: Bar): Corner[] {
  const toHigh = bar.high - bar.open;
  const toLow = bar.open - bar.low;
  const lowFirst = toLow < toHigh || (toLow === toHigh && bar.close >= bar.open);
  const first = lowFirst ? bar.low : bar.high;
  const second = lowFirst ? bar.high : bar.low;
  const legs = [Math.abs(first - bar.open), Math.abs(second - first), Math.abs(bar.close - second)];
  const total = legs[0]! + legs[1]! + legs[2]!;
  if (total === 0) {
    return [
      { at: 0, price: bar.open },
      { at: 1, price: bar.close },
    ];
  }
  return [
    { at: 0, price: bar.open },
    { at: legs[0]! / total, price: first },
    { at: (legs[0]! + legs[1]!) / total, price: second },
    { at: 1, price: bar.close },
  ];
}

function clampToBar(bar: Bar, price: number): number {
  return Math.min(bar.high, Math.max(bar.low, price));
}

/** The price at `fraction` (0 = the bar's open time, 1 = its end) of the bar's duration. */
export function priceInBar(bar: Bar, fraction: number): number {
  const f = Math.min(1, Math.max(0, fraction));
  const cs = corners(bar);
  for (let i = 1; i < cs.length; i++) {
    const a = cs[i - 1]!;
    const b = cs[i]!;
    if (f <= b.at) {
      if (b.at === a.at) return b.price;
      return clampToBar(bar, a.price + ((b.price - a.price) * (f - a.at)) / (b.at - a.at));
    }
  }
  return bar.close;
}

/** Open, high, low and close of the path between two fractions of the bar (from ≤ to). */
export function ohlcInBar(bar: Bar, from: number, to: number): Ohlc {
  const f0 = Math.min(1, Math.max(0, from));
  const f1 = Math.min(1, Math.max(f0, to));
  const open = priceInBar(bar, f0);
  const close = priceInBar(bar, f1);
  let high = Math.max(open, close);
  let low = Math.min(open, close);
  for (const c of corners(bar)) {
    if (c.at > f0 && c.at < f1) {
      high = Math.max(high, c.price);
      low = Math.min(low, c.price);
    }
  }
  return { open, high, low, close };
}
