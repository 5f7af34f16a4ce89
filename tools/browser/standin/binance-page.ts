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
  // https://www.binance.com/<lang>/futures/<SYMBOL>
  tradingPath: (symbol) => `/en/futures/${symbol}`,
  isTradingPath: (pathname) => /^\/[a-z]{2}(-[A-Za-z]{2,4})?\/futures\/[A-Z0-9]+$/.test(pathname),
  symbolFromPath: (pathname) => /\/futures\/([A-Z0-9]+)$/.exec(pathname)?.[1],
  // `symbol()` answers e.g. "BTCUSDT@PRICETYPE=LAST".
  chartSymbol: (symbol) => `${symbol}@PRICETYPE=LAST`,
  // The frame sits in a container like `.chart-widget-root #chart_futures-tradingview`.
  chartRootClass: 'chart-widget-root',
  tradingViewContainerId: 'chart_futures-tradingview',
  // Three modes; "Basic" (Binance's own canvas chart, no price-to-pixel API) is the site's default.
  // "Depth" hides the TradingView frame.
  modes: [
    { id: 'basic', label: 'Basic', kind: 'own' },
    { id: 'tradingview', label: 'Trading View', kind: 'tradingview' },
    { id: 'depth', label: 'Depth', kind: 'depth' },
  ],
  defaultMode: 'basic',
  // coordinateToPrice: reported on Binance's build of the price scale, UNVERIFIED, so left at the
  // library default (off) unless a test opts in.
  theme: { background: '#181a20', text: '#eaecef', accent: '#f0b90b' },
});

/**
 * Serves the stand-in Binance futures page at its real URL in a context; it opens in Basic mode
 * like the live site unless `initialMode` or a `?mode=` query says otherwise.
 */
export const { install: installBinancePage, url: binanceFuturesUrl } = standinSiteEntry(BINANCE_PAGE);
