import { type ChartSite, neutralSymbol } from '@/core/overlay/site';

/**
 * Binance USDⓈ-M futures, https://www.binance.com/<lang>/futures/<SYMBOL>. Source:
 * shared/notes/exchange-charts.md, gathered from public code that hooks the page (not seen live).
 * The chart has three modes; only "Trading View" has TradingView's library in a same-origin
 * `tradingview_xxxxx` frame; "Basic" (Binance's own canvas, the default) has no frame and "Depth"
 * hides it. The e2e stand-in (tools/browser/standin/binance-page.ts) is built to the same assumptions.
 */
export const BINANCE_SITE: ChartSite = {
  id: 'binance',
  symbolFromUrl(url) {
    if (url.hostname !== 'www.binance.com') return undefined;
    // The language segment is optional in links Binance itself produces (/futures/BTCUSDT).
    return neutralSymbol(
      /^(?:\/[a-z]{2}(?:-[A-Za-z]{2,4})?)?\/futures\/([A-Z0-9]+)\/?$/.exec(url.pathname)?.[1],
    );
  },
  // "BTCUSDT@PRICETYPE=LAST" (or =MARK): the symbol before the price-type suffix.
  symbolFromChart: (chartSymbol) => neutralSymbol(chartSymbol.split('@')[0]?.split(':').pop()),
  // The container like `.chart-widget-root #chart_futures-tradingview` (UNVERIFIED on the live page).
  chartRootSelector: '.chart-widget-root',
  tradingView: {
    // The library's frame id is `tradingview_` + five hex digits.
    frameSelector: 'iframe[id^="tradingview_"]',
    // TradingView's price axis cell; its width is the overlay's right inset.
    priceAxisSelector: '.price-axis-container',
    // The panes and axes sit in one table (TradingView's `.chart-markup-table`); UNVERIFIED on v30.
    paneTableSelector: 'table',
  },
};
