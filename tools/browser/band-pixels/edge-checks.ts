import type { ChartTruth } from '../standin/truth';
import type { PaneCapture } from './capture';
import type { ExpectedBand } from './expected-bands';

/**
 * Pixel checks of the heat bands against the chart's own truth (standin/truth.ts): the band edges
 * found in what the overlay painted (capture.ts: the pane with the overlay shown and hidden, and
 * their difference) compared with where the chart puts the bands' prices and times
 * (expected-bands.ts).
 */

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
