import type { Frame, Page } from 'playwright-core';
import { setOverlayShown } from '../overlay';
import { type Box, readTradingView } from '../standin/site';
import { diffMask, type Mask, screenshotBox } from './screenshot';

/**
 * What the overlay painted over the chart frame, seen from outside: screenshots of the frame with
 * the overlay shown and hidden (display: none on its `<heatbands-overlay>` host, wherever it lives).
 * Nothing here reads the overlay's own canvas, so it holds however the overlay draws. With the
 * chart's own crosshair (`chartValueAt`), a test asks the chart, not the overlay, what price and
 * time lie under a painted pixel.
 */
export interface Painted {
  /** The frame's box and the pane cell's box, viewport px. */
  frame: Box;
  pane: Box;
  /** Painted pixels inside the pane cell, and outside it (over the price and time axes). */
  inPane: number;
  outsidePane: number;
  /** In the columns at `shares` of the pane's width, the middle of the longest painted run: viewport px. */
  samples: { x: number; y: number }[];
  mask: Mask;
}

export async function readPainted(
  page: Page,
  shares: readonly number[] = [0.15, 0.3, 0.45, 0.6, 0.75, 0.9],
): Promise<Painted> {
  const chart = await readTradingView(page);
  if (!chart?.pane) throw new Error('the chart has no pane cell');
  const { frame, pane } = chart;
  const shown = await screenshotBox(page, frame);
  await setOverlayShown(page, false);
  const hidden = await screenshotBox(page, frame);
  await setOverlayShown(page, true);
  const mask = diffMask(shown.image, hidden.image);
  const { x: ox, y: oy } = shown.origin;
  let inPane = 0;
  let outsidePane = 0;
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      if (!mask.bits[y * mask.width + x]) continue;
      const inside =
        x + ox + 0.5 > pane.x &&
        x + ox + 0.5 < pane.x + pane.width &&
        y + oy + 0.5 > pane.y &&
        y + oy + 0.5 < pane.y + pane.height;
      if (inside) inPane++;
      else outsidePane++;
    }
  }
  const samples: { x: number; y: number }[] = [];
  for (const share of shares) {
    const x = Math.floor(pane.x + pane.width * share - ox);
    // The middle row of the longest painted run in the column: well inside a band.
    let best = { length: 0, middle: -1 };
    let start = -1;
    for (let y = Math.ceil(pane.y - oy); y <= Math.floor(pane.y + pane.height - oy); y++) {
      const on = y < mask.height && mask.bits[y * mask.width + x] === 1;
      if (on && start < 0) start = y;
      if (!on && start >= 0) {
        if (y - start > best.length) best = { length: y - start, middle: Math.floor((start + y) / 2) };
        start = -1;
      }
    }
    if (best.middle >= 0) samples.push({ x: x + ox + 0.5, y: best.middle + oy + 0.5 });
  }
  return { frame, pane, inPane, outsidePane, samples, mask };
}

/** Records the active chart's crosshair (the library's crossHairMoved()) for `chartValueAt`. */
export async function watchCrosshair(frame: Frame): Promise<void> {
  await frame.evaluate(`(() => {
    window.__hbCrosshair = [];
    window.tradingViewApi.activeChart().crossHairMoved().subscribe(null, (p) => window.__hbCrosshair.push(p));
  })()`);
}

/**
 * The chart's own answer to "what price and time is under this pixel": its crosshair, reported by
 * the Charting Library's crossHairMoved() (see watchCrosshair). Independent of the overlay's arithmetic.
 */
export async function chartValueAt(
  page: Page,
  frame: Frame,
  point: { x: number; y: number },
): Promise<{ time: number; price: number } | null> {
  await frame.evaluate('window.__hbCrosshair = []');
  await page.mouse.move(point.x, point.y);
  await page.mouse.move(point.x + 0.5, point.y);
  await page.mouse.move(point.x, point.y);
  const value = await frame.evaluate<{ time: number; price: number } | null>(
    `(() => { const all = window.__hbCrosshair; return all.length ? all[all.length - 1] : null; })()`,
  );
  await page.mouse.move(1, 1);
  return value;
}
