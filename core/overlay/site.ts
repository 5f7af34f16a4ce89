import { isNeutralSymbol } from '../exchanges/symbols';

/**
 * What the overlay needs to know about one exchange's trading page. Each site's module fills this
 * in and is the only place with that site's names, so a site redesign is a one-file change.
 */
export interface ChartSite {
  id: 'binance' | 'bybit';
  /** The neutral symbol (BTCUSDT) of a trading page URL, or undefined for any other page. */
  symbolFromUrl(url: URL): string | undefined;
  /** The neutral symbol of what the chart library's `symbol()` reports, when it can be told. */
  symbolFromChart(chartSymbol: string): string | undefined;
  /** The element around the chart area (whatever the mode), where the hint is shown; unknown: a corner. */
  chartRootSelector: string | undefined;
  /** TradingView's Charting Library frame and the parts of its document the bridge measures. */
  tradingView: {
    frameSelector: string;
    priceAxisSelector: string;
    paneTableSelector: string;
  };
}

/** A neutral USDT-perpetual symbol, as core/settings.ts accepts it. */
export function neutralSymbol(text: string | undefined): string | undefined {
  return text && isNeutralSymbol(text) ? text : undefined;
}
