import type { Page } from 'playwright-core';
import type { StandinSite } from '../standin/site';
import { type ChartTruth, chartTruth } from '../standin/truth';
import { type BandLike, truthRequestFor } from './expected-bands';
import { diffMask, type Mask, type Rgba, sameImage, screenshotBox } from './screenshot';

/** The pane screenshotted with the overlay shown and hidden, at a moment when nothing moved. */

/** Screenshots of the pane with the overlay shown and hidden, and what differs between them. */
export interface PaneCapture {
  shown: Rgba;
  hidden: Rgba;
  mask: Mask;
  /** Image pixel = pane px + offset (the screenshot's clip starts at a whole pixel). */
  offset: { x: number; y: number };
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
