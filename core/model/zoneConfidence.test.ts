import { describe, expect, it } from 'vitest';
import type { Bar } from '../data/bars';
import type { Zone } from './types';
import {
  confidenceTable,
  confidenceText,
  liquidationHours,
  MIN_CONFIDENCE_CASES,
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
    expect(zoneConfidence(table, zones[0]!, zones)).toEqual({ hitRate: 0.5, n: 80 });
    expect(confidenceText(zoneConfidence(table, zones[0]!, zones))).toBe('hit 50 %, n = 80');
  });

  it(`gives no rate below ${MIN_CONFIDENCE_CASES} cases: "not enough history"`, () => {
    const c = zoneConfidence(table, zones[1]!, zones);
    expect(c).toEqual({ hitRate: null, n: 0 });
    expect(confidenceText(c)).toBe('not enough history (n = 0)');
    expect(confidenceText(undefined)).toBe('not enough history');
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
    expect(measureZoneConfidence(bars, [], { window: '12h' })).toEqual({
      cases: [0, 0, 0, 0],
      hits: [0, 0, 0, 0],
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
