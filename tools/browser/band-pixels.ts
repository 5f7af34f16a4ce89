import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { Page } from 'playwright-core';
import type { StandinSite } from './standin/site';
import type { Box } from './standin/tradingview';
import { type ChartTruth, chartTruth } from './standin/truth';

/**
 * Pixel checks of the heat bands against the chart's own truth (standin/truth.ts): screenshots of
 * the pane with the overlay shown and hidden, their difference (what the overlay painted), and the
 * band edges found in it compared with where the chart puts the band's prices and times.
 */

/** A band as the worker sends it (core/messaging.ts): prices, and times in epoch ms. */
export interface BandLike {
  priceLow: number;
  priceHigh: number;
  timeStart: number;
  timeEnd: number;
  intensity: number;
}

export interface Rgba {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** A screenshot of `box` (viewport CSS px; the page must be at device scale 1), decoded. */
export async function screenshotBox(
  page: Page,
  box: Box,
): Promise<{ image: Rgba; origin: { x: number; y: number } }> {
  const x = Math.floor(box.x);
  const y = Math.floor(box.y);
  const clip = { x, y, width: Math.ceil(box.x + box.width) - x, height: Math.ceil(box.y + box.height) - y };
  const png = await page.screenshot({ clip, animations: 'disabled', caret: 'hide' });
  const decoded = await loadImage(png);
  const canvas = createCanvas(decoded.width, decoded.height);
  const g = canvas.getContext('2d');
  g.drawImage(decoded, 0, 0);
  const { data, width, height } = g.getImageData(0, 0, decoded.width, decoded.height);
  return { image: { width, height, data: new Uint8ClampedArray(data) }, origin: { x, y } };
}

export function sameImage(a: Rgba, b: Rgba): boolean {
  if (a.width !== b.width || a.height !== b.height) return false;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}

/** Pixels whose colour differs between two screenshots (by more than rounding noise). */
export interface Mask {
  width: number;
  height: number;
  bits: Uint8Array;
  count: number;
}

export function diffMask(a: Rgba, b: Rgba, threshold = 2): Mask {
  if (a.width !== b.width || a.height !== b.height) throw new Error('diffMask: images of different sizes');
  const bits = new Uint8Array(a.width * a.height);
  let count = 0;
  for (let p = 0; p < bits.length; p++) {
    const i = p * 4;
    const d = Math.max(
      Math.abs(a.data[i]! - b.data[i]!),
      Math.abs(a.data[i + 1]! - b.data[i + 1]!),
      Math.abs(a.data[i + 2]! - b.data[i + 2]!),
    );
    if (d >= threshold) {
      bits[p] = 1;
      count++;
    }
  }
  return { width: a.width, height: a.height, bits, count };
}

/** Where the chart says a band belongs, pane px: rows from priceHigh/priceLow, columns from bar boundaries. */
export interface ExpectedBand {
  index: number;
  band: BandLike;
  /** Upper and lower edge (top < bottom whatever the scale's direction). */
  top: number;
  bottom: number;
  /** Left boundary of the bar holding timeStart. */
  left: number;
  /** Left boundary of the bar holding timeEnd: where the candle that crossed the band begins. */
  right: number;
  /** Still open at the reply's asOf: it runs to the pane's right edge. */
  live: boolean;
}

export function expectedBands(bands: readonly BandLike[], asOf: number, truth: ChartTruth): ExpectedBand[] {
  return bands.flatMap((band, index) => {
    const yHigh = truth.priceY[2 * index];
    const yLow = truth.priceY[2 * index + 1];
    const left = truth.barLeftX[2 * index];
    const right = truth.barLeftX[2 * index + 1];
    if (yHigh == null || yLow == null || left == null || right == null) return [];
    return [
      {
        index,
        band,
        top: Math.min(yHigh, yLow),
        bottom: Math.max(yHigh, yLow),
        left,
        right,
        live: band.timeEnd >= asOf,
      },
    ];
  });
}

/** The truth request for `expectedBands`: each band's two prices and two times (UNIX s). */
export function truthRequestFor(bands: readonly BandLike[]): { prices: number[]; times: number[] } {
  return {
    prices: bands.flatMap((b) => [b.priceHigh, b.priceLow]),
    times: bands.flatMap((b) => [b.timeStart / 1000, b.timeEnd / 1000]),
  };
}

export interface EdgeCheck {
  edge: 'top' | 'bottom' | 'right';
  /** Where the edge belongs, pane px. */
  expected: number;
  /** Where the painted edge is, pane px; null when nothing was painted where a band belongs. */
  found: number | null;
  /**
   * `sub-pixel`: measured from the edge pixel's share of paint; `pixel`: only known to lie within
   * the edge pixel (the chart under it changes, or no neighbour lies wholly inside the band), so it
   * passes when any point of that pixel is within tolerance.
   */
  precision: 'sub-pixel' | 'pixel';
  /** The column (top/bottom) or row (right) scanned, pane px. */
  at: number;
  /** The bands (indexes into the expected list) whose edge this is. */
  bands: number[];
  ok: boolean;
}

export interface EdgeCheckOptions {
  /** How far a found edge may be from the truth, px. */
  tolerance?: number;
  /** Clear space required beside a checked edge (no other band's edge within it), px. */
  clearance?: number;
  /** Only edges inside this horizontal part of the pane (pane px), e.g. where bars are loaded. */
  xRange?: { from: number; to: number };
  /** Distance between scanned columns, px. */
  columnStep?: number;
}

interface Interval {
  from: number;
  to: number;
  /** The bands whose lower / upper end this interval's ends are. */
  fromBands: number[];
  toBands: number[];
  /** Whether the upper end is a band that runs on (live) rather than one that ended. */
  toLive: boolean;
}

/** Merges intervals closer than `gap` into one: the edges between them are not checked. */
function mergeIntervals(list: Interval[], gap: number): Interval[] {
  const sorted = [...list].sort((a, b) => a.from - b.from);
  const out: Interval[] = [];
  for (const next of sorted) {
    const last = out[out.length - 1];
    if (last && next.from < last.to + gap) {
      if (next.to > last.to + 0.25) {
        last.to = next.to;
        last.toBands = [...next.toBands];
        last.toLive = next.toLive;
      } else if (Math.abs(next.to - last.to) <= 0.25) {
        last.toBands.push(...next.toBands);
        last.toLive ||= next.toLive;
      }
    } else {
      out.push({ ...next, fromBands: [...next.fromBands], toBands: [...next.toBands] });
    }
  }
  return out;
}

/** Screenshots of the pane with the overlay shown and hidden, and what differs between them. */
export interface PaneCapture {
  shown: Rgba;
  hidden: Rgba;
  mask: Mask;
  /** Image pixel = pane px + offset (the screenshot's clip starts at a whole pixel). */
  offset: { x: number; y: number };
}

/**
 * Compares the edges of what the overlay painted (shown vs hidden) with where the chart puts the
 * bands. Bands stack and touch, so edges are checked on the union of the bands: down sampled
 * columns, the upper and lower edges of each run of bands with clear space (no band) above and
 * below it; along every row, the right end of each run that ends where a band no longer live ends
 * (the left boundary of the bar whose candle crossed it). A column or row where some band's own
 * end is near (so whether it covers there depends on how an overlay rounds) is skipped.
 *
 * Edges are measured to a fraction of a pixel where they can be: the edge pixel's colour change
 * against its neighbour's, wholly inside the same band, gives the share of it the overlay covers
 * (anti-aliasing). Where the chart under the two differs (a candle, a grid line) or no neighbour
 * lies wholly inside a thin band, the edge is only known to lie in its pixel, and passes if any
 * point of that pixel is within tolerance: an overlay 2 px off still fails there.
 */
export function checkBandEdges(
  capture: PaneCapture,
  expected: readonly ExpectedBand[],
  truth: Pick<ChartTruth, 'barSpacing' | 'paneSize'>,
  options: EdgeCheckOptions = {},
): EdgeCheck[] {
  const { shown, hidden, mask, offset } = capture;
  const tolerance = options.tolerance ?? 1;
  const clear = options.clearance ?? 3;
  const step = options.columnStep ?? 5;
  const width = truth.paneSize.width;
  const height = truth.paneSize.height;
  const xFrom = Math.max(clear, options.xRange?.from ?? 0);
  const xTo = Math.min(width - clear, options.xRange?.to ?? width);
  const spacing = truth.barSpacing;
  // Image pixel (ix, iy) is painted by the overlay.
  const painted = (ix: number, iy: number) =>
    ix >= 0 && iy >= 0 && ix < mask.width && iy < mask.height && mask.bits[iy * mask.width + ix] === 1;
  // The share of image pixel (ix, iy) the overlay covers, judged against (jx, jy) fully inside
  // the same band; undefined when the chart under the two differs or the paint is too faint.
  const coverage = (ix: number, iy: number, jx: number, jy: number): number | undefined => {
    const i = (iy * shown.width + ix) * 4;
    const j = (jy * shown.width + jx) * 4;
    let edge = 0;
    let inside = 0;
    for (let ch = 0; ch < 3; ch++) {
      if (Math.abs(hidden.data[i + ch]! - hidden.data[j + ch]!) > 2) return undefined;
      edge += Math.abs(shown.data[i + ch]! - hidden.data[i + ch]!);
      inside += Math.abs(shown.data[j + ch]! - hidden.data[j + ch]!);
    }
    if (inside < 6) return undefined;
    return Math.min(1, edge / inside);
  };
  const rightOf = (b: ExpectedBand) => (b.live ? Number.POSITIVE_INFINITY : b.right);
  const checks: EdgeCheck[] = [];
  const seen = new Set<string>();
  /** Records a check; `span` is where the edge can be: [found, found] when measured to a fraction. */
  const check = (
    edge: EdgeCheck['edge'],
    expectedAt: number,
    measured: { found: number; span: [number, number]; precision: EdgeCheck['precision'] } | null,
    at: number,
    bands: number[],
  ) =>
    checks.push({
      edge,
      expected: expectedAt,
      found: measured?.found ?? null,
      precision: measured?.precision ?? 'pixel',
      at,
      bands,
      ok:
        measured !== null &&
        measured.span[0] <= expectedAt + tolerance &&
        measured.span[1] >= expectedAt - tolerance,
    });
  /**
   * An edge inside edge pixel `p` (pane coordinate of its near side), which the overlay covers
   * by `share` (undefined: unknown) from the side `towards` +1 (bottom/right) or −1 (top).
   */
  const edgeIn = (p: number, share: number | undefined, side: 'start' | 'end') => {
    if (share !== undefined) {
      const found = side === 'start' ? p + 1 - share : p + share;
      return { found, span: [found, found] as [number, number], precision: 'sub-pixel' as const };
    }
    // The paint covers part of pixel p: the edge lies in it (a sliver below the threshold aside).
    return side === 'start'
      ? { found: p + 0.5, span: [p - 0.1, p + 1] as [number, number], precision: 'pixel' as const }
      : { found: p + 0.5, span: [p, p + 1.1] as [number, number], precision: 'pixel' as const };
  };

  // Top and bottom edges, down columns.
  for (let x = Math.ceil(xFrom); x <= xTo; x += step) {
    const c = x + 0.5;
    // An overlay may start a band at its bar's left boundary or centre: a bar's width of doubt.
    const doubtful = expected.some(
      (b) =>
        (c > b.left - clear && c < b.left + spacing + clear) ||
        (!b.live && c > b.right - clear && c < b.right + clear),
    );
    if (doubtful) continue;
    const ix = Math.floor(c + offset.x);
    const covering = expected.filter((b) => c > b.left && c < rightOf(b));
    const runs = mergeIntervals(
      covering.map((b) => ({
        from: b.top,
        to: b.bottom,
        fromBands: [b.index],
        toBands: [b.index],
        toLive: b.live,
      })),
      clear,
    );
    // The edge pixel is measured against its neighbour, which must lie wholly inside the same
    // band(s) the edge belongs to (bands a few px tall leave only some rows for that).
    const wholly = (bands: number[], y0: number, y1: number) =>
      bands.every((index) => {
        const b = expected.find((e) => e.index === index)!;
        return b.top <= y0 && y1 <= b.bottom;
      });
    runs.forEach((run, i) => {
      if (run.from < clear || run.to > height - clear) return;
      const key = `v:${run.from.toFixed(2)}:${run.to.toFixed(2)}`;
      if (seen.has(key)) return;
      seen.add(key);
      const mid = Math.floor((run.from + run.to) / 2 + offset.y);
      // Scan from the clear rows between this run and its neighbours (theirs may be anti-aliased).
      // (A neighbour drawn up to `tolerance` off is still no part of this edge.)
      const above = Math.max(Math.floor(run.from - clear), Math.ceil((runs[i - 1]?.to ?? 0) + tolerance));
      const below = Math.min(
        Math.ceil(run.to + clear),
        Math.floor((runs[i + 1]?.from ?? height) - tolerance) - 1,
      );
      let topRow: number | null = null;
      for (let iy = Math.floor(above + offset.y); iy <= mid; iy++) {
        if (painted(ix, iy)) {
          topRow = iy;
          break;
        }
      }
      let bottomRow: number | null = null;
      for (let iy = Math.floor(below + offset.y); iy >= mid; iy--) {
        if (painted(ix, iy)) {
          bottomRow = iy;
          break;
        }
      }
      // Measured to a fraction only against a neighbour wholly inside the edge's band.
      const topShare =
        topRow !== null && wholly(run.fromBands, topRow + 1 - offset.y, topRow + 2 - offset.y)
          ? coverage(ix, topRow, ix, topRow + 1)
          : undefined;
      const bottomShare =
        bottomRow !== null && wholly(run.toBands, bottomRow - 1 - offset.y, bottomRow - offset.y)
          ? coverage(ix, bottomRow, ix, bottomRow - 1)
          : undefined;
      check(
        'top',
        run.from,
        topRow === null ? null : edgeIn(topRow - offset.y, topShare, 'start'),
        x,
        run.fromBands,
      );
      check(
        'bottom',
        run.to,
        bottomRow === null ? null : edgeIn(bottomRow - offset.y, bottomShare, 'end'),
        x,
        run.toBands,
      );
    });
  }

  // Right ends of bands no longer live, along rows.
  for (let y = clear; y < height - clear; y++) {
    const r = y + 0.5;
    // Skip rows near any band's upper or lower edge: whether it covers there is a rounding matter.
    if (expected.some((b) => Math.abs(r - b.top) < 1.5 || Math.abs(r - b.bottom) < 1.5)) continue;
    const iy = Math.floor(r + offset.y);
    const covering = expected.filter((b) => r > b.top && r < b.bottom);
    const runs = mergeIntervals(
      covering.map((b) => ({
        from: b.left,
        to: rightOf(b),
        fromBands: [b.index],
        toBands: [b.index],
        toLive: b.live,
      })),
      spacing + 2 * clear,
    );
    runs.forEach((run, i) => {
      if (run.toLive || run.to < xFrom || run.to > xTo) return;
      // The run must be wide enough to tell painted from not, and the next run far enough.
      if (run.to - Math.max(run.from, 0) < spacing + 2 * clear) return;
      const next = runs[i + 1];
      if (next && next.from - spacing - clear < run.to + 2 * clear) return;
      const key = `h:${run.to.toFixed(2)}:${run.toBands.join(',')}`;
      if (seen.has(key)) return;
      seen.add(key);
      const after = Math.min(
        Math.ceil(run.to + 2 * clear),
        Math.floor((next?.from ?? width) - tolerance) - 1,
      );
      let lastColumn: number | null = null;
      for (
        let ix = Math.floor(after + offset.x);
        ix >= Math.floor(run.to - spacing - clear + offset.x);
        ix--
      ) {
        if (painted(ix, iy)) {
          lastColumn = ix;
          break;
        }
      }
      const share = lastColumn === null ? undefined : coverage(lastColumn, iy, lastColumn - 1, iy);
      check(
        'right',
        run.to,
        lastColumn === null ? null : edgeIn(lastColumn - offset.x, share, 'end'),
        y,
        run.toBands,
      );
    });
  }
  return checks;
}

/** A one-line account of edge checks, for assertion messages. */
export function describeChecks(checks: readonly EdgeCheck[]): string {
  const bad = checks.filter((c) => !c.ok);
  const head = (['top', 'bottom', 'right'] as const)
    .map((e) => {
      const of = checks.filter((c) => c.edge === e);
      return `${e} ${of.filter((c) => c.ok).length}/${of.length}`;
    })
    .join(', ');
  const worst = bad
    .slice(0, 6)
    .map(
      (c) =>
        `${c.edge} edge at ${c.edge === 'right' ? 'row' : 'column'} ${c.at}: expected ${c.expected.toFixed(1)}, found ${c.found ?? 'nothing painted'}`,
    );
  return `${head}${worst.length ? `; e.g. ${worst.join('; ')}` : ''}`;
}

export interface ShownHidden extends PaneCapture {
  truth: ChartTruth;
}

/**
 * Screenshots the chart pane with the overlay shown, hidden (by `hide`), and shown again, until the
 * two shown ones agree (nothing moved in between), with the chart's truth for `bands` at that moment.
 */
export async function captureShownHidden(
  page: Page,
  site: StandinSite,
  bands: readonly BandLike[],
  hide: (hidden: boolean) => Promise<unknown>,
  timeoutMs = 15_000,
): Promise<ShownHidden> {
  const deadline = Date.now() + timeoutMs;
  const request = truthRequestFor(bands);
  let lastProblem = '';
  for (;;) {
    const truth = await chartTruth(page, site, request);
    const first = await screenshotBox(page, truth.pane);
    await hide(true);
    const hidden = await screenshotBox(page, truth.pane);
    await hide(false);
    const again = await screenshotBox(page, truth.pane);
    const after = await chartTruth(page, site, request);
    const stable = sameImage(first.image, again.image) && JSON.stringify(after) === JSON.stringify(truth);
    if (stable) {
      return {
        shown: first.image,
        hidden: hidden.image,
        mask: diffMask(first.image, hidden.image),
        offset: { x: truth.pane.x - first.origin.x, y: truth.pane.y - first.origin.y },
        truth,
      };
    }
    lastProblem = 'the chart or the overlay kept changing between screenshots';
    if (Date.now() > deadline) throw new Error(`captureShownHidden: ${lastProblem}`);
    await page.waitForTimeout(150);
  }
}

/**
 * Draws `bands` where the truth puts them (shifted by `shift` px), in a shadow root over the chart
 * frame's pane cell, under its own tag: a reference overlay that shows the checks above can pass,
 * and (shifted) that they fail. Returns the element's tag, for hiding it.
 */
export const REFERENCE_TAG = 'standin-reference-bands';

export async function drawReferenceBands(
  page: Page,
  site: StandinSite,
  bands: readonly BandLike[],
  asOf: number,
  shift: { x: number; y: number } = { x: 0, y: 0 },
): Promise<void> {
  const truth = await chartTruth(page, site, truthRequestFor(bands));
  const rects = expectedBands(bands, asOf, truth).map((b) => ({
    x0: Math.max(0, b.left) + shift.x,
    x1: (b.live ? truth.paneSize.width : b.right) + shift.x,
    y0: b.top + shift.y,
    y1: b.bottom + shift.y,
    alpha: 0.2 + 0.5 * b.band.intensity,
  }));
  await drawReferenceRects(page, rects, truth.paneSize);
}

/** A rectangle in pane px, and how opaque to paint it. */
export interface ReferenceRect {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  alpha: number;
}

/** Paints `rects` over the chart frame's pane cell, as drawReferenceBands does (any mapping a test likes). */
export async function drawReferenceRects(
  page: Page,
  rects: readonly ReferenceRect[],
  size: { width: number; height: number },
): Promise<void> {
  const frame = page.frames().find((f) => f.name().startsWith('tradingview_'));
  if (!frame) throw new Error('drawReferenceRects: no TradingView frame');
  await frame.evaluate(`(() => {
    const rects = ${JSON.stringify(rects)};
    const size = ${JSON.stringify(size)};
    document.querySelector('${REFERENCE_TAG}')?.remove();
    const cell = document.querySelector('td.chart-markup-table.pane');
    const host = document.createElement('${REFERENCE_TAG}');
    host.style.cssText = 'position:absolute;left:0;top:0;pointer-events:none;z-index:10;width:' + size.width + 'px;height:' + size.height + 'px';
    const canvas = document.createElement('canvas');
    canvas.width = size.width; canvas.height = size.height;
    host.attachShadow({ mode: 'open' }).append(canvas);
    cell.append(host);
    const g = canvas.getContext('2d');
    for (const r of rects) {
      g.fillStyle = 'rgba(255, 140, 0, ' + r.alpha + ')';
      g.fillRect(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
    }
  })()`);
}

/** Hides or shows the reference overlay (see drawReferenceBands). */
export async function setReferenceShown(page: Page, shown: boolean): Promise<void> {
  const frame = page.frames().find((f) => f.name().startsWith('tradingview_'));
  await frame?.evaluate(
    `document.querySelector('${REFERENCE_TAG}')?.style.setProperty('display', ${shown ? "''" : "'none'"})`,
  );
}

/**
 * A picture of what the overlay painted (grey) with each checked edge's measured spot (green when
 * within tolerance, red when not), as PNG bytes: evidence for a failing alignment check.
 */
export function maskPicture(capture: PaneCapture, checks: readonly EdgeCheck[]): Uint8Array {
  const { mask, offset } = capture;
  const canvas = createCanvas(mask.width, mask.height);
  const g = canvas.getContext('2d');
  const image = g.createImageData(mask.width, mask.height);
  for (let p = 0; p < mask.bits.length; p++) {
    const v = mask.bits[p] ? 110 : 0;
    image.data[p * 4] = v;
    image.data[p * 4 + 1] = v;
    image.data[p * 4 + 2] = v;
    image.data[p * 4 + 3] = 255;
  }
  g.putImageData(image, 0, 0);
  for (const c of checks) {
    g.fillStyle = c.ok ? '#00e070' : '#ff2040';
    const along = c.expected;
    const x = c.edge === 'right' ? along : c.at;
    const y = c.edge === 'right' ? c.at : along;
    g.fillRect(Math.floor(x + offset.x) - 1, Math.floor(y + offset.y) - 1, 3, 3);
  }
  return canvas.toBuffer('image/png');
}
