import type { HeatGrid } from '../model/types';
import type { HeatScale } from './heatScale';

/**
 * The CLI's heatmap picture (tools/cli/png.ts, drawn with @napi-rs/canvas): the grid as an RGBA
 * pixel buffer in the colour classes of a HeatScale (core/render/heatScale.ts), the scale the side
 * panel and the legend use, and the candles over it. The side panel paints the same classes from
 * the same scale on its own chart (components/study/heatmapPrimitive.ts).
 */

/**
 * Fills a `width` × `height` RGBA buffer (row-major, top row first) with the grid, nearest cell
 * per pixel: time left to right, price bottom to top. Each cell takes the colour of its class
 * (the brighter of its long and short class); dark cells are opaque black.
 */
export function paintHeatPixels(
  pixels: Uint8ClampedArray,
  width: number,
  height: number,
  grid: HeatGrid,
  scale: HeatScale,
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
  const levels = scale.fillLevels(grid, 0, grid.columns);
  const table = scale.palette.slice();
  table[3] = 255; // level 0: opaque black, the picture's background
  for (let x = 0; x < w; x++) {
    const column = Math.min(grid.columns - 1, Math.floor(((x + 0.5) / w) * grid.columns));
    const base = column * grid.rows;
    for (let y = 0; y < h; y++) {
      const entry = column >= 0 ? (levels[base + rowOfPixel[y]!] ?? 0) * 4 : 0;
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
