import { describe, expect, it } from 'vitest';
import type { Bar } from '../data/bars';
import type { RecordedLiquidation } from '../data/events';
import type { DepthColumn } from '../depth/types';
import { type DepthScoreInput, hoursWithDepth, MIN_DEPTH_HOURS, scoreDepth } from './depthScore';
import { scoreLive } from './liveScore';
import { HOUR_MS } from './liveScoreOptions';

const M5 = 300_000;
const T0 = 1_780_002_000_000; // a multiple of the hour
const HOURS = 40;
const WARM_UP = 2 * HOUR_MS;

/**
 * Five-minute bars swinging gently around 60,000, each 120 wide, without open interest: the engine
 * opens no positions, so its heat is empty and its decile a random pick (lift exactly 1).
 */
const bars: Bar[] = Array.from({ length: (HOURS * HOUR_MS) / M5 }, (_, b) => {
  const open = 60_000 + 100 * Math.sin(b / 7);
  const close = 60_000 + 100 * Math.sin((b + 1) / 7);
  return { time: T0 + b * M5, open, high: open + 60, low: open - 60, close };
});

/** Every sixth bar (one each half hour) after the warm-up: a long liquidation near its low, a short near its high. */
const eventBars = bars.map((_, b) => b).filter((b) => b % 6 === 0 && bars[b]!.time >= T0 + WARM_UP);
const longAt = (b: number) => bars[b]!.low + 10;
const shortAt = (b: number) => bars[b]!.high - 10;
const events: RecordedLiquidation[] = eventBars.flatMap((b) => [
  { time: bars[b]!.time + 150_000, exchange: 'bybit', side: 'long', price: longAt(b), notionalUsd: 50_000 },
  { time: bars[b]!.time + 150_000, exchange: 'bybit', side: 'short', price: shortAt(b), notionalUsd: 70_000 },
]);

/** The open of the bar holding time t. */
const midAt = (t: number) => bars[Math.min(bars.length - 1, Math.floor((t - T0) / M5))]!.open;

/**
 * One-minute depth columns of $1 bins, ±150 around the mid, from `from` for `hours`: a background
 * of 70k–130k USD a bin, plus, for each event bar, a 5M bid wall at its long event's price and a 5M
 * ask wall at its short event's, standing from `wallFrom` to `wallTo` relative to the bar's open.
 */
function depth(from: number, hours: number, wallFrom = -10 * 60_000, wallTo = 3 * 60_000): DepthColumn[] {
  const out: DepthColumn[] = [];
  for (let t = from; t < from + hours * HOUR_MS; t += 60_000) {
    const mid = midAt(t + 60_000 - 1);
    const loBin = Math.floor(mid) - 150;
    const hiBin = Math.floor(mid) + 150;
    const n = hiBin - loBin + 1;
    const c: DepthColumn = {
      exchange: 'binance',
      symbol: 'BTCUSDT',
      time: t,
      spanMs: 60_000,
      binSize: 1,
      loBin,
      hiBin,
      mid,
      samples: 60,
      bidMax: new Float32Array(n),
      bidMean: new Float32Array(n),
      askMax: new Float32Array(n),
      askMean: new Float32Array(n),
      stoodSec: new Uint8Array(n).fill(60),
    };
    for (let k = loBin; k <= hiBin; k++) {
      const size = 70_000 + ((k * 7919) % 61) * 1000;
      const [max, mean] = k < mid ? [c.bidMax, c.bidMean] : [c.askMax, c.askMean];
      max[k - loBin] = size;
      mean[k - loBin] = size;
    }
    for (const b of eventBars) {
      const open = bars[b]!.time;
      if (t < open + wallFrom || t >= open + wallTo) continue;
      for (const [price, max, mean] of [
        [longAt(b), c.bidMax, c.bidMean],
        [shortAt(b), c.askMax, c.askMean],
      ] as const) {
        const i = Math.floor(price) - loBin;
        max[i] = max[i]! + 5e6;
        mean[i] = mean[i]! + 5e6;
      }
    }
    out.push(c);
  }
  return out;
}

const input = (columns: DepthColumn[]): DepthScoreInput => ({
  bars,
  events,
  columns,
  options: { window: '12h', scoreWarmUpMs: WARM_UP },
});

