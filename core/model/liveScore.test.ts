import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Bar, parseBarCsv } from '../data/bars';
import type { RecordedLiquidation } from '../data/events';
import type { PositionSide } from '../exchanges/types';
import { runBacktest } from './backtest';
import { computeHeatmap } from './heatmap';
import { scoreLive } from './liveScore';
import {
  chanceOutside,
  decileSize,
  extremeDecileWeights,
  hottestDecileWeights,
  rangeRows,
  rowCoverage,
} from './liveScoreDeciles';
import { type EventSample, scoreEvents } from './liveScoreEvents';
import { hourlyBars, hourlyScore } from './liveScoreHourly';
import { sideLift, wilsonInterval } from './liveScoreLift';
import {
  DECILE_INSIDE_BASELINE,
  HOUR_MS,
  TOO_FEW_EVENTS,
  TOO_FEW_HOURS,
  TOO_FEW_OUTSIDE_BASELINE,
} from './liveScoreOptions';

const M5 = 300_000;
const T0 = 1_780_002_000_000; // a multiple of the hour
const WARM_UP = 12 * HOUR_MS;

/** A deterministic random walk of 5-minute bars with open interest drifting up and down. */
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

const event = (time: number, side: PositionSide, price: number, usd = 1000): RecordedLiquidation => ({
  time,
  exchange: 'binance',
  side,
  price,
  notionalUsd: usd,
});

const sample = (
  hit: number,
  chance: number,
  usd = 1000,
  baselineHit = 0,
  baselineChance = 0.1,
  partialChance = 0.1,
): EventSample => ({
  time: 0,
  exchange: 'bybit',
  side: 'long',
  price: 1,
  usd,
  barTime: 0,
  rangeRows: 10,
  decileRows: 1,
  hit,
  chance,
  baselineHit,
  baselineChance,
  partialChance,
  clamped: false,
});

describe('wilsonInterval', () => {
  it("gives Newcombe's (1998) published 95 % Wilson intervals", () => {
    // Newcombe, Statistics in Medicine 17:857–872, Table I, method 3.
    const cases: Array<[number, number, number, number]> = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
      [29, 29, 0.883, 1],
    ];
    for (const [x, n, low, high] of cases) {
      const w = wilsonInterval(x / n, n);
      expect(w.low).toBeCloseTo(low, 4);
      expect(w.high).toBeCloseTo(high, 4);
    }
  });

  it('knows nothing without a sample', () => {
    expect(wilsonInterval(0.5, 0)).toEqual({ low: 0, high: 1 });
  });
});

describe('the deciles of a bar’s rows', () => {
  it('picks ceil(rows / 10) rows, at least one', () => {
    expect([1, 9, 10, 11, 20, 21].map(decileSize)).toEqual([1, 1, 1, 2, 2, 3]);
  });

  it('finds the rows a range spans and the share of the range each covers', () => {
    // Rows of 10 from 100: the range 112..135 spans rows 1 (110–120), 2 and 3 (130–140).
    expect(rangeRows(100, 10, 112, 135)).toEqual({ first: 1, count: 3 });
    expect(rangeRows(100, 10, 110, 130)).toEqual({ first: 1, count: 2 });
    expect(Array.from(rowCoverage(100, 10, 112, 135))).toEqual([8 / 23, 10 / 23, 5 / 23]);
    expect(Array.from(rowCoverage(100, 10, 115, 115))).toEqual([1]);
  });

  it('weights the hottest decile, sharing the places of rows tied at its edge', () => {
    const heat = [0, 5, 1, 9, 3, 3, 2, 8, 0, 0, 4, 7];
    expect(Array.from(hottestDecileWeights(heat))).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
    // Two places, one row hotter than the rest, three tied for the second.
    const tied = hottestDecileWeights([1, 5, 1, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(tied)).toEqual([1 / 3, 1, 1 / 3, 0, 1 / 3, 0, 0, 0, 0, 0, 0]);
    // No heat at all: every row is as likely as any other.
    expect(Array.from(hottestDecileWeights(new Float64Array(5)))).toEqual([0.2, 0.2, 0.2, 0.2, 0.2]);
  });

  it('puts the baseline at the bar’s extreme: lowest rows for longs, highest for shorts', () => {
    expect(Array.from(extremeDecileWeights(12, 'long'))).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(extremeDecileWeights(3, 'short'))).toEqual([0, 0, 1]);
  });
});

