import type { HeatKey, KeyZoneMessage, LiquidationDot } from '@/core/messaging';
import { confidenceText } from '@/core/model/zoneConfidence';
import type { HeatBand } from '@/core/overlay/bands';
import { bandRect, type PaneMapping, priceToY, timeToX } from '@/core/overlay/chartGeometry';
import type { BandLayer, OverlayScene } from '@/core/overlay/overlayScene';
import { type MarkedZone, zoneMarks, zoneRect } from '@/core/overlay/zoneMarks';
import { formatDistancePct, formatUsdShort, formatZoneRange } from '@/core/render/format';
import { classColors, classLabel, classPalette, DEFAULT_CLASSES } from '@/core/render/heatScale';
import type { OverlayPlacement } from '@/utils/overlayController';
import { paintDepth } from './overlayDepth';

/**
 * The overlay's DOM: one `<heatbands-overlay>` host with an open shadow root, in whichever
 * document it belongs to. Bands are drawn inside the chart pane's own cell (in the chart frame's
 * document), so the site's menus, dialogs and order forms, which live above the chart frame, stay
 * above the bands, and the pane clips them. Hints and the docked card sit at the chart's corner in
 * the page, under the site's own menus. Nothing takes a click except the card's and hint's buttons.
 * Styles go in through CSSOM (adoptedStyleSheets), which a strict style-src CSP does not block.
 * The host carries what tests and the demo read: `data-bands`, `data-state`, `data-reason`; while
 * drawing also `data-zones-banded` and `data-zones-outlined` (JSON lists of {side, priceLow,
 * priceHigh}: the listed zones in view shown as a band, and those outlined because they are under
 * the threshold) and `data-legend` (`folded` | `open`); with live depth switched on, those of
 * components/overlayDepth.ts (`data-depth-bins`, `data-depth-unknown`, `data-walls`, …).
 *
 * Bands are painted in the side panel's colour classes (core/render/heatScale.ts): the worker sends
 * each band's class and the class count, the palette is the panel's. The legend (folded by default,
 * a button unfolds it) says each class's USD per side.
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
  li { display: grid; grid-template-columns: 3.6em 1fr auto auto; gap: 0 8px; white-space: nowrap; }
  li .confidence { grid-column: 2 / -1; font-size: 10px; }
  .short { color: #ff9aa8; } .long { color: #7fe3b8; } .muted { color: #848e9c; }
  .legend {
    position: absolute; transform: translateX(-100%); pointer-events: none;
    font: 11px/1.35 system-ui, sans-serif; color: #eaecef; display: flex; flex-direction: column;
    align-items: flex-end; gap: 4px;
  }
  .legend button {
    pointer-events: auto; font: inherit; color: #eaecef; background: rgba(24, 26, 32, 0.85);
    border: 1px solid #2b3139; padding: 1px 6px;
  }
  .legend-body {
    background: rgba(24, 26, 32, 0.9); border: 1px solid #2b3139; border-radius: 4px;
    padding: 4px 8px; display: grid; grid-template-columns: auto auto; gap: 2px 14px;
  }
  .legend-side { display: flex; flex-direction: column; gap: 1px; }
  .legend-row { display: flex; align-items: center; gap: 5px; white-space: nowrap; }
  .legend-row i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; }
  .legend-note { grid-column: 1 / span 2; color: #848e9c; max-width: 260px; }
`;

export type OverlayAction = 'switch-to-tradingview' | 'collapse';

/**
 * Band colour: the side panel's colour of the band's class (core/render/heatScale.ts), more opaque
 * for the brighter classes so the dim ones do not hide the candles.
 */
export function bandFill(level: number, classes: number = DEFAULT_CLASSES): string {
  const palette = classPalette(classes);
  const k = Math.max(1, Math.min(classes, Math.round(level)));
  const t = classes > 1 ? (k - 1) / (classes - 1) : 1;
  const [r, g, b] = [palette[k * 4], palette[k * 4 + 1], palette[k * 4 + 2]];
  return `rgba(${r}, ${g}, ${b}, ${(0.2 + 0.5 * t * t).toFixed(3)})`;
}

/** A band's class; a hand-made band without one (the redraw bench's) is classed by its intensity. */
const levelOf = (band: HeatBand, classes: number) =>
  band.level ?? Math.max(1, Math.ceil(band.intensity * classes));

