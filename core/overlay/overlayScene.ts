import type { HeatmapReply } from '@/core/messaging';
import type { HeatBand } from './bands';
import type { ChartReading } from './bridgeProtocol';
import type { PaneMapping } from './chartGeometry';
import { canMapPrices } from './chartGeometry';

export interface BandLayer {
  mapping: PaneMapping;
  /** The pane's box in the viewport, CSS px. */
  pane: { left: number; top: number; width: number; height: number };
  bands: readonly HeatBand[];
  asOf: number;
}

export interface OverlayScene {
  layer?: BandLayer;
  hint?: { text: string; left: number; top: number };
}

/** What the overlay knows at a moment; the scene follows from it alone. */
export interface OverlayState {
  overlayOn: boolean;
  /** The market the page's URL names (neutral symbol), if it is a trading page. */
  pageSymbol?: string;
  /** The chart bridge's latest reading. */
  reading?: ChartReading;
  /** The chart's own symbol, neutral, when the site's adapter could tell it. */
  chartSymbol?: string;
  reply?: HeatmapReply;
  /** Top-left of the chart area in the viewport, for the hint; undefined: the viewport's corner. */
  chartCorner?: { left: number; top: number };
}

export const SWITCH_TO_TRADINGVIEW = 'Switch to Trading View to see heat bands on the chart';
const HINT_INSET = 8;

/** Decides what to draw: bands over the pane, a hint, or nothing. */
export function overlayScene(state: OverlayState): OverlayScene {
  const { reading, reply } = state;
  if (!state.overlayOn || !state.pageSymbol || !reading) return {};
  const corner = state.chartCorner ?? { left: HINT_INSET, top: HINT_INSET };
  const hintAt = (text: string, at = corner) => ({
    hint: { text, left: at.left + HINT_INSET, top: at.top + HINT_INSET },
  });
  if (reading.state === 'absent' || reading.state === 'hidden') return hintAt(SWITCH_TO_TRADINGVIEW);
  // Unreadable is usually a chart still loading: say nothing rather than flicker a hint.
  if (reading.state === 'unreadable') return {};
  const paneCorner = { left: reading.pane.left, top: reading.pane.top };
  if (!canMapPrices(reading.scaleMode)) {
    return hintAt('Set the price scale to regular or logarithmic to see heat bands', paneCorner);
  }
  // While the chart switches markets its symbol and the URL can disagree for a moment.
  if (state.chartSymbol && state.chartSymbol !== state.pageSymbol) return {};
  if (!reply) return {};
  if (!reply.ok) return hintAt(reply.problem, paneCorner);
  if (reply.symbol !== state.pageSymbol) return {};
  return {
    // Stale data still draws (it is the latest we have), with the reason next to it.
    ...(reply.stale ? hintAt(reply.stale, paneCorner) : {}),
    layer: {
      mapping: {
        time: reading.time,
        price: reading.price,
        scaleMode: reading.scaleMode,
        inverted: reading.inverted,
        width: reading.pane.width,
        height: reading.pane.height,
      },
      pane: reading.pane,
      bands: reply.bands,
      asOf: reply.asOf,
    },
  };
}