describe('sideLift', () => {
  it('every dollar in the decile: lift = 1 / chance; half of it: half that', () => {
    const all = sideLift(Array.from({ length: 40 }, () => sample(1, 0.125)));
    expect(all.lift).toBeCloseTo(8, 12);
    expect(all.hit_share).toBe(1);
    expect(all.chance).toBe(0.125);
    const half = sideLift(Array.from({ length: 40 }, (_, i) => sample(i % 2, 0.125)));
    expect(half.lift).toBeCloseTo(4, 12);
  });

  it('weights by USD and gives the lift’s bounds as Wilson’s on the hit share over chance', () => {
    // 30 hits of 1,000 and 30 misses of 3,000: a quarter of the USD hit.
    const samples = [
      ...Array.from({ length: 30 }, () => sample(1, 0.1, 1000)),
      ...Array.from({ length: 30 }, () => sample(0, 0.1, 3000)),
    ];
    const s = sideLift(samples);
    expect(s.hit_share).toBeCloseTo(0.25, 12);
    expect(s.lift).toBeCloseTo(2.5, 12);
    // Kish: (Σw)² / Σw² = 120,000² / (30·1e6 + 30·9e6) = 48.
    expect(s.effective_events).toBeCloseTo(48, 9);
    const w = wilsonInterval(0.25, 48);
    expect(s.wilson_low).toBeCloseTo(w.low / 0.1, 12);
    expect(s.wilson_high).toBeCloseTo(w.high / 0.1, 12);
    expect(s.wilson_low!).toBeLessThan(s.lift!);
    expect(s.wilson_high!).toBeGreaterThan(s.lift!);
    // Equal sizes: the effective number is the count.
    expect(sideLift(samples.slice(0, 30)).effective_events).toBeCloseTo(30, 9);
  });

  it('gives the baseline’s lift from its own decile and chance', () => {
    const s = sideLift(Array.from({ length: 30 }, (_, i) => sample(0, 0.2, 1000, i < 15 ? 1 : 0, 0.1)));
    expect(s.lift).toBe(0);
    expect(s.baseline_hit_share).toBe(0.5);
    expect(s.baseline_chance).toBeCloseTo(0.1, 12);
    expect(s.baseline_lift).toBeCloseTo(5, 12);
  });

  it('below 30 events a side: no figure, the reason, and the sample size', () => {
    const few = sideLift(Array.from({ length: 29 }, () => sample(1, 0.1)));
    expect(few).toMatchObject({
      events: 29,
      lift: null,
      hit_share: null,
      wilson_low: null,
      baseline_lift: null,
    });
    expect(few.reason).toBe(TOO_FEW_EVENTS);
    expect(sideLift(Array.from({ length: 30 }, () => sample(1, 0.1))).reason).toBeNull();
    expect(sideLift([]).reason).toBe(TOO_FEW_EVENTS);
  });
});

