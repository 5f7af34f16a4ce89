import { defineStandinSite, standinSiteEntry } from './site';

/**
 * Every assumption the e2e suite makes about Bybit's USDT perpetual page, in one place. Source:
 * shared/notes/exchange-charts.md ("Bybit USDT perpetual"). Only the URL is known; the chart
 * structure is UNKNOWN: no public code touching Bybit's chart was found. This stand-in assumes
 * TradingView's library in a same-origin `tradingview_xxxxx` frame (the same recipe as Binance),
 * next to a chart of Bybit's own. Check each line marked UNVERIFIED on the live page.
 */
export const BYBIT_PAGE = defineStandinSite({
  name: 'Bybit',
  origin: 'https://www.bybit.com',
  // CONFIRMED: /<lang>/trade/usdt/<SYMBOL> (links use /en/ and /en-US/); a bare /trade/usdt/<SYMBOL>
  // is redirected client-side to /en/trade/usdt/<SYMBOL>. URL symbols may be lowercase.
  tradingPath: (symbol) => `/en/trade/usdt/${symbol}`,
  matchTradingPath(pathname) {
    const match = /^(\/[a-z]{2}(?:-[A-Za-z]{2,4})?)?\/trade\/usdt\/([A-Za-z0-9]+)\/?$/.exec(pathname);
    if (!match) return undefined;
    const symbol = match[2]!.toUpperCase();
    return match[1] ? { symbol } : { symbol, redirectTo: `/en/trade/usdt/${match[2]}` };
  },
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
