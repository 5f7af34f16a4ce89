import { describe, expect, it } from 'vitest';
import type { BookSample, DepthColumn, Wall } from './types';
import { bucketFloorUsd, RollingPercentile, sizeBucket, WallTracker, wallsFromColumns } from './walls';

const BIN = 10;
const T0 = Date.UTC(2026, 11, 6, 12);
const sec = (s: number) => T0 + s * 1000;

/** Resting size per 10-dollar bin away from walls: 400k–600k USD, spread deterministically. */
const background = (bin: number) => 400_000 + ((bin * 7919) % 200) * 1000;

/**
 * A BTC-like book around `mid`: one level per dollar, 400 a side (bids at mid − 0.5, − 1.5, …), each
 * a tenth of its bin's background, plus the given walls ([price, usd]) on the side they fall on.
 */
function book(
  time: number,
  mid: number,
  walls: Array<readonly [number, number]> = [],
  depth = 400,
): BookSample {
  const bids: Array<readonly [number, number]> = [];
  const asks: Array<readonly [number, number]> = [];
  for (let j = 0; j < depth; j++) {
    const bid = Math.floor(mid) - 0.5 - j;
    const ask = Math.floor(mid) + 0.5 + j;
    bids.push([bid, background(Math.floor(bid / BIN)) / BIN]);
    asks.push([ask, background(Math.floor(ask / BIN)) / BIN]);
  }
  for (const [price, usd] of walls) {
    const levels = price < mid ? bids : asks;
    const at = levels.findIndex(([p]) => p === price);
    if (at >= 0) levels[at] = [price, levels[at]![1] + usd];
  }
  return {
    exchange: 'binance',
    symbol: 'BTCUSDT',
    time,
    mid,
    bids,
    asks,
    reachLow: bids[bids.length - 1]![0],
    reachHigh: asks[asks.length - 1]![0],
  };
}

/** Feeds samples second by second from `from` to `to` (inclusive); returns every wall ended. */
function run(tracker: WallTracker, from: number, to: number, at: (s: number) => BookSample): Wall[] {
  const ended: Wall[] = [];
  for (let s = from; s <= to; s++) ended.push(...tracker.push(at(s)));
  return ended;
}

const wall = (w: Partial<Wall>): Wall => ({
  exchange: 'binance',
  symbol: 'BTCUSDT',
  side: 'bid',
  price: 99_800,
  peakUsd: 5e6,
  lastUsd: 5e6,
  from: T0,
  until: T0,
  fate: 'standing',
  ...w,
});

/** The wall's size in its bin: the 5M order plus the bin's background. */
const WALL_BIN_USD = 5e6 + background(9980);

describe('RollingPercentile', () => {
  it('finds the bucket holding the 95th percentile and forgets readings older than its window', () => {
    const p = new RollingPercentile(10_000, 0.95);
    expect(p.cutBucket()).toBe(-1);
    // 19 sizes of 1,000 USD and one of 1M: the 95th percentile (the 19th of 20) is 1,000.
    p.add(0, Uint8Array.from([...Array(19).fill(sizeBucket(1000)), sizeBucket(1e6)]));
    expect(p.cutBucket()).toBe(sizeBucket(1000));
    expect(bucketFloorUsd(sizeBucket(1000))).toBeCloseTo(1000, 6);
    // Twenty of 1M later: 40 sizes, 21 of 1M; the 38th is 1M.
    p.add(5_000, Uint8Array.from(Array(20).fill(sizeBucket(1e6))));
    expect(p.cutBucket()).toBe(sizeBucket(1e6));
    expect(p.size).toBe(40);
    // At 10 s the first reading leaves the window.
    p.add(10_000, Uint8Array.from([sizeBucket(10)]));
    expect(p.size).toBe(21);
    expect(p.cutBucket()).toBe(sizeBucket(1e6));
  });

  it('buckets sizes on a log scale, 20 to a decade; nothing and NaN in bucket 0', () => {
    expect(sizeBucket(0)).toBe(0);
    expect(sizeBucket(Number.NaN)).toBe(0);
    expect(sizeBucket(1)).toBe(1);
    expect(sizeBucket(10)).toBe(21);
    expect(sizeBucket(1e6)).toBe(121);
    expect(sizeBucket(1.12e6)).toBe(121);
    expect(sizeBucket(1.13e6)).toBe(122);
  });
});

