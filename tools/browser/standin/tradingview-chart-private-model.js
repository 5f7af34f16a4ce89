// Part of the stand-in TradingView chart (tradingview-chart.js puts the parts together): the
// library's private model, offered only by the variants that have it.
window.__standinChartParts ??= {};
window.__standinChartParts.privateModel = ({
  PriceScaleMode,
  series,
  rightScale,
  timeScale,
  bars,
  spacing,
  paneHeight,
}) => {
  // ---- The private model, `chart._chartWidget.model().model()` (Binance v30, exchange-charts.md):
  // the library's own mapping. Index space: bar index i as in `getTimeScale()`.
  const privateModel = {
    timeScale: () => ({
      /** The index of the bar that holds UNIX time t; null outside the loaded bars and the
       * current bar's interval. */
      timePointToIndex(t, _findStrategy) {
        const times = bars.times();
        const n = times.length;
        if (n === 0 || t < times[0] || t >= times[n - 1] + bars.barSeconds()) return null;
        let lo = 0;
        let hi = n - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (times[mid] <= t) lo = mid;
          else hi = mid - 1;
        }
        return lo;
      },
      /** x of bar index i's centre, pane px. */
      indexToCoordinate(index) {
        const whole = Math.floor(index);
        const centre = timeScale.logicalToCoordinate(whole);
        return centre === null ? Number.NaN : centre + (index - whole) * spacing();
      },
      barSpacing: () => spacing(),
      rightOffset: () => timeScale.scrollPosition(),
      width: () => timeScale.width(),
    }),
    mainSeries: () => ({
      priceScale: () => ({
        priceToCoordinate: (price, _firstValue) => series.priceToCoordinate(price),
        coordinateToPrice: (y, _firstValue) => series.coordinateToPrice(y),
        height: () => paneHeight(),
        isInverted: () => rightScale.options().invertScale,
        isLog: () => rightScale.options().mode === PriceScaleMode.Logarithmic,
      }),
      firstValue: () => {
        const data = series.data();
        return data.length ? data[0].close : null;
      },
    }),
  };
  return privateModel;
};