/** Bands dimmest class first (the brightest end on top), with their fills, made once per band list. */
export function paintOrder(
  bands: readonly HeatBand[],
  classes: number = DEFAULT_CLASSES,
): Array<{ band: HeatBand; fill: string }> {
  const fills = Array.from({ length: classes + 1 }, (_, level) =>
    level > 0 ? bandFill(level, classes) : '',
  );
  return [...bands]
    .sort((a, b) => levelOf(a, classes) - levelOf(b, classes) || a.intensity - b.intensity)
    .map((band) => ({ band, fill: fills[Math.min(classes, levelOf(band, classes))]! }));
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
  private ordered:
    | { bands: readonly HeatBand[]; classes: number; list: Array<{ band: HeatBand; fill: string }> }
    | undefined;
  /** The legend's element and what it shows; folded until the trader unfolds it. */
  private legend: { element: HTMLElement; heat: HeatKey; open: boolean } | undefined;
  private legendOpen = false;
  /**
   * The pane width the legend was last placed for: it sits at the pane's upper right, clear of the
   * chart's own legend (upper left) and its logo (lower left).
   */
  private paneWidth = 0;

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
    this.legend = undefined;
    for (const name of [
      'data-zones-banded',
      'data-zones-outlined',
      'data-legend',
      'data-depth-bins',
      'data-depth-unknown',
      'data-depth-max-usd',
      'data-walls',
      'data-walls-ended',
    ])
      host.removeAttribute(name);
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
    for (const zone of card.zones) list.append(zoneRow(doc, zone, card.tickSize));
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
    const classes = layer.heat?.classes ?? DEFAULT_CLASSES;
    if (this.ordered?.bands !== layer.bands || this.ordered.classes !== classes)
      this.ordered = { bands: layer.bands, classes, list: paintOrder(layer.bands, classes) };
    const drawn = paintBands(g, mapping, this.ordered.list, layer.asOf, ratio);
    this.zoneOutlines(g, layer, ratio);
    this.outline(g, layer);
    paintLiquidations(g, mapping, layer.liquidations ?? []);
    this.host.setAttribute('data-liquidations', String(layer.liquidations?.length ?? 0));
    // Over the bands: the depth profile sits at the right edge, where few bands are dense.
    paintDepth(g, this.host, layer.depth, mapping, ratio);
    this.root.querySelector('.note')?.remove();
    if (note) this.root.append(el(doc, 'div', 'note', note));
    this.paneWidth = mapping.width;
    this.showLegend(layer.heat);
    return drawn;
  }

  /**
   * Every listed zone in view that no drawn band shows (its cells are under the threshold): a thin
   * dashed outline across the pane in its side's colour, so the chart shows every zone the side
   * panel and the docked card list. The host says which zones are shown how.
   */
  private zoneOutlines(g: CanvasRenderingContext2D, layer: BandLayer, ratio: number): void {
    const marks = zoneMarks(layer.zones ?? [], layer.bands, layer.mapping, layer.asOf);
    const list = (mark: MarkedZone['mark']) =>
      JSON.stringify(
        marks
          .filter((m) => m.mark === mark)
          .map(({ zone }) => ({ side: zone.side, priceLow: zone.priceLow, priceHigh: zone.priceHigh })),
      );
    setIfChanged(this.host, 'data-zones-banded', list('band'));
    setIfChanged(this.host, 'data-zones-outlined', list('outline'));
    g.save();
    g.lineWidth = 1;
    g.setLineDash([3, 3]);
    for (const { zone, mark } of marks) {
      if (mark !== 'outline') continue;
      const rect = zoneRect(layer.mapping, zone, layer.asOf, ratio);
      if (!rect) continue;
      g.strokeStyle = zone.side === 'long' ? 'rgba(127, 227, 184, 0.9)' : 'rgba(255, 154, 168, 0.9)';
      g.strokeRect(rect.x + 0.5, rect.y + 0.5, rect.width - 1, Math.max(1, rect.height - 1));
    }
    g.restore();
  }

  /** The legend at the pane's upper right: a button, and when unfolded the classes' USD per side. */
  private showLegend(heat: HeatKey | undefined): void {
    if (!heat) {
      this.legend?.element.remove();
      this.legend = undefined;
      this.host.removeAttribute('data-legend');
      return;
    }
    const current = this.legend;
    if (
      !current ||
      current.heat !== heat ||
      current.open !== this.legendOpen ||
      !current.element.isConnected
    ) {
      const element = this.legendElement(heat, this.legendOpen);
      if (current?.element.isConnected) current.element.replaceWith(element);
      else this.root.append(element);
      this.legend = { element, heat, open: this.legendOpen };
    }
    const style = this.legend!.element.style;
    style.left = `${Math.max(0, this.paneWidth - 6)}px`;
    style.top = '6px';
    setIfChanged(this.host, 'data-legend', this.legendOpen ? 'open' : 'folded');
  }

  private legendElement(heat: HeatKey, open: boolean): HTMLElement {
    const doc = this.host.ownerDocument;
    const box = el(doc, 'div', 'legend');
    box.dataset.legend = open ? 'open' : 'folded';
    const colors = classColors(heat.classes);
    box.append(this.legendButton(open));
    if (open) {
      const body = el(doc, 'div', 'legend-body');
      for (const side of ['short', 'long'] as const) {
        const column = el(doc, 'div', 'legend-side');
        column.dataset.legendSide = side;
        column.append(el(doc, 'span', side, side === 'long' ? 'Longs (below)' : 'Shorts (above)'));
        const entries = heat[side];
        if (entries.length === 0) column.append(el(doc, 'span', 'muted', 'nothing over the threshold'));
        for (const entry of [...entries].reverse()) {
          const row = el(doc, 'span', 'legend-row');
          row.dataset.level = String(entry.level);
          row.dataset.lowerUsd = String(entry.lowerUsd);
          const swatch = el(doc, 'i', '');
          swatch.style.background = colors[entry.level] ?? 'transparent';
          row.append(swatch, doc.createTextNode(classLabel(entry.lowerUsd, entry.upperUsd)));
          column.append(row);
        }
        body.append(column);
      }
      body.append(
        el(
          doc,
          'span',
          'legend-note',
          `USD per cell, each side ranked apart; cells under ${Math.round(heat.threshold * 100)} % of their ` +
            "side's hottest cell stay dark. Dashed: a listed zone under that threshold.",
        ),
      );
      box.append(body);
    }
    return box;
  }

  private legendButton(open: boolean): HTMLElement {
    const button = el(this.host.ownerDocument, 'button', '', open ? 'Heat ▴' : 'Heat ▾');
    button.dataset.action = 'legend';
    button.title = open ? 'Fold the heat legend away' : 'Show the heat legend: USD per colour, per side';
    button.setAttribute('aria-expanded', String(open));
    // The chart under the pane must not take the press for a drag.
    for (const type of ['pointerdown', 'mousedown', 'touchstart', 'wheel'] as const) {
      button.addEventListener(type, (event) => event.stopPropagation());
    }
    button.addEventListener('click', (event) => {
      event.stopPropagation();
      this.legendOpen = !this.legendOpen;
      if (this.legend) this.showLegend(this.legend.heat);
    });
    return button;
  }
}

/** Sets an attribute only when its value changes (the view redraws every frame of a pan). */
function setIfChanged(node: Element, name: string, value: string): void {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

function zoneRow(doc: Document, zone: KeyZoneMessage, tickSize: number | undefined): HTMLElement {
  const row = el(doc, 'li', zone.side);
  row.dataset.zone = JSON.stringify(zone);
  const where = zone.distancePct > 0 ? 'above' : 'below';
  row.title = `${zone.roles.join(' and ')} zone ${where} the price`;
  row.append(
    el(doc, 'span', '', zone.side === 'long' ? 'Longs' : 'Shorts'),
    el(doc, 'span', '', formatZoneRange(zone.priceLow, zone.priceHigh, tickSize)),
    el(doc, 'span', '', formatUsdShort(zone.notionalUsd)),
    el(doc, 'span', 'muted', formatDistancePct(zone.distancePct)),
    // How often zones of its strength paid off (core/model/zoneConfidence.ts), as the side panel says.
    el(doc, 'span', 'muted confidence', confidenceText(zone.confidence)),
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
