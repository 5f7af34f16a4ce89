import type { HeatmapReply, PublishedEstimate } from '../messaging';
import type { ChartReading, Probe } from './bridgeProtocol';

/**
 * The on-chart overlay's life in one trading page, as an explicit state machine: every input (a
 * settings change, an in-page navigation, a chart reading, news from the worker, the worker's
 * answer) is an event; `step` returns the next state and the effects to run. The content script
 * (utils/overlayController.ts) only runs those effects, so all the ordering rules are tested here
 * without a browser.
 */
export interface OverlayModel {
  overlayOn: boolean;
  /** The market the page's URL names (neutral symbol), if it is a trading page. */
  pageSymbol: string | undefined;
  /** The chart bridge's latest reading and probe findings; cleared when the bridge stops. */
  reading: ChartReading | undefined;
  probe: Probe | undefined;
  /** Whether the trader folded the docked card away (stored, shared by every tab). */
  cardCollapsed: boolean;
  /** A zone the trader picked in the side panel, shown on the chart for a while. */
  highlight: ZoneHighlight | undefined;
  /**
   * The worker's answer to the page's market (get-heatmap): the published estimate when it is for
   * this market, else why not (it follows another market, or is switching to this one).
   */
  reply: HeatmapReply | undefined;
  /** The estimate the worker published last (storage), read directly whenever it changes. */
  published: PublishedEstimate | undefined;
  /** The running chart bridge's token, or undefined when none runs. */
  bridgeToken: string | undefined;
  /** Moves on whenever the question changes (another symbol, other filters). */
  generation: number;
  /** The question in flight to the worker, if any, and whether to ask once more when it ends. */
  asking: { generation: number; again: boolean } | undefined;
}

/** A zone's price range on one market, to outline on the chart. */
export interface ZoneHighlight {
  symbol: string;
  side: 'long' | 'short';
  priceLow: number;
  priceHigh: number;
}

export type OverlayEvent =
  | { type: 'started'; overlayOn: boolean; pageSymbol: string | undefined }
  | { type: 'settings-changed'; overlayOn: boolean }
  | { type: 'location-changed'; pageSymbol: string | undefined }
  | { type: 'bridge-started'; token: string }
  | { type: 'chart-read'; reading: ChartReading; probe: Probe }
  | { type: 'card-collapsed'; collapsed: boolean }
  | { type: 'highlight'; zone: ZoneHighlight | undefined }
  /** The worker published a new estimate. */
  | { type: 'published'; estimate: PublishedEstimate | undefined }
  | { type: 'answered'; generation: number; reply: HeatmapReply }
  | { type: 'invalidated' };

export type OverlayEffect =
  | { type: 'start-bridge' }
  | { type: 'stop-bridge'; token: string }
  | { type: 'ask-worker'; symbol: string; generation: number }
  | { type: 'redraw' };

export interface OverlayStep {
  model: OverlayModel;
  effects: OverlayEffect[];
}

export const INITIAL_OVERLAY: OverlayModel = {
  overlayOn: false,
  pageSymbol: undefined,
  reading: undefined,
  probe: undefined,
  cardCollapsed: false,
  highlight: undefined,
  reply: undefined,
  published: undefined,
  bridgeToken: undefined,
  generation: 0,
  asking: undefined,
};

/** Asks the worker unless a question is in flight; then it is asked again when that one ends. */
function ask(model: OverlayModel): OverlayStep {
  if (!model.overlayOn || !model.pageSymbol) return { model, effects: [] };
  if (model.asking) return { model: { ...model, asking: { ...model.asking, again: true } }, effects: [] };
  return {
    model: { ...model, asking: { generation: model.generation, again: false } },
    effects: [{ type: 'ask-worker', symbol: model.pageSymbol, generation: model.generation }],
  };
}

/** Turns the bridge and the question on or off to match `overlayOn`. */
function apply(model: OverlayModel): OverlayStep {
  if (model.overlayOn) {
    const effects: OverlayEffect[] = model.bridgeToken ? [] : [{ type: 'start-bridge' }];
    const asked = ask(model);
    return { model: asked.model, effects: [...effects, ...asked.effects, { type: 'redraw' }] };
  }
  const effects: OverlayEffect[] = model.bridgeToken
    ? [{ type: 'stop-bridge', token: model.bridgeToken }]
    : [];
  return {
    model: { ...model, bridgeToken: undefined, reading: undefined, probe: undefined, reply: undefined },
    effects: [...effects, { type: 'redraw' }],
  };
}

/** A new question: answers to the old one are thrown away when they come. */
const newQuestion = (model: OverlayModel): OverlayModel => ({
  ...model,
  generation: model.generation + 1,
  reply: undefined,
});

export function step(model: OverlayModel, event: OverlayEvent): OverlayStep {
  switch (event.type) {
    case 'started':
      return apply({ ...model, overlayOn: event.overlayOn, pageSymbol: event.pageSymbol });
    case 'settings-changed':
      // Any settings change (filters, window, symbol followed) can change the bands: ask anew.
      return apply(newQuestion({ ...model, overlayOn: event.overlayOn }));
    case 'location-changed': {
      if (event.pageSymbol === model.pageSymbol) return { model, effects: [] };
      const asked = ask(newQuestion({ ...model, pageSymbol: event.pageSymbol }));
      return { model: asked.model, effects: [...asked.effects, { type: 'redraw' }] };
    }
    case 'bridge-started':
      return { model: { ...model, bridgeToken: event.token }, effects: [] };
    case 'chart-read':
      if (!model.bridgeToken) return { model, effects: [] };
      return {
        model: { ...model, reading: event.reading, probe: event.probe },
        effects: [{ type: 'redraw' }],
      };
    case 'highlight':
      return { model: { ...model, highlight: event.zone }, effects: [{ type: 'redraw' }] };
    case 'card-collapsed':
      return { model: { ...model, cardCollapsed: event.collapsed }, effects: [{ type: 'redraw' }] };
    case 'published': {
      const next = { ...model, published: event.estimate };
      // For this market: drawn at once. For another: the worker says why (it may follow the page).
      if (!event.estimate || event.estimate.symbol === model.pageSymbol) {
        return { model: next, effects: [{ type: 'redraw' }] };
      }
      const asked = ask(next);
      return { model: asked.model, effects: [...asked.effects, { type: 'redraw' }] };
    }
    case 'answered': {
      const current = event.generation === model.generation;
      const again = model.asking?.again === true || !current;
      const answered: OverlayModel = {
        ...model,
        asking: undefined,
        reply: current && model.overlayOn ? event.reply : model.reply,
      };
      const next = again ? ask(answered) : { model: answered, effects: [] };
      return { model: next.model, effects: current ? [{ type: 'redraw' }, ...next.effects] : next.effects };
    }
    case 'invalidated': {
      const effects: OverlayEffect[] = model.bridgeToken
        ? [{ type: 'stop-bridge', token: model.bridgeToken }]
        : [];
      return { model: { ...INITIAL_OVERLAY, generation: model.generation + 1 }, effects };
    }
  }
}

/**
 * What the page shows for its market: the published estimate when it is for this market (the
 * newest there is), else the worker's answer saying why not.
 */
export function replyForPage(model: OverlayModel): HeatmapReply | undefined {
  const { published, pageSymbol, reply } = model;
  if (published && pageSymbol && published.symbol === pageSymbol) return published.reply;
  return reply;
}
