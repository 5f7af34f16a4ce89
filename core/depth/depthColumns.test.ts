import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  DEPTH_COLUMN_MS,
  DepthColumnBuilder,
  DepthSampleError,
  depthOnRows,
  foldDepthColumns,
} from './depthColumns';
import type { BookSample, DepthColumn } from './types';

/** A column boundary: 2026-12-06 12:00:00 UTC. */
const T0 = Date.UTC(2026, 11, 6, 12, 0, 0);
const BIN = 20;
const MID = 91_000;

/** A book around $91k reaching ±$1,000, with the given extra levels (price → USD) on top. */
function sample(
  time: number,
  extra: { bids?: Array<[number, number]>; asks?: Array<[number, number]> } = {},
  over: Partial<BookSample> = {},
): BookSample {
  return {
    exchange: 'binance',
    symbol: 'BTCUSDT',
    time,
    mid: MID,
    bids: [[90_999.9, 50_000], ...(extra.bids ?? [])],
    asks: [[91_000.1, 60_000], ...(extra.asks ?? [])],
    reachLow: 90_000,
    reachHigh: 92_000,
    ...over,
  };
}

/** Value of a column's per-bin array at an absolute bin. */
const at = (c: DepthColumn, key: 'bidMax' | 'bidMean' | 'askMax' | 'askMean' | 'stoodSec', bin: number) =>
  c[key][bin - c.loBin];

/** Feeds samples at T0 + offsets (seconds), each one built by `make`; returns every closed column. */
function feed(builder: DepthColumnBuilder, offsetsSec: number[], make: (sec: number) => BookSample) {
  const out: DepthColumn[] = [];
  for (const s of offsetsSec) out.push(...builder.add(make(s)));
  return out;
}

/** Float32 storage keeps ~7 significant digits. */
const near = (actual: number | undefined, expected: number) =>
  expect(Math.abs(actual! / expected - 1), `${actual} vs ${expected}`).toBeLessThan(1e-6);

const builder = () => new DepthColumnBuilder('binance', 'BTCUSDT', BIN);
const tenSeconds = Array.from({ length: 11 }, (_, i) => i);

