import { isNeutralSymbol } from '../exchanges/symbols';

/**
 * What the overlay needs to know about one exchange's trading page. Each site's module
 * (entrypoints/<site>.content/site.ts) fills this in and is the only place with that site's names,
 * so a site redesign is a one-file change. What TradingView's library itself does is in
 * core/overlay/tradingView.ts, the same for every site.
 */
export interface ChartSite {
  id: 'binance' | 'bybit';
  /** The neutral symbol (BTCUSDT) of a trading page URL, or undefined for any other page. */
  symbolFromUrl(url: URL): string | undefined;
  /** The neutral symbol of what the chart library's `symbol()` reports, when it can be told. */
  symbolFromChart(chartSymbol: string): string | undefined;
  /** The element around the chart area (whatever the mode), where hints and the card dock. */
  chartRootSelector: string | undefined;
  /** The site's TradingView frame, looked for first (the probe then tries every frame). */
  frameSelector: string;
  /** The label of the site's own control that shows the TradingView chart, if it has one. */
  tradingViewTabLabel: string | undefined;
  /** What the trader is told, in this site's terms, when there is no chart bands can go on. */
  hints: SiteHints;
}

/** Why no bands are on the chart, in one site's terms (its modes, its controls). */
export interface SiteHints {
  /** No TradingView chart on the page (Binance: its Basic mode). */
  noChart: string;
  /** The chart's frame is there but not shown (Binance: its Depth mode). */
  hiddenChart: string;
}

/** Said when the chart sits in a frame of another origin: no script of the page can read it. */
export function crossOriginHint(origin: string): string {
  return `The chart here is drawn in a frame from ${origin}, which HeatBands cannot read, so no bands on it; the key zones are listed below.`;
}

/** A neutral USDT-perpetual symbol from a URL or chart symbol in any letter case, or undefined. */
export function neutralSymbol(text: string | undefined): string | undefined {
  const upper = text?.toUpperCase();
  return upper && isNeutralSymbol(upper) ? upper : undefined;
}

/**
 * The site's control whose own text is exactly `label` (e.g. the "Trading View" tab), searched in
 * the chart area first. Text, not class names: labels survive a redesign far more often.
 */
export function findControlByLabel(
  doc: Document,
  label: string,
  within?: Element | null,
): HTMLElement | undefined {
  const scopes = within ? [within, doc.body] : [doc.body];
  for (const scope of scopes) {
    for (const node of scope.querySelectorAll<HTMLElement>('button, [role="tab"], a, div, span, li')) {
      if (node.childElementCount === 0 && node.textContent?.trim() === label) {
        return node.closest<HTMLElement>('button, [role="tab"], a') ?? node;
      }
    }
  }
  return undefined;
}