describe('the partial lift: only events outside the baseline’s extreme rows', () => {
  it('the engine decile’s chance among the rows outside the baseline’s decile', () => {
    // Ten rows of a tenth of the range each; the baseline (longs) holds row 0.
    const even = new Float64Array(10).fill(0.1);
    const longBase = extremeDecileWeights(10, 'long');
    const hotAt = (row: number) => Float64Array.from({ length: 10 }, (_, i) => (i === row ? 1 : 0));
    expect(chanceOutside(hotAt(4), longBase, even)).toBeCloseTo(1 / 9, 15);
    // The hottest row inside the baseline's decile: nothing of it lies outside.
    expect(chanceOutside(hotAt(0), longBase, even)).toBe(0);
    // No heat: ten rows tied, each a tenth of a place: a tenth of the rows outside, as at random.
    expect(chanceOutside(hottestDecileWeights(new Float64Array(10)), longBase, even)).toBeCloseTo(0.1, 15);
    // End rows cut by the bar's low (5) and high (95) to half a row: of the range of 90, row 4
    // covers 10, row 0 (the baseline's) 5, so row 4's chance outside row 0 is 10 / 85 = 2/17.
    const cut = rowCoverage(0, 10, 5, 95);
    expect(cut[0]).toBeCloseTo(5 / 90, 15);
    expect(chanceOutside(hotAt(4), longBase, cut)).toBeCloseTo(2 / 17, 15);
    // For shorts the baseline is row 9: the same row 4 has the same chance by symmetry.
    expect(chanceOutside(hotAt(4), extremeDecileWeights(10, 'short'), cut)).toBeCloseTo(2 / 17, 15);
    // One row: the baseline's decile is the whole range.
    expect(chanceOutside([1], extremeDecileWeights(1, 'long'), [1])).toBe(0);
  });

  it('counts only events outside the baseline’s decile: half of 30 hit at chance 1/8 → lift 4', () => {
    const samples = [
      // Ten events in the extreme rows, all also in the engine's decile: the baseline's, not counted.
      ...Array.from({ length: 10 }, () => sample(1, 0.125, 1000, 1, 0.1, 0.125)),
      ...Array.from({ length: 30 }, (_, i) => sample(i < 15 ? 1 : 0, 0.125, 1000, 0, 0.1, 0.125)),
    ];
    const s = sideLift(samples);
    expect(s.lift).toBeCloseTo(0.625 / 0.125, 12);
    expect(s.partial_events).toBe(30);
    expect(s.partial_effective_events).toBeCloseTo(30, 9);
    expect(s.partial_hit_share).toBeCloseTo(0.5, 12);
    expect(s.partial_chance).toBeCloseTo(0.125, 12);
    expect(s.partial_lift).toBeCloseTo(4, 12);
    // Wilson 95 % on 15 of 30: [0.33154, 0.66846], over 1/8.
    expect(s.partial_lift_low).toBeCloseTo(2.65233005124, 9);
    expect(s.partial_lift_high).toBeCloseTo(5.34766994876, 9);
    expect(s.partial_reason).toBeNull();
  });

  it('weights hit share and chance by USD, with Kish’s effective number of events', () => {
    // 30 misses of 1,000 where the decile had 0.1 of the range outside the baseline's, 30 hits of
    // 3,000 where it had 0.3: hit share 90,000 / 120,000 = 0.75, chance 30,000 / 120,000 = 0.25.
    const s = sideLift([
      ...Array.from({ length: 30 }, () => sample(0, 0.1, 1000, 0, 0.1, 0.1)),
      ...Array.from({ length: 30 }, () => sample(1, 0.3, 3000, 0, 0.1, 0.3)),
    ]);
    expect(s.partial_hit_share).toBeCloseTo(0.75, 12);
    expect(s.partial_chance).toBeCloseTo(0.25, 12);
    expect(s.partial_lift).toBeCloseTo(3, 12);
    expect(s.partial_effective_events).toBeCloseTo(48, 9);
    expect(s.partial_lift_low).toBeCloseTo(2.44863, 4);
    expect(s.partial_lift_high).toBeCloseTo(3.40317, 4);
  });

  it('below 30 events outside the extreme rows, or with the hottest rows inside them: no figure, the reason', () => {
    const few = sideLift([
      ...Array.from({ length: 11 }, () => sample(0, 0.1, 1000, 1)),
      ...Array.from({ length: 29 }, () => sample(1, 0.1)),
    ]);
    expect(few.reason).toBeNull();
    expect(few.lift).not.toBeNull();
    expect(few).toMatchObject({
      partial_events: 29,
      partial_lift: null,
      partial_lift_low: null,
      partial_lift_high: null,
      partial_reason: TOO_FEW_OUTSIDE_BASELINE,
    });
    const inside = sideLift(Array.from({ length: 30 }, () => sample(0, 0.1, 1000, 0, 0.1, 0)));
    expect(inside).toMatchObject({
      partial_events: 30,
      partial_lift: null,
      partial_reason: DECILE_INSIDE_BASELINE,
    });
  });
});

