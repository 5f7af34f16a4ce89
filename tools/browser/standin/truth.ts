import type { Page } from 'playwright-core';
import type { StandinSite } from './site';
import { type Box, tradingViewFrame } from './tradingview';

/**
 * The chart's own answer to "where is this price, where does this bar begin", for pixel checks:
 * computed in the stand-in frame from the mapping its engine draws with (tradingview-chart-engine.js),
 * never from the TradingView-shaped API an overlay uses, for the ACTIVE chart of the frame. The frame
 * hands it out only for the install's `truthToken`, so nothing under test can use it by accident.
 *
 * Coordinates are CSS px: `priceY` and `barLeftX` from the pane's top-left corner, `pane` in the
 * top page's viewport.
 */
export interface ChartTruth {
  /** Which chart of the frame this describes: the active one (1 in the two-charts layouts). */
  chartIndex: number;
  /** The active chart's main pane (its first `.chart-markup-table.pane`) in the top page's viewport. */
  pane: Box;
  paneSize: { width: number; height: number };
  /** px per bar now (from the library's own coordinates of bars 0 and 1). */
  barSpacing: number;
  /** The logical positions of the pane's edges: bar i's centre is at i, its slot i − ½ … i + ½. */
  logicalRange: { from: number; to: number } | null;
  barCount: number;
  /** Pane x from the first loaded bar's left boundary to the last one's right boundary. */
  loadedX: { from: number; to: number } | null;
  /** Open times of the first and last loaded bars, UNIX s. */
  firstBarTime: number | null;
  lastBarTime: number | null;
  barSeconds: number;
  inverted: boolean;
  mode: number;
  /** Pane y of each requested price. */
  priceY: (number | null)[];
  /** Index of the bar holding each requested time (extrapolated by the bar interval outside the data). */
  barIndex: (number | null)[];
  /** Pane x of the LEFT boundary of the bar holding each requested time: its centre − spacing/2. */
  barLeftX: (number | null)[];
}

export interface TruthRequest {
  prices?: readonly number[];
  /** UNIX seconds. */
  times?: readonly number[];
}

/** Measures the stand-in chart's truth in the TradingView frame of `page` (one consistent snapshot). */
export async function chartTruth(
  page: Page,
  site: StandinSite,
  request: TruthRequest = {},
): Promise<ChartTruth> {
  const frame = await tradingViewFrame(page);
  const truth = await frame.evaluate(
    `window.__standinTruth(${JSON.stringify(site.truthToken)}).measure(${JSON.stringify({
      prices: request.prices ?? [],
      times: request.times ?? [],
    })})`,
  );
  const measured = truth as Omit<ChartTruth, 'pane'> & { pane: Box | null };
  if (!measured.pane) throw new Error('stand-in truth: the chart has no pane cell');
  return measured as ChartTruth;
}

/**
 * Rebuilds the active chart's main pane as the library does on a layout or pane change: a new
 * `.chart-markup-table.pane` element, gui wrapper and canvases replace the old ones (anything put
 * into the old pane goes with it); resolves once the new pane is painted.
 */
export async function rebuildChartPane(page: Page, site: StandinSite): Promise<void> {
  const frame = await tradingViewFrame(page);
  await frame.evaluate(`window.__standinTruth(${JSON.stringify(site.truthToken)}).rebuildPane()`);
}
