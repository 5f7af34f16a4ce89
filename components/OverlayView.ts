import type { KeyZoneMessage, LiquidationDot } from '@/core/messaging';
import type { HeatBand } from '@/core/overlay/bands';
import { bandRect, type PaneMapping, priceToY, timeToX } from '@/core/overlay/chartGeometry';
import type { BandLayer, OverlayScene } from '@/core/overlay/overlayScene';
import { formatDistancePct, formatUsdShort } from '@/core/render/format';
import { heatLevel, heatRgb } from '@/core/render/heatColors';

/**
 * The overlay's DOM: one `<heatbands-overlay>` host with an open shadow root, in whichever
 * document it belongs to. Bands are drawn inside the chart pane's own cell (in the chart frame's
 * document), so the site's menus, dialogs and order forms, which live above the chart frame, stay
 * above the bands, and the pane clips them. Hints and the docked card sit at the chart's corner in
 * the page, under the site's own menus. Nothing takes a click except the card's and hint's buttons.
 * Styles go in through CSSOM (adoptedStyleSheets), which a strict style-src CSP does not block.
 * The host carries what tests and the demo read: `data-bands`, `data-state`, `data-reason`.
 */
export const OVERLAY_TAG = 'heatbands-overlay';

const CSS = `
  :host { all: initial; }
  canvas { position: absolute; left: 0; top: 0; }
  .note, .panel {
    font: 12px/1.4 system-ui, sans-serif; color: #eaecef; background: rgba(24, 26, 32, 0.9);
    border: 1px solid #2b3139; border-radius: 4px; padding: 4px 8px; max-width: 340px;
  }
  .note { position: absolute; left: 8px; top: 8px; pointer-events: none; }
  .panel { pointer-events: auto; display: flex; flex-direction: column; gap: 6px; }
  button {
    font: inherit; color: #181a20; background: #f0b90b; border: 0; border-radius: 3px;
    padding: 2px 8px; cursor: pointer; align-self: flex-start;
  }
  button.plain { color: #b7bdc6; background: none; padding: 0 4px; }
  .card-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; color: #b7bdc6; }
  ul { list-style: none; margin: 0; padding: 0; }
  li { display: grid; grid-template-columns: 3.6em 1fr auto auto; gap: 8px; white-space: nowrap; }
  .short { color: #ff9aa8; } .long { color: #7fe3b8; } .muted { color: #848e9c; }
`;

export type OverlayAction = 'switch-to-tradingview' | 'collapse';

export type OverlayPlacement =
  /** Inside the chart pane's cell: fills it. */
  | { kind: 'pane'; parent: Element }
  /** In the page, at a viewport point (the chart area's corner). */
  | { kind: 'page'; parent: Element; left: number; top: number };

/** Band colour: the heat ramp, more opaque as it gets hotter so weak bands do not hide the candles. */
export function bandFill(intensity: number): string {
  const level = heatLevel(intensity, 1);
  const [r, g, b] = heatRgb(level).map(Math.round) as [number, number, number];
  return `rgba(${r}, ${g}, ${b}, ${(0.12 + 0.55 * level * level).toFixed(3)})`;
}

/** Bands weakest first (the strongest end on top), with their fills, made once per band list. */
export function paintOrder(bands: readonly HeatBand[]): Array<{ band: HeatBand; fill: string }> {
  return [...bands]
    .sort((a, b) => a.intensity - b.intensity)
    .map((band) => ({ band, fill: bandFill(band.intensity) }));
}

/** Paints the bands in view on a context scaled to CSS px; returns how many were drawn. */
export function paintBands(
  g: CanvasRenderingContext2D,
  mapping: PaneMapping,
  ordered: ReadonlyArray<{ band: HeatBand; fill: string }>,
  asOf: number,
  pixelRatio: number,
): number {
  let drawn = 0;
  for (const { band, fill } of ordered) {
    const rect = bandRect(mapping, band, asOf, pixelRatio);
    if (!rect) continue;
    g.fillStyle = fill;
    g.fillRect(rect.x, rect.y, rect.width, rect.height);
    drawn++;
  }
  return drawn;
}

