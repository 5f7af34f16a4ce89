// Part of the stand-in TradingView chart (tradingview-chart.js puts the parts together): the
// test's truth, the engine's own coordinates behind a token.
window.__standinChartParts ??= {};
window.__standinChartParts.truth = ({ charts, activeIndex, truthToken }) => {
  // ---- The test's truth (tools/browser/standin/truth.ts): the coordinates the engine draws with,
  // never the TradingView-shaped API an overlay uses, behind the token only the test knows, so
  // nothing under test can lean on it by accident. It describes the ACTIVE chart.

  /** The active chart's main pane, as the engine holds it (the first `.chart-markup-table.pane` of its markup). */
  const paneElement = () => charts[activeIndex()].paneElement();
  const paneBox = () => {
    const cell = paneElement();
    if (!cell) return null;
    const inFrame = cell.getBoundingClientRect();
    let x = inFrame.left;
    let y = inFrame.top;
    const frame = window.frameElement;
    if (frame) {
      const outer = frame.getBoundingClientRect();
      x += outer.left + frame.clientLeft;
      y += outer.top + frame.clientTop;
    }
    return { x, y, width: inFrame.width, height: inFrame.height };
  };
  const truth = {
    measure(request) {
      const index = activeIndex();
      const { engine, bars, rightScale, timeScale, series } = charts[index];
      const times = bars.times();
      const prices = request?.prices ?? [];
      const barTimes = request?.times ?? [];
      /** Bar index of the bar holding UNIX time t, extrapolated by the bar interval outside the data. */
      const barIndexOf = (t) => {
        const n = times.length;
        if (n === 0) return null;
        if (t < times[0]) return Math.floor((t - times[0]) / bars.barSeconds());
        if (t >= times[n - 1]) return n - 1 + Math.floor((t - times[n - 1]) / bars.barSeconds());
        let lo = 0;
        let hi = n - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (times[mid] <= t) lo = mid;
          else hi = mid - 1;
        }
        return lo;
      };
      const centre0 = timeScale.logicalToCoordinate(0);
      const centre1 = timeScale.logicalToCoordinate(1);
      const barSpacing = centre0 === null || centre1 === null ? Number.NaN : centre1 - centre0;
      const leftOf = (t) => {
        const i = barIndexOf(t);
        if (i === null) return null;
        const centre = timeScale.logicalToCoordinate(i);
        return centre === null ? null : centre - barSpacing / 2;
      };
      const logical = timeScale.getVisibleLogicalRange();
      return {
        chartIndex: index,
        pane: paneBox(),
        paneSize: engine.paneSize(0),
        barSpacing,
        logicalRange: logical ? { from: logical.from, to: logical.to } : null,
        barCount: times.length,
        // Where loaded bars are: the first bar's left boundary to the last bar's right boundary.
        loadedX: times.length
          ? { from: leftOf(times[0]), to: leftOf(times[times.length - 1]) + barSpacing }
          : null,
        firstBarTime: times.length ? times[0] : null,
        lastBarTime: times.length ? times[times.length - 1] : null,
        barSeconds: bars.barSeconds(),
        inverted: rightScale.options().invertScale,
        mode: rightScale.options().mode,
        priceY: prices.map((p) => series.priceToCoordinate(p)),
        barIndex: barTimes.map(barIndexOf),
        barLeftX: barTimes.map(leftOf),
      };
    },
    /** The active chart's main pane element (for a reference overlay drawn by the test). */
    paneElement,
    /**
     * Rebuilds the active chart's main pane as the library does on a layout or pane change (new
     * pane element, gui wrapper and canvases); resolves once the new one is painted.
     */
    rebuildPane: () => charts[activeIndex()].rebuildMainPane(),
  };
  Object.defineProperty(window, '__standinTruth', {
    value: (token) => {
      if (token !== truthToken) throw new Error('stand-in truth: wrong token');
      return truth;
    },
  });
};
