import { loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import type { HeatGrid } from '../../core/model/types';
import { heatScale } from '../../core/render/heatScale';
import { renderHeatmapPng } from './png';

/** The picture's pixels, to read back. */
async function pixelsOf(png: Buffer) {
  const { createCanvas } = await import('@napi-rs/canvas');
  const image = await loadImage(png);
  const ctx = createCanvas(image.width, image.height).getContext('2d');
  ctx.drawImage(image, 0, 0);
  return {
    rgb: (x: number, y: number) => Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3)),
    region: (x: number, y: number, w: number, h: number) => ctx.getImageData(x, y, w, h).data,
  };
}

/** A hand-made 48-column grid around 100,000: one long band below the price, one short band above. */
function bandGrid(): HeatGrid {
  const columns = 48;
  const rows = 60;
  const priceMin = 97_000;
  const binSize = 100;
  const long = new Float32Array(columns * rows);
  const short = new Float32Array(columns * rows);
  const open = new Float64Array(columns);
  const high = new Float64Array(columns);
  const low = new Float64Array(columns);
  const close = new Float64Array(columns);
  const columnTimes = new Float64Array(columns);
  const start = Date.UTC(2026, 5, 20, 0, 0);
  for (let c = 0; c < columns; c++) {
    columnTimes[c] = start + c * 900_000;
    const mid = 100_000 + Math.sin(c / 5) * 400;
    open[c] = mid - 50;
    close[c] = mid + (c % 2 === 0 ? 80 : -80);
    high[c] = mid + 150;
    low[c] = mid - 150;
    long[c * rows + 20] = 2e6 + c * 1e5; // 99,000
    short[c * rows + 45] = 5e6; // 101,500
  }
  return {
    columns,
    rows,
    priceMin,
    priceMax: priceMin + rows * binSize,
    binSize,
    timeStart: start,
    timeEnd: start + columns * 900_000,
    columnTimes,
    long,
    short,
    maxCell: 6.7e6,
    open,
    high,
    low,
    close,
  };
}

describe('renderHeatmapPng', () => {
  it('draws a PNG of the asked size with bright bands on a dark background', async () => {
    const grid = bandGrid();
    const png = renderHeatmapPng(
      { grid, price: 100_000, at: grid.timeEnd, window: '12h', symbol: 'BTCUSDT', exchange: 'binance' },
      { width: 800, height: 450 },
    );
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const image = await loadImage(png);
    expect([image.width, image.height]).toEqual([800, 450]);

    const { createCanvas } = await import('@napi-rs/canvas');
    const canvas = createCanvas(800, 450);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    const brightness = (x: number, y: number) => {
      const [r, g, b] = ctx.getImageData(x, y, 1, 1).data;
      return r! + g! + b!;
    };
    // Plot spans y 54..420 for prices 103,000..97,000: 101,550 sits near y 143, 99,050 near y 326.
    const plotY = (price: number) => 54 + ((103_000 - price) / 6000) * (450 - 54 - 30);
    const x = 60;
    expect(brightness(x, Math.round(plotY(101_550)))).toBeGreaterThan(400); // short band: near yellow
    expect(brightness(x, Math.round(plotY(99_050)))).toBeGreaterThan(150); // long band: lit
    expect(brightness(x, Math.round(plotY(97_500)))).toBeLessThan(60); // empty rows: near black
  });

  it('never lets an empty grid produce NaN colours or a blank image', async () => {
    const grid = bandGrid();
    grid.long.fill(0);
    grid.short.fill(0);
    grid.maxCell = 0;
    const png = renderHeatmapPng(
      { grid, price: 100_000, at: grid.timeEnd, window: '24h' },
      { width: 640, height: 360 },
    );
    const image = await loadImage(png);
    expect(image.width).toBe(640);
  });

  it('keeps the band cells bright beside a lone extreme cell', () => {
    const grid = bandGrid();
    grid.short[5] = 1e9;
    grid.maxCell = 1e9;
    // The class scale: the lone cell is the short side's top 0.5 % on its own; the 48 band cells stay bright.
    const scale = heatScale(grid);
    expect(scale.levelOf('short', 1e9)).toBe(scale.classes);
    expect(scale.levelOf('short', 5e6)).toBe(scale.classes - 1);
  });

  it('paints with the side panel’s class scale and shows every class colour in the legend', async () => {
    const grid = bandGrid();
    const png = renderHeatmapPng(
      { grid, price: 100_000, at: grid.timeEnd, window: '12h', symbol: 'BTCUSDT' },
      { width: 800, height: 450 },
    );
    const picture = await pixelsOf(png);
    const scale = heatScale(grid);
    const colour = (level: number) => Array.from(scale.palette.slice(level * 4, level * 4 + 3));
    const plotY = (price: number) => Math.round(54 + ((103_000 - price) / 6000) * (450 - 54 - 30));
    // Column 3 (x 60) holds the long band's 2.3M, column 45 (x 600) its 6.5M; the short band is 5M throughout.
    expect(picture.rgb(60, plotY(99_050))).toEqual(colour(scale.levelOf('long', 2.3e6)));
    expect(picture.rgb(600, plotY(99_050))).toEqual(colour(scale.levelOf('long', 6.5e6)));
    expect(picture.rgb(60, plotY(101_550))).toEqual(colour(scale.classes));
    expect(scale.levelOf('long', 6.5e6)).toBeGreaterThan(scale.levelOf('long', 2.3e6));
    // The legend, right of the price axis (x ≥ 800 − 86), carries a swatch of every class.
    const legend = picture.region(800 - 86, 0, 86, 450);
    const seen = new Set<string>();
    for (let i = 0; i < legend.length; i += 4) seen.add(`${legend[i]},${legend[i + 1]},${legend[i + 2]}`);
    for (let level = 1; level <= scale.classes; level++) expect(seen.has(colour(level).join(','))).toBe(true);
  });

  it('paints linear classes when asked', async () => {
    const grid = bandGrid();
    const png = renderHeatmapPng(
      { grid, price: 100_000, at: grid.timeEnd, window: '12h', scaleMode: 'linear' },
      { width: 800, height: 450 },
    );
    const picture = await pixelsOf(png);
    const scale = heatScale(grid, { mode: 'linear' });
    const plotY = (price: number) => Math.round(54 + ((103_000 - price) / 6000) * (450 - 54 - 30));
    const level = scale.levelOf('long', 2.3e6);
    expect(picture.rgb(60, plotY(99_050))).toEqual(Array.from(scale.palette.slice(level * 4, level * 4 + 3)));
  });
});
