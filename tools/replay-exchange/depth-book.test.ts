import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBarCsv } from '../../core/data/bars';
import { EXCHANGE_IDS } from '../../core/exchanges/types';
import {
  type BookDiff,
  binanceUpdateId,
  bookDiff,
  bybitSeq,
  bybitUpdateId,
  DENSE_LEVELS,
  DEPTH_SHAPES,
  okxSeqId,
  type SyntheticBook,
  SyntheticDepth,
  topOf,
  WALL_MIN_STAND_MS,
} from './depth-book';
import { ReplayMarket } from './market';
import { syntheticEthBars } from './scaled-bars';

/** The demo slice the replay already ships: 2026-06-01 → 06-03, a −13 % fall. */
const demo = parseBarCsv(
  readFileSync(new URL('../demo-data/btcusdt-5m-2026-06-01_2026-06-03.csv', import.meta.url), 'utf8'),
);
if (!demo.ok) throw new Error(demo.error);
const bars = demo.value.bars;
const market = new ReplayMarket(bars, 'BTCUSDT');
const depth = new SyntheticDepth(market);
const T = Date.UTC(2026, 5, 2, 15, 0, 0);

/** A local book as a client keeps it: tick → lots. */
function localBook(book: SyntheticBook) {
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  for (let i = 0; i < book.bidTicks.length; i++) bids.set(book.bidTicks[i]!, book.bidLots[i]!);
  for (let i = 0; i < book.askTicks.length; i++) asks.set(book.askTicks[i]!, book.askLots[i]!);
  return { bids, asks };
}

function apply(local: ReturnType<typeof localBook>, diff: BookDiff): void {
  for (const [side, changes] of [
    [local.bids, diff.bids],
    [local.asks, diff.asks],
  ] as const) {
    for (const [t, lots] of changes) {
      if (lots === 0) side.delete(t);
      else side.set(t, lots);
    }
  }
}

/** Levels where the local book and the replay's differ (plain loops: thousands of levels per step). */
function mismatches(local: ReturnType<typeof localBook>, book: SyntheticBook): string[] {
  const out: string[] = [];
  if (local.bids.size !== book.bidTicks.length) out.push(`bid count ${local.bids.size}`);
  if (local.asks.size !== book.askTicks.length) out.push(`ask count ${local.asks.size}`);
  book.bidTicks.forEach((t, i) => {
    if (local.bids.get(t) !== book.bidLots[i]) out.push(`bid ${t}`);
  });
  book.askTicks.forEach((t, i) => {
    if (local.asks.get(t) !== book.askLots[i]) out.push(`ask ${t}`);
  });
  return out;
}

function usdWithin(book: SyntheticBook, fraction: number): { bid: number; ask: number } {
  const sum = (ticks: Float64Array, lots: Float64Array) => {
    let usd = 0;
    for (let i = 0; i < ticks.length; i++) {
      const price = ticks[i]! * book.tick;
      if (Math.abs(price - book.mid) / book.mid <= fraction) usd += lots[i]! * book.lotBase * price;
    }
    return usd;
  };
  return { bid: sum(book.bidTicks, book.bidLots), ask: sum(book.askTicks, book.askLots) };
}

