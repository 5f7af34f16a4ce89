import { defineStandinSite, standinSiteEntry } from './site';

/**
 * Every assumption the e2e suite makes about Binance's USDⓈ-M futures page, in one place. Source:
 * shared/notes/exchange-charts.md ("Binance USDⓈ-M futures"), gathered from public code that hooks
 * the page, not from the live site. When the live page changes, this module and the extension's
 * Binance adapter are the two places to change.
 */
export const BINANCE_PAGE = defineStandinSite({
  name: 'Binance Futures',
  origin: 'https://www.binance.com',
  // https://www.binance.com/<lang>/futures/<SYMBOL>; Binance's own links also drop the language
  // (/futures/<SYMBOL>), and URL symbols may be lowercase (the page upper-cases them).
  tradingPath: (symbol) => `/en/futures/${symbol}`,
  matchTradingPath(pathname) {
    const symbol = /^(?:\/[a-z]{2}(?:-[A-Za-z]{2,4})?)?\/futures\/([A-Za-z0-9]+)\/?$/.exec(pathname)?.[1];
    return symbol ? { symbol: symbol.toUpperCase() } : undefined;
  },
  // `symbol()` answers e.g. "BTCUSDT@PRICETYPE=LAST" (CONFIRMED).
  chartSymbol: (symbol) => `${symbol}@PRICETYPE=LAST`,
  // `.chart-widget-root … #chart_futures-tradingview > iframe[id^="tradingview_"]` (CONFIRMED).
  chartRootClass: 'chart-widget-root',
  tradingViewContainerId: 'chart_futures-tradingview',
  // Three modes; "Basic" (Binance's own canvas chart, no price-to-pixel API) is the default for a
  // new visitor (CONFIRMED). "Trading View" has a space in its label. "Depth" hides the frame.
  modes: [
    { id: 'basic', label: 'Basic', kind: 'own' },
    { id: 'tradingview', label: 'Trading View', kind: 'tradingview' },
    { id: 'depth', label: 'Depth', kind: 'depth' },
  ],
  defaultMode: 'basic',
  // Binance's build (Trading Platform v30) also offers `priceScale.coordinateToPrice` and the
  // private model; the stand-in leaves both off unless a test opts in (library: { ... } or the
  // `?standin=` query), because an overlay must work with the documented calls alone.
  theme: { background: '#181a20', text: '#eaecef', accent: '#f0b90b' },
});

/**
 * Serves the stand-in Binance futures page at its real URL in a context; it opens in Basic mode
 * like the live site unless `initialMode` or a `?mode=` query says otherwise.
 */
export const { install: installBinancePage, url: binanceFuturesUrl } = standinSiteEntry(BINANCE_PAGE);
