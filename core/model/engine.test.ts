import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Bar, parseBarCsv } from '../data/bars';
import { DEFAULT_CONFIG, type EngineConfig } from './config';
import {
  computeHeatmap,
  computeMultiExchangeHeatmap,
  HeatmapInputError,
  HeatmapSession,
  tryComputeHeatmap,
} from './index';
import { LevelBook } from './levelBook';
import type { HeatmapResult } from './types';

const M5 = 300_000;
const T0 = 1_780_000_200_000; // a multiple of 5 min

/** A deterministic random walk with OI drifting up and down, like a quiet BTC day. */
function walk(n: number, seed = 7, start = 60_000): Bar[] {
  let s = seed;
  const rnd = () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
  const bars: Bar[] = [];
  let price = start;
  let oi = 8e9;
  for (let i = 0; i < n; i++) {
    const open = price;
    const close = open * (1 + (rnd() - 0.5) * 0.006);
    const high = Math.max(open, close) * (1 + rnd() * 0.002);
    const low = Math.min(open, close) * (1 - rnd() * 0.002);
    oi *= 1 + (rnd() - 0.48) * 0.004;
    bars.push({ time: T0 + i * M5, open, high, low, close, oiUsd: oi, takerDeltaBase: (rnd() - 0.5) * 400 });
    price = close;
  }
  return bars;
}

function expectSameResult(a: HeatmapResult, b: HeatmapResult, tol = 1e-3): void {
  expect(a.grid.long.length).toBe(b.grid.long.length);
  expect(a.at).toBe(b.at);
  expect(a.price).toBe(b.price);
  const ga = a.grid;
  const gb = b.grid;
  expect([ga.columns, ga.rows, ga.priceMin, ga.binSize, ga.timeStart, ga.timeEnd]).toEqual([
    gb.columns,
    gb.rows,
    gb.priceMin,
    gb.binSize,
    gb.timeStart,
    gb.timeEnd,
  ]);
  expect(Array.from(ga.columnTimes)).toEqual(Array.from(gb.columnTimes));
  expect(Array.from(ga.close)).toEqual(Array.from(gb.close));
  expect(Array.from(ga.high)).toEqual(Array.from(gb.high));
  // Cells agree to float precision relative to the hottest cell.
  const scale = Math.max(1, ga.maxCell);
  let worst = 0;
  for (let i = 0; i < ga.long.length; i++) {
    worst = Math.max(
      worst,
      Math.abs(ga.long[i]! - gb.long[i]!) / scale,
      Math.abs(ga.short[i]! - gb.short[i]!) / scale,
    );
  }
  expect(worst).toBeLessThan(tol * 1e-3);
  expect(Math.abs(ga.maxCell - gb.maxCell) / scale).toBeLessThan(tol * 1e-3);
}

function allFinite(r: HeatmapResult): boolean {
  const ok = (x: ArrayLike<number>) => {
    for (let i = 0; i < x.length; i++) if (!(Number.isFinite(x[i]!) && x[i]! >= 0)) return false;
    return true;
  };
  const g = r.grid;
  const p = r.profile;
  return (
    ok(g.long) &&
    ok(g.short) &&
    ok(g.open) &&
    ok(g.close) &&
    Number.isFinite(g.maxCell) &&
    ok(p.long) &&
    ok(p.short) &&
    ok(p.cumulativeLong) &&
    ok(p.cumulativeShort) &&
    r.zones.every(
      (z) =>
        Number.isFinite(z.priceLow) &&
        z.priceLow >= 0 &&
        z.notionalUsd >= 0 &&
        Number.isFinite(z.notionalUsd) &&
        Number.isFinite(z.distancePct) &&
        z.intensity >= 0 &&
        z.intensity <= 1,
    )
  );
}