describe('the synthetic book (depth-book.ts)', () => {
  it('is a pure function of exchange, time and seed', () => {
    const again = new SyntheticDepth(new ReplayMarket(bars, 'BTCUSDT'));
    const other = new SyntheticDepth(new ReplayMarket(bars, 'BTCUSDT'), 99);
    for (const ex of EXCHANGE_IDS) {
      const a = depth.bookAt(ex, T)!;
      const b = again.bookAt(ex, T + 99)!; // same 100 ms step
      expect([...b.bidLots]).toEqual([...a.bidLots]);
      expect([...b.askTicks]).toEqual([...a.askTicks]);
      expect([...other.bookAt(ex, T)!.bidLots]).not.toEqual([...a.bidLots]);
    }
    expect(depth.bookAt('binance', bars[0]!.time - 1)).toBeUndefined();
  });

  it.each(EXCHANGE_IDS)('%s: levels at the tick, best first, touching the recorded price', (ex) => {
    const book = depth.bookAt(ex, T)!;
    const n = DEPTH_SHAPES[ex].levels;
    expect(book.bidTicks.length).toBe(n);
    expect(book.askTicks.length).toBe(n);
    expect(book.mid).toBe(market.priceAt(T));
    expect(book.bidTicks[0]! * book.tick).toBeCloseTo(book.mid, 6);
    expect(book.askTicks[0]).toBe(book.bidTicks[0]! + 1);
    for (let i = 1; i < n; i++) {
      expect(book.bidTicks[i]!).toBeLessThan(book.bidTicks[i - 1]!);
      expect(book.askTicks[i]!).toBeGreaterThan(book.askTicks[i - 1]!);
    }
    for (const lots of [book.bidLots, book.askLots])
      for (const l of lots) expect(Number.isInteger(l) && l >= 1).toBe(true);
    // The touch is dense, every tick.
    expect(book.bidTicks[DENSE_LEVELS - 1]).toBe(book.bidTicks[0]! - (DENSE_LEVELS - 1));
  });

  it('BTCUSDT holds several million USD per 0.05 % near the mid; the reach depends on the level count', () => {
    const reach: Record<string, number> = {};
    for (const ex of EXCHANGE_IDS) {
      const book = depth.bookAt(ex, T)!;
      const near = usdWithin(book, 0.0005);
      expect(near.bid).toBeGreaterThan(1_000_000);
      expect(near.bid).toBeLessThan(12_000_000);
      expect(near.ask).toBeGreaterThan(1_000_000);
      expect(near.ask).toBeLessThan(12_000_000);
      reach[ex] = (book.mid - book.bidTicks[book.bidTicks.length - 1]! * book.tick) / book.mid;
      expect(reach[ex]).toBeLessThan(0.05); // a bin beyond this is unknown to a client
    }
    expect(reach.binance!).toBeGreaterThan(reach.okx!);
    expect(reach.okx!).toBeGreaterThan(reach.bybit!);
    // Farther levels are bigger: the book thickens away from the mid.
    const b = depth.bookAt('binance', T)!;
    const avg = (from: number, to: number) => {
      let s = 0;
      for (let i = from; i < to; i++) s += b.bidLots[i]! * b.bidTicks[i]!;
      return s / (to - from);
    };
    expect(avg(900, 1000)).toBeGreaterThan(2 * avg(20, 120));
  });

  it('ETHUSDT (scaled bars) is thinner in USD, at 0.01 ticks; OKX counts lots of 0.01 contracts of 0.1 ETH', () => {
    const eth = new SyntheticDepth(new ReplayMarket(syntheticEthBars(bars), 'ETHUSDT'));
    expect(eth.tick).toBe(0.01);
    expect(eth.lotBase('okx')).toBeCloseTo(0.001, 12);
    expect(eth.lotBase('bybit')).toBe(0.01);
    for (const ex of EXCHANGE_IDS) {
      const btc = usdWithin(depth.bookAt(ex, T)!, 0.002);
      const e = usdWithin(eth.bookAt(ex, T)!, 0.002);
      expect(e.bid / btc.bid).toBeGreaterThan(0.2);
      expect(e.bid / btc.bid).toBeLessThan(0.7);
    }
  });

  it.each(EXCHANGE_IDS)(
    '%s: diffs applied step by step from a snapshot reproduce the book at every step',
    (ex) => {
      const start = depth.bookAt(ex, T)!;
      const local = localBook(start);
      let prev = start;
      for (let k = 1; k <= 300; k++) {
        const next = depth.bookAtStep(ex, start.step + k)!;
        const diff = bookDiff(prev, next);
        expect(diff.bids.length + diff.asks.length).toBeGreaterThan(0); // the touch always moves
        apply(local, diff);
        expect(mismatches(local, next)).toEqual([]);
        prev = next;
      }
    },
  );

  it('a diff over many steps (a fast replay) and a window of the top levels stay exact', () => {
    const a = depth.bookAt('okx', T)!;
    const b = depth.bookAt('okx', T + 47_300)!;
    const local = localBook(topOf(a, 50));
    const diff = bookDiff(topOf(a, 50), topOf(b, 50));
    apply(local, diff);
    expect(mismatches(local, topOf(b, 50))).toEqual([]);
  });

  it('ids: one Binance/OKX id range and one Bybit u per 100 ms step, always increasing', () => {
    const s = Math.floor(T / 100);
    for (let k = s; k < s + 2000; k++) {
      expect(binanceUpdateId(k + 1)).toBeGreaterThan(binanceUpdateId(k));
      expect(bybitUpdateId(k + 1)).toBe(bybitUpdateId(k) + 1);
      expect(bybitSeq(k + 1)).toBeGreaterThan(bybitSeq(k));
      expect(okxSeqId(k + 1)).toBeGreaterThan(okxSeqId(k));
    }
    expect(Number.isSafeInteger(binanceUpdateId(s))).toBe(true);
    expect(bybitUpdateId(s)).toBeGreaterThan(1);
  });
});