/** Real liquidations as bubbles: area by USD, colour by the side liquidated. */
export function paintLiquidations(
  g: CanvasRenderingContext2D,
  mapping: PaneMapping,
  dots: readonly LiquidationDot[],
): void {
  const max = dots.reduce((m, d) => Math.max(m, d.notionalUsd), 0);
  if (!(max > 0)) return;
  for (const dot of dots) {
    const x = timeToX(mapping, dot.time);
    const y = priceToY(mapping, dot.price);
    if (x < 0 || x > mapping.width || y < 0 || y > mapping.height) continue;
    g.beginPath();
    g.fillStyle = dot.side === 'long' ? 'rgba(255, 120, 140, 0.8)' : 'rgba(120, 230, 180, 0.8)';
    g.arc(x, y, Math.max(2, 12 * Math.sqrt(dot.notionalUsd / max)), 0, 2 * Math.PI);
    g.fill();
  }
}

export class OverlayView {
  readonly host: HTMLElement;
  private readonly root: ShadowRoot;
  private canvas: HTMLCanvasElement | undefined;
  private ordered: { bands: readonly HeatBand[]; list: Array<{ band: HeatBand; fill: string }> } | undefined;

  constructor(
    readonly placement: OverlayPlacement,
    private readonly onAction: (action: OverlayAction) => void,
  ) {
    const doc = placement.parent.ownerDocument;
    this.host = doc.createElement(OVERLAY_TAG);
    this.root = this.host.attachShadow({ mode: 'open' });
    adoptStyles(this.root, doc);
    const style = this.host.style;
    style.setProperty('pointer-events', 'none', 'important');
    if (placement.kind === 'pane') {
      style.cssText += ';position:absolute;left:0;top:0;width:100%;height:100%;z-index:2;';
    } else {
      // Under the site's own menus and dialogs (they use far higher z-indexes), over its chart.
      style.cssText += `;position:fixed;left:${placement.left}px;top:${placement.top}px;z-index:20;`;
    }
    this.host.setAttribute('data-bands', '0');
    this.host.setAttribute('data-state', 'off');
    placement.parent.append(this.host);
  }

  /** Whether the host is still in its document (a rebuilt chart frame drops it). */
  get attached(): boolean {
    return this.host.isConnected;
  }

  render(scene: OverlayScene): void {
    const host = this.host;
    host.setAttribute('data-state', scene.state);
    if (scene.state === 'drawing') {
      host.setAttribute('data-bands', String(this.drawLayer(scene.layer, scene.note)));
      if (scene.note) host.setAttribute('data-reason', scene.note);
      else host.removeAttribute('data-reason');
      return;
    }
    this.canvas?.remove();
    this.canvas = undefined;
    host.setAttribute('data-bands', '0');
    if (scene.state === 'off') {
      host.removeAttribute('data-reason');
      this.root.replaceChildren();
      return;
    }
    host.setAttribute('data-reason', scene.reason);
    this.root.replaceChildren(this.hintPanel(scene));
  }

  remove(): void {
    this.host.remove();
  }

  private hintPanel(scene: Extract<OverlayScene, { state: 'hint' }>): HTMLElement {
    const doc = this.host.ownerDocument;
    const panel = el(doc, 'div', 'panel');
    panel.setAttribute('role', 'status');
    panel.append(el(doc, 'div', 'reason', scene.reason));
    if (scene.action === 'switch-to-tradingview') {
      const button = el(doc, 'button', '', 'Switch to Trading View');
      button.dataset.action = 'switch-to-tradingview';
      button.addEventListener('click', () => this.onAction('switch-to-tradingview'));
      panel.append(button);
    }
    if (scene.card) panel.append(this.card(scene.card));
    return panel;
  }

