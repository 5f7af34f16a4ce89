import { describe, expect, it } from 'vitest';
import type { HeatGrid } from '../model/types';
import { CANDLE_DOWN, CANDLE_UP, type FillContext, paintCandles, paintHeatPixels } from './heatImage';
import { heatScale } from './heatScale';

/** 2 columns × 4 rows from 100 to 140 (bins of 10): a hot cell, a weak cell, the rest empty. */
function tinyGrid(): HeatGrid {
  const rows = 4;
  const long = new Float32Array(2 * rows);
  const short = new Float32Array(2 * rows);
  long[0 * rows + 1] = 1_000; // column 0, row 1 (110..120)
  short[1 * rows + 3] = 40; // column 1, row 3 (130..140): 4 % of the hottest cell
  return {
    columns: 2,
    rows,
    priceMin: 100,
    priceMax: 140,
    binSize: 10,
    timeStart: 0,
    timeEnd: 600_000,
    columnTimes: Float64Array.from([0, 300_000]),
    long,
    short,
    maxCell: 1_000,
    open: Float64Array.from([112, 125]),
    high: Float64Array.from([128, 138]),
    low: Float64Array.from([105, 118]),
    close: Float64Array.from([125, 120]),
  };
}

const rgbAt = (pixels: Uint8ClampedArray, width: number, x: number, y: number) =>
  Array.from(pixels.slice((y * width + x) * 4, (y * width + x) * 4 + 3));

describe('paintHeatPixels: the CLI PNG in the side panel’s colour classes', () => {
  it('puts time left to right and price bottom to top', () => {
    const grid = tinyGrid();
    const pixels = new Uint8ClampedArray(2 * 4 * 4);
    paintHeatPixels(pixels, 2, 4, grid, heatScale(grid, { noiseFloor: 0 }));
    // Row 1 from the bottom is y = 2 from the top: the hot long cell of column 0.
    expect(rgbAt(pixels, 2, 0, 2)).not.toEqual([0, 0, 0]);
    expect(rgbAt(pixels, 2, 0, 0)).toEqual([0, 0, 0]);
    // The short cell sits in column 1, top row.
    expect(rgbAt(pixels, 2, 1, 0)).not.toEqual([0, 0, 0]);
    expect(rgbAt(pixels, 2, 1, 2)).toEqual([0, 0, 0]);
  });

  it('scales any pixel size onto the grid by nearest cell', () => {
    const grid = tinyGrid();
    const pixels = new Uint8ClampedArray(20 * 40 * 4);
    paintHeatPixels(pixels, 20, 40, grid, heatScale(grid, { noiseFloor: 0 }));
    // Column 0 spans x 0..9; row 1 spans y 20..29 from the top.
    expect(rgbAt(pixels, 20, 9, 25)).not.toEqual([0, 0, 0]);
    expect(rgbAt(pixels, 20, 10, 25)).toEqual([0, 0, 0]);
    expect(rgbAt(pixels, 20, 9, 19)).toEqual([0, 0, 0]);
  });

  it('paints each cell in its class colour from a HeatScale, the brighter side where both hold notional', () => {
    const grid = tinyGrid();
    grid.long[1 * 4 + 3] = 1; // column 1, row 3 holds both: the short 40 outshines this long 1
    const scale = heatScale(grid, { noiseFloor: 0 });
    const pixels = new Uint8ClampedArray(2 * 4 * 4);
    paintHeatPixels(pixels, 2, 4, grid, scale);
    const colour = (level: number) => Array.from(scale.palette.slice(level * 4, level * 4 + 3));
    for (let x = 0; x < 2; x++) {
      for (let y = 0; y < 4; y++) {
        const cell = x * 4 + (3 - y);
        const level = Math.max(
          scale.levelOf('long', grid.long[cell]!),
          scale.levelOf('short', grid.short[cell]!),
        );
        expect(rgbAt(pixels, 2, x, y)).toEqual(level === 0 ? [0, 0, 0] : colour(level));
      }
    }
    expect(rgbAt(pixels, 2, 1, 0)).toEqual(colour(scale.levelOf('short', 40)));
    expect(scale.levelOf('short', 40)).toBeGreaterThan(scale.levelOf('long', 1));
    expect(rgbAt(pixels, 2, 0, 0)).toEqual([0, 0, 0]);
    // Dark cells are the picture's opaque background, not holes.
    expect(pixels[3]).toBe(255);
  });

  it('refuses a buffer too small for the picture instead of writing past it', () => {
    const grid = tinyGrid();
    expect(() => paintHeatPixels(new Uint8ClampedArray(8), 2, 4, grid, heatScale(grid))).toThrow(RangeError);
  });
});

describe('paintCandles', () => {
  function recorder() {
    const fills: Array<{ style: unknown; rect: number[] }> = [];
    const ctx: FillContext = {
      fillStyle: '',
      strokeStyle: '',
      lineWidth: 1,
      fillRect(x, y, w, h) {
        fills.push({ style: this.fillStyle, rect: [x, y, w, h] });
      },
      beginPath() {},
      moveTo() {},
      lineTo() {},
      stroke() {},
    };
    return { ctx, fills };
  }

  it('draws a rising candle green and a falling one red, wick and body at their prices', () => {
    const { ctx, fills } = recorder();
    paintCandles(ctx, tinyGrid(), { x: 0, y: 0, w: 20, h: 40 });
    expect(fills.map((f) => f.style)).toEqual([CANDLE_UP, CANDLE_UP, CANDLE_DOWN, CANDLE_DOWN]);
    // Column 0: wick from high 128 (y 12) to low 105 (y 35); body from close 125 (y 15) to open 112 (y 28).
    expect(fills[0]!.rect).toEqual([5, 12, 1, 23]);
    expect(fills[1]!.rect[1]).toBe(15);
    expect(fills[1]!.rect[3]).toBe(13);
  });

  it('draws a line, not candles, when columns are narrower than 3 px', () => {
    const { ctx, fills } = recorder();
    paintCandles(ctx, tinyGrid(), { x: 0, y: 0, w: 4, h: 40 });
    expect(fills).toHaveLength(0);
  });
});