describe('walls on the demo slice', () => {
  const from = market.firstTime;
  const to = market.endTime;

  it.each(EXCHANGE_IDS)(
    '%s: walls appear at round numbers, stand ≥ 60 s, and are pulled or traded through',
    (ex) => {
      const walls = depth.walls(ex, from, to);
      expect(walls.length).toBeGreaterThan(50);
      const traded = walls.filter((w) => w.fate === 'traded');
      const pulled = walls.filter((w) => w.fate === 'pulled');
      expect(traded.length).toBeGreaterThan(walls.length * 0.1);
      expect(pulled.length).toBeGreaterThan(walls.length * 0.3);
      expect(walls.some((w) => w.until - w.from >= 5 * 60_000)).toBe(true); // sometimes several minutes
      for (const w of walls) {
        expect(w.until - w.from).toBeGreaterThanOrEqual(WALL_MIN_STAND_MS);
        expect(w.price % 100).toBeCloseTo(0, 6);
        const reached = (p: number) => (w.side === 'bid' ? p <= w.price : p >= w.price);
        // Before its end the price never reached it; a traded wall's end is the step it was reached.
        for (let t = w.from; t < w.until; t += 1000) expect(reached(market.priceAt(t)!)).toBe(false);
        expect(reached(market.priceAt(w.until)!)).toBe(w.fate === 'traded');
        if (w.fate === 'pulled') expect(w.until).toBe(w.plannedUntil);
      }
    },
  );

  it('a standing wall is in the book on its side (size on top of the background) and is gone once it ends', () => {
    const walls = depth.walls('binance', from, to).slice(0, 40);
    for (const w of walls) {
      const tick = Math.round(w.price / depth.tick);
      const lotsAt = (time: number) => {
        const b = depth.bookAt('binance', time)!;
        const ticks = w.side === 'bid' ? b.bidTicks : b.askTicks;
        const lots = w.side === 'bid' ? b.bidLots : b.askLots;
        const i = ticks.indexOf(tick);
        return i < 0 ? 0 : lots[i]! * b.lotBase;
      };
      expect(lotsAt(w.from + 30_000)).toBeGreaterThanOrEqual(w.quantityBase - 1e-9);
      expect(lotsAt(w.until - 100)).toBeGreaterThanOrEqual(w.quantityBase - 1e-9);
      expect(lotsAt(w.until)).toBeLessThan(w.quantityBase);
      expect(lotsAt(w.from - 100)).toBeLessThan(w.quantityBase);
      expect(w.peakUsd).toBeGreaterThan(5_000_000);
    }
  });

  it.each(EXCHANGE_IDS)(
    '%s: a standing wall’s 0.05 %% bin is at or above the 95th percentile of its side',
    (ex) => {
      const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(0.95 * (xs.length - 1))]!;
      for (const w of depth.walls(ex, from, to).slice(0, 60)) {
        const b = depth.bookAt(ex, Math.floor((w.from + w.until) / 200) * 100)!;
        const ticks = w.side === 'bid' ? b.bidTicks : b.askTicks;
        const lots = w.side === 'bid' ? b.bidLots : b.askLots;
        const binSize = b.mid * 0.0005;
        const bins = new Map<number, number>();
        for (let i = 0; i < ticks.length; i++) {
          const k = Math.floor((ticks[i]! * b.tick) / binSize);
          bins.set(k, (bins.get(k) ?? 0) + lots[i]! * b.lotBase * ticks[i]! * b.tick);
        }
        const own = bins.get(Math.floor(w.price / binSize));
        if (own === undefined) continue; // beyond the reach at that moment: unknown to a client
        expect(own).toBeGreaterThanOrEqual(p95([...bins.values()]));
      }
    },
  );

  it('wallsAt lists exactly the walls standing at a time', () => {
    const all = depth.walls('okx', from, to);
    const w = all[Math.floor(all.length / 2)]!;
    const mid = w.from + Math.floor((w.until - w.from) / 2);
    expect(depth.wallsAt('okx', mid)).toContainEqual(w);
    expect(depth.wallsAt('okx', w.until)).not.toContainEqual(w);
  });
});
