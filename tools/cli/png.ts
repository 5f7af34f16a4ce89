import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { HeatGrid, WindowId, Zone } from '../../core/model/types';
import { type PlotRect, paintCandles, paintHeatPixels } from '../../core/render/heatImage';
import { type HeatScale, type HeatScaleMode, heatScale } from '../../core/render/heatScale';
import { priceTicks, timeLabel, timeTicks } from './axes';
import { formatPrice, formatUsdShort, formatUtc } from './format';

/** What one heatmap picture shows: the engine's grid plus what the title needs. */
export interface HeatmapPicture {
  grid: HeatGrid;
  price: number;
  at: number;
  window: WindowId;
  symbol?: string;
  exchange?: string;
  /** Strongest zones; the top few on each side get their notional written beside the axis. */
  zones?: readonly Zone[];
  /** The colour scale's mode (core/render/heatScale.ts); per-side percentile classes by default. */
  scaleMode?: HeatScaleMode;
}

export interface PictureSize {
  width: number;
  height: number;
}

export const DEFAULT_PICTURE_SIZE: PictureSize = { width: 1200, height: 675 };

const FONT = '"DejaVu Sans", "Liberation Sans", Arial, sans-serif';
const BACKGROUND = '#0b0d12';
const PANEL_TEXT = '#c9ced8';
const MUTED_TEXT = '#7d8594';
const GRID_LINE = 'rgba(255, 255, 255, 0.07)';

const LONG_TEXT = '#7fe3b8';
const SHORT_TEXT = '#ff9aa8';

/** Margins around the plot, px: title on top, price axis and legend on the right, time below. */
const LAYOUT = { top: 54, bottom: 30, left: 12, axis: 78, legend: 86 } as const;

/** Draws the heatmap picture and encodes it as PNG. */
export function renderHeatmapPng(picture: HeatmapPicture, size: PictureSize = DEFAULT_PICTURE_SIZE): Buffer {
  const width = Math.max(320, Math.round(size.width));
  const height = Math.max(200, Math.round(size.height));
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height);

  const plot = {
    x: LAYOUT.left,
    y: LAYOUT.top,
    w: width - LAYOUT.left - LAYOUT.axis - LAYOUT.legend,
    h: height - LAYOUT.top - LAYOUT.bottom,
  };
  const { grid } = picture;
  const scale = heatScale(grid, { mode: picture.scaleMode });
  const priceToY = (p: number) => plot.y + ((grid.priceMax - p) / (grid.priceMax - grid.priceMin)) * plot.h;

  paintHeat(ctx, grid, plot, scale);
  drawGridLines(ctx, grid, plot, priceToY);
  drawPrices(ctx, grid, plot);
  drawCurrentPrice(ctx, picture.price, plot, priceToY);
  drawZoneLabels(ctx, picture.zones ?? [], plot, priceToY);
  drawPriceAxis(ctx, grid, picture.price, plot, priceToY);
  drawTimeAxis(ctx, grid, plot);
  drawLegend(ctx, scale, plot);
  drawTitle(ctx, picture, width);
  return canvas.encodeSync('png');
}

type Rect = PlotRect;

/** Fills the plot from the grid through the shared painter and scale. */
function paintHeat(ctx: SKRSContext2D, grid: HeatGrid, plot: Rect, scale: HeatScale): void {
  const image = ctx.createImageData(Math.floor(plot.w), Math.floor(plot.h));
  paintHeatPixels(image.data, image.width, image.height, grid, scale);
  ctx.putImageData(image, plot.x, plot.y);
}

function drawGridLines(
  ctx: SKRSContext2D,
  grid: HeatGrid,
  plot: Rect,
  priceToY: (p: number) => number,
): void {
  ctx.strokeStyle = GRID_LINE;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const p of priceTicks(grid.priceMin, grid.priceMax, 10)) {
    const y = Math.round(priceToY(p)) + 0.5;
    ctx.moveTo(plot.x, y);
    ctx.lineTo(plot.x + plot.w, y);
  }
  const { ticks } = timeTicks(grid.timeStart, grid.timeEnd, 8);
  for (const t of ticks) {
    const x = Math.round(timeToX(grid, plot, t)) + 0.5;
    ctx.moveTo(x, plot.y);
    ctx.lineTo(x, plot.y + plot.h);
  }
  ctx.stroke();
}

