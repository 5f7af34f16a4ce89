import type { DepthRows } from '@/core/depth/depthRows';
import type { HeatGrid } from '@/core/model/types';
import { type DepthColorScale, depthPixels } from '@/core/render/depthColors';
import { gridImagePlacement, ImagePaneView, type ImagePlacement } from './heatmapPrimitive';
import { SeriesPrimitiveBase } from './primitiveBase';

/**
 * Recorded order-book depth as a series primitive on the study chart, on the liquidation grid's
 * own cells (components/study/heatmapPrimitive.ts places both images the same way, so they line
 * up): bids blue and asks orange on a log scale between per-side 5 % / 95 % cut-offs
 * (core/render/depthColors.ts); unknown cells are not drawn. Under the heat (attached before it,
 * and the heat leaves its dark cells transparent) or alone, as the panel's control says.
 */
export interface DepthPrimitiveOptions {
  opacity: number;
}

export const DEPTH_LAYER_DEFAULTS: DepthPrimitiveOptions = { opacity: 0.9 };

export interface DepthLayerData {
  depth: DepthRows;
  /** Its cut-offs (depthColorScale), made once by the panel for the layer and its legend alike. */
  scale: DepthColorScale;
  /** The grid the depth is laid on (its columns and price rows). */
  grid: Pick<HeatGrid, 'columns' | 'rows' | 'priceMin' | 'priceMax'>;
}

export class DepthPrimitive extends SeriesPrimitiveBase {
  private data: DepthLayerData | undefined;
  private image: OffscreenCanvas | undefined;
  protected readonly views = [new ImagePaneView(this)];
  readonly options: DepthPrimitiveOptions;

  constructor(options: Partial<DepthPrimitiveOptions> = {}) {
    super();
    this.options = { ...DEPTH_LAYER_DEFAULTS, ...options };
  }

  /** New depth, or none (the layer is off or nothing is recorded). The image is made once here. */
  setData(data: DepthLayerData | undefined): void {
    if (data && (data.depth.cols !== data.grid.columns || data.depth.rows !== data.grid.rows)) {
      throw new Error(
        `depth rows ${data.depth.cols}×${data.depth.rows} do not match the grid ${data.grid.columns}×${data.grid.rows}`,
      );
    }
    this.data = data;
    this.image = data ? depthImage(data.depth, data.scale) : undefined;
    this.requestUpdate?.();
  }

  placement(): ImagePlacement | undefined {
    const { chart, series, data, image } = this;
    if (!chart || !series || !data || !image) return undefined;
    return gridImagePlacement(chart, series, data.grid, image, this.options.opacity);
  }
}

function depthImage(depth: DepthRows, scale: DepthColorScale): OffscreenCanvas {
  const image = new OffscreenCanvas(Math.max(1, depth.cols), Math.max(1, depth.rows));
  const context = image.getContext('2d');
  if (!context || depth.cols === 0 || depth.rows === 0) return image;
  const pixels = context.createImageData(depth.cols, depth.rows);
  pixels.data.set(depthPixels(depth, scale));
  context.putImageData(pixels, 0, 0);
  return image;
}
