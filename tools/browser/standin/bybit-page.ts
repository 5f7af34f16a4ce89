import { defineStandinSite, standinSiteEntry } from './site';

/**
 * Every assumption the e2e suite makes about Bybit's USDT perpetual page, in one place. Source:
 * shared/notes/exchange-charts.md ("Bybit USDT perpetual"). Only the URL is known; the chart
 * structure is UNVERIFIED: no public code touching Bybit's chart was found. This stand-in assumes
 * the widely reported answer, TradingView's library in a same-origin `tradingview_xxxxx` frame
 * (the same recipe as Binance), next to a chart of Bybit's own. Check each line marked UNVERIFIED
 * on the live page.
 */
export const BYBIT_PAGE = defineStandinSite({
  name: 'Bybit',
  origin: 'https://www.bybit.com',
  // https://www.bybit.com/trade/usdt/<SYMBOL>: the symbol comes from the path.
  tradingPath: (symbol) => `/trade/usdt/${symbol}`,
  isTradingPath: (pathname) => /^\/trade\/usdt\/[A-Z0-9]+$/.test(pathname),
  symbolFromPath: (pathname) => /\/trade\/usdt\/([A-Z0-9]+)$/.exec(pathname)?.[1],
  // UNVERIFIED: the symbol string Bybit's datafeed gives the library.
  chartSymbol: (symbol) => symbol,
  // UNVERIFIED: made-up container names; an adapter should find the frame by `iframe[id^="tradingview_"]`.
  chartRootClass: 'standin-bybit-chart',
  tradingViewContainerId: 'standin-bybit-tv-container',
  // UNVERIFIED: a TradingView chart and one of Bybit's own, TradingView shown first.
  modes: [
    { id: 'tradingview', label: 'TradingView', kind: 'tradingview' },
    { id: 'original', label: 'Original', kind: 'own' },
    { id: 'depth', label: 'Depth', kind: 'depth' },
  ],
  defaultMode: 'tradingview',
  theme: { background: '#17181e', text: '#f5f5f5', accent: '#f7a600' },
});

/** Serves the stand-in Bybit USDT perpetual page at its real URL in a context. */
export const { install: installBybitPage, url: bybitPerpetualUrl } = standinSiteEntry(BYBIT_PAGE);