  private card(card: NonNullable<Extract<OverlayScene, { state: 'hint' }>['card']>): HTMLElement {
    const doc = this.host.ownerDocument;
    const box = el(doc, 'section', 'card');
    const head = el(doc, 'div', 'card-head');
    head.append(el(doc, 'span', '', 'HeatBands · key liquidation zones'));
    const fold = el(doc, 'button', 'plain', card.collapsed ? '▸' : '▾');
    fold.dataset.action = 'collapse';
    fold.title = card.collapsed ? 'Show the zones' : 'Fold the zones away';
    fold.setAttribute('aria-expanded', String(!card.collapsed));
    fold.addEventListener('click', () => this.onAction('collapse'));
    head.append(fold);
    box.append(head);
    box.dataset.collapsed = String(card.collapsed);
    if (card.collapsed) return box;
    if ('loading' in card) {
      box.dataset.loading = 'true';
      box.append(el(doc, 'div', 'muted', 'Loading zones…'));
      return box;
    }
    if ('problem' in card) {
      box.append(el(doc, 'div', 'muted', card.problem));
      return box;
    }
    if (card.zones.length === 0) {
      box.append(el(doc, 'div', 'muted', 'No zone over the threshold yet.'));
      return box;
    }
    const list = el(doc, 'ul', '');
    for (const zone of card.zones) list.append(zoneRow(doc, zone));
    box.append(list);
    return box;
  }

  /** The zone picked in the side panel: an outline across the pane at its prices. */
  private outline(g: CanvasRenderingContext2D, layer: BandLayer): void {
    const zone = layer.highlight;
    if (zone) this.host.setAttribute('data-highlight', JSON.stringify(zone));
    else this.host.removeAttribute('data-highlight');
    if (!zone) return;
    const rect = bandRect(layer.mapping, { ...zone, timeStart: 0, timeEnd: layer.asOf }, layer.asOf);
    if (!rect) return;
    g.save();
    g.strokeStyle = zone.side === 'long' ? '#7fe3b8' : '#ff9aa8';
    g.lineWidth = 2;
    g.setLineDash([6, 4]);
    g.strokeRect(rect.x + 1, rect.y, rect.width - 2, Math.max(2, rect.height));
    g.restore();
  }

  private drawLayer(layer: BandLayer, note: string | undefined): number {
    const { mapping } = layer;
    const doc = this.host.ownerDocument;
    const ratio = doc.defaultView?.devicePixelRatio || 1;
    if (!this.canvas) {
      this.canvas = doc.createElement('canvas');
      this.root.replaceChildren(this.canvas);
    }
    const canvas = this.canvas;
    const width = Math.max(1, Math.round(mapping.width * ratio));
    const height = Math.max(1, Math.round(mapping.height * ratio));
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    canvas.style.width = `${mapping.width}px`;
    canvas.style.height = `${mapping.height}px`;
    const g = canvas.getContext('2d');
    if (!g) return 0;
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, width, height);
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    if (this.ordered?.bands !== layer.bands)
      this.ordered = { bands: layer.bands, list: paintOrder(layer.bands) };
    const drawn = paintBands(g, mapping, this.ordered.list, layer.asOf, ratio);
    this.outline(g, layer);
    paintLiquidations(g, mapping, layer.liquidations ?? []);
    this.host.setAttribute('data-liquidations', String(layer.liquidations?.length ?? 0));
    this.root.querySelector('.note')?.remove();
    if (note) this.root.append(el(doc, 'div', 'note', note));
    return drawn;
  }
}

function zoneRow(doc: Document, zone: KeyZoneMessage): HTMLElement {
  const row = el(doc, 'li', zone.side);
  row.dataset.zone = JSON.stringify(zone);
  const where = zone.distancePct > 0 ? 'above' : 'below';
  row.title = `${zone.roles.join(' and ')} zone ${where} the price`;
  row.append(
    el(doc, 'span', '', zone.side === 'long' ? 'Longs' : 'Shorts'),
    el(
      doc,
      'span',
      '',
      `${Math.round(zone.priceLow).toLocaleString('en-US')}–${Math.round(zone.priceHigh).toLocaleString('en-US')}`,
    ),
    el(doc, 'span', '', formatUsdShort(zone.notionalUsd)),
    el(doc, 'span', 'muted', formatDistancePct(zone.distancePct)),
  );
  return row;
}

function el(doc: Document, tag: string, className: string, text?: string): HTMLElement {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Styles through a constructed sheet of the host's own document (CSP-proof); a <style> otherwise. */
function adoptStyles(root: ShadowRoot, doc: Document): void {
  try {
    const Sheet = (doc.defaultView as (Window & typeof globalThis) | null)?.CSSStyleSheet;
    if (Sheet) {
      const sheet = new Sheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
      return;
    }
  } catch {
    // Fall through to a style element.
  }
  const style = doc.createElement('style');
  style.textContent = CSS;
  root.append(style);
}