describe('scoreEvents against the engine’s heat', () => {
  const bars = walk(420);
  const first = bars.findIndex((b) => b.time >= bars[0]!.time + WARM_UP);
  const options = { window: '12h' as const, scoreWarmUpMs: WARM_UP };

  it('events at the hottest row of the previous close’s heat all hit: lift = 1 / chance', () => {
    const events: RecordedLiquidation[] = [];
    for (let b = first; b < bars.length; b++) {
      // The heat as of bar b−1's close, from a full computation at that bar.
      const g = computeHeatmap(bars, { window: '12h', at: bars[b - 1]!.time }).grid;
      const { first: row0, count } = rangeRows(g.priceMin, g.binSize, bars[b]!.low, bars[b]!.high);
      for (const side of ['long', 'short'] as const) {
        const cells = side === 'long' ? g.long : g.short;
        const heat = Array.from({ length: count }, (_, i) => {
          const row = row0 + i;
          return row >= 0 && row < g.rows ? cells[(g.columns - 1) * g.rows + row]! : 0;
        });
        const top = Math.max(...heat);
        // Bars whose range holds no heat of the side, or a tie at the top, have no single hottest row.
        if (!(top > 0) || heat.filter((h) => h === top).length > 1) continue;
        const row = row0 + heat.indexOf(top);
        const lo = Math.max(bars[b]!.low, g.priceMin + row * g.binSize);
        const hi = Math.min(bars[b]!.high, g.priceMin + (row + 1) * g.binSize);
        events.push(event(bars[b]!.time + 60_000, side, (lo + hi) / 2));
      }
    }
    const { samples, skipped } = scoreEvents(bars, events, options);
    expect(skipped).toEqual({ outside_bars: 0, no_bar: 0, warm_up: 0, price_outside_bar: 0 });
    expect(samples.length).toBe(events.length);
    expect(samples.filter((s) => s.side === 'long').length).toBeGreaterThanOrEqual(30);
    expect(samples.filter((s) => s.side === 'short').length).toBeGreaterThanOrEqual(30);
    expect(samples.every((s) => s.hit === 1)).toBe(true);
    for (const side of ['long', 'short'] as const) {
      const lift = sideLift(samples.filter((s) => s.side === side));
      expect(lift.hit_share).toBeCloseTo(1, 12);
      expect(lift.lift).toBeCloseTo(1 / lift.chance!, 9);
      expect(lift.lift!).toBeGreaterThan(1.5);
      // Most hottest rows lie at the bar's extreme; those that do not hit too: the partial lift is
      // 1 / its chance (scored here with no minimum: there are fewer than 30 of them).
      const beyond = sideLift(
        samples.filter((s) => s.side === side),
        1,
      );
      expect(beyond.partial_events).toBeGreaterThan(0);
      expect(beyond.partial_hit_share).toBeCloseTo(1, 12);
      expect(beyond.partial_lift).toBeCloseTo(1 / beyond.partial_chance!, 9);
    }
  });

  it('reads the rows and heat a full computation at the previous bar shows, past the engine’s warm-up', () => {
    // 15.6 days of bars from 70,000: the full computation’s warm-up start moves, and with it the
    // price its rows are sized from; a session replaying from the first bar would size them otherwise.
    const long = walk(4_500, 1, 70_000);
    const from = 4_200;
    const events = long.slice(from).flatMap((b, i) => {
      const price = b.low + ((i % 7) / 6) * (b.high - b.low);
      return [event(b.time + 1, 'long', price), event(b.time + 2, 'short', price)];
    });
    const { samples } = scoreEvents(long, events, {
      window: '12h',
      scoreWarmUpMs: long[from]!.time - long[0]!.time,
    });
    expect(samples).toHaveLength(events.length);
    let sizedOtherwise = 0;
    for (let k = 0; k < samples.length; k += 9) {
      const s = samples[k]!;
      const b = long.findIndex((x) => x.time === s.barTime);
      const g = computeHeatmap(long, { window: '12h', at: long[b - 1]!.time }).grid;
      const { first: row0, count } = rangeRows(g.priceMin, g.binSize, long[b]!.low, long[b]!.high);
      const cells = s.side === 'long' ? g.long : g.short;
      const heat = Array.from({ length: count }, (_, i) => {
        const row = row0 + i;
        return row >= 0 && row < g.rows ? cells[(g.columns - 1) * g.rows + row]! : 0;
      });
      const at = Math.min(count - 1, Math.max(0, Math.floor((s.price - g.priceMin) / g.binSize) - row0));
      expect([s.rangeRows, s.hit]).toEqual([count, hottestDecileWeights(heat)[at]]);
      const replay = computeHeatmap(long.slice(0, b), {
        window: '12h',
        warmUpMs: Number.POSITIVE_INFINITY,
      }).grid;
      if (replay.priceMin !== g.priceMin || replay.binSize !== g.binSize) sizedOtherwise++;
    }
    expect(sizedOtherwise).toBeGreaterThan(0);
  });

  it('events spread evenly over each bar’s range: lift ≈ 1 for the engine and the baseline', () => {
    const events: RecordedLiquidation[] = [];
    for (let b = first; b < bars.length; b++) {
      const { low, high, time } = bars[b]!;
      for (let j = 0; j < 40; j++) {
        const price = low + ((j + 0.5) / 40) * (high - low);
        events.push(event(time + 1000 + j, 'long', price), event(time + 1000 + j, 'short', price));
      }
    }
    const score = scoreLive(bars, events, options);
    for (const side of ['long', 'short'] as const) {
      expect(score[side].lift!).toBeGreaterThan(0.97);
      expect(score[side].lift!).toBeLessThan(1.03);
      expect(score[side].baseline_lift!).toBeGreaterThan(0.97);
      expect(score[side].baseline_lift!).toBeLessThan(1.03);
      expect(score[side].wilson_low!).toBeLessThan(1);
      expect(score[side].wilson_high!).toBeGreaterThan(1);
      // Nine tenths of the events lie outside the extreme rows; there too the heat is no better than chance.
      expect(score[side].partial_events).toBeGreaterThan(0.85 * score[side].events);
      expect(score[side].partial_lift!).toBeGreaterThan(0.97);
      expect(score[side].partial_lift!).toBeLessThan(1.03);
      expect(score[side].partial_lift_low!).toBeLessThan(1);
      expect(score[side].partial_lift_high!).toBeGreaterThan(1);
    }
  });

  it('events at the bar’s extreme (lows for longs, highs for shorts): the baseline hits every one', () => {
    const events = bars
      .slice(first)
      .flatMap((b) => [event(b.time + 1, 'long', b.low), event(b.time + 2, 'short', b.high)]);
    const score = scoreLive(bars, events, options);
    for (const side of ['long', 'short'] as const) {
      expect(score[side].events).toBe(bars.length - first);
      expect(score[side].baseline_hit_share).toBeCloseTo(1, 12);
      expect(score[side].baseline_lift).toBeCloseTo(1 / score[side].baseline_chance!, 9);
      // Nothing lies beyond the extremes: no partial lift.
      expect(score[side].partial_events).toBe(0);
      expect(score[side].partial_reason).toBe(TOO_FEW_OUTSIDE_BASELINE);
    }
  });

  it('scores only events with a previous close after the warm-up, and counts the rest by reason', () => {
    const gappy = bars.filter((_, i) => i !== 300);
    const b = bars[first + 5]!;
    const events = [
      event(bars[0]!.time - 1, 'long', b.low), // before the first bar
      event(bars[10]!.time, 'long', bars[10]!.low), // warm-up
      event(bars[300]!.time + 5, 'short', bars[300]!.high), // in the gap
      event(b.time, 'long', b.low * 0.98), // 2 % below the bar's low
      event(b.time + 2, 'long', b.low * 0.999), // just below: counted in the lowest row
      event(bars.at(-1)!.time + M5, 'short', b.high), // after the last bar's end
    ];
    const { samples, skipped } = scoreEvents(gappy, events, options);
    expect(skipped).toEqual({ outside_bars: 2, no_bar: 1, warm_up: 1, price_outside_bar: 1 });
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatchObject({ clamped: true, baselineHit: 1, barTime: b.time });
  });

  it('says "too few events yet" below 30 events a side, with the count', () => {
    const events = bars.slice(first, first + 10).map((b) => event(b.time, 'short', b.high));
    const score = scoreLive(bars, events, options);
    expect(score.short).toMatchObject({ events: 10, lift: null, reason: TOO_FEW_EVENTS });
    expect(score.long).toMatchObject({ events: 0, lift: null, reason: TOO_FEW_EVENTS });
    expect(score.events).toBe(10);
  });
});