describe('WallTracker', () => {
  it('reports a size that stood 60 s as a wall, and as pulled when it goes before price reaches it', () => {
    const t = new WallTracker('binance', 'BTCUSDT', { binSize: BIN });
    // 5M bid at 99,805.5 (bin 99,800–99,810) from 0 s to 119 s; the price stays at 100,000.
    const at = (s: number) => book(sec(s), 100_000, s < 120 ? [[99_805.5, 5e6]] : []);
    expect(run(t, 0, 59, at)).toEqual([]);
    // 59 s stood: not yet a wall.
    expect(t.walls(sec(59))).toEqual([]);
    t.push(at(60));
    expect(t.walls(sec(60))).toEqual([
      wall({ peakUsd: WALL_BIN_USD, lastUsd: WALL_BIN_USD, until: sec(60) }),
    ]);
    expect(run(t, 61, 120, at)).toEqual([]);
    // Gone at 120 s (one reading is flicker), gone again at 121 s: ended at the last second it stood.
    const ended = t.push(at(121));
    const pulled = wall({ peakUsd: WALL_BIN_USD, lastUsd: WALL_BIN_USD, until: sec(119), fate: 'pulled' });
    expect(ended).toEqual([pulled]);
    expect(t.walls(sec(121))).toEqual([pulled]);
    // Ended walls stay listed for 15 minutes.
    run(t, 122, 119 + 900, at);
    expect(t.walls(sec(119 + 900))).toEqual([]);
  });

  it('tolerates a one-second flicker but not two', () => {
    const t = new WallTracker('binance', 'BTCUSDT', { binSize: BIN });
    // Absent at 30 s (flicker), and at 100 s and 101 s (gone).
    const present = (s: number) => s !== 30 && s < 100;
    const ended = run(t, 0, 101, (s) => book(sec(s), 100_000, present(s) ? [[99_805.5, 5e6]] : []));
    expect(ended).toEqual([
      wall({ peakUsd: WALL_BIN_USD, lastUsd: WALL_BIN_USD, from: sec(0), until: sec(99), fate: 'pulled' }),
    ]);
    // Two seconds away at 30–31 s split it: 0–29 s is no wall, 32–70 s is none either (< 60 s).
    const u = new WallTracker('binance', 'BTCUSDT', { binSize: BIN });
    const twice = (s: number) => (s < 30 || s > 31) && s <= 70;
    expect(run(u, 0, 80, (s) => book(sec(s), 100_000, twice(s) ? [[99_805.5, 5e6]] : []))).toEqual([]);
  });

  it('does not count the flicker second toward the 60 s', () => {
    const t = new WallTracker('binance', 'BTCUSDT', { binSize: BIN });
    run(t, 0, 60, (s) => book(sec(s), 100_000, s !== 30 ? [[99_805.5, 5e6]] : []));
    // 61 samples, one missing: 59 s credited.
    expect(t.walls(sec(60))).toEqual([]);
    t.push(book(sec(61), 100_000, [[99_805.5, 5e6]]));
    expect(t.walls(sec(61))).toHaveLength(1);
  });

  it('calls a wall traded when price comes down into it, even if it then vanishes', () => {
    const t = new WallTracker('binance', 'BTCUSDT', { binSize: BIN });
    // Price falls a dollar a second from 100,000 from 100 s on; the wall's bin tops at 99,810, which
    // the best ask (mid + 0.5) reaches when the mid is 99,809: at 291 s. The wall is eaten there.
    const mid = (s: number) => (s < 100 ? 100_000 : 100_000 - (s - 100));
    const eaten = (s: number) => s >= 292;
    const ended = run(t, 0, 300, (s) => book(sec(s), mid(s), eaten(s) ? [] : [[99_805.5, 5e6]]));
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({
      side: 'bid',
      price: 99_800,
      from: sec(0),
      until: sec(291),
      fate: 'traded',
    });
  });

  it('calls an ask wall above the price traded when the best bid comes up into it', () => {
    const t = new WallTracker('binance', 'BTCUSDT', { binSize: BIN });
    const mid = (s: number) => (s < 100 ? 100_000 : 100_000 + (s - 100));
    // Ask wall of 8M at 100,204.5 (bin 100,200–100,210): the best bid (mid − 0.5) reaches 100,200 at 301 s.
    const ended = run(t, 0, 310, (s) => book(sec(s), mid(s), s <= 302 ? [[100_204.5, 8e6]] : []));
    expect(ended).toEqual([
      wall({
        side: 'ask',
        price: 100_200,
        peakUsd: 8e6 + background(10020),
        // At 302 s the best ask is 100,202.5: two of the bin's ten background levels are gone.
        lastUsd: 8e6 + 0.8 * background(10020),
        from: sec(0),
        until: sec(302),
        fate: 'traded',
      }),
    ]);
  });

  it('never makes a wall of a spoof that shows for 20 s', () => {
    const t = new WallTracker('binance', 'BTCUSDT', { binSize: BIN });
    const spoof = (s: number) => s >= 40 && s < 60;
    const ended = run(t, 0, 200, (s) => book(sec(s), 100_000, spoof(s) ? [[99_905, 50e6]] : []));
    expect(ended).toEqual([]);
    expect(t.walls(sec(200))).toEqual([]);
  });

  it('keeps a wall whose bin falls beyond the book’s reach: unknown, not gone', () => {
    const t = new WallTracker('binance', 'BTCUSDT', { binSize: BIN });
    // From 70 s to 130 s the book knows only 100 levels a side: the wall's bin is beyond its reach.
    const depth = (s: number) => (s >= 70 && s <= 130 ? 100 : 400);
    expect(run(t, 0, 200, (s) => book(sec(s), 100_000, [[99_805.5, 5e6]], depth(s)))).toEqual([]);
    expect(t.walls(sec(200))).toEqual([
      wall({ peakUsd: WALL_BIN_USD, lastUsd: WALL_BIN_USD, from: sec(0), until: sec(200) }),
    ]);
  });

  it('ends walls at a break in the samples without calling them pulled', () => {
    const t = new WallTracker('binance', 'BTCUSDT', { binSize: BIN });
    run(t, 0, 90, (s) => book(sec(s), 100_000, [[99_805.5, 5e6]]));
    const ended = t.push(book(sec(120), 100_000, [[99_805.5, 5e6]]));
    expect(ended).toEqual([
      wall({ peakUsd: WALL_BIN_USD, lastUsd: WALL_BIN_USD, from: sec(0), until: sec(90), fate: 'standing' }),
    ]);
    // It starts again as a new candidate after the break.
    expect(t.walls(sec(120)).filter((w) => w.until === sec(120))).toEqual([]);
  });

  it('has no wall in a flat book, where every bin is at the 95th percentile', () => {
    const t = new WallTracker('binance', 'BTCUSDT', { binSize: BIN });
    const flat = (s: number): BookSample => ({
      ...book(sec(s), 100_000),
      bids: Array.from({ length: 400 }, (_, j) => [99_999.5 - j, 50_000] as const),
      asks: Array.from({ length: 400 }, (_, j) => [100_000.5 + j, 50_000] as const),
    });
    run(t, 0, 120, flat);
    expect(t.walls(sec(120))).toEqual([]);
  });

  it('refuses another book’s sample and time going back, with a clear error', () => {
    const t = new WallTracker('binance', 'BTCUSDT', { binSize: BIN });
    t.push(book(sec(1), 100_000));
    expect(() => t.push({ ...book(sec(2), 100_000), exchange: 'okx' })).toThrow(/sample of okx BTCUSDT/);
    expect(() => t.push(book(sec(1), 100_000))).toThrow(/not after the previous one/);
    expect(() => new WallTracker('okx', 'BTCUSDT', { binSize: 0 })).toThrow(/binSize must be above zero/);
  });
});

