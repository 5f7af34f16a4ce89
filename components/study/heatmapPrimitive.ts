import type {
  AutoscaleInfo,
  IChartApi,
  IPrimitivePaneRenderer,
  IPrimitivePaneView,
  ISeriesApi,
  Logical,
} from 'lightweight-charts';
import type { HeatGrid } from '@/core/model/types';
import type { HeatScale } from '@/core/render/heatScale';
import { SeriesPrimitiveBase } from './primitiveBase';

/**
 * The heatmap as a series primitive on the candlestick series, in the three parts of
 * lightweight-charts' plugin examples: the primitive (data and options), the pane view (turns the
 * grid's columns and rows into coordinates in `update()`), and the renderer (only draws, in bitmap
 * coordinates). The grid is turned into one image (a pixel per cell, through the colour scale)
 * once per new grid; a frame then draws only the visible columns of it, so pan and zoom cost one
 * `drawImage` per frame whatever the window.
 *
 * One candle per grid column: candle i is column i, so the time scale's logical index is the column.
 */
export interface HeatmapPrimitiveOptions {
  /** Cell opacity over the chart background, 0…1. */
  opacity: number;
}

export const HEATMAP_DEFAULTS: HeatmapPrimitiveOptions = { opacity: 1 };

export interface HeatmapData {
  grid: HeatGrid;
  scale: HeatScale;
}

/** Where the visible part of the image goes, in media (CSS) px of the pane. */
export interface ImagePlacement {
  image: OffscreenCanvas;
  fromColumn: number;
  toColumn: number;
  x: number;
  width: number;
  /** y of the top of the grid's highest row and of the bottom of its lowest. */
  yTop: number;
  yBottom: number;
  opacity: number;
}

/** Draws the visible part of a grid image, under the candles (the heat's and the depth layer's). */
export class HeatmapRenderer implements IPrimitivePaneRenderer {
  constructor(private readonly placement: ImagePlacement | undefined) {}

  draw(): void {}

  drawBackground(target: Parameters<IPrimitivePaneRenderer['draw']>[0]): void {
    const p = this.placement;
    if (!p || p.toColumn <= p.fromColumn) return;
    target.useBitmapCoordinateSpace(({ context, horizontalPixelRatio: h, verticalPixelRatio: v }) => {
      context.save();
      context.imageSmoothingEnabled = false;
      context.globalAlpha = p.opacity;
      // Unrounded destination: with smoothing off the edges still land on whole pixels, and the
      // top and the height are not rounded apart (their errors would add up).
      context.drawImage(
        p.image,
        p.fromColumn,
        0,
        p.toColumn - p.fromColumn,
        p.image.height,
        p.x * h,
        p.yTop * v,
        p.width * h,
        (p.yBottom - p.yTop) * v,
      );
      context.restore();
    });
  }
}

/**
 * The pane view of a primitive that paints one image per grid (the heat, the depth layer): it asks
 * its source where the image goes on each update and hands that to the renderer.
 */
export class ImagePaneView implements IPrimitivePaneView {
  private placement: ImagePlacement | undefined;

  constructor(private readonly source: { placement(): ImagePlacement | undefined }) {}

  zOrder(): 'bottom' {
    return 'bottom';
  }

  update(): void {
    this.placement = this.source.placement();
  }

  renderer(): IPrimitivePaneRenderer {
    return new HeatmapRenderer(this.placement);
  }
}

export class HeatmapPrimitive extends SeriesPrimitiveBase {
  private data: HeatmapData | undefined;
  private litRange: { low: Float64Array; high: Float64Array } | undefined;
  private autoscaleCache: { key: string; info: AutoscaleInfo | null } | undefined;
  private image: OffscreenCanvas | undefined;
  protected readonly views = [new ImagePaneView(this)];
  private options: HeatmapPrimitiveOptions;

  constructor(options: Partial<HeatmapPrimitiveOptions> = {}) {
    super();
    this.options = { ...HEATMAP_DEFAULTS, ...options };
  }

  setData(data: HeatmapData): void {
    this.data = data;
    // One pass of the colour scale over the grid feeds both the image and the autoscale range.
    const levels = data.scale.fillLevels(data.grid, 0, data.grid.columns);
    this.image = heatImage(data, levels);
    this.litRange = litPriceRanges(data.grid, levels);
    this.autoscaleCache = undefined;
    this.requestUpdate?.();
  }