describe('the hourly part', () => {
  it('cuts 5-minute bars into closed hours and sums the events per hour and side', () => {
    const bars = walk(30); // 2.5 hours: two closed, the third in progress
    const events = [
      event(T0 + 10, 'long', 1, 100),
      event(T0 + 20, 'long', 1, 50),
      event(T0 + HOUR_MS, 'short', 1, 7),
    ];
    const hours = hourlyBars(bars, events, { from: T0, to: T0 + 3 * HOUR_MS });
    expect(hours.map((h) => h.time)).toEqual([T0, T0 + HOUR_MS]);
    const first = bars.slice(0, 12);
    expect(hours[0]).toEqual({
      time: T0,
      open: first[0]!.open,
      high: Math.max(...first.map((b) => b.high)),
      low: Math.min(...first.map((b) => b.low)),
      close: first[11]!.close,
      oiUsd: first[11]!.oiUsd,
      takerDeltaBase: first.reduce((sum, b) => sum + b.takerDeltaBase!, 0),
      liqLongUsd: 150,
      liqShortUsd: 0,
    });
    expect(hours[1]).toMatchObject({ liqLongUsd: 0, liqShortUsd: 7 });
    // Outside the recorded span an hour's liquidations are not known, not zero.
    const later = hourlyBars(bars, events, { from: T0 + HOUR_MS, to: T0 + 3 * HOUR_MS });
    expect(later[0]!.liqLongUsd).toBeUndefined();
  });

  it('on hourly bars equals the backtest when the events sum to its liquidation columns', () => {
    const parsed = parseBarCsv(readFileSync('tools/fixtures/btcusdt-1h-2026-01-25_2026-02-09.csv', 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    const bars = parsed.value.bars;
    // Each hour's totals split in two events, so the sums, not the events, must match.
    const events = bars.flatMap((b) =>
      (['long', 'short'] as const).flatMap((side) => {
        const usd = side === 'long' ? b.liqLongUsd! : b.liqShortUsd!;
        return usd > 0
          ? [
              event(b.time + 60_000, side, b.low, usd / 4),
              event(b.time + 120_000, side, b.high, (3 * usd) / 4),
            ]
          : [];
      }),
    );
    const recorded = { from: bars[0]!.time, to: bars.at(-1)!.time + HOUR_MS };
    const hourly = hourlyScore(bars, events, { recorded });
    const backtest = runBacktest(bars);
    expect(hourly.hours).toBe(backtest.bars);
    for (const side of ['long', 'short'] as const) {
      expect(hourly[side].spearman).toBeCloseTo(backtest[side].spearman, 12);
      expect(hourly[side].partial_spearman).toBeCloseTo(backtest[side].partial_spearman, 12);
    }
  });

  it('says "too few hours yet" below 24 scored hours', () => {
    const scored = (hours: number) => {
      const bars = walk(12 * (168 + hours));
      return hourlyScore(
        bars,
        bars.map((b) => event(b.time, 'long', b.low)),
        {},
      );
    };
    const few = scored(23);
    expect(few.hours).toBe(23);
    expect(few.long).toMatchObject({
      hours: 23,
      spearman: null,
      partial_spearman: null,
      hours_reason: TOO_FEW_HOURS,
    });
    expect(scored(24).long).toMatchObject({ hours: 24, hours_reason: null });
  });
});
