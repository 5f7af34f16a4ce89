import { describe, expect, it } from 'vitest';
import type { Bar } from '../data/bars';
import type { Zone } from './types';
import {
  confidenceTable,
  confidenceText,
  liquidationHours,
  MIN_CONFIDENCE_CASES,
  moveBucket,
  SPIKE_MIN_TRAILING_HOURS,
  spikeHours,
  strengthClass,
  zoneConfidence,
} from './zoneConfidence';
import { measureZoneConfidence } from './zoneHistory';

const H = 3_600_000;
const zone = (side: Zone['side'], priceLow: number, priceHigh: number, notionalUsd: number): Zone => ({
  side,
  priceLow,
  priceHigh,
  notionalUsd,
  distancePct: 0,
  intensity: 1,
});
const hour = (i: number, low: number, high: number, liqLongUsd: number, liqShortUsd: number): Bar => ({
  time: i * H,
  open: 100,
  high,
  low,
  close: 100,
  liqLongUsd,
  liqShortUsd,
});

describe('strengthClass: the quartile of the side’s strongest zone', () => {
  const zones = [
    zone('long', 90, 91, 100),
    zone('long', 80, 81, 60),
    zone('long', 70, 71, 26),
    zone('short', 110, 111, 5),
  ];
  it('puts the strongest in class 3 and the others by their share of it, per side', () => {
    expect(zones.map((z) => strengthClass(z, zones))).toEqual([3, 2, 1, 3]);
    expect(strengthClass(zone('long', 60, 61, 25), [...zones, zone('long', 60, 61, 25)])).toBe(0);
  });
});

describe('spikeHours: the top quarter of the side’s trailing 30 days', () => {
  it('needs a week of known hours, then flags hours above the 75th percentile', () => {
    const hours = Array.from({ length: SPIKE_MIN_TRAILING_HOURS + 3 }, (_, i) => hour(i, 99, 101, i % 4, 0));
    hours.push(hour(hours.length, 99, 101, 1_000, 0));
    const { long, short } = spikeHours(hours);
    expect(long.slice(0, SPIKE_MIN_TRAILING_HOURS).every((s) => s === undefined)).toBe(true);
    expect(long[long.length - 1]).toBe(true);
    expect(long[SPIKE_MIN_TRAILING_HOURS]).toBe(false); // 0 liquidations
    expect(short[short.length - 1]).toBe(false); // all zero: never a spike
  });
});

describe('confidenceTable and zoneConfidence', () => {
  // A week of quiet hours, then hours where price dips into a long zone at 95–96 and longs spike
  // every other hour; a short zone at 110 is never reached.
  const quiet = Array.from({ length: SPIKE_MIN_TRAILING_HOURS }, (_, i) => hour(i, 99, 101, 1, 1));
  const active = Array.from({ length: 80 }, (_, k) =>
    hour(SPIKE_MIN_TRAILING_HOURS + k, 95.5, 101, k % 2 === 0 ? 50 : 0, 1),
  );
  const hours = [...quiet, ...active];
  const zones = [zone('long', 95, 96, 10), zone('long', 90, 91, 4), zone('short', 110, 111, 8)];
  const table = confidenceTable(hours, () => zones);

  it('counts an entered zone per hour as a case of its class and a spike on its side as a hit', () => {
    expect(table.cases).toEqual([0, 0, 0, 80]);
    expect(table.hits).toEqual([0, 0, 0, 40]);
    // Every active hour entered the class-3 zone: no hour moved as far without it, so no base rate.
    expect(zoneConfidence(table, zones[0]!, zones)).toEqual({
      hitRate: 0.5,
      n: 80,
      baseRate: null,
      nBase: 0,
      liftVsMove: null,
    });
    expect(confidenceText(zoneConfidence(table, zones[0]!, zones))).toBe('hit 50 %, n = 80');
  });

  it(`gives no rate below ${MIN_CONFIDENCE_CASES} cases: "not enough history"`, () => {
    const c = zoneConfidence(table, zones[1]!, zones);
    expect(c).toMatchObject({ hitRate: null, n: 0, baseRate: null, liftVsMove: null });
    expect(confidenceText(c)).toBe('not enough history (n = 0)');
    expect(confidenceText(undefined)).toBe('not enough history');
  });
});

