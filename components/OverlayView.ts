import type { HeatBand } from '@/core/overlay/bands';
import { bandRect, type PaneMapping } from '@/core/overlay/chartGeometry';
import type { BandLayer, OverlayScene } from '@/core/overlay/overlayScene';
import { heatLevel, heatRgb } from '@/core/render/heatColors';

/**
 * The overlay's DOM inside its shadow root: a canvas placed exactly over the exchange's chart pane
 * and a small hint. Neither takes a click (pointer-events: none), so the chart stays fully usable.
 * The host element carries the number of bands drawn as `data-bands` (read by the demo and tests).
 */
export const OVERLAY_CSS = `
  .pane { position: fixed; pointer-events: none; z-index: 2147483000; overflow: hidden; display: none; }
  .pane canvas { position: absolute; left: 0; top: 0; }
  .hint {
    position: fixed; pointer-events: none; z-index: 2147483000; display: none; max-width: 340px;
    font: 12px/1.4 system-ui, sans-serif; color: #eaecef; background: rgba(24, 26, 32, 0.88);
    border: 1px solid #2b3139; border-radius: 4px; padding: 4px 8px;
  }
`;

/** Band colour: the heat ramp, more opaque as it gets hotter so weak bands do not hide the candles. */
export function bandFill(intensity: number): string {
  const level = heatLevel(intensity, 1);
  const [r, g, b] = heatRgb(level).map(Math.round) as [number, number, number];
  return `rgba(${r}, ${g}, ${b}, ${(0.12 + 0.55 * level * level).toFixed(3)})`;
}

/** Paints the bands in view, weakest first so the strongest end on top; returns how many were drawn. */
export function paintBands(
  g: CanvasRenderingContext2D,
  mapping: PaneMapping,
  bands: readonly HeatBand[],
  asOf: number,
): number {
  let drawn = 0;
  const order = [...bands].sort((a, b) => a.intensity - b.intensity);
  for (const band of order) {
    const rect = bandRect(mapping, band, asOf);
    if (!rect) continue;
    g.fillStyle = bandFill(band.intensity);
    g.fillRect(rect.x, rect.y, rect.width, rect.height);
    drawn++;
  }
  return drawn;
}

export class OverlayView {
  private readonly pane: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly hint: HTMLDivElement;

  constructor(
    container: HTMLElement,
    private readonly host: HTMLElement,
  ) {
    this.pane = document.createElement('div');
    this.pane.className = 'pane';
    this.canvas = document.createElement('canvas');
    this.pane.append(this.canvas);
    this.hint = document.createElement('div');
    this.hint.className = 'hint';
    this.hint.setAttribute('role', 'status');
    container.append(this.pane, this.hint);
    host.setAttribute('data-bands', '0');
  }

  render(scene: OverlayScene): number {
    const drawn = scene.layer ? this.drawLayer(scene.layer) : this.hideLayer();
    if (scene.hint) {
      this.hint.textContent = scene.hint.text;
      this.hint.style.left = `${scene.hint.left}px`;
      this.hint.style.top = `${scene.hint.top}px`;
      this.hint.style.display = 'block';
    } else {
      this.hint.style.display = 'none';
    }
    this.host.setAttribute('data-bands', String(drawn));
    return drawn;
  }

  private hideLayer(): number {
    this.pane.style.display = 'none';
    this.canvas.getContext('2d')?.clearRect(0, 0, this.canvas.width, this.canvas.height);
    return 0;
  }

  private drawLayer({ mapping, pane, bands, asOf }: BandLayer): number {
    const ratio = globalThis.devicePixelRatio || 1;
    const style = this.pane.style;
    style.left = `${pane.left}px`;
    style.top = `${pane.top}px`;
    style.width = `${pane.width}px`;
    style.height = `${pane.height}px`;
    style.display = 'block';
    const width = Math.max(1, Math.round(pane.width * ratio));
    const height = Math.max(1, Math.round(pane.height * ratio));
    if (this.canvas.width !== width) this.canvas.width = width;
    if (this.canvas.height !== height) this.canvas.height = height;
    this.canvas.style.width = `${pane.width}px`;
    this.canvas.style.height = `${pane.height}px`;
    const g = this.canvas.getContext('2d');
    if (!g) return 0;
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, width, height);
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    return paintBands(g, mapping, bands, asOf);
  }
}
