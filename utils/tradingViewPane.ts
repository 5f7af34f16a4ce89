import { PANE_TIERS, type PaneTier, TRADINGVIEW_DOM } from '@/core/overlay/tradingView';

/**
 * Finds the active chart's main pane in the document that holds TradingView's chart markup, by class
 * and by the chart's own size, never by tag (v27+ markup is divs, v23 a table: core/overlay/tradingView.ts).
 * Shared by the chart bridge (page world), which decides which element it measured, and the overlay's
 * content script, which finds the same element again by tier and index to draw over it.
 *
 * A multi-chart layout puts several chart widgets in one frame, each with its own markup and time
 * axis. The pane is tied to `activeChart()` by what the library says (`activeChartIndex()` among
 * `chartsCount()` charts, in layout order, which is document order), or else by the active chart's
 * own width × height when only one chart has that size. When neither decides, nothing is found and
 * the reason says so: a band drawn on the wrong chart is worse than none.
 */
export interface PaneFound {
  tier: PaneTier;
  /** The element the mapping is measured on: the pane, its canvas wrapper, or its canvas. */
  element: HTMLElement;
  /** Its index in `doc.querySelectorAll(paneSelector(tier))`, to find it again. */
  index: number;
  /** How many charts the document shows. */
  charts: number;
}

export type PaneSearch = { ok: true; pane: PaneFound } | { ok: false; reason: string; charts: number };

/** What the active chart says about itself, each part optional (feature-detected). */
export interface ActiveChartFacts {
  /** `activeChartIndex()` and `chartsCount()` of the library's API. */
  index?: number;
  count?: number;
  /** `getTimeScale().width()` × `getPanes()[0].getHeight()`, CSS px. */
  size?: { width: number; height: number };
  /**
   * Where the trader last pressed in the chart document: the library makes the chart pressed in the
   * active one, so without `activeChartIndex()` that chart is the active chart.
   */
  pressed?: Node;
}

/** How far a box may be from the chart's own size and still be its pane, CSS px. */
const SIZE_TOLERANCE_PX = 1;

export function paneSelector(tier: PaneTier): string {
  return tier === 'class'
    ? TRADINGVIEW_DOM.pane
    : tier === 'gui-wrapper'
      ? TRADINGVIEW_DOM.guiWrapper
      : 'canvas';
}

/** The element a tier and index named, or undefined when the document changed since. */
export function paneByIndex(doc: Document, tier: PaneTier, index: number): HTMLElement | undefined {
  // Not `instanceof HTMLElement`: the chart frame's elements belong to the frame's realm.
  const node = doc.querySelectorAll(paneSelector(tier))[index];
  return node?.nodeType === 1 ? (node as HTMLElement) : undefined;
}

const fits = (box: DOMRect, size: { width: number; height: number }) =>
  Math.abs(box.width - size.width) <= SIZE_TOLERANCE_PX &&
  Math.abs(box.height - size.height) <= SIZE_TOLERANCE_PX;

/** The elements of one chart widget, and the node that holds that chart (null: unknown). */
interface ChartGroup {
  root: Node | null;
  elements: HTMLElement[];
}

/**
 * The chart each element belongs to: its nearest ancestor holding a time axis (one per chart widget).
 * Without any time axis in the document, `fallback` decides (all one chart, or by parent).
 */
function groupByChart(doc: Document, elements: HTMLElement[], fallback: 'one' | 'parent'): ChartGroup[] {
  const roots = new Set<Node>();
  for (const axis of doc.querySelectorAll(TRADINGVIEW_DOM.timeAxis)) {
    for (let node: Node | null = axis; node; node = node.parentNode) roots.add(node);
  }
  const groups = new Map<Node | null, ChartGroup>();
  for (const element of elements) {
    let root: Node | null = fallback === 'one' ? null : element.parentNode;
    if (roots.size > 0) {
      root = element.parentNode;
      while (root && !roots.has(root)) root = root.parentNode;
    }
    const group = groups.get(root);
    if (group) group.elements.push(element);
    else groups.set(root, { root, elements: [element] });
  }
  return [...groups.values()];
}

/** The active chart's main pane among the charts of one tier, or why it cannot be told. */
function pickChart(
  charts: ChartGroup[],
  facts: ActiveChartFacts,
): { element: HTMLElement } | { reason: string } {
  const main = (group: ChartGroup) => group.elements[0]!;
  if (charts.length === 1) return { element: main(charts[0]!) };
  const { index, count, size, pressed } = facts;
  if (count === charts.length && index !== undefined && Number.isInteger(index) && charts[index]) {
    return { element: main(charts[index]!) };
  }
  const sized = size ? charts.filter((c) => fits(main(c).getBoundingClientRect(), size)) : charts;
  if (sized.length === 1) return { element: main(sized[0]!) };
  const touched = pressed ? sized.find((c) => c.root?.contains(pressed)) : undefined;
  if (touched) return { element: main(touched) };
  const same = size && sized.length > 1 ? ` (${sized.length} of them ${size.width}×${size.height} px)` : '';
  return {
    reason: `this layout shows ${charts.length} charts${same} and the chart library does not say which one is active: click the chart to draw on`,
  };
}

/** Visible elements only: a layout keeps hidden chart widgets of 0 px. */
function shown(elements: Iterable<Element>): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const element of elements) {
    const box = element.getBoundingClientRect();
    if (box.width >= 1 && box.height >= 1) out.push(element as HTMLElement);
  }
  return out;
}

/**
 * The active chart's main pane in `doc`, tier by tier: the pane class, then the canvas wrapper's
 * `data-name`, then a canvas of exactly the chart's own size.
 */
export function findMainPane(doc: Document, facts: ActiveChartFacts): PaneSearch {
  let charts = 0;
  for (const tier of PANE_TIERS) {
    const selector = paneSelector(tier);
    const all = [...doc.querySelectorAll(selector)];
    let candidates: HTMLElement[];
    if (tier === 'canvas') {
      if (!facts.size) continue;
      const size = facts.size;
      candidates = all.filter((c) => fits(c.getBoundingClientRect(), size)) as HTMLElement[];
    } else {
      candidates = shown(all);
    }
    if (candidates.length === 0) continue;
    const grouped = groupByChart(doc, candidates, tier === 'canvas' ? 'parent' : 'one');
    charts = grouped.length;
    const picked = pickChart(grouped, facts);
    if ('reason' in picked) return { ok: false, reason: picked.reason, charts };
    return { ok: true, pane: { tier, element: picked.element, index: all.indexOf(picked.element), charts } };
  }
  return {
    ok: false,
    reason: facts.size
      ? `no chart pane in the chart document (no ${TRADINGVIEW_DOM.pane}, no canvas wrapper, no canvas of ${facts.size.width}×${facts.size.height} px)`
      : 'no chart pane in the chart document',
    charts,
  };
}