describe('the base rate of a like move that entered no zone of that strength', () => {
  // A week of warm-up (no spike flag yet), then, all opening at 100:
  // - 40 case hours: a long zone at 97–98 (class 3), low 97.5 (a 2.5 % move), 30 long spikes;
  // - 40 control hours: the class-3 zone at 94–95, out of reach of the same 2.5 % move, 10 spikes;
  // - 40 quiet control hours: low 99.5 (0.5 %), no spike, zone at 94–95;
  // - 5 case hours of a 1.6 % move into a zone at 98.3–98.6, all spikes, with no control hour of
  //   that move: left out of the comparison.
  const warm = Array.from({ length: SPIKE_MIN_TRAILING_HOURS }, (_, i) => hour(i, 99, 101, 1, 1));
  const at = (k: number) => SPIKE_MIN_TRAILING_HOURS + k;
  const near = zone('long', 97, 98, 10);
  const far = zone('long', 94, 95, 10);
  const nearer = zone('long', 98.3, 98.6, 10);
  const short = zone('short', 110, 111, 8);
  const spec: { low: number; spike: boolean; zones: Zone[] }[] = [
    ...Array.from({ length: 40 }, (_, k) => ({ low: 97.5, spike: k < 30, zones: [near, short] })),
    ...Array.from({ length: 40 }, (_, k) => ({ low: 97.5, spike: k < 10, zones: [far, short] })),
    ...Array.from({ length: 40 }, () => ({ low: 99.5, spike: false, zones: [far, short] })),
    ...Array.from({ length: 5 }, () => ({ low: 98.4, spike: true, zones: [nearer, short] })),
  ];
  const hours = [...warm, ...spec.map((h, k) => hour(at(k), h.low, 101, h.spike ? 50 : 1, 1))];
  const table = confidenceTable(hours, (t) => (t < at(0) * H ? undefined : spec[t / H - at(0)]!.zones));

  it('matches each case to the hours of its side and move bucket that entered no zone of its class', () => {
    expect(table.cases).toEqual([0, 0, 0, 45]);
    expect(table.hits).toEqual([0, 0, 0, 35]);
    expect(table.matched).toEqual([0, 0, 0, 40]);
    expect(table.matchedHits).toEqual([0, 0, 0, 30]);
    // 40 matched cases × the 2.5 % bucket's control rate 10 / 40.
    expect(table.expectedHits![3]).toBeCloseTo(10, 12);
    expect(table.controlHours).toEqual([0, 0, 0, 40]);
  });

  it('reports the base rate, its control hours and the lift over it', () => {
    const c = zoneConfidence(table, near, [near, short]);
    expect(c.hitRate).toBeCloseTo(35 / 45, 12);
    expect(c).toMatchObject({ n: 45, nBase: 40 });
    expect(c.baseRate).toBeCloseTo(0.25, 12);
    expect(c.liftVsMove).toBeCloseTo(3, 12);
    expect(confidenceText(c)).toBe(
      'hit 78 %, n = 45; 3.0× the rate after a like move without such a zone (25 %, n = 40)',
    );
  });

  it('gives no base rate below 30 matched cases or control hours, and says only the hit rate', () => {
    const few = confidenceTable(hours.slice(0, at(20)), (t) =>
      t < at(0) * H ? undefined : spec[t / H - at(0)]!.zones,
    );
    const c = zoneConfidence(few, near, [near, short]);
    expect(c).toMatchObject({ hitRate: null, n: 20, baseRate: null, liftVsMove: null });
    // A table stored before the comparison existed: the hit rate alone.
    const old = zoneConfidence({ cases: [0, 0, 0, 50], hits: [0, 0, 0, 45] }, near, [near]);
    expect(old).toEqual({ hitRate: 0.9, n: 50, baseRate: null, nBase: 0, liftVsMove: null });
    expect(confidenceText(old)).toBe('hit 90 %, n = 50');
  });

  it('buckets moves toward a side at 0.1, 0.25, 0.5, 1 and 2 % of the open', () => {
    expect([0, 0.00099, 0.001, 0.0025, 0.0049, 0.005, 0.01, 0.0199, 0.02, 0.2].map(moveBucket)).toEqual([
      0, 0, 1, 2, 2, 3, 4, 4, 5, 5,
    ]);
  });
});

describe('liquidationHours', () => {
  it('sums a side’s liquidations per clock hour, unknown when a bar lacks them', () => {
    const five = (i: number, liq?: number): Bar => ({
      time: i * 300_000,
      open: 100,
      high: 100 + i,
      low: 100 - i,
      close: 100,
      liqLongUsd: liq,
      liqShortUsd: 1,
    });
    const bars = [...Array.from({ length: 12 }, (_, i) => five(i, 2)), five(12), five(13, 2)];
    const hours = liquidationHours(bars);
    expect(hours.map((h) => [h.time, h.high, h.low, h.liqLongUsd, h.liqShortUsd])).toEqual([
      [0, 111, 89, 24, 12],
      [H, 113, 87, undefined, 2],
    ]);
  });
});

describe('measureZoneConfidence: the extension’s table from stored bars and recorded events', () => {
  const bars: Bar[] = Array.from({ length: 24 * 12 * 3 }, (_, i) => ({
    time: i * 300_000,
    open: 100 + Math.sin(i / 20),
    high: 101 + Math.sin(i / 20),
    low: 99 + Math.sin(i / 20),
    close: 100 + Math.sin((i + 1) / 20),
    oiUsd: 1e9 + i * 1e5,
  }));
  it('has no case without recorded events, and none before a week of recorded hours', () => {
    expect(measureZoneConfidence(bars, [], { window: '12h' })).toMatchObject({
      cases: [0, 0, 0, 0],
      hits: [0, 0, 0, 0],
      matched: [0, 0, 0, 0],
    });
    const events = [
      { time: 3_600_000, price: 99, side: 'long' as const, notionalUsd: 1e5, exchange: 'binance' as const },
      {
        time: bars[bars.length - 1]!.time,
        price: 101,
        side: 'short' as const,
        notionalUsd: 1e5,
        exchange: 'binance' as const,
      },
    ];
    const table = measureZoneConfidence(bars, events, { window: '12h' });
    expect(table.cases.reduce((a, b) => a + b, 0)).toBe(0);
    expect(zoneConfidence(table, zone('long', 1, 2, 1), [zone('long', 1, 2, 1)]).hitRate).toBeNull();
  });
});
