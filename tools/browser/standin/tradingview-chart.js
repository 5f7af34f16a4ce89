// Runs inside the stand-in TradingView frame (see site.ts). It plays the part of
// TradingView's Charting Library: a real chart (lightweight-charts, so wheel and drag really change
// the visible ranges) behind a `window.tradingViewApi` offering the Charting Library calls listed in
// shared/notes/exchange-charts.md, with the library's names and return shapes. Nothing more is
// offered, so an adapter that works here relies only on calls the real library has.
(() => {
  const config = window.__standinChartConfig;
  const LWC = window.LightweightCharts;
  const host = document.getElementById('standin-tv-chart');

  const chart = LWC.createChart(host, {
    autoSize: true,
    layout: { background: { type: 'solid', color: '#161a1e' }, textColor: '#848e9c', fontSize: 11 },
    grid: { vertLines: { color: '#1f2329' }, horzLines: { color: '#1f2329' } },
    rightPriceScale: { borderColor: '#2b3139' },
    timeScale: { borderColor: '#2b3139', timeVisible: true, secondsVisible: false },
    crosshair: { mode: LWC.CrosshairMode.Normal },
  });
  const series = chart.addSeries(LWC.CandlestickSeries, {
    upColor: '#0ecb81',
    downColor: '#f6465d',
    borderVisible: false,
    wickUpColor: '#0ecb81',
    wickDownColor: '#f6465d',
  });
  const rightScale = chart.priceScale('right');

  // TradingView's price axis sits in `.price-axis-container`; its width is an overlay's right inset.
  const markPriceAxis = () => {
    for (const cell of host.querySelectorAll('table td')) {
      const box = cell.getBoundingClientRect();
      const paneHeight = chart.paneSize(0).height;
      if (
        Math.abs(box.width - rightScale.width()) < 1 &&
        Math.abs(box.height - paneHeight) < 1 &&
        box.left > 0
      ) {
        cell.classList.add('price-axis-container');
        return true;
      }
    }
    return false;
  };

  // ISubscription as the Charting Library defines it: subscribe(obj, member, singleshot),
  // unsubscribe(obj, member), unsubscribeAll(obj). `fire` stays private to this script.
  const makeSubscription = () => {
    let listeners = [];
    const api = {
      subscribe(obj, member, singleshot) {
        listeners.push({ obj, member, singleshot: Boolean(singleshot) });
      },
      unsubscribe(obj, member) {
        listeners = listeners.filter((l) => !(l.obj === obj && l.member === member));
      },
      unsubscribeAll(obj) {
        listeners = listeners.filter((l) => l.obj !== obj);
      },
    };
    const fire = (...args) => {
      const now = listeners;
      listeners = listeners.filter((l) => !l.singleshot);
      for (const l of now) {
        try {
          l.member.apply(l.obj, args);
        } catch (error) {
          console.error('[standin] subscriber failed', error);
        }
      }
    };
    return { api, fire };
  };
  const symbolChanged = makeSubscription();
  const intervalChanged = makeSubscription();
  const visibleRangeChanged = makeSubscription();
  const crossHair = makeSubscription();

  let symbol = config.chartSymbol;
  let resolution = config.resolution;
  let baseBars = [];
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
      const lastShown = series.data();
      const lastTime = lastShown.length ? lastShown[lastShown.length - 1].time : 0;
      for (const bar of bars) if (bar.time >= lastTime) series.update(bar);
    } else {
      series.setData(bars);
      shownKey = key;
    }
    if (!ready && bars.length > 0) {
      ready = true;
      for (const callback of readyCallbacks.splice(0)) setTimeout(callback, 0);
    }
  };
  const loadBars = async () => {
    const response = await fetch(config.candlesUrl, { cache: 'no-store' });
    if (!response.ok) throw new Error(`candles: HTTP ${response.status}`);
    baseBars = await response.json();
    render();
  };
  loadBars()
    .then(() => {
      markPriceAxis() || requestAnimationFrame(markPriceAxis);
    })
    .catch((error) => console.error('[standin] could not load candles', error));
  if (config.refreshMs > 0) {
    setInterval(
      () => loadBars().catch((error) => console.error('[standin] refresh failed', error)),
      config.refreshMs,
    );
  }

  chart.timeScale().subscribeVisibleTimeRangeChange((range) => {
    if (range) visibleRangeChanged.fire({ from: range.from, to: range.to });
  });
  chart.subscribeCrosshairMove((param) => {
    if (!param.point || param.time === undefined) return;
    crossHair.fire({ time: param.time, price: series.coordinateToPrice(param.point.y) });
  });

  // IPriceScaleApi: mode numbers are the library's (0 normal, 1 log, 2 percent, 3 indexed to 100),
  // which lightweight-charts happens to share.
  const priceScale = {
    // The prices at the pane's top and bottom edges, as TradingView reports them. (lightweight-charts'
    // own getVisibleRange() leaves out the scale margins, so it is not used here.)
    getVisiblePriceRange() {
      const height = chart.paneSize(0).height;
      const top = series.coordinateToPrice(0);
      const bottom = series.coordinateToPrice(height);
      if (top === null || bottom === null || !(height > 0)) return null;
      return { from: Math.min(top, bottom), to: Math.max(top, bottom) };
    },
    setVisiblePriceRange(range) {
      rightScale.applyOptions({ scaleMargins: { top: 0, bottom: 0 } });
      rightScale.setAutoScale(false);
      rightScale.setVisibleRange({ from: range.from, to: range.to });
    },
    getMode: () => rightScale.options().mode,
    setMode(mode) {
      rightScale.applyOptions({ mode });
    },
    isInverted: () => rightScale.options().invertScale,
    setInverted(inverted) {
      rightScale.applyOptions({ invertScale: Boolean(inverted) });
    },
    isAutoScale: () => rightScale.options().autoScale,
    setAutoScale(on) {
      rightScale.setAutoScale(Boolean(on));
    },
    hasMainSeries: () => true,
  };
  // Binance's build is reported to add this (UNVERIFIED, exchange-charts.md): opt-in per fixture.
  if (config.coordinateToPrice) priceScale.coordinateToPrice = (y) => series.coordinateToPrice(y);

  const pane = {
    getHeight: () => chart.paneSize(0).height,
    paneIndex: () => 0,
    hasMainSeries: () => true,
    getMainSourcePriceScale: () => priceScale,
    getLeftPriceScales: () => [],
    getRightPriceScales: () => [priceScale],
  };

  const activeChart = {
    symbol: () => symbol,
    resolution: () => resolution,
    hasModel: () => true,
    dataReady(callback) {
      if (typeof callback === 'function') {
        if (ready) setTimeout(callback, 0);
        else readyCallbacks.push(callback);
      }
      return ready;
    },
    getVisibleRange() {
      const range = chart.timeScale().getVisibleRange();
      return range ? { from: range.from, to: range.to } : { from: 0, to: 0 };
    },
    setVisibleRange(range) {
      chart.timeScale().setVisibleRange({ from: range.from, to: range.to });
      return Promise.resolve();
    },
    getPanes: () => [pane],
    getAllPanesHeight: () => [chart.paneSize(0).height],
    onSymbolChanged: () => symbolChanged.api,
    onIntervalChanged: () => intervalChanged.api,
    onVisibleRangeChanged: () => visibleRangeChanged.api,
    crossHairMoved: () => crossHair.api,
    setResolution(next) {
      if (!(resolutionMinutes(next) >= 5)) return Promise.resolve(false);
      resolution = String(next);
      render();
      intervalChanged.fire(resolution, {});
      return Promise.resolve(true);
    },
    // The stand-in has one market's data: a new symbol renames the chart and fires the event only.
    setSymbol(next) {
      symbol = String(next);
      symbolChanged.fire();
      return Promise.resolve(true);
    },
  };

  window.tradingViewApi = {
    activeChart: () => activeChart,
    chart: (index) => (index === undefined || index === 0 ? activeChart : undefined),
    chartsCount: () => 1,
  };
})();
