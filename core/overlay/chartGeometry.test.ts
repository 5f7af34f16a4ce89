import { describe, expect, it } from 'vitest';
import { bandRect, barLeftX, canMapPrices, type PaneMapping, priceToY, timeToX } from './chartGeometry';

const T = 1_780_000_200; // chart seconds, a 15-minute bar's open
const linear: PaneMapping = {
  // 15-minute bars 12 px apart; the bar opening at T starts at x = 100.
  time: { anchorX: 100, anchorTime: T, spacing: 12, intervalS: 900 },
  price: { mode: 0, top: 70_000, bottom: 60_000, bottomRow: 499 },
  width: 600,
  height: 500,
};
const ms = (s: number) => s * 1000;

describe('time → x on the chart bar grid', () => {
  it('puts a bar open time on its bar left edge, and any time inside a bar on that same edge', () => {
    expect(barLeftX(linear, ms(T))).toBe(100);
    expect(barLeftX(linear, ms(T + 900))).toBe(112);
    // A 5-minute column inside the 15-minute bar: the candle that holds it starts at 100.
    expect(barLeftX(linear, ms(T + 600))).toBe(100);
    expect(barLeftX(linear, ms(T - 1))).toBe(88);
  });

  it('extrapolates left of the loaded data and right into the margin on the same grid', () => {
    expect(barLeftX(linear, ms(T - 900 * 20))).toBe(100 - 240);
    expect(barLeftX(linear, ms(T + 900 * 50))).toBe(700);
  });
});

describe('instant → x', () => {
  it('places an event inside its bar by the share of the bar elapsed', () => {
    expect(timeToX(linear, ms(T + 450))).toBe(106);
    expect(timeToX(linear, ms(T))).toBe(100);
  });
});

describe('price → y', () => {
  it('maps the prices of rows 0 and h − 1, not of the pane edges', () => {
    expect(priceToY(linear, 70_000)).toBe(0);
    expect(priceToY(linear, 60_000)).toBe(499);
    expect(priceToY(linear, 65_000)).toBe(249.5);
  });

  it('needs no flip for an inverted scale: the library reports top < bottom there', () => {
    const inverted: PaneMapping = { ...linear, price: { ...linear.price, top: 60_000, bottom: 70_000 } };
    expect(priceToY(inverted, 60_000)).toBeCloseTo(0, 9);
    expect(priceToY(inverted, 70_000)).toBe(499);
  });

  it('is logarithmic on a log scale: equal ratios, equal distances', () => {
    const log: PaneMapping = { ...linear, price: { mode: 1, top: 80_000, bottom: 20_000, bottomRow: 400 } };
    expect(priceToY(log, 40_000)).toBeCloseTo(200, 9);
    expect(priceToY(log, 80_000)).toBeCloseTo(0, 9);
    expect(priceToY(log, -5)).toBe(800);
  });

  it('knows prices only in the regular and log modes', () => {
    expect([0, 1, 2, 3].map(canMapPrices)).toEqual([true, true, false, false]);
  });
});

describe('bandRect', () => {
  const band = { priceLow: 64_000, priceHigh: 66_000, timeStart: ms(T), timeEnd: ms(T + 1800) };

  it('spans from its first bar to the bar that crossed it, and between its prices', () => {
    const rect = bandRect(linear, band, ms(T + 99_999));
    // 66,000 sits at row 199.6 and 64,000 at 299.4: snapped to whole pixels.
    expect(rect).toEqual({ x: 100, y: 200, width: 24, height: 99 });
  });

  it('reaches the right edge while still live', () => {
    expect(bandRect(linear, band, band.timeEnd)?.width).toBe(500);
  });

  it('snaps edges to device pixels', () => {
    const rect = bandRect(linear, band, ms(T + 99_999), 2)!;
    expect(rect.y * 2).toBe(Math.round(rect.y * 2));
    expect((rect.y + rect.height) * 2).toBe(Math.round((rect.y + rect.height) * 2));
  });

  it('clips to the pane and drops bands wholly out of view', () => {
    expect(bandRect(linear, { ...band, priceLow: 71_000, priceHigh: 72_000 }, ms(T))).toBeUndefined();
    expect(
      bandRect(linear, { ...band, timeStart: ms(T - 90_000), timeEnd: ms(T - 89_100) }, ms(T)),
    ).toBeUndefined();
    const tall = bandRect(linear, { ...band, priceLow: 50_000, priceHigh: 90_000 }, ms(T + 99_999))!;
    expect(tall.y).toBe(0);
    expect(tall.height).toBe(500);
  });

  it('keeps a thin band at least a pixel tall', () => {
    const thin = bandRect(linear, { ...band, priceLow: 65_000, priceHigh: 65_001 }, ms(T + 99_999))!;
    expect(thin.height).toBeGreaterThanOrEqual(1);
  });
});