/**
 * 10-second columns of bins 9,960–10,039 (99,600–100,400) around a mid; each bin holds its
 * background the whole column, plus the given walls [bin, usd, seconds stood in the column].
 */
function column(
  time: number,
  mid: number,
  walls: Array<readonly [bin: number, usd: number, seconds: number]> = [],
): DepthColumn {
  const loBin = 9960;
  const hiBin = 10039;
  const n = hiBin - loBin + 1;
  const c: DepthColumn = {
    exchange: 'bybit',
    symbol: 'BTCUSDT',
    time,
    spanMs: 10_000,
    binSize: BIN,
    loBin,
    hiBin,
    mid,
    samples: 10,
    bidMax: new Float32Array(n),
    bidMean: new Float32Array(n),
    askMax: new Float32Array(n),
    askMean: new Float32Array(n),
    stoodSec: new Uint8Array(n).fill(10),
  };
  for (let k = loBin; k <= hiBin; k++) {
    const side = (k + 1) * BIN <= mid ? 'bid' : 'ask';
    const [max, mean] = side === 'bid' ? [c.bidMax, c.bidMean] : [c.askMax, c.askMean];
    max[k - loBin] = background(k);
    mean[k - loBin] = background(k);
    for (const [bin, usd, seconds] of walls) {
      if (bin !== k) continue;
      max[k - loBin] = background(k) + usd;
      mean[k - loBin] = background(k) + (usd * seconds) / 10;
    }
  }
  return c;
}

