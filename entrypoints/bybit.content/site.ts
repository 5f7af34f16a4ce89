import { type ChartSite, neutralSymbol } from '@/core/overlay/site';

/**
 * Bybit USDT perpetual, https://www.bybit.com/trade/usdt/<SYMBOL>. Source:
 * shared/notes/exchange-charts.md. Only the URL is known; the chart structure is UNVERIFIED: no
 * public code touching Bybit's chart was found. Assumed (as widely reported, and as the e2e
 * stand-in in tools/browser/standin/bybit-page.ts is built) TradingView's library in a same-origin
 * `tradingview_xxxxx` frame next to a chart of Bybit's own. Check each line on the live page.
 */
export const BYBIT_SITE: ChartSite = {
  id: 'bybit',
  symbolFromUrl(url) {
    if (url.hostname !== 'www.bybit.com') return undefined;
    return neutralSymbol(
      /^\/(?:[a-z]{2}(?:-[A-Za-z]{2,4})?\/)?trade\/usdt\/([A-Z0-9]+)\/?$/.exec(url.pathname)?.[1],
    );
  },
  // UNVERIFIED: assumed "BTCUSDT", possibly with an "EXCHANGE:" prefix.
  symbolFromChart: (chartSymbol) => neutralSymbol(chartSymbol.split('@')[0]?.split(':').pop()),
  // UNVERIFIED: no known container name, so the hint sits in the viewport's corner.
  chartRootSelector: undefined,
  tradingView: {
    frameSelector: 'iframe[id^="tradingview_"]',
    priceAxisSelector: '.price-axis-container',
    paneTableSelector: 'table',
  },
};
