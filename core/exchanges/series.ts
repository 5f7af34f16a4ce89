/**
 * The one ordering rule for every time series an adapter or the client hands back (candles, open
 * interest, taker flow, long/short ratio): oldest first, one item per time.
 *
 * A time listed twice keeps the LATER-LISTED item. Exchanges repeat a time at page edges and for
 * the still-open newest period, where the copies are the same bar or a later state of it, and no
 * field says which copy is right. Refusing the reply would fail the whole sync (the client keeps
 * all pages or none) over a harmless repeat; "the later one wins" is also how the client merges
 * overlapping pages, so one rule holds from a single reply up to a whole range.
 * Not for liquidation events: two liquidations can share a millisecond and both happened.
 */
export function oldestFirst<T>(items: Iterable<T>, timeOf: (item: T) => number): T[] {
  const byTime = new Map<number, T>();
  for (const item of items) byTime.set(timeOf(item), item);
  return [...byTime.values()].sort((a, b) => timeOf(a) - timeOf(b));
}