const columns = (n: number, at: (i: number) => DepthColumn) => Array.from({ length: n }, (_, i) => at(i));

describe('wallsFromColumns', () => {
  it('finds a wall that stands six whole columns and calls it pulled when it goes', () => {
    const cols = columns(30, (i) => column(sec(10 * i), 100_000, i >= 5 && i < 11 ? [[9980, 5e6, 10]] : []));
    const mean = Math.fround(WALL_BIN_USD);
    expect(wallsFromColumns(cols)).toEqual([
      wall({
        exchange: 'bybit',
        peakUsd: mean,
        lastUsd: mean,
        from: sec(50),
        until: sec(110),
        fate: 'pulled',
      }),
    ]);
    // Five columns (50 s) are not enough.
    const short = columns(30, (i) => column(sec(10 * i), 100_000, i >= 5 && i < 10 ? [[9980, 5e6, 10]] : []));
    expect(wallsFromColumns(short)).toEqual([]);
  });

  it('tolerates one column of flicker and reports a wall still standing at the end as standing', () => {
    const present = (i: number) => i >= 2 && i !== 5;
    const cols = columns(12, (i) => column(sec(10 * i), 100_000, present(i) ? [[9980, 5e6, 10]] : []));
    // Columns 2–4 and 6–11: 90 s stood, the flicker column not counted.
    expect(wallsFromColumns(cols)).toEqual([
      wall({
        exchange: 'bybit',
        peakUsd: Math.fround(WALL_BIN_USD),
        lastUsd: Math.fround(WALL_BIN_USD),
        from: sec(20),
        until: sec(120),
      }),
    ]);
  });

  it('does not make a wall of a spoof: 20 s of a huge size, in 10 s columns or inside one 60 s column', () => {
    const cols = columns(20, (i) =>
      column(sec(10 * i), 100_000, i === 4 || i === 5 ? [[9990, 50e6, 10]] : []),
    );
    expect(wallsFromColumns(cols)).toEqual([]);
    // Coarse 60 s columns: the spoof stood 20 of 60 s; its mean is still far above the percentile.
    const coarse = columns(10, (i) => ({
      ...column(T0 + 60_000 * i, 100_000, i === 3 ? [[9990, 50e6, 20 / 6]] : []),
      spanMs: 60_000,
      samples: 60,
      stoodSec: new Uint8Array(80).fill(60),
    }));
    expect(wallsFromColumns(coarse)).toEqual([]);
  });

  it('calls a wall traded when the column’s mid enters its bin', () => {
    // The mid falls from 100,000 to 99,805 at column 20: inside the wall's bin 99,800–99,810.
    const mid = (i: number) => (i < 20 ? 100_000 : 99_805);
    const cols = columns(24, (i) => column(sec(10 * i), mid(i), i < 21 ? [[9980, 5e6, 10]] : []));
    const ended = wallsFromColumns(cols);
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ side: 'bid', price: 99_800, from: sec(0), fate: 'traded' });
  });

  it('treats a NaN cell (a rejected CSV line) and a bin outside the column as unknown', () => {
    const cols = columns(20, (i) => {
      const c = column(sec(10 * i), 100_000, [[9980, 5e6, 10]]);
      if (i === 7 || i === 8) c.bidMean[9980 - c.loBin] = Number.NaN;
      return c;
    });
    const walls = wallsFromColumns(cols);
    expect(walls).toHaveLength(1);
    expect(walls[0]).toMatchObject({ from: sec(0), until: sec(200), fate: 'standing' });
  });

  it('ends walls at a gap of more than one column', () => {
    const cols = [
      ...columns(10, (i) => column(sec(10 * i), 100_000, [[9980, 5e6, 10]])),
      ...columns(10, (i) => column(sec(130 + 10 * i), 100_000, [[9980, 5e6, 10]])),
    ];
    const walls = wallsFromColumns(cols);
    expect(walls.map((w) => [w.from, w.until, w.fate])).toEqual([
      [sec(0), sec(100), 'standing'],
      [sec(130), sec(230), 'standing'],
    ]);
  });
});
