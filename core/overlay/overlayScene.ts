import type { SummedDepth } from '../depth/liveBins';
import type { Wall } from '../depth/types';
import type { HeatKey, HeatmapReply, KeyZoneMessage, LiquidationDot } from '../messaging';
import type { HeatBand } from './bands';
import type { ChartReading, PaneMapping } from './bridgeProtocol';
import { crossOriginHint, type SiteHints } from './site';
import type { PaneTier } from './tradingView';

/** The bands over the chart pane, and what places them. */
export interface BandLayer {
  mapping: PaneMapping;
  bands: readonly HeatBand[];
  asOf: number;
  /** The frame whose document holds the pane; undefined: the top page. */
  frameId: string | undefined;
  /** The element the bridge measured (pane finder tier and index); `epoch` moves on when it is new. */
  pane: { tier: PaneTier; index: number; epoch: number };
  /** A zone the trader picked in the side panel, outlined across the pane. */
  highlight?: { side: 'long' | 'short'; priceLow: number; priceHigh: number };
  /** Real liquidations recorded in the window, as bubbles. */
  liquidations?: readonly LiquidationDot[];
  /** The zones the side panel lists: each in view is shown as a band or outlined (zoneMarks.ts). */
  zones?: readonly KeyZoneMessage[];
  /** The bands' classes in USD per side, for the legend. */
  heat?: HeatKey;
  /** Live order-book depth (issue 16): the profile at the right edge and the walls, when switched on. */
  depth?: OverlayDepth;
}

/**
 * The live depth as the overlay draws it, made once per published depth (not per frame) by the
 * controller (utils/overlayController.ts): summed over the followed exchanges' live books.
 */
export interface OverlayDepth {
  symbol: string;
  /** When the worker published it, epoch ms. */
  time: number;
  binSize: number;
  /** The profile's bins; absent when the profile is switched off. */
  profile?: SummedDepth;
  /** The followed exchanges' walls, standing or recently ended; absent when walls are switched off. */
  walls?: readonly Wall[];
  /** Set when the worker stopped publishing: nothing is drawn as if it were live, the note says why. */
  stale?: string;
}

/**
 * What the overlay shows, decided from its state alone:
 * - `drawing`: bands inside the chart pane (with a note beside them when the data is stale);
 * - `hint`: no bands, and the reason, at the chart's corner in the page; where the chart cannot
 *   carry bands (Basic mode, an unreadable chart) the docked card lists the key zones, and where
 *   the site's Trading View mode would help, the hint offers a button that switches to it;
 * - `off`: nothing (overlay off, not a trading page, or the chart still loading).
 */
export type OverlayScene =
  | { state: 'off' }
  | {
      state: 'hint';
      reason: string;
      action?: 'switch-to-tradingview';
      card?: DockedCard;
    }
  | { state: 'drawing'; layer: BandLayer; note?: string };

/**
 * The key zones docked beside a hint: listed once the worker answered, "Loading zones…" until then,
 * or the worker's problem (e.g. it follows another market) in their place.
 */
export type DockedCard = { collapsed: boolean } & (
  | { zones: readonly KeyZoneMessage[]; price: number; tickSize?: number }
  | { loading: true }
  | { problem: string }
);

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
  /** Whether the trader folded the docked card away (remembered across pages). */
  cardCollapsed: boolean;
  /** Whether the site has a control that shows its TradingView chart (the hint offers to click it). */
  canSwitchToTradingView: boolean;
  /** The site's own words for its chart modes. */
  hints: SiteHints;
  highlight?: { symbol: string; side: 'long' | 'short'; priceLow: number; priceHigh: number };
  /** The live depth to draw with the bands (only that of the page's market is drawn). */
  depth?: OverlayDepth;
}

const OFF: OverlayScene = { state: 'off' };

export function overlayScene(state: OverlayState): OverlayScene {
  const { reading, reply } = state;
  if (!state.overlayOn || !state.pageSymbol || !reading) return OFF;
  const okReply = reply?.ok && reply.symbol === state.pageSymbol ? reply : undefined;
  const collapsed = state.cardCollapsed;
  const card: DockedCard = okReply
    ? {
        zones: okReply.zones,
        collapsed,
        price: okReply.price,
        ...(okReply.tickSize !== undefined ? { tickSize: okReply.tickSize } : {}),
      }
    : reply && !reply.ok
      ? { problem: reply.problem, collapsed }
      : { loading: true, collapsed };
  const hint = (reason: string, action?: 'switch-to-tradingview', withCard = true): OverlayScene => ({
    state: 'hint',
    reason,
    ...(action ? { action } : {}),
    ...(withCard ? { card } : {}),
  });
  const switchAction = state.canSwitchToTradingView ? 'switch-to-tradingview' : undefined;
  if (reading.state === 'absent') {
    if (reading.crossOrigin) return hint(crossOriginHint(reading.crossOrigin));
    return hint(state.hints.noChart, switchAction);
  }
  if (reading.state === 'hidden') return hint(state.hints.hiddenChart, switchAction);
  // A chart still loading says nothing rather than flicker a hint.
  if (reading.state === 'unreadable') {
    return reading.loading ? OFF : hint(`No heat bands on this chart: ${reading.reason}.`);
  }
  // While the chart switches markets its symbol and the URL can disagree for a moment.
  if (state.chartSymbol && state.chartSymbol !== state.pageSymbol) return OFF;
  if (!reply) return OFF;
  // The problem is the hint itself: a card saying it again would add nothing.
  if (!reply.ok) return hint(reply.problem, undefined, false);
  if (!okReply) return OFF;
  return {
    state: 'drawing',
    layer: {
      mapping: reading.mapping,
      bands: okReply.bands,
      asOf: okReply.asOf,
      frameId: reading.frameId,
      pane: reading.pane,
      liquidations: okReply.liquidations ?? [],
      zones: okReply.zones,
      ...(okReply.heat ? { heat: okReply.heat } : {}),
      ...(state.depth?.symbol === state.pageSymbol ? { depth: state.depth } : {}),
      ...(state.highlight?.symbol === state.pageSymbol
        ? {
            highlight: {
              side: state.highlight.side,
              priceLow: state.highlight.priceLow,
              priceHigh: state.highlight.priceHigh,
            },
          }
        : {}),
    },
    // Stale data still draws (it is the latest we have), with the reason next to it.
    ...(okReply.stale ? { note: okReply.stale } : {}),
  };
}