  /**
   * The price scale fits the lit heat of the visible columns too, not only their candles (zones can
   * sit far from price). Per-column extremes are made once per grid; the answer is cached per range.
   */
  autoscaleInfo(start: Logical, end: Logical): AutoscaleInfo | null {
    const lit = this.litRange;
    if (!lit) return null;
    const key = `${start}:${end}`;
    if (this.autoscaleCache?.key === key) return this.autoscaleCache.info;
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    const from = Math.max(0, Math.floor(start));
    const to = Math.min(lit.low.length - 1, Math.ceil(end));
    for (let c = from; c <= to; c++) {
      if (lit.low[c]! < low) low = lit.low[c]!;
      if (lit.high[c]! > high) high = lit.high[c]!;
    }
    const info = high > low ? { priceRange: { minValue: low, maxValue: high } } : null;
    this.autoscaleCache = { key, info };
    return info;
  }

  /** The visible columns' place on the pane, or undefined when nothing is in view. */
  placement(): ImagePlacement | undefined {
    const { chart, series, data, image } = this;
    if (!chart || !series || !data || !image) return undefined;
    return gridImagePlacement(chart, series, data.grid, image, this.options.opacity);
  }
}

/**
 * Where the visible columns of an image of the grid (a pixel per cell, column c at pixel column c)
 * go on the pane: the heat's image and the depth layer's (depthPrimitive.ts) share it, so they
 * line up cell for cell.
 */
export function gridImagePlacement(
  chart: IChartApi,
  series: ISeriesApi<'Candlestick'>,
  grid: Pick<HeatGrid, 'columns' | 'priceMin' | 'priceMax'>,
  image: OffscreenCanvas,
  opacity: number,
): ImagePlacement | undefined {
  const timeScale = chart.timeScale();
  const range = timeScale.getVisibleLogicalRange();
  if (!range) return undefined;
  const fromColumn = Math.max(0, Math.floor(range.from));
  const toColumn = Math.min(grid.columns, Math.ceil(range.to) + 1);
  if (toColumn <= fromColumn) return undefined;
  const first = timeScale.logicalToCoordinate(fromColumn as never);
  const last = timeScale.logicalToCoordinate((toColumn - 1) as never);
  const yTop = series.priceToCoordinate(grid.priceMax);
  const yBottom = series.priceToCoordinate(grid.priceMin);
  if (first === null || last === null || yTop === null || yBottom === null) return undefined;
  const spacing = timeScale.options().barSpacing;
  // Column c spans its candle's slot: centre ± half the bar spacing.
  const columnWidth = toColumn - fromColumn > 1 ? (last - first) / (toColumn - 1 - fromColumn) : spacing;
  return {
    image,
    fromColumn,
    toColumn,
    x: first - columnWidth / 2,
    width: columnWidth * (toColumn - fromColumn),
    yTop,
    yBottom,
    opacity,
  };
}

/** The grid as an image: column c is pixel column c, the highest price row is pixel row 0. */
export function heatImage({ grid, scale }: HeatmapData, levels: Uint8Array): OffscreenCanvas {
  const image = new OffscreenCanvas(Math.max(1, grid.columns), Math.max(1, grid.rows));
  const context = image.getContext('2d');
  if (!context || grid.columns === 0 || grid.rows === 0) return image;
  const pixels = context.createImageData(grid.columns, grid.rows);
  const out = pixels.data;
  const palette = scale.palette;
  for (let c = 0; c < grid.columns; c++) {
    const base = c * grid.rows;
    for (let r = 0; r < grid.rows; r++) {
      const level = levels[base + r]!;
      if (level === 0) continue;
      const at = ((grid.rows - 1 - r) * grid.columns + c) * 4;
      const p = level * 4;
      out[at] = palette[p]!;
      out[at + 1] = palette[p + 1]!;
      out[at + 2] = palette[p + 2]!;
      out[at + 3] = palette[p + 3]!;
    }
  }
  context.putImageData(pixels, 0, 0);
  return image;
}

/** Per column, the lowest and highest price of a lit cell (+∞ / −∞ where none is lit). */
function litPriceRanges(grid: HeatGrid, levels: Uint8Array): { low: Float64Array; high: Float64Array } {
  const low = new Float64Array(grid.columns).fill(Number.POSITIVE_INFINITY);
  const high = new Float64Array(grid.columns).fill(Number.NEGATIVE_INFINITY);
  for (let c = 0; c < grid.columns; c++) {
    const base = c * grid.rows;
    for (let r = 0; r < grid.rows; r++) {
      if (levels[base + r] === 0) continue;
      if (low[c] === Number.POSITIVE_INFINITY) low[c] = grid.priceMin + r * grid.binSize;
      high[c] = grid.priceMin + (r + 1) * grid.binSize;
    }
  }
  return { low, high };
}