describe('DepthColumnBuilder', () => {
  it('folds ten one-second samples into one 10 s column: largest, time-weighted mean, seconds stood', () => {
    // Bin 4,540 ($90,800–90,820): 100k in the first second, 300k in the second, 200k after.
    const size = (s: number) => (s === 0 ? 100_000 : s === 1 ? 300_000 : 200_000);
    const cols = feed(builder(), tenSeconds, (s) =>
      sample(T0 + s * 1000, { bids: [[90_810, size(s)]], asks: s === 3 || s === 4 ? [[91_500, 1e6]] : [] }),
    );
    expect(cols).toHaveLength(1);
    const c = cols[0]!;
    expect(c.time).toBe(T0);
    expect(c.spanMs).toBe(DEPTH_COLUMN_MS);
    expect(c.samples).toBe(10);
    expect(c.mid).toBe(MID);
    expect(at(c, 'bidMax', 4_540)).toBe(300_000);
    expect(at(c, 'bidMean', 4_540)).toBeCloseTo((100_000 + 300_000 + 8 * 200_000) / 10, 6);
    expect(at(c, 'stoodSec', 4_540)).toBe(10);
    // A wall that flickered for two seconds: its largest is whole, its mean a fifth, it stood 2 s.
    expect(at(c, 'askMax', 4_575)).toBe(1e6);
    expect(at(c, 'askMean', 4_575)).toBeCloseTo(2e5, 6);
    expect(at(c, 'stoodSec', 4_575)).toBe(2);
    // The best bid and ask, each on its side of the mid bin (4,549 and 4,550).
    expect(at(c, 'bidMax', 4_549)).toBe(50_000);
    expect(at(c, 'askMax', 4_549)).toBe(0);
    expect(at(c, 'askMax', 4_550)).toBe(60_000);
    // Known and empty: zero, with nothing stood.
    expect(at(c, 'bidMax', 4_520)).toBe(0);
    expect(at(c, 'stoodSec', 4_520)).toBe(0);
  });

  it('keeps only the bins every sample of the column reached: beyond is unknown, not zero', () => {
    const cols = feed(builder(), tenSeconds, (s) =>
      sample(T0 + s * 1000, {}, s === 6 ? { reachLow: 90_510, reachHigh: 91_700 } : {}),
    );
    const c = cols[0]!;
    // reach [90,000, 92,000] → bins 4,500…4,599; the shallow sample cuts it to 4,526…4,584.
    expect([c.loBin, c.hiBin]).toEqual([4_526, 4_584]);
    expect(c.bidMax).toHaveLength(4_584 - 4_526 + 1);
    // The next column, all samples deep again, knows the whole reach.
    const next = feed(builder(), [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], (s) => sample(T0 + s * 1000));
    expect([next[0]!.loBin, next[0]!.hiBin]).toEqual([4_500, 4_599]);
  });

  it('cuts columns at multiples of 10 s and splits a hold that runs over the boundary', () => {
    const b = builder();
    // Samples half a second off the second: 9.5 s holds [9.5, 10.5), half in each column.
    const offsets = [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5];
    const cols = feed(b, offsets, (s) => sample(T0 + s * 1000, { bids: [[90_810, s === 9.5 ? 1e6 : 0]] }));
    expect(cols.map((c) => c.time - T0)).toEqual([0]);
    // First column: counted from 0.5 s to 10 s (9.5 s), the big size for its last 0.5 s.
    near(at(cols[0]!, 'bidMean', 4_540), (1e6 * 0.5) / 9.5);
    expect(cols[0]!.samples).toBe(10);
    const rest = b.flush(T0 + 20_000);
    expect(rest.map((c) => c.time - T0)).toEqual([10_000]);
    // Second: 10 → 10.5 s the big size, then samples at 10.5 and 11.5 held 1 s and 3 s (the cap).
    near(at(rest[0]!, 'bidMean', 4_540), (1e6 * 0.5) / 4.5);
    expect(at(rest[0]!, 'bidMax', 4_540)).toBe(1e6);
    expect(at(rest[0]!, 'stoodSec', 4_540)).toBe(1);
    expect(rest[0]!.samples).toBe(2);
  });

  it('counts nothing for a gap longer than 3 s: a sample holds 3 s at most', () => {
    // Samples at 0, 1, 2 then 8, 9: the sample at 2 s holds to 5 s; 5 → 8 s is not counted.
    const size = (s: number) => (s < 5 ? 100 : 400);
    const cols = feed(builder(), [0, 1, 2, 8, 9, 10], (s) =>
      sample(T0 + s * 1000, { bids: [[90_810, size(s)]] }),
    );
    const c = cols[0]!;
    expect(c.samples).toBe(5);
    near(at(c, 'bidMean', 4_540), (100 * 5 + 400 * 2) / 7);
    expect(at(c, 'stoodSec', 4_540)).toBe(7);
    expect(at(c, 'bidMax', 4_540)).toBe(400);
  });

  it('skips a column with no sample of its own, and flush closes a column whose book stopped', () => {
    const b = builder();
    feed(b, [0, 1, 2], (s) => sample(T0 + s * 1000));
    expect(b.flush(T0 + 9_000)).toEqual([]);
    const closed = b.flush(T0 + 35_000);
    expect(closed.map((c) => [c.time - T0, c.samples])).toEqual([[0, 3]]);
    // A late sample inside the closed column would reopen it: refused.
    expect(() => b.add(sample(T0 + 8_000))).toThrow(/already closed/);
    // The book comes back 40 s later: nothing is held over the gap.
    const later = feed(b, [40, 50], (s) => sample(T0 + s * 1000));
    expect(later.map((c) => [c.time - T0, c.samples])).toEqual([[40_000, 1]]);
  });

  it('rejects a sample out of order, of another book, or with impossible numbers, and folds on unharmed', () => {
    const b = builder();
    b.add(sample(T0));
    b.add(sample(T0 + 1000));
    expect(() => b.add(sample(T0 + 1000))).toThrow(DepthSampleError);
    expect(() => b.add(sample(T0 + 500))).toThrow(/not after the previous sample/);
    expect(() => b.add(sample(T0 + 2000, {}, { exchange: 'okx' }))).toThrow(/binance BTCUSDT/);
    expect(() => b.add(sample(T0 + 2000, { bids: [[90_810, Number.NaN]] }))).toThrow(/not a price and a USD/);
    expect(() => b.add(sample(T0 + 2000, {}, { mid: 0 }))).toThrow(/mid 0/);
    const cols = feed(b, [2, 3, 4, 5, 6, 7, 8, 9, 10], (s) => sample(T0 + s * 1000));
    expect(cols[0]!.samples).toBe(10);
  });

  it('holds the same memory after 30 minutes of one-second samples as after ten seconds', () => {
    const b = builder();
    let columns = 0;
    const deep = (t: number) =>
      sample(t, {
        bids: Array.from({ length: 1_000 }, (_, i) => [90_999 - i * 4.5, 20_000] as [number, number]),
        asks: Array.from({ length: 1_000 }, (_, i) => [91_001 + i * 4.5, 20_000] as [number, number]),
      });
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = () => {
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    for (let s = 0; s < 10; s++) columns += b.add(deep(T0 + s * 1000)).length;
    const early = b.retainedBytes();
    const heapEarly = heap();
    // 1,790 samples of 2,000 levels: ~30 MB as objects had the builder kept them.
    for (let s = 10; s < 1_800; s++) columns += b.add(deep(T0 + s * 1000)).length;
    const heapLate = heap();
    expect(columns).toBe(179);
    expect(b.retainedBytes()).toBe(early);
    expect(early).toBeLessThan(32 * 1024);
    expect(heapLate - heapEarly).toBeLessThan(2_000_000);
  });
});

/** A hand-made 10 s column over bins lo…hi with per-bin values from `f(bin)`. */
function column(
  time: number,
  lo: number,
  hi: number,
  f: (bin: number) => [bidMax: number, bidMean: number, askMax: number, askMean: number, stood: number],
  samples = 10,
): DepthColumn {
  const n = hi - lo + 1;
  const c: DepthColumn = {
    exchange: 'binance',
    symbol: 'BTCUSDT',
    time,
    spanMs: DEPTH_COLUMN_MS,
    binSize: BIN,
    loBin: lo,
    hiBin: hi,
    mid: MID,
    samples,
    bidMax: new Float32Array(n),
    bidMean: new Float32Array(n),
    askMax: new Float32Array(n),
    askMean: new Float32Array(n),
    stoodSec: new Uint8Array(n),
  };
  for (let k = lo; k <= hi; k++) {
    const [bm, bme, am, ame, st] = f(k);
    c.bidMax[k - lo] = bm;
    c.bidMean[k - lo] = bme;
    c.askMax[k - lo] = am;
    c.askMean[k - lo] = ame;
    c.stoodSec[k - lo] = st;
  }
  return c;
}

describe('depthOnRows', () => {
  // Rows of two $20 book bins from bin 4,540: row 0 = bins 4,540–4,541, row 1 = 4,542–4,543, …
  const layout = { rowBaseBin: 4_540, factor: 2, rows: 4 };

  it('sums a row’s bins, one grid column per depth column, and marks rows beyond the reach unknown', () => {
    const c = column(T0, 4_541, 4_545, (k) => [k, k / 2, 1, 0.5, k - 4_540]);
    const d = depthOnRows([c], layout, 20, { times: [T0], spanMs: 10_000 });
    expect([d.rows, d.cols]).toEqual([4, 1]);
    // Row 0 lacks bin 4,540 and row 3 (4,546–4,547) is beyond hiBin: unknown. Rows 1 and 2 are whole.
    expect(Array.from(d.known)).toEqual([0, 1, 1, 0]);
    expect(d.bidMax[2]).toBe(4_544 + 4_545);
    expect(d.stood[2]).toBe(5);
    expect(d.bidMax[1]).toBe(4_542 + 4_543);
    expect(d.bidMean[1]).toBe((4_542 + 4_543) / 2);
    expect(d.askMax[1]).toBe(2);
    expect(d.askMean[1]).toBe(1);
    expect(d.stood[1]).toBe(3);
    for (const r of [0, 3]) {
      expect(d.bidMax[r]).toBeNaN();
      expect(d.bidMean[r]).toBeNaN();
      expect(d.stood[r]).toBeNaN();
    }
  });

  it('folds 10 s columns into coarser grid columns: largest of largest, weighted mean of means, stood summed', () => {
    const cols = [
      column(T0, 4_540, 4_547, () => [10, 4, 0, 0, 10]),
      column(T0 + 10_000, 4_540, 4_547, () => [30, 8, 0, 0, 5], 5),
      // Another minute, with a shallow book: only rows 1 and 2 known.
      column(T0 + 60_000, 4_542, 4_545, () => [7, 7, 1, 1, 10]),
      // Outside the grid's columns: ignored.
      column(T0 + 180_000, 4_540, 4_547, () => [99, 99, 99, 99, 10]),
    ];
    const d = depthOnRows(cols, layout, 20, { times: [T0, T0 + 60_000], spanMs: 60_000 });
    // Column 0, every row: max 2·30, mean (2·4·10 + 2·8·5) / 15, stood 10 + 5.
    for (let r = 0; r < 4; r++) {
      expect(d.known[r]).toBe(1);
      expect(d.bidMax[r]).toBe(60);
      expect(d.bidMean[r]).toBeCloseTo((8 * 10 + 16 * 5) / 15, 5);
      expect(d.askMax[r]).toBe(0);
      expect(d.stood[r]).toBe(15);
    }
    expect(Array.from(d.known.subarray(4))).toEqual([0, 1, 1, 0]);
    expect(d.bidMax[4 + 1]).toBe(14);
    expect(d.askMean[4 + 2]).toBe(2);
    expect(d.misfit).toBe(0);
  });

  it('leaves out (and counts) columns whose bins do not fit the rows, and refuses finer grid columns', () => {
    const odd = { ...column(T0, 4_540, 4_547, () => [1, 1, 1, 1, 1]), binSize: 50 };
    const d = depthOnRows([odd], layout, 20, { times: [T0], spanMs: 10_000 });
    expect(d.misfit).toBe(1);
    expect(Array.from(d.known)).toEqual([0, 0, 0, 0]);
    expect(() =>
      depthOnRows([column(T0, 4_540, 4_547, () => [1, 1, 1, 1, 1])], layout, 20, {
        times: [T0],
        spanMs: 5_000,
      }),
    ).toThrow(RangeError);
    const binance = column(T0, 4_540, 4_547, () => [1, 1, 1, 1, 1]);
    const okx = { ...column(T0 + 10_000, 4_540, 4_547, () => [1, 1, 1, 1, 1]), exchange: 'okx' as const };
    expect(() => depthOnRows([binance, okx], layout, 20, { times: [T0], spanMs: 60_000 })).toThrow(
      /one book at a time/,
    );
  });

  it('re-bins what the builder folded onto rows of the grid', () => {
    const b = builder();
    const cols = feed(b, tenSeconds, (s) =>
      sample(T0 + s * 1000, {
        bids: [
          [90_810, 1_000 * (s + 1)],
          [90_790, 500],
        ],
      }),
    );
    // One row per 2 bins from 4,538: row 1 = bins 4,540–4,541 ($90,800–90,840).
    const d = depthOnRows(cols, { rowBaseBin: 4_538, factor: 2, rows: 3 }, 20, {
      times: [T0],
      spanMs: 10_000,
    });
    expect(d.bidMax[1]).toBe(10_000);
    expect(d.bidMean[1]).toBeCloseTo(5_500, 3);
    expect(d.bidMax[0]).toBe(500);
    expect(d.stood[0]).toBe(10);
  });
});

describe('foldDepthColumns', () => {
  const column = (
    time: number,
    lo: number,
    values: number[],
    samples = 10,
    exchange: 'binance' | 'okx' = 'binance',
  ) => ({
    exchange,
    symbol: 'BTCUSDT',
    time,
    spanMs: 10_000,
    binSize: 20,
    loBin: lo,
    hiBin: lo + values.length - 1,
    mid: 100_000 + time / 1000,
    samples,
    bidMax: Float32Array.from(values.map((v) => v * 2)),
    bidMean: Float32Array.from(values),
    askMax: Float32Array.from(values.map((v) => v * 3)),
    askMean: Float32Array.from(values.map((v) => v / 2)),
    stoodSec: Uint8Array.from(values.map((v) => (v > 0 ? 10 : 0))),
  });

  it('folds six 10 s columns into one minute: largest, sample-weighted mean, seconds summed, reach intersected', () => {
    const cols = [
      column(60_000, 5000, [10, 20, 30], 10),
      column(70_000, 5001, [40, 50, 60], 10),
      column(80_000, 5000, [0, 100, 0, 7], 5),
    ];
    const [m] = foldDepthColumns(cols, 60_000);
    expect(m).toMatchObject({ time: 60_000, spanMs: 60_000, loBin: 5001, hiBin: 5002, samples: 25 });
    expect(m!.mid).toBe(100_080);
    // Bin 5001: values 20, 40, 100 (weights 10, 10, 5); bin 5002: 30, 50, 0.
    expect(Array.from(m!.bidMax)).toEqual([200, 100]);
    expect(m!.bidMean[0]).toBeCloseTo((20 * 10 + 40 * 10 + 100 * 5) / 25, 4);
    expect(m!.bidMean[1]).toBeCloseTo((30 * 10 + 50 * 10) / 25, 4);
    expect(Array.from(m!.stoodSec)).toEqual([30, 20]);
  });

  it('keeps exchanges and spans apart, and leaves out a span whose columns share no known bin', () => {
    const folded = foldDepthColumns(
      [
        column(0, 10, [1, 1]),
        column(10_000, 20, [1]),
        column(0, 10, [5], 10, 'okx'),
        column(60_000, 10, [2]),
      ],
      60_000,
    );
    expect(folded.map((c) => `${c.exchange}@${c.time}`)).toEqual(['okx@0', 'binance@60000']);
  });

  it('refuses a span that is not a multiple of 10 s or beyond 240 s', () => {
    expect(() => foldDepthColumns([], 15_000)).toThrow(RangeError);
    expect(() => foldDepthColumns([], 300_000)).toThrow(RangeError);
  });
});
