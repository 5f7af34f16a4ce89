// Part of the stand-in TradingView chart (tradingview-chart.js puts the parts together): the
// candles read from the stand-in site, shown at the chart's resolution.
window.__standinChartParts ??= {};
window.__standinChartParts.bars = ({ config, series }) => {
  let resolution = config.resolution;
  let baseBars = [];
  /** Open times (UNIX s) of the bars the chart shows, oldest first: index i is logical index i. */
  let times = [];
  let shownKey = '';
  let ready = false;
  const readyCallbacks = [];

  // "5", "60", "1D", "W": minutes per bar. Bars finer than the data's own 5 minutes are not made up.
  const resolutionMinutes = (res) => {
    if (/^\d+$/.test(res)) return Number(res);
    const match = /^(\d*)([DW])$/.exec(res);
    if (!match) return Number.NaN;
    return Number(match[1] || 1) * (match[2] === 'D' ? 1440 : 10080);
  };
  const barSeconds = () => resolutionMinutes(resolution) * 60;
  const aggregate = (bars, minutes) => {
    const span = minutes * 60;
    const out = [];
    for (const bar of bars) {
      const start = Math.floor(bar.time / span) * span;
      const last = out[out.length - 1];
      if (last && last.time === start) {
        last.high = Math.max(last.high, bar.high);
        last.low = Math.min(last.low, bar.low);
        last.close = bar.close;
      } else {
        out.push({ time: start, open: bar.open, high: bar.high, low: bar.low, close: bar.close });
      }
    }
    return out;
  };
  const render = () => {
    const minutes = resolutionMinutes(resolution);
    const bars = minutes > 5 ? aggregate(baseBars, minutes) : baseBars.map((b) => ({ ...b }));
    const key = `${resolution}:${bars[0] ? bars[0].time : ''}`;
    if (key === shownKey && bars.length > 0) {
      // New bars only: keep the user's pan and zoom, as a live chart does.
      const lastTime = times.length ? times[times.length - 1] : 0;
      for (const bar of bars) if (bar.time >= lastTime) series.update(bar);
    } else {
      series.setData(bars);
      shownKey = key;
    }
    times = series.data().map((b) => b.time);
    if (!ready && bars.length > 0) {
      ready = true;
      for (const callback of readyCallbacks.splice(0)) setTimeout(callback, 0);
    }
  };
  const loadBars = async () => {
    const response = await fetch(config.candlesUrl, { cache: 'no-store' });
    if (!response.ok) throw new Error(`candles: HTTP ${response.status}`);
    // A chart of another market (a multi-chart layout's other chart) shows the same candles scaled.
    const factor = config.priceFactor ?? 1;
    baseBars = (await response.json()).map((b) =>
      factor === 1
        ? b
        : {
            ...b,
            open: b.open * factor,
            high: b.high * factor,
            low: b.low * factor,
            close: b.close * factor,
          },
    );
    render();
  };
  loadBars().catch((error) => console.error('[standin] could not load candles', error));
  if (config.refreshMs > 0) {
    setInterval(
      () => loadBars().catch((error) => console.error('[standin] refresh failed', error)),
      config.refreshMs,
    );
  }

  return {
    /** The open times of the bars shown now (a new array after every render). */
    times: () => times,
    resolution: () => resolution,
    /** Shows the bars at `next`, a resolution the caller has checked. */
    setResolution(next) {
      resolution = next;
      render();
    },
    resolutionMinutes,
    barSeconds,
    /** The library's `dataReady`: true once bars are shown; `callback` runs then (or soon, if so already). */
    dataReady(callback) {
      if (typeof callback === 'function') {
        if (ready) setTimeout(callback, 0);
        else readyCallbacks.push(callback);
      }
      return ready;
    },
  };
};