describe('scoreDepth', () => {
  // Depth from 15 minutes before the end of the warm-up to the end: 38 whole hours.
  const from = T0 + WARM_UP - 15 * 60_000;
  const full = depth(from, HOURS - 2 + 0.25);

  it('scores heat, walls and both on the live score’s events; walls standing where the events fall hit every time', () => {
    const score = scoreDepth(input(full));
    expect(score.hours_with_depth).toBe(38);
    const live = scoreLive(bars, events, { window: '12h', scoreWarmUpMs: WARM_UP });
    for (const side of ['long', 'short'] as const) {
      const s = score[side];
      expect(s.reason).toBeNull();
      // The same events as the live score's, all with depth at their bar's open.
      expect(s.events_scored).toBe(live[side].events);
      expect(s.events).toBe(eventBars.length);
      expect(s.events_with_wall_rows).toBe(eventBars.length);
      // No heat: the hottest decile is a random pick of the rows.
      expect(s.heat.lift).toBeCloseTo(1, 12);
      expect(s.heat.hit_share).toBeCloseTo(s.heat.chance!, 12);
      // The wall's row holds the event every time.
      expect(s.walls.hit_share).toBeCloseTo(1, 12);
      expect(s.walls.lift).toBeCloseTo(1 / s.walls.chance!, 12);
      expect(s.walls.lift!).toBeGreaterThan(2);
      expect(s.walls.wilson_low!).toBeGreaterThan(1);
      // Heat's ranks all tie: the combination picks the walls' rows.
      expect(s.combined.hit_share).toBeCloseTo(1, 12);
      // The same number of rows chosen each way: comparable chances.
      expect(s.walls.chance).toBeCloseTo(s.heat.chance!, 1);
    }
    // The walls of the depth: two per event bar; each ends (pulled: price never reached them).
    expect(score.walls).toEqual({
      total: 2 * eventBars.length,
      traded: 0,
      pulled: 2 * eventBars.length,
      standing: 0,
    });
  });

  it('uses no wall that appeared after the bar opened (no look-ahead)', () => {
    // The same walls, from 30 s after each event bar's open.
    const score = scoreDepth(input(depth(from, HOURS - 2 + 0.25, 30_000, 5 * 60_000)));
    for (const side of ['long', 'short'] as const) {
      const s = score[side];
      expect(s.events_with_wall_rows).toBe(0);
      expect(s.walls.lift).toBeCloseTo(1, 12);
      expect(s.combined.lift).toBeCloseTo(1, 12);
    }
  });

  it('counts a wall that had stood exactly its 60 s at the open', () => {
    // One whole one-minute column before the open, and the one after.
    const stood60 = scoreDepth(input(depth(from, HOURS - 2 + 0.25, -60_000, 60_000)));
    expect(stood60.long.events_with_wall_rows).toBe(eventBars.length);
    expect(stood60.short.walls.hit_share).toBeCloseTo(1, 12);
  });

  it('gives a reason, not figures, until enough depth is recorded', () => {
    const three = scoreDepth(input(depth(T0 + 10 * HOUR_MS, 3)));
    expect(three.hours_with_depth).toBe(3);
    for (const side of ['long', 'short'] as const) {
      expect(three[side]).toMatchObject({
        reason: `not enough depth recorded yet: 3 h of ${MIN_DEPTH_HOURS}`,
        heat: { lift: null, hit_share: null },
        walls: { lift: null },
        combined: { lift: null },
      });
    }
    // 26 hours of depth, but the events in them are fewer than 30 a side once half are dropped.
    const sparse = scoreDepth({ ...input(full), events: events.filter((e) => e.time < T0 + 14 * HOUR_MS) });
    expect(sparse.long.events).toBe(24);
    expect(sparse.long.reason).toBe('too few events in hours with depth yet: 24 of 30');
  });

  it('counts an hour as having depth when one exchange covers half of it', () => {
    const hour = T0 + 5 * HOUR_MS;
    const cols = depth(hour, 1);
    expect(hoursWithDepth(cols.slice(0, 30))).toBe(1);
    expect(hoursWithDepth(cols.slice(0, 29))).toBe(0);
    // Two exchanges with 20 minutes each do not make one hour.
    const okx = cols.slice(20, 40).map((c) => ({ ...c, exchange: 'okx' as const }));
    expect(hoursWithDepth([...cols.slice(0, 20), ...okx])).toBe(0);
  });
});
