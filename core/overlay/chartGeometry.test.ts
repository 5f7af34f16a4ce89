import { describe, expect, it } from 'vitest';
import { bandRect, canMapPrices, type PaneMapping, priceToY, timeToX } from './chartGeometry';

const T = 1_780_000_000; // chart seconds
const linear: PaneMapping = {
  time: { from: T, to: T + 3600 },
  price: { from: 60_000, to: 70_000 },
  scaleMode: 0,
  inverted: false,
  width: 600,
  height: 500,
};

describe('time → x', () => {
  it('maps the visible range onto the pane width; chart seconds against epoch ms', () => {
    expect(timeToX(linear, T * 1000)).toBe(0);
    expect(timeToX(linear, (T + 1800) * 1000)).toBe(300);
    expect(timeToX(linear, (T + 3600) * 1000)).toBe(600);
    expect(timeToX(linear, (T - 360) * 1000)).toBe(-60);
  });
});

describe('price → y', () => {
  it('puts the top of the visible range at y = 0 and the bottom at the pane height (linear)', () => {
    expect(priceToY(linear, 70_000)).toBe(0);
    expect(priceToY(linear, 60_000)).toBe(500);
    expect(priceToY(linear, 65_000)).toBe(250);
  });

  it('is logarithmic on a log scale: equal ratios, equal distances', () => {
    const log: PaneMapping = { ...linear, scaleMode: 1, price: { from: 100, to: 10_000 } };
    expect(priceToY(log, 1000)).toBeCloseTo(250, 9);
    expect(priceToY(log, 10_000)).toBeCloseTo(0, 9);
    expect(priceToY(log, 100)).toBeCloseTo(500, 9);
    expect(Number.isFinite(priceToY(log, 0))).toBe(true);
  });

  it('turns upside down on an inverted scale', () => {
    expect(priceToY({ ...linear, inverted: true }, 70_000)).toBe(500);
    expect(priceToY({ ...linear, inverted: true }, 62_000)).toBe(100);
  });

  it('maps only regular and log scales (percent and indexed ranges are not prices)', () => {
    expect([0, 1, 2, 3].map(canMapPrices)).toEqual([true, true, false, false]);
  });
});

describe('bandRect', () => {
  const band = {
    priceLow: 64_000,
    priceHigh: 65_000,
    timeStart: (T + 600) * 1000,
    timeEnd: (T + 1200) * 1000,
  };

  it('places a band by its prices and times', () => {
    expect(bandRect(linear, band, (T + 3600) * 1000)).toEqual({ x: 100, y: 250, width: 100, height: 50 });
  });

  it('runs a live band to the right edge of the pane', () => {
    expect(bandRect(linear, band, band.timeEnd)).toMatchObject({ x: 100, width: 500 });
  });

  it('clips to the pane and skips bands out of view', () => {
    expect(bandRect(linear, { ...band, priceHigh: 75_000 }, Infinity)).toMatchObject({ y: 0, height: 300 });
    expect(bandRect(linear, { ...band, priceLow: 71_000, priceHigh: 72_000 }, Infinity)).toBeUndefined();
    expect(
      bandRect(linear, { ...band, timeEnd: (T - 10) * 1000, timeStart: (T - 100) * 1000 }, Infinity),
    ).toBeUndefined();
  });

  it('keeps a very thin band one pixel tall', () => {
    expect(bandRect(linear, { ...band, priceHigh: 64_001 }, Infinity)?.height).toBe(1);
  });
});
