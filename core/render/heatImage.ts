import type { HeatGrid } from '../model/types';
import { HEAT_GAMMA, heatLevel, heatLookupTable } from './heatColors';
import type { HeatScale } from './heatScale';

/**
 * The one heatmap painter, shared by the side panel (a canvas in the page) and the CLI's PNG
 * (@napi-rs/canvas in Node): both fill an RGBA pixel buffer with this code and draw candles with
 * `paintCandles`, so the two pictures of the same grid agree to the pixel. Colours come from a
 * HeatScale (core/render/heatScale.ts), the scale the legend describes.
 */

/**
 * The share of non-empty cells allowed above the colour scale's top. A handful of extreme cells
 * would otherwise push everything else into the dark end; legends say "≥" for the top.
 */
export const SCALE_TOP_QUANTILE = 0.995;

/**
 * The value drawn brightest by the continuous ramp: a high quantile of non-empty cells, never above
 * the hottest cell. Only for the legacy `HeatPaintOptions` path (see paintHeatPixels).
 */
export function heatScaleTop(grid: HeatGrid): number {
  const cells = grid.columns * grid.rows;
  const values: number[] = [];
  for (let i = 0; i < cells; i++) {
    const v = (grid.long[i] ?? 0) + (grid.short[i] ?? 0);
    if (v > 0) values.push(v);
  }
  if (values.length === 0) return 0;
  values.sort((a, b) => a - b);
  const q = values[Math.floor((values.length - 1) * SCALE_TOP_QUANTILE)]!;
  return Math.min(q, grid.maxCell > 0 ? grid.maxCell : q);
}

/**
 * The continuous sqrt ramp of long + short, kept for components/HeatmapCanvas.tsx until the side
 * panel paints through a HeatScale; new code passes a HeatScale.
 */
export interface HeatPaintOptions {
  /** The value drawn brightest (see heatScaleTop). */
  scaleTop: number;
  /**
   * Cells under this share of the window's hottest cell stay black: the trader's intensity
   * threshold, with the same meaning as for the overlay's bands. 0..1.
   */
  floor?: number;
}

const TABLE = heatLookupTable(256);

const isScale = (paint: HeatScale | HeatPaintOptions): paint is HeatScale => 'fillLevels' in paint;

/**
 * Fills a `width` × `height` RGBA buffer (row-major, top row first) with the grid, nearest cell
 * per pixel: time left to right, price bottom to top. With a HeatScale each cell takes the colour
 * of its class (the brighter of its long and short class); dark cells are opaque black.
 */
export function paintHeatPixels(
  pixels: Uint8ClampedArray,
  width: number,
  height: number,
  grid: HeatGrid,
  paint: HeatScale | HeatPaintOptions,
): void {
  const w = Math.floor(width);
  const h = Math.floor(height);
  if (pixels.length < w * h * 4) throw new RangeError(`pixel buffer too small for ${w}×${h}`);
  const rowOfPixel = new Int32Array(h);
  const span = grid.priceMax - grid.priceMin;
  for (let y = 0; y < h; y++) {
    const price = grid.priceMax - ((y + 0.5) / h) * span;
    rowOfPixel[y] = Math.min(grid.rows - 1, Math.max(0, Math.floor((price - grid.priceMin) / grid.binSize)));
  }
  // One colour table per cell value: the scale's classes, or the legacy ramp.
  let colourOf: (cell: number) => number;
  let table: Uint8ClampedArray;
  if (isScale(paint)) {
    const levels = paint.fillLevels(grid, 0, grid.columns);
    table = paint.palette.slice();
    table[3] = 255; // level 0: opaque black, the picture's background
    colourOf = (cell) => (levels[cell] ?? 0) * 4;
  } else {
    const minValue = (paint.floor ?? 0) * grid.maxCell;
    table = TABLE;
    colourOf = (cell) => {
      const value = (grid.long[cell] ?? 0) + (grid.short[cell] ?? 0);
      const level = value > 0 && value >= minValue ? heatLevel(value, paint.scaleTop, HEAT_GAMMA) : 0;
      return Math.round(level * 255) * 4;
    };
  }
  for (let x = 0; x < w; x++) {
    const column = Math.min(grid.columns - 1, Math.floor(((x + 0.5) / w) * grid.columns));
    const base = column * grid.rows;
    for (let y = 0; y < h; y++) {
      const entry = column >= 0 ? colourOf(base + rowOfPixel[y]!) : 0;
      const at = (y * w + x) * 4;
      pixels[at] = table[entry]!;
      pixels[at + 1] = table[entry + 1]!;
      pixels[at + 2] = table[entry + 2]!;
      pixels[at + 3] = 255;
    }
  }
}

/** Candle colours, the exchanges' own green and red. */
export const CANDLE_UP = '#2ebd85';
export const CANDLE_DOWN = '#f6465d';

/** What candle painting needs of a 2D context: the browser's and @napi-rs/canvas's both fit. */
export interface FillContext {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  fillRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
}

export interface PlotRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Candles when a column is wide enough to read one (≥ 3 px), else a close-price line. */
export function paintCandles(ctx: FillContext, grid: HeatGrid, plot: PlotRect): void {
  const columnWidth = plot.w / Math.max(1, grid.columns);
  const priceToY = (p: number) => plot.y + ((grid.priceMax - p) / (grid.priceMax - grid.priceMin)) * plot.h;
  if (columnWidth >= 3) {
    const body = Math.max(1, Math.floor(columnWidth * 0.6));
    for (let c = 0; c < grid.columns; c++) {
      const o = grid.open[c]!;
      const hi = grid.high[c]!;
      const lo = grid.low[c]!;
      const cl = grid.close[c]!;
      if (![o, hi, lo, cl].every(Number.isFinite) || hi <= 0) continue;
      const cx = Math.round(plot.x + (c + 0.5) * columnWidth);
      ctx.fillStyle = cl >= o ? CANDLE_UP : CANDLE_DOWN;
      const yHigh = priceToY(hi);
      ctx.fillRect(cx, Math.round(yHigh), 1, Math.max(1, Math.round(priceToY(lo) - yHigh)));
      const yTop = priceToY(Math.max(o, cl));
      const bodyHeight = Math.max(1, Math.round(priceToY(Math.min(o, cl)) - yTop));
      ctx.fillRect(cx - Math.floor(body / 2), Math.round(yTop), body, bodyHeight);
    }
    return;
  }
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
  ctx.lineWidth = 1.25;
  ctx.beginPath();
  let started = false;
  for (let c = 0; c < grid.columns; c++) {
    const cl = grid.close[c]!;
    if (!Number.isFinite(cl) || cl <= 0) continue;
    const x = plot.x + (c + 0.5) * columnWidth;
    if (started) ctx.lineTo(x, priceToY(cl));
    else ctx.moveTo(x, priceToY(cl));
    started = true;
  }
  ctx.stroke();
}