function timeToX(grid: HeatGrid, plot: Rect, t: number): number {
  const span = grid.timeEnd - grid.timeStart;
  return plot.x + (span > 0 ? ((t - grid.timeStart) / span) * plot.w : 0);
}

/** Candles (or a close line), clipped to the plot, through the shared painter. */
function drawPrices(ctx: SKRSContext2D, grid: HeatGrid, plot: Rect): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.x, plot.y, plot.w, plot.h);
  ctx.clip();
  paintCandles(ctx, grid, plot);
  ctx.restore();
}

function drawCurrentPrice(
  ctx: SKRSContext2D,
  price: number,
  plot: Rect,
  priceToY: (p: number) => number,
): void {
  const y = Math.round(priceToY(price)) + 0.5;
  if (y < plot.y || y > plot.y + plot.h) return;
  ctx.save();
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.55)';
  ctx.setLineDash([4, 4]);
  ctx.beginPath();
  ctx.moveTo(plot.x, y);
  ctx.lineTo(plot.x + plot.w, y);
  ctx.stroke();
  ctx.restore();
}

/** The strongest three zones per side get their notional written at the plot's right edge. */
function drawZoneLabels(
  ctx: SKRSContext2D,
  zones: readonly Zone[],
  plot: Rect,
  priceToY: (p: number) => number,
): void {
  ctx.font = `bold 11px ${FONT}`;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const taken: number[] = [];
  for (const side of ['long', 'short'] as const) {
    for (const zone of zones.filter((z) => z.side === side).slice(0, 3)) {
      const y = priceToY((zone.priceLow + zone.priceHigh) / 2);
      if (y < plot.y + 8 || y > plot.y + plot.h - 8) continue;
      // Zones come strongest first: a weaker zone's label gives way rather than overlap.
      if (taken.some((t) => Math.abs(t - y) < 17)) continue;
      taken.push(y);
      const text = `${side === 'long' ? 'L' : 'S'} ${formatUsdShort(zone.notionalUsd)}`;
      const textWidth = ctx.measureText(text).width;
      ctx.fillStyle = 'rgba(0, 0, 0, 0.6)';
      ctx.fillRect(plot.x + plot.w - textWidth - 8, y - 8, textWidth + 6, 16);
      ctx.fillStyle = side === 'long' ? LONG_TEXT : SHORT_TEXT;
      ctx.fillText(text, plot.x + plot.w - 5, y);
    }
  }
}

function drawPriceAxis(
  ctx: SKRSContext2D,
  grid: HeatGrid,
  price: number,
  plot: Rect,
  priceToY: (p: number) => number,
): void {
  const axisX = plot.x + plot.w;
  ctx.font = `11px ${FONT}`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  const priceY = priceToY(price);
  for (const p of priceTicks(grid.priceMin, grid.priceMax, 10)) {
    const y = priceToY(p);
    if (y < plot.y + 6 || y > plot.y + plot.h - 6 || Math.abs(y - priceY) < 12) continue;
    ctx.fillStyle = MUTED_TEXT;
    ctx.fillRect(axisX, Math.round(y), 4, 1);
    ctx.fillStyle = PANEL_TEXT;
    ctx.fillText(p.toLocaleString('en-US', { maximumFractionDigits: 2 }), axisX + 7, y);
  }
  if (priceY >= plot.y && priceY <= plot.y + plot.h) {
    const label = formatPrice(price);
    ctx.font = `bold 11px ${FONT}`;
    const labelWidth = ctx.measureText(label).width + 10;
    ctx.fillStyle = '#f0b90b';
    ctx.fillRect(axisX + 2, priceY - 9, labelWidth, 18);
    ctx.fillStyle = '#111';
    ctx.fillText(label, axisX + 7, priceY);
  }
}