describe('computeHeatmap', () => {
  const bars = walk(2_000);

  it('lays one column per bar for 12h of 5-minute bars, ending at the newest bar', () => {
    const r = computeHeatmap(bars, { window: '12h' });
    expect(r.at).toBe(bars.at(-1)!.time);
    expect(r.grid.columns).toBe(144);
    expect(r.grid.columnTimes.at(-1)).toBe(bars.at(-1)!.time);
    expect(r.grid.close.at(-1)).toBe(bars.at(-1)!.close);
    expect(r.grid.rows).toBeLessThanOrEqual(DEFAULT_CONFIG.grid.maxRows);
    expect(r.grid.priceMax - r.grid.priceMin).toBeCloseTo(r.grid.rows * r.grid.binSize, 6);
    expect(r.grid.maxCell).toBeGreaterThan(0);
  });

  it('puts several bars in a column for wide windows, never more than maxColumns + 1 columns', () => {
    const r = computeHeatmap(walk(9_000), { window: '30d' });
    expect(r.grid.columns).toBeLessThanOrEqual(DEFAULT_CONFIG.grid.maxColumns + 1);
    expect(r.grid.columnTimes[1]! - r.grid.columnTimes[0]!).toBe(9 * M5);
  });

  it('bins prices no finer than the symbol’s tick when it is given', () => {
    // At 3 USDT the 12h book bin would be 0.0005; a 0.003 tick makes every row a whole number of ticks.
    const cheap = walk(600, 7, 3);
    const ticks = (r: HeatmapResult) => r.grid.binSize / 0.003;
    const withTick = computeHeatmap(cheap, { window: '12h', tickSize: 0.003 });
    expect(ticks(withTick)).toBeCloseTo(Math.round(ticks(withTick)), 9);
    expect(withTick.grid.binSize).toBeGreaterThanOrEqual(0.003);
    const without = computeHeatmap(cheap, { window: '12h' });
    expect(Math.abs(ticks(without) - Math.round(ticks(without)))).toBeGreaterThan(1e-6);
    // A live session takes the same option.
    const session = new HeatmapSession(cheap, { window: '12h', tickSize: 0.003 });
    expect(session.result().grid.binSize).toBe(withTick.grid.binSize);
  });

  it('uses only bars up to `at`', () => {
    const at = bars[1_500]!.time;
    const r = computeHeatmap(bars, { window: '24h', at });
    const same = computeHeatmap(bars.slice(0, 1_501), { window: '24h' });
    expectSameResult(r, same);
  });

  it('keeps long levels below price and short levels above in the newest column', () => {
    const r = computeHeatmap(bars, { window: '24h' });
    const { rows, columns, priceMin, binSize } = r.grid;
    const o = (columns - 1) * rows;
    for (let row = 0; row < rows; row++) {
      const lo = priceMin + row * binSize;
      if (lo > r.price) expect(r.grid.long[o + row]).toBe(0);
      if (lo + binSize < r.price) expect(r.grid.short[o + row]).toBe(0);
    }
    expect(r.zones.filter((z) => z.side === 'long').every((z) => z.distancePct < 0)).toBe(true);
    expect(r.zones.filter((z) => z.side === 'short').every((z) => z.distancePct > 0)).toBe(true);
  });

  it('sorts unsorted bars (a repeated time keeps the later bar) and gives the same result', () => {
    const shuffled = [...bars].reverse();
    expectSameResult(computeHeatmap(shuffled, { window: '12h' }), computeHeatmap(bars, { window: '12h' }));
  });

  it('fills a gap with the book as it stood and a flat candle', () => {
    const gapped = bars.filter((_, i) => i < 1_950 || i > 1_960);
    const r = computeHeatmap(gapped, { window: '12h' });
    expect(allFinite(r)).toBe(true);
    const c = r.grid.columnTimes.indexOf(bars[1_955]!.time);
    expect(c).toBeGreaterThan(0);
    expect(r.grid.open[c]).toBe(bars[1_949]!.close);
    expect(r.grid.high[c]).toBe(bars[1_949]!.close);
    const rows = r.grid.rows;
    expect(Array.from(r.grid.long.subarray(c * rows, (c + 1) * rows))).toEqual(
      Array.from(r.grid.long.subarray((c - 1) * rows, c * rows)),
    );
  });

  it('rejects empty and impossible input with a clear error', () => {
    expect(() => computeHeatmap([], { window: '12h' })).toThrow(HeatmapInputError);
    expect(() => computeHeatmap([], { window: '12h' })).toThrow(/no bars/);
    const bad = [...bars.slice(0, 10), { ...bars[10]!, high: Number.NaN }];
    expect(() => computeHeatmap(bad, { window: '12h' })).toThrow(/binance\[10\]: high NaN/);
    expect(() => computeHeatmap(bars, { window: '12h', at: bars[0]!.time - 1 })).toThrow(
      /no bar at or before/,
    );
    const r = tryComputeHeatmap([], { window: '12h' });
    expect(r.ok).toBe(false);
  });

  it('treats OI that is not known as no change, never as NaN', () => {
    const holes = bars.map((b, i) => (i % 7 === 0 ? { ...b, oiUsd: undefined } : b));
    const r = computeHeatmap(holes, { window: '24h' });
    expect(allFinite(r)).toBe(true);
    expect(r.grid.maxCell).toBeGreaterThan(0);
  });

  it('works on a parsed CSV with junk rows and cells', () => {
    const lines = ['time,open,high,low,close,oi_usd,taker_delta_base'];
    for (const b of bars.slice(0, 400)) {
      lines.push([b.time, b.open, b.high, b.low, b.close, b.oiUsd, b.takerDeltaBase].join(','));
    }
    lines.splice(50, 0, 'garbage,row,here,,,', `${T0 + 3},1,2,3,4,5,6`); // dropped by the parser
    lines[100] = lines[100]!.replace(/,[^,]*,([^,]*)$/, ',-5,$1'); // negative OI → not known
    lines[120] = lines[120]!.replace(/,([^,]*)$/, ',abc'); // junk taker delta → not known
    const parsed = parseBarCsv(lines.join('\n'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.issues.length).toBeGreaterThanOrEqual(3);
    const r = computeHeatmap(parsed.value.bars, { window: '12h' });
    expect(allFinite(r)).toBe(true);
    expect(r.grid.maxCell).toBeGreaterThan(0);
  });
});

describe('HeatmapSession', () => {
  const bars = walk(1_200, 11);

  it('appending bars one by one gives the same result as a full recomputation, cell by cell', () => {
    for (const window of ['12h', '24h', '3d'] as const) {
      const session = new HeatmapSession(bars.slice(0, 700), { window });
      for (const b of bars.slice(700)) session.append(b);
      expectSameResult(session.result(), computeHeatmap(bars, { window }));
    }
  });

  it('replaces the in-progress bar when a bar with the same time arrives', () => {
    const session = new HeatmapSession(bars.slice(0, 900), { window: '12h' });
    const next = bars[900]!;
    session.append({ ...next, high: next.high * 1.01, close: next.close * 1.005, oiUsd: next.oiUsd! * 1.01 });
    session.append({ ...next, close: next.open, high: Math.max(next.high, next.open) });
    session.append(next);
    expectSameResult(session.result(), computeHeatmap(bars.slice(0, 901), { window: '12h' }));
  });

  it('rejects a bar older than the newest', () => {
    const session = new HeatmapSession(bars.slice(0, 900), { window: '12h' });
    expect(() => session.append(bars[10]!)).toThrow(/older than the newest/);
  });

  it('stays equal across a price move that re-lays the rows', () => {
    const jumpy = bars.map((b, i) =>
      i < 1_000
        ? b
        : { ...b, open: b.open * 1.08, high: b.high * 1.08, low: b.low * 1.08, close: b.close * 1.08 },
    );
    const session = new HeatmapSession(jumpy.slice(0, 990), { window: '12h' });
    for (const b of jumpy.slice(990)) session.append(b);
    expectSameResult(session.result(), computeHeatmap(jumpy, { window: '12h' }));
  });
});

describe('warm-up horizon', () => {
  // 20.8 days of 5-minute bars: longer than the default 14-day warm-up before a 12h window.
  const bars = walk(6_000, 5);
  const H = 3_600_000;

  it('replays only the bars from the warm-up start: same result as being given only those bars', () => {
    const warmUpMs = 30 * H;
    const windowStart = bars.at(-1)!.time - 12 * H + M5; // 144 columns ending with the newest bar
    const first = bars.findIndex((b) => b.time >= windowStart - warmUpMs);
    const cut = computeHeatmap(bars, { window: '12h', warmUpMs });
    const given = computeHeatmap(bars.slice(first), { window: '12h', warmUpMs: Number.POSITIVE_INFINITY });
    expect(Array.from(cut.grid.long)).toEqual(Array.from(given.grid.long));
    expect(Array.from(cut.grid.short)).toEqual(Array.from(given.grid.short));
    const earlier = computeHeatmap(bars.slice(first - 1), {
      window: '12h',
      warmUpMs: Number.POSITIVE_INFINITY,
    });
    expect(Array.from(earlier.grid.long)).not.toEqual(Array.from(cut.grid.long));
  });

  it('by default skips history whose levels would keep less than 2^−7 of their notional', () => {
    const cut = computeHeatmap(bars, { window: '12h' });
    const first = bars.findIndex((b) => b.time >= cut.grid.timeStart - 14 * 24 * H);
    expect(first).toBeGreaterThan(0);
    expectSameResult(
      cut,
      computeHeatmap(bars.slice(first), { window: '12h', warmUpMs: Number.POSITIVE_INFINITY }),
    );
    // The same bars into two books, one from the first bar and one from the horizon: by the
    // window's start their live notional differs by less than the ε the horizon stands for.
    const full = new LevelBook(20, 'binance', DEFAULT_CONFIG);
    const late = new LevelBook(20, 'binance', DEFAULT_CONFIG);
    for (let i = 0; i < bars.length && bars[i]!.time < cut.grid.timeStart; i++) {
      full.process(bars[i]!);
      if (i >= first) late.process(bars[i]!);
    }
    for (const side of ['long', 'short'] as const) {
      const gap = Math.abs(full.liveNotional(side) - late.liveNotional(side)) / full.liveNotional(side);
      expect(gap).toBeGreaterThan(0);
      expect(gap).toBeLessThan(2 ** -7);
    }
  });

  it('a session built on long history, then appended to, equals a full replay from its cut', () => {
    const warmUpMs = 20 * H;
    const session = new HeatmapSession(bars.slice(0, 5_500), { window: '12h', warmUpMs });
    for (const b of bars.slice(5_500)) session.append(b);
    const windowStart = bars[5_499]!.time - 12 * H + M5;
    const first = bars.findIndex((b) => b.time >= windowStart - warmUpMs);
    expectSameResult(
      session.result(),
      computeHeatmap(bars.slice(first), { window: '12h', warmUpMs: Number.POSITIVE_INFINITY }),
    );
  });
});

describe('newestColumn', () => {
  const bars = walk(1_500, 13);

  it('equals the last column, map, zones and maxCell of a full result after every append', () => {
    for (const window of ['12h', '3d'] as const) {
      const session = new HeatmapSession(bars.slice(0, 1_300), { window });
      for (const b of bars.slice(1_300)) {
        session.append(b);
        const col = session.newestColumn();
        const full = session.result();
        const g = full.grid;
        const o = (g.columns - 1) * g.rows;
        expect(col.rows).toBe(g.rows);
        expect([col.time, col.timeStart, col.priceMin, col.binSize]).toEqual([
          g.columnTimes[g.columns - 1],
          g.timeStart,
          g.priceMin,
          g.binSize,
        ]);
        expect(Array.from(col.long)).toEqual(Array.from(g.long.subarray(o, o + g.rows)));
        expect(Array.from(col.short)).toEqual(Array.from(g.short.subarray(o, o + g.rows)));
        expect([col.open, col.high, col.low, col.close]).toEqual([
          g.open[g.columns - 1],
          g.high[g.columns - 1],
          g.low[g.columns - 1],
          g.close[g.columns - 1],
        ]);
        expect(col.maxCell).toBe(g.maxCell);
        expect(Array.from(col.profile.cumulativeLong)).toEqual(Array.from(full.profile.cumulativeLong));
        expect(col.zones).toEqual(full.zones);
      }
    }
  });

  it('follows a side filter like result()', () => {
    const session = new HeatmapSession(bars, { window: '12h' });
    const col = session.newestColumn({ sides: ['short'] });
    expect(col.long.every((v) => v === 0)).toBe(true);
    expect(col.maxCell).toBe(session.result({ sides: ['short'] }).grid.maxCell);
  });
});

describe('filters and several exchanges', () => {
  const bars = walk(1_000, 3);
  const half = bars.map((b) => ({ ...b, oiUsd: b.oiUsd! * 0.5 }));
  const series = new Map([
    ['binance', bars],
    ['bybit', half],
  ] as const);

  it('sums the exchanges; an exchange filter equals computing that exchange alone', () => {
    const all = computeMultiExchangeHeatmap(series, { window: '24h' });
    const binance = computeMultiExchangeHeatmap(series, {
      window: '24h',
      filter: { exchanges: ['binance'] },
    });
    const bybit = computeMultiExchangeHeatmap(series, { window: '24h', filter: { exchanges: ['bybit'] } });
    expectSameResult(binance, computeHeatmap(bars, { window: '24h', exchange: 'binance' }));
    expectSameResult(bybit, computeHeatmap(half, { window: '24h', exchange: 'bybit' }));
    for (let i = 0; i < all.grid.long.length; i += 97) {
      expect(all.grid.long[i]).toBeCloseTo(binance.grid.long[i]! + bybit.grid.long[i]!, -1);
    }
  });

  it('a side filter keeps one side only', () => {
    const r = computeHeatmap(bars, { window: '24h', filter: { sides: ['short'] } });
    expect(r.grid.long.every((v) => v === 0)).toBe(true);
    expect(r.grid.short.some((v) => v > 0)).toBe(true);
  });

  it('a leverage filter equals computing with only those tiers (weights kept, not renormalised)', () => {
    // Point levels (no bands) and closing not netted against triggers, so a tier's levels do not
    // depend on which other tiers exist.
    const points: EngineConfig = {
      ...DEFAULT_CONFIG,
      entry: { ...DEFAULT_CONFIG.entry, leverageBands: false },
      oiDecrease: { ...DEFAULT_CONFIG.oiDecrease, netOfTriggered: false },
    };
    const filtered = computeHeatmap(bars, {
      window: '24h',
      config: points,
      filter: { leverages: [25, 50, 100] },
    });
    const w = points.leverage.weights;
    const subsetConfig: EngineConfig = {
      ...points,
      leverage: { ...points.leverage, tiers: [25, 50, 100], weights: w.slice(2) },
    };
    const subset = computeHeatmap(bars, { window: '24h', config: subsetConfig });
    const share = (w[2]! + w[3]! + w[4]!) / w.reduce((a, b) => a + b, 0);
    const scaled: HeatmapResult = {
      ...subset,
      grid: {
        ...subset.grid,
        long: subset.grid.long.map((v) => v * share),
        short: subset.grid.short.map((v) => v * share),
        maxCell: subset.grid.maxCell * share,
      },
    };
    expectSameResult(filtered, scaled);
  });

  it('leverage filters partition the grid: low tiers + high tiers = all', () => {
    const all = computeHeatmap(bars, { window: '24h' });
    const low = computeHeatmap(bars, { window: '24h', filter: { leverages: [5, 10] } });
    const high = computeHeatmap(bars, { window: '24h', filter: { leverages: [25, 50, 100] } });
    let worst = 0;
    for (let i = 0; i < all.grid.long.length; i++) {
      worst = Math.max(worst, Math.abs(all.grid.long[i]! - low.grid.long[i]! - high.grid.long[i]!));
      worst = Math.max(worst, Math.abs(all.grid.short[i]! - low.grid.short[i]! - high.grid.short[i]!));
    }
    expect(worst / all.grid.maxCell).toBeLessThan(1e-5);
    expect(low.grid.maxCell).toBeGreaterThan(0);
    expect(high.grid.maxCell).toBeGreaterThan(0);
  });

  it('a session applies a leverage filter like a full computation', () => {
    const session = new HeatmapSession(bars.slice(0, 900), { window: '24h' });
    for (const b of bars.slice(900)) session.append(b);
    const filter = { leverages: [25, 50] };
    const filtered = session.result(filter);
    expect(filtered.grid.maxCell).toBeLessThan(session.result().grid.maxCell);
    expectSameResult(filtered, computeHeatmap(bars, { window: '24h', filter }));
  });

  it('a session over several exchanges matches the full computation and filters without a replay', () => {
    const session = new HeatmapSession(
      new Map([
        ['binance', bars.slice(0, 800)],
        ['bybit', half.slice(0, 800)],
      ] as const),
      { window: '12h' },
    );
    for (let i = 800; i < bars.length; i++) {
      session.append(bars[i]!, 'binance');
      session.append(half[i]!, 'bybit');
    }
    expectSameResult(session.result(), computeMultiExchangeHeatmap(series, { window: '12h' }));
    expectSameResult(
      session.result({ exchanges: ['bybit'] }),
      computeMultiExchangeHeatmap(series, { window: '12h', filter: { exchanges: ['bybit'] } }),
    );
  });
});

describe('never NaN (property)', () => {
  const barArb = fc.record({
    move: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
    up: fc.double({ min: 0, max: 0.03, noNaN: true }),
    down: fc.double({ min: 0, max: 0.03, noNaN: true }),
    oiMove: fc.option(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { nil: undefined }),
    taker: fc.option(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { nil: undefined }),
    skip: fc.integer({ min: 1, max: 4 }),
  });

  it('every grid cell, zone and profile value is finite and ≥ 0 for random bar sequences', () => {
    fc.assert(
      fc.property(
        fc.array(barArb, { minLength: 1, maxLength: 300 }),
        fc.constantFrom('12h', '24h', '3d'),
        (steps, window) => {
          let price = 1_000;
          let oi = 1e6;
          let t = T0;
          const bars: Bar[] = steps.map((s) => {
            const open = price;
            const close = Math.max(1e-3, open * (1 + s.move));
            const high = Math.max(open, close) * (1 + s.up);
            const low = Math.min(open, close) * (1 - s.down);
            if (s.oiMove !== undefined) oi = Math.max(1, oi * (1 + s.oiMove));
            t += s.skip * M5;
            price = close;
            return {
              time: t,
              open,
              high,
              low,
              close,
              ...(s.oiMove === undefined ? {} : { oiUsd: oi }),
              ...(s.taker === undefined ? {} : { takerDeltaBase: s.taker }),
            };
          });
          const r = computeHeatmap(bars, { window });
          return allFinite(r);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('frozen open interest', () => {
  // 1,000 bars (3.5 days); OI frozen for bars 700–820 (10 hours), inside a 24h window.
  const moving = walk(1_000, 17);
  const bars = moving.map((b, i) => (i > 700 && i <= 820 ? { ...b, oiUsd: moving[700]!.oiUsd } : b));
  const gap = { exchange: 'binance', from: bars[700]!.time, to: bars[820]!.time };

  it('reports the run as a gap and treats its repeats as OI not known', () => {
    const r = computeHeatmap(bars, { window: '24h' });
    expect(r.oiGaps).toEqual([gap]);
    const unknown = bars.map((b, i) => (i > 700 && i <= 820 ? { ...b, oiUsd: undefined } : b));
    const same = computeHeatmap(unknown, { window: '24h' });
    expect(Array.from(r.grid.long)).toEqual(Array.from(same.grid.long));
    expect(Array.from(r.grid.short)).toEqual(Array.from(same.grid.short));
    expect(same.oiGaps).toEqual([]); // OI that is simply absent is not a frozen source
  });

  it('reports no gap when open interest keeps moving', () => {
    expect(computeHeatmap(moving, { window: '24h' }).oiGaps).toEqual([]);
  });

  it('a live session appended across the run reports it and matches a full computation', () => {
    const session = new HeatmapSession(bars.slice(0, 650), { window: '24h' });
    for (const b of bars.slice(650)) session.append(b);
    const live = session.result();
    const full = computeHeatmap(bars, { window: '24h' });
    expect(live.oiGaps).toEqual([gap]);
    expect(Array.from(live.grid.long)).toEqual(Array.from(full.grid.long));
    expect(Array.from(live.grid.short)).toEqual(Array.from(full.grid.short));
  });

  it('names the market, and an exchange filter keeps only the gaps of the markets shown', () => {
    const series = new Map([
      ['binance', moving],
      ['bybit', bars],
    ] as const);
    expect(computeMultiExchangeHeatmap(series, { window: '24h' }).oiGaps).toEqual([
      { ...gap, exchange: 'bybit' },
    ]);
    const binanceOnly = computeMultiExchangeHeatmap(series, {
      window: '24h',
      filter: { exchanges: ['binance'] },
    });
    expect(binanceOnly.oiGaps).toEqual([]);
  });
});

const FIVE_MIN = '../shared/data/btcusdt-5m-2026-05-25_2026-06-22.csv';
if (!existsSync(FIVE_MIN)) console.warn(`skipping the real-data heatmap check: ${FIVE_MIN} is absent`);
describe.skipIf(!existsSync(FIVE_MIN))('on the recorded 5-minute BTCUSDT data', () => {
  it('gives long zones below price and short zones above, within a few percent for 12h', () => {
    const parsed = parseBarCsv(readFileSync(FIVE_MIN, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    const r = computeHeatmap(parsed.value.bars, { window: '12h' });
    expect(allFinite(r)).toBe(true);
    expect(r.zones.length).toBeGreaterThan(0);
    for (const z of r.zones) {
      expect(Math.abs(z.distancePct)).toBeLessThan(10);
      if (z.side === 'long') expect(z.priceHigh).toBeLessThanOrEqual(r.price + r.grid.binSize);
      else expect(z.priceLow).toBeGreaterThanOrEqual(r.price - r.grid.binSize);
    }
  });

  it('shows the source’s 2026-06-14 → 06-20 open-interest freeze as a gap of the heatmap around it', () => {
    const parsed = parseBarCsv(readFileSync(FIVE_MIN, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    const r = computeHeatmap(parsed.value.bars, { window: '7d', at: Date.UTC(2026, 5, 21, 0, 0) });
    expect(r.oiGaps).toEqual([
      { exchange: 'binance', from: Date.UTC(2026, 5, 14, 15, 0), to: Date.UTC(2026, 5, 20, 10, 55) },
    ]);
  });
});
