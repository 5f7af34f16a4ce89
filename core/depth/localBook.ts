import type { ExchangeId } from '../exchanges/types';
import type { BaseLevel, BookMessage, BookSample } from './types';

/**
 * One exchange's order book as the worker holds it: price → quantity in base units, per side.
 * Applying a message costs O(levels in the message); the best bid and ask are kept incrementally
 * and rescanned only when the best level itself is removed. Sorting happens only in `sample` and
 * `snapshotLevels`, once a second at most.
 *
 * Reach (how far the book is known): by default the farthest level each side holds, which fits a
 * feed that maintains a fixed-depth window itself (Bybit orderbook.200, OKX books: a level leaving
 * the window is sent as a removal). A diff feed over the whole book (Binance) only tells what
 * changed, so beyond the REST snapshot's farthest levels nothing is known: with
 * `reach: 'snapshot'` the snapshot's price span is kept as the reach and levels outside it are
 * not stored (a level there would be a lone update with no knowledge of its neighbours, and
 * keeping them would grow the book without bound over a long session).
 */

export type ReachRule = 'levels' | 'snapshot';

export interface SortedLevels {
  /** Best first: bids descending, asks ascending; [price, quantity in base units]. */
  bids: BaseLevel[];
  asks: BaseLevel[];
}

export class LocalBook {
  private readonly bidLevels = new Map<number, number>();
  private readonly askLevels = new Map<number, number>();
  /** The snapshot's price span under the 'snapshot' rule; NaN before any snapshot. */
  private windowLow = Number.NaN;
  private windowHigh = Number.NaN;
  private best = { bid: Number.NaN, ask: Number.NaN, bidStale: false, askStale: false };

  constructor(readonly reachRule: ReachRule = 'levels') {}

  /** Price → quantity (base units) of each side, unsorted; change them only through apply*. */
  get bids(): ReadonlyMap<number, number> {
    return this.bidLevels;
  }
  get asks(): ReadonlyMap<number, number> {
    return this.askLevels;
  }

  get empty(): boolean {
    return this.bidLevels.size === 0 && this.askLevels.size === 0;
  }

  /** Drops every level (the book is known to be wrong). */
  clear(): void {
    this.bidLevels.clear();
    this.askLevels.clear();
    this.windowLow = Number.NaN;
    this.windowHigh = Number.NaN;
    this.best = { bid: Number.NaN, ask: Number.NaN, bidStale: false, askStale: false };
  }

  /** Replaces the whole book with the message's levels (zero quantities are skipped). */
  applySnapshot(m: Pick<BookMessage, 'bids' | 'asks'>): void {
    this.clear();
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (const [price, qty] of m.bids) {
      if (qty > 0) this.bidLevels.set(price, qty);
      if (price < low) low = price;
    }
    for (const [price, qty] of m.asks) {
      if (qty > 0) this.askLevels.set(price, qty);
      if (price > high) high = price;
    }
    if (this.reachRule === 'snapshot') {
      // A one-sided snapshot still knows the span between its levels and the best price.
      this.windowLow = Number.isFinite(low) ? low : this.scanBest('ask', true);
      this.windowHigh = Number.isFinite(high) ? high : this.scanBest('bid', true);
    }
    this.best = { bid: Number.NaN, ask: Number.NaN, bidStale: true, askStale: true };
  }

  /** Applies absolute quantities; 0 removes the level (removing an unknown level is normal). */
  applyLevels(m: Pick<BookMessage, 'bids' | 'asks'>): void {
    this.applySide(this.bidLevels, m.bids, 'bid');
    this.applySide(this.askLevels, m.asks, 'ask');
  }

  private applySide(side: Map<number, number>, levels: readonly BaseLevel[], which: 'bid' | 'ask'): void {
    const bounded = this.reachRule === 'snapshot';
    const best = this.best;
    for (let i = 0; i < levels.length; i++) {
      const [price, qty] = levels[i]!;
      if (bounded && !(price >= this.windowLow && price <= this.windowHigh)) continue;
      if (qty > 0) {
        side.set(price, qty);
        if (which === 'bid') {
          if (!best.bidStale && !(price <= best.bid)) best.bid = price;
        } else if (!best.askStale && !(price >= best.ask)) best.ask = price;
      } else if (side.delete(price)) {
        if (which === 'bid' && price === best.bid) best.bidStale = true;
        else if (which === 'ask' && price === best.ask) best.askStale = true;
      }
    }
  }

  private scanBest(which: 'bid' | 'ask', raw = false): number {
    const side = which === 'bid' ? this.bidLevels : this.askLevels;
    let best = Number.NaN;
    for (const price of side.keys()) {
      if (Number.isNaN(best) || (which === 'bid' ? price > best : price < best)) best = price;
    }
    if (!raw) {
      if (which === 'bid') {
        this.best.bid = best;
        this.best.bidStale = false;
      } else {
        this.best.ask = best;
        this.best.askStale = false;
      }
    }
    return best;
  }

  /** The highest bid price, NaN when there is none. */
  get bestBid(): number {
    return this.best.bidStale || (Number.isNaN(this.best.bid) && this.bidLevels.size > 0)
      ? this.scanBest('bid')
      : this.best.bid;
  }

  /** The lowest ask price, NaN when there is none. */
  get bestAsk(): number {
    return this.best.askStale || (Number.isNaN(this.best.ask) && this.askLevels.size > 0)
      ? this.scanBest('ask')
      : this.best.ask;
  }

  /**
   * Keeps the best `maxPerSide` levels of each side (a feed's fixed depth window). O(n log n), and
   * only when a side is over the limit.
   */
  trimTo(maxPerSide: number): void {
    for (const [side, descending] of [
      [this.bidLevels, true],
      [this.askLevels, false],
    ] as const) {
      if (side.size <= maxPerSide) continue;
      const prices = [...side.keys()].sort((x, y) => (descending ? y - x : x - y));
      for (let i = maxPerSide; i < prices.length; i++) side.delete(prices[i]!);
    }
  }

  /** Halfway between best bid and best ask; NaN when a side is empty. */
  get mid(): number {
    return (this.bestBid + this.bestAsk) / 2;
  }

  /** Best bid at or above best ask: impossible in a correct book, so the book has lost sync. */
  get crossed(): boolean {
    return this.bestBid >= this.bestAsk;
  }

  /** Lowest and highest price the book knows (see the reach rule above); NaN when empty. */
  reach(): { low: number; high: number } {
    if (this.reachRule === 'snapshot') return { low: this.windowLow, high: this.windowHigh };
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (const side of [this.bidLevels, this.askLevels]) {
      for (const price of side.keys()) {
        if (price < low) low = price;
        if (price > high) high = price;
      }
    }
    return Number.isFinite(low) ? { low, high } : { low: Number.NaN, high: Number.NaN };
  }

  /** Every level sorted best first, in base units: for equality checks and the sampler. */
  snapshotLevels(): SortedLevels {
    return {
      bids: [...this.bidLevels].sort((x, y) => y[0] - x[0]),
      asks: [...this.askLevels].sort((x, y) => x[0] - y[0]),
    };
  }

  /** The book as the depth layer records it once a second: USD per level, best first, and its reach. */
  sample(time: number, exchange: ExchangeId, symbol: string): BookSample {
    const { bids, asks } = this.snapshotLevels();
    const usd = (levels: BaseLevel[]) => levels.map(([price, qty]) => [price, price * qty] as const);
    const { low, high } = this.reach();
    return {
      exchange,
      symbol,
      time,
      mid: this.mid,
      bids: usd(bids),
      asks: usd(asks),
      reachLow: low,
      reachHigh: high,
    };
  }
}