function drawTimeAxis(ctx: SKRSContext2D, grid: HeatGrid, plot: Rect): void {
  const { step, ticks } = timeTicks(grid.timeStart, grid.timeEnd, 8);
  ctx.font = `11px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const y = plot.y + plot.h;
  for (const t of ticks) {
    const x = timeToX(grid, plot, t);
    if (x < plot.x + 18 || x > plot.x + plot.w - 18) continue;
    ctx.fillStyle = MUTED_TEXT;
    ctx.fillRect(Math.round(x), y, 1, 4);
    ctx.fillStyle = PANEL_TEXT;
    ctx.fillText(timeLabel(t, step), x, y + 7);
  }
}

/**
 * The colour classes, brightest on top: one swatch per class with the USD per cell it starts at for
 * longs (L) and shorts (S), from the same HeatScale the plot was painted with. "–" where a side has
 * no cell in that class.
 */
function drawLegend(ctx: SKRSContext2D, scale: HeatScale, plot: Rect): void {
  const x = plot.x + plot.w + LAYOUT.axis + 8;
  const top = plot.y + 28;
  const rowHeight = Math.max(16, Math.min(30, Math.floor((plot.h - 72) / scale.classes)));
  const swatch = 12;
  ctx.font = `10px ${FONT}`;
  ctx.fillStyle = MUTED_TEXT;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'bottom';
  ctx.fillText('USD per cell', x - 2, top - 12);
  ctx.fillText('from', x - 2, top - 1);
  const lower = (side: 'long' | 'short', level: number) => {
    const entry = scale.legend[side].find((e) => e.level === level);
    return entry ? `≥${formatUsdShort(entry.lowerUsd)}` : '–';
  };
  ctx.textBaseline = 'middle';
  for (let level = scale.classes; level >= 1; level--) {
    const y = top + (scale.classes - level) * rowHeight;
    ctx.fillStyle = scale.colors[level]!;
    ctx.fillRect(x, y + 1, swatch, rowHeight - 2);
    const twoLines = rowHeight >= 24;
    ctx.fillStyle = LONG_TEXT;
    ctx.fillText(
      `L ${lower('long', level)}`,
      x + swatch + 5,
      y + (twoLines ? rowHeight * 0.3 : rowHeight / 2),
    );
    if (twoLines) {
      ctx.fillStyle = SHORT_TEXT;
      ctx.fillText(`S ${lower('short', level)}`, x + swatch + 5, y + rowHeight * 0.72);
    }
  }
  const bottom = top + scale.classes * rowHeight + 12;
  ctx.fillStyle = MUTED_TEXT;
  const classes =
    scale.mode === 'percentile'
      ? `top ${[...scale.percentiles]
          .reverse()
          .map((p) => Number((100 - p).toFixed(2)))
          .join(', ')} % of lit cells, per side;`
      : 'equal USD steps;';
  const lines = wrap(ctx, `${classes} dark: under the noise floor`, LAYOUT.legend - 10);
  for (const [i, line] of lines.entries()) ctx.fillText(line, x - 2, bottom + i * 12);
}

/** Splits `text` at spaces into lines no wider than `width` px in the context's font. */
function wrap(ctx: SKRSContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

function drawTitle(ctx: SKRSContext2D, picture: HeatmapPicture, width: number): void {
  const name = [picture.symbol ?? 'unknown symbol', picture.exchange].filter(Boolean).join(' · ');
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.font = `bold 16px ${FONT}`;
  ctx.fillStyle = '#eef1f6';
  const title = `${name}  liquidation heatmap  ${picture.window}`;
  ctx.fillText(title, LAYOUT.left, 24);
  ctx.font = `12px ${FONT}`;
  ctx.fillStyle = MUTED_TEXT;
  ctx.fillText(
    `${formatUtc(picture.at)}  ·  price ${formatPrice(picture.price)}  ·  estimated positions; relative strength is the signal`,
    LAYOUT.left,
    43,
  );
  ctx.textAlign = 'right';
  ctx.font = `11px ${FONT}`;
  ctx.fillStyle = '#5d6572';
  ctx.fillText('HeatBands', width - LAYOUT.left, 24);
}
