import { type ChartSite, neutralSymbol } from '@/core/overlay/site';

/**
 * Bybit USDT perpetual, https://www.bybit.com/<lang>/trade/usdt/<SYMBOL> (CONFIRMED; a bare
 * /trade/usdt/<SYMBOL> is redirected client-side to /en/…). The chart's library, frame and
 * globals are UNKNOWN: the bridge probes every frame and the usual globals, and draws only where
 * it finds a readable TradingView chart; otherwise the docked card and the hint. "Copy
 * diagnostics" in the popup reports what the probe found. The stand-in
 * (tools/browser/standin/bybit-page.ts) is built to the same assumptions.
 */
export const BYBIT_MATCHES = ['https://www.bybit.com/*/trade/usdt/*', 'https://www.bybit.com/trade/usdt/*'];

export const BYBIT_SITE: ChartSite = {
  id: 'bybit',
  symbolFromUrl(url) {
    if (url.hostname !== 'www.bybit.com') return undefined;
    return neutralSymbol(
      /^\/(?:[a-z]{2}(?:-[a-z]{2,4})?\/)?trade\/usdt\/([a-z0-9]+)\/?$/i.exec(url.pathname)?.[1],
    );
  },
  // UNKNOWN: assumed "BTCUSDT", possibly with an "EXCHANGE:" prefix.
  symbolFromChart: (chartSymbol) => neutralSymbol(chartSymbol.split('@')[0]?.split(':').pop()),
  // UNKNOWN: no known container name, so hints and the card dock in the viewport's corner.
  chartRootSelector: undefined,
  frameSelector: 'iframe[id^="tradingview_"]',
  // UNKNOWN whether Bybit has a mode tab with this label; the button only shows if one is found.
  tradingViewTabLabel: undefined,
  // No Bybit control is known to show a TradingView chart, so the hints name none.
  hints: {
    noChart:
      'No TradingView chart found on this Bybit page, so no bands on the chart; the key zones are listed below.',
    hiddenChart: "Bybit's chart is hidden, so no bands on it; the key zones are listed below.",
  },
};
