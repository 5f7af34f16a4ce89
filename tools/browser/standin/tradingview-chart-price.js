// Part of the stand-in TradingView chart (tradingview-chart.js puts the parts together): the
// library's IPriceScaleApi and its pane.
window.__standinChartParts ??= {};
window.__standinChartParts.price = ({ chart, series, rightScale, variant, model }) => {
  // `chart` is the stand-in's engine (tradingview-chart-engine.js): pane 0 the main pane, 1 the
  // indicator pane when there is one.
  const { requireModel } = model;

  // ---- Price. IPriceScaleApi: mode numbers are the library's (0 normal, 1 log, 2 percent,
  // 3 indexed to 100), which the engine shares.
  const paneHeight = () => chart.paneSize(0).height;
  const priceScale = {
    /**
     * The prices at pixel rows 0 (`to`) and h − 1 (`from`) of the pane, after margins, log mode and
     * inversion: on an inverted scale `to < from`. Not sorted.
     */
    getVisiblePriceRange() {
      requireModel('priceScale');
      const height = paneHeight();
      const to = series.coordinateToPrice(0);
      const from = series.coordinateToPrice(height - 1);
      if (to === null || from === null || !(height > 1)) return null;
      return { from, to };
    },
    setVisiblePriceRange(range) {
      requireModel('priceScale');
      rightScale.applyOptions({ scaleMargins: { top: 0, bottom: 0 } });
      rightScale.setAutoScale(false);
      rightScale.setVisibleRange({
        from: Math.min(range.from, range.to),
        to: Math.max(range.from, range.to),
      });
    },
    getMode() {
      requireModel('priceScale');
      return rightScale.options().mode;
    },
    setMode(mode) {
      requireModel('priceScale');
      rightScale.applyOptions({ mode });
    },
    isInverted() {
      requireModel('priceScale');
      return rightScale.options().invertScale;
    },
    setInverted(inverted) {
      requireModel('priceScale');
      rightScale.applyOptions({ invertScale: Boolean(inverted) });
    },
    isAutoScale() {
      requireModel('priceScale');
      return rightScale.options().autoScale;
    },
    setAutoScale(on) {
      requireModel('priceScale');
      rightScale.setAutoScale(Boolean(on));
    },
    hasMainSeries: () => true,
  };
  // Undocumented; present on Binance's build (exchange-charts.md). Opt in per variant.
  if (variant.coordinateToPrice) {
    priceScale.coordinateToPrice = (y) => {
      requireModel('priceScale');
      return series.coordinateToPrice(y);
    };
  }

  const pane = {
    getHeight() {
      requireModel('panes');
      return paneHeight();
    },
    paneIndex: () => 0,
    hasMainSeries: () => true,
    getMainSourcePriceScale: () => priceScale,
    // Both axes show the main series' scale when the left one is visible.
    getLeftPriceScales: () => (variant.leftScale ? [priceScale] : []),
    getRightPriceScales: () => [priceScale],
  };

  // The indicator pane below: its main source is the study, on its own fixed scale.
  const indicatorHeight = () => chart.paneSize(1).height;
  const indicatorScale = {
    getVisiblePriceRange() {
      requireModel('priceScale');
      const scaleWindow = chart.indicator.window();
      return indicatorHeight() > 1 ? { from: scaleWindow.bottom, to: scaleWindow.top } : null;
    },
    getMode: () => 0,
    isInverted: () => false,
    isAutoScale: () => false,
    hasMainSeries: () => false,
  };
  const indicatorPane = {
    getHeight() {
      requireModel('panes');
      return indicatorHeight();
    },
    paneIndex: () => 1,
    hasMainSeries: () => false,
    getMainSourcePriceScale: () => indicatorScale,
    getLeftPriceScales: () => (variant.leftScale ? [indicatorScale] : []),
    getRightPriceScales: () => [indicatorScale],
  };
  const panes = variant.indicatorPane ? [pane, indicatorPane] : [pane];

  return { paneHeight, panes, indicatorHeight };
};
