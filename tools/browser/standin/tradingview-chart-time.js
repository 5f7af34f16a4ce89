// Part of the stand-in TradingView chart (tradingview-chart.js puts the parts together): time,
// the visible range and its events, and the library's ITimeScaleApi.
window.__standinChartParts ??= {};
window.__standinChartParts.time = ({ timeScale, bars, model, events }) => {
  const { requireModel } = model;

  // ---- Time. Logical index i is bar i (the engine's logical space: bar i's centre at i, its slot
  // i − ½ … i + ½); an index past the last bar is a slot in the right margin, one bar interval each.
  const timeOfIndex = (index) => {
    const times = bars.times();
    const n = times.length;
    if (index < n) return times[Math.max(0, index)];
    return times[n - 1] + (index - (n - 1)) * bars.barSeconds();
  };
  /** px per bar now (wheel zoom changes it). */
  const spacing = () => timeScale.options().barSpacing;
  /**
   * `getVisibleRange()` as the library computes it: NOT the pane edges but the open times of the
   * first and last bars of the visible range, rounded wider (the bars holding the pane's edges, any
   * part in view counts), `to` extrapolated into the right margin, `from` clamped to the first
   * loaded bar when the user scrolls left of the data.
   */
  const visibleTimeRange = () => {
    const range = timeScale.getVisibleLogicalRange();
    if (!range || bars.times().length === 0) return { from: 0, to: 0 };
    const first = Math.max(0, Math.floor(range.from + 0.5));
    const last = Math.max(first, Math.ceil(range.to - 0.5));
    return { from: timeOfIndex(first), to: timeOfIndex(last) };
  };

  // onVisibleRangeChanged fires only when that range changes, so not for moves of less than a bar.
  let lastRangeKey = '';
  let lastSpacing = Number.NaN;
  let lastOffset = Number.NaN;
  timeScale.subscribeVisibleLogicalRangeChange(() => {
    if (!model.isReady() || bars.times().length === 0) return;
    const range = visibleTimeRange();
    const key = `${range.from}:${range.to}`;
    if (key !== lastRangeKey) {
      lastRangeKey = key;
      events.visibleRangeChanged.fire({ from: range.from, to: range.to });
    }
    const nowSpacing = spacing();
    if (Math.abs(nowSpacing - lastSpacing) > 1e-9 || Number.isNaN(lastSpacing)) {
      lastSpacing = nowSpacing;
      events.barSpacingChanged.fire(nowSpacing);
    }
    const nowOffset = timeScale.scrollPosition();
    if (nowOffset !== lastOffset) {
      lastOffset = nowOffset;
      events.rightOffsetChanged.fire(nowOffset);
    }
  });

  // ITimeScaleApi: width, bar spacing and right offset of the live chart; coordinateToTime(x) the
  // open time of the bar whose slot holds pane x, null where no bar is loaded.
  const timeScaleApi = {
    width() {
      requireModel('timeScale');
      return timeScale.width();
    },
    barSpacing() {
      requireModel('timeScale');
      return spacing();
    },
    rightOffset() {
      requireModel('timeScale');
      return timeScale.scrollPosition();
    },
    coordinateToTime(x) {
      requireModel('timeScale');
      const times = bars.times();
      const index = timeScale.coordinateToLogical(x);
      if (index === null || index < 0 || index >= times.length) return null;
      return times[index];
    },
    setBarSpacing(value) {
      requireModel('timeScale');
      timeScale.applyOptions({ barSpacing: Number(value) });
    },
    setRightOffset(offset) {
      requireModel('timeScale');
      timeScale.scrollToPosition(Number(offset), false);
    },
    barSpacingChanged: () => events.barSpacingChanged.api,
    rightOffsetChanged: () => events.rightOffsetChanged.api,
  };

  return { spacing, visibleTimeRange, timeScaleApi };
};
