import { type ChartSite, neutralSymbol } from '@/core/overlay/site';

/**
 * Binance USDⓈ-M futures, https://www.binance.com/<lang>/futures/<SYMBOL>. Source:
 * shared/notes/exchange-charts.md, gathered from public code that hooks the page (not seen live).
 * The chart has three modes; only "Trading View" has TradingView's library in a same-origin
 * `tradingview_xxxxx` frame; "Basic" (Binance's own canvas, the default for a new visitor) has no
 * frame and "Depth" hides it. The stand-in (tools/browser/standin/binance-page.ts) is built to the
 * same assumptions.
 */
export const BINANCE_MATCHES = ['https://www.binance.com/*/futures/*', 'https://www.binance.com/futures/*'];

export const BINANCE_SITE: ChartSite = {
  id: 'binance',
  symbolFromUrl(url) {
    if (url.hostname !== 'www.binance.com') return undefined;
    // The language segment is optional (/futures/BTCUSDT); URL symbols may be lowercase.
    return neutralSymbol(
      /^(?:\/[a-z]{2}(?:-[a-z]{2,4})?)?\/futures\/([a-z0-9]+)\/?$/i.exec(url.pathname)?.[1],
    );
  },
  // "BTCUSDT@PRICETYPE=LAST" (or =MARK): the symbol before the price-type suffix (CONFIRMED).
  symbolFromChart: (chartSymbol) => neutralSymbol(chartSymbol.split('@')[0]?.split(':').pop()),
  // `.chart-widget-root … #chart_futures-tradingview > iframe` (CONFIRMED).
  chartRootSelector: '.chart-widget-root',
  frameSelector: '#chart_futures-tradingview iframe[id^="tradingview_"], iframe[id^="tradingview_"]',
  // The mode tab's label, with its space (CONFIRMED).
  tradingViewTabLabel: 'Trading View',
  hints: {
    // Basic is Binance's own canvas chart, the default for a new visitor (CONFIRMED): no API to read.
    noChart:
      "Binance's Basic chart has no way to place bands on it: switch to Trading View to see heat bands on the chart.",
    hiddenChart:
      'The Depth view shows no price chart: switch to Trading View to see heat bands on the chart.',
  },
};
