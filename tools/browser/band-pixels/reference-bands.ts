import type { Page } from 'playwright-core';
import type { StandinSite } from '../standin/site';
import { chartTruth } from '../standin/truth';
import { type BandLike, expectedBands, truthRequestFor } from './expected-bands';

/**
 * Draws `bands` where the truth puts them (shifted by `shift` px), in a shadow root over the active
 * chart's main pane, under its own tag: a reference overlay that shows the checks (edge-checks.ts)
 * can pass, and (shifted) that they fail. Returns the element's tag, for hiding it.
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
  await drawReferenceRects(page, site, rects, truth.paneSize);
}

/** A rectangle in pane px, and how opaque to paint it. */
export interface ReferenceRect {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  alpha: number;
}

/** Paints `rects` over the active chart's main pane, as drawReferenceBands does (any mapping a test likes). */
export async function drawReferenceRects(
  page: Page,
  site: StandinSite,
  rects: readonly ReferenceRect[],
  size: { width: number; height: number },
): Promise<void> {
  const frame = page.frames().find((f) => f.name().startsWith('tradingview_'));
  if (!frame) throw new Error('drawReferenceRects: no TradingView frame');
  await frame.evaluate(`(() => {
    const rects = ${JSON.stringify(rects)};
    const size = ${JSON.stringify(size)};
    document.querySelector('${REFERENCE_TAG}')?.remove();
    const cell = window.__standinTruth(${JSON.stringify(site.truthToken)}).paneElement();
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
