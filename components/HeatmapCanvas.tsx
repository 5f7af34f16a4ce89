import { useEffect, useRef } from 'preact/hooks';
import type { HeatGrid } from '@/core/model/types';
import { heatScaleTop, paintCandles, paintHeatPixels } from '@/core/render/heatImage';
import { prepareCanvas } from './canvas';

const AXIS_WIDTH = 64;
export const TIME_AXIS_HEIGHT = 18;

export interface HeatmapCanvasProps {
  grid: HeatGrid;
  /** Cells under this share of the hottest cell are drawn black. */
  threshold: number;
  width: number;
  height: number;
}

function formatPrice(p: number): string {
  return p >= 1000 ? p.toFixed(0) : p.toPrecision(5);
}

/**
 * The full heatmap: time left to right, price bottom to top, long + short notional as colour,
 * the price drawn over it as candles, a price axis on the right and UTC times below.
 */
export function HeatmapCanvas({ grid, threshold, width, height }: HeatmapCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = prepareCanvas(ref.current, width, height, '#000');
    if (!ctx) return;

    const { columns, priceMin, priceMax } = grid;
    const plotH = height - TIME_AXIS_HEIGHT;
    const plotW = width - AXIS_WIDTH;
    // The shared painter fills one pixel per device pixel, so the panel and the CLI's PNG agree.
    const ratio = globalThis.devicePixelRatio || 1;
    const image = new ImageData(
      Math.max(1, Math.floor(plotW * ratio)),
      Math.max(1, Math.floor(plotH * ratio)),
    );
    paintHeatPixels(image.data, image.width, image.height, grid, {
      scaleTop: heatScaleTop(grid),
      floor: threshold,
    });
    const off = new OffscreenCanvas(image.width, image.height);
    off.getContext('2d')!.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, 0, 0, plotW, plotH);
    paintCandles(ctx, grid, { x: 0, y: 0, w: plotW, h: plotH });
    const y = (p: number) => plotH - ((p - priceMin) / (priceMax - priceMin)) * plotH;
    const colW = plotW / columns;

    ctx.fillStyle = '#0b0b12';
    ctx.fillRect(plotW, 0, AXIS_WIDTH, height);
    ctx.fillStyle = '#c8c8d8';
    ctx.font = '11px system-ui, sans-serif';
    const ticks = 8;
    for (let t = 0; t <= ticks; t++) {
      const p = priceMin + ((priceMax - priceMin) * t) / ticks;
      ctx.fillText(formatPrice(p), plotW + 6, Math.min(plotH - 3, Math.max(10, y(p) + 4)));
    }
    // Time axis: a few evenly spaced column start times, UTC.
    ctx.fillStyle = '#0b0b12';
    ctx.fillRect(0, plotH, width, TIME_AXIS_HEIGHT);
    ctx.fillStyle = '#c8c8d8';
    const span = grid.timeEnd - grid.timeStart;
    const labels = Math.max(2, Math.floor(plotW / 90));
    for (let k = 0; k < labels; k++) {
      const c = Math.round(((k + 0.5) * columns) / labels);
      const t = grid.columnTimes[Math.min(columns - 1, c)]!;
      const iso = new Date(t).toISOString();
      const text = span > 2 * 86_400_000 ? `${iso.slice(5, 10)} ${iso.slice(11, 13)}h` : iso.slice(11, 16);
      const x = (c + 0.5) * colW;
      ctx.fillText(text, Math.min(plotW - 40, Math.max(0, x - 16)), plotH + 13);
    }
  }, [grid, threshold, width, height]);
  return <canvas ref={ref} style={{ width: `${width}px`, height: `${height}px`, display: 'block' }} />;
}
