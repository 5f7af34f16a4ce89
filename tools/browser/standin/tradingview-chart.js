// Runs inside the stand-in TradingView frame (see site.ts). It plays the part of TradingView's
// Charting Library: a real chart (lightweight-charts, so wheel and drag really change the visible
// ranges) behind a `window.tradingViewApi` with the library's names, return shapes AND semantics,
// as shared/notes/exchange-charts.md ("TradingView library") gives them from the library's source.
// Where the real library is awkward, this is awkward the same way: a stand-in easier than the real
// library would hide the bugs it is there to find.
//
// Every library fact lives here (and in tradingview.ts); nothing here knows which site embeds it.
// The variant (`config.library`) says how this build behaves: inverted or log scale at open, a
// maximized pane, the private model, `coordinateToPrice`, how long the model takes to exist.
(() => {
  // The config is read once and removed, so only this closure (and the test, through its token)
  // holds the truth token.
  const configElement = document.getElementById('standin-chart-config');
  const config = JSON.parse(configElement.textContent);
  configElement.remove();
  const variant = config.library;
  const LWC = window.LightweightCharts;
  const host = document.getElementById('standin-tv-chart');

  const chart = LWC.createChart(host, {
    autoSize: true,
    layout: { background: { type: 'solid', color: '#161a1e' }, textColor: '#848e9c', fontSize: 11 },
    grid: { vertLines: { color: '#1f2329' }, horzLines: { color: '#1f2329' } },
    leftPriceScale: { visible: false },
    rightPriceScale: {
      borderColor: '#2b3139',
      invertScale: Boolean(variant.inverted),
      mode: variant.log ? LWC.PriceScaleMode.Logarithmic : LWC.PriceScaleMode.Normal,
    },
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
  const timeScale = chart.timeScale();

  // ---- The frame's layout, marked as TradingView's own markup is (exchange-charts.md, "Layout
  // inside the frame"). lightweight-charts already builds the same table: per pane a row of left
  // price-axis cell, pane cell, right price-axis cell, then the time-axis row. The LEFT axis cell
  // comes first and is 0 px wide without a left scale, so `querySelector('.price-axis-container')`
  // finds the wrong cell, as on the real site.
  const LAYOUT = {
    table: 'chart-markup-table',
    cell: 'chart-markup-table',
    priceAxis: 'price-axis-container',
    pane: 'pane',
    guiWrapper: 'chart-gui-wrapper',
    timeAxisRow: 'time-axis-row',
    timeAxis: 'time-axis',
    timeAxisStub: 'price-axis-stub',
  };
  const markLayout = () => {
    const table = host.querySelector('table');
    if (!table) return;
    table.classList.add(LAYOUT.table);
    const rows = [...table.rows];
    rows.forEach((row, index) => {
      const cells = [...row.cells];
      if (cells.length !== 3) return; // a pane separator (one cell spanning all three)
      const [left, middle, right] = cells;
      for (const cell of cells) cell.classList.add(LAYOUT.cell);
      if (index === rows.length - 1) {
        row.classList.add(LAYOUT.timeAxisRow);
        left.classList.add(LAYOUT.timeAxisStub);
        right.classList.add(LAYOUT.timeAxisStub);
        middle.classList.add(LAYOUT.timeAxis);
      } else {
        left.classList.add(LAYOUT.priceAxis);
        right.classList.add(LAYOUT.priceAxis);
        middle.classList.add(LAYOUT.pane);
        const canvas = middle.querySelector('canvas');
        if (canvas?.parentElement) canvas.parentElement.classList.add(LAYOUT.guiWrapper);
      }
    });
  };
  markLayout();
  new MutationObserver(markLayout).observe(host, { childList: true, subtree: true });

  // ---- The chart model. The API object exists from the start; the model comes some animation
  // frames later. Until then every call that needs it throws, as the real library's do.
  let modelReady = !(variant.modelDelayFrames > 0 || variant.modelDelayMs > 0);
  if (!modelReady) {
    let frames = 0;
    const started = performance.now();
    const countFrame = () => {
      frames++;
      if (frames >= variant.modelDelayFrames && performance.now() - started >= variant.modelDelayMs) {
        modelReady = true;
      } else {
        requestAnimationFrame(countFrame);
      }
    };
    requestAnimationFrame(countFrame);
  }
  const requireModel = (member) => {
    if (!modelReady) throw new TypeError(`Cannot read properties of null (reading '${member}')`);
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
  const barSpacingChanged = makeSubscription();
  const rightOffsetChanged = makeSubscription();

  let symbol = config.chartSymbol;
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
    baseBars = await response.json();
    render();
  };
  loadBars().catch((error) => console.error('[standin] could not load candles', error));
  if (config.refreshMs > 0) {
    setInterval(
      () => loadBars().catch((error) => console.error('[standin] refresh failed', error)),
      config.refreshMs,
    );
  }

  // ---- Time. Logical index i is bar i (lightweight-charts' logical space); an index past the
  // last bar is a slot in the right margin, one bar interval per index.
  const timeOfIndex = (index) => {
    const n = times.length;
    if (index < n) return times[Math.max(0, index)];
    return times[n - 1] + (index - (n - 1)) * barSeconds();
  };
  /** The pane's width in px and the bar spacing, derived from the live logical range (the
   * `barSpacing` option is not updated by wheel zoom). */
  const spacing = () => {
    const range = timeScale.getVisibleLogicalRange();
    const width = timeScale.width();
    return range ? width / (range.to - range.from + 1) : Number.NaN;
  };
  /**
   * `getVisibleRange()` as the library computes it: NOT the pane edges but the open times of the
   * first and last bars of the visible range, rounded wider (any bar partly in view counts), `to`
   * extrapolated into the right margin, `from` clamped to the first loaded bar when the user
   * scrolls left of the data.
   */
  const visibleTimeRange = () => {
    const range = timeScale.getVisibleLogicalRange();
    if (!range || times.length === 0) return { from: 0, to: 0 };
    const first = Math.max(0, Math.floor(range.from));
    const last = Math.max(first, Math.ceil(range.to));
    return { from: timeOfIndex(first), to: timeOfIndex(last) };
  };

  // onVisibleRangeChanged fires only when that range changes, so not for moves of less than a bar.
  let lastRangeKey = '';
  let lastSpacing = Number.NaN;
  let lastOffset = Number.NaN;
  timeScale.subscribeVisibleLogicalRangeChange(() => {
    if (!modelReady || times.length === 0) return;
    const range = visibleTimeRange();
    const key = `${range.from}:${range.to}`;
    if (key !== lastRangeKey) {
      lastRangeKey = key;
      visibleRangeChanged.fire({ from: range.from, to: range.to });
    }
    const nowSpacing = spacing();
    if (Math.abs(nowSpacing - lastSpacing) > 1e-9 || Number.isNaN(lastSpacing)) {
      lastSpacing = nowSpacing;
      barSpacingChanged.fire(nowSpacing);
    }
    const nowOffset = timeScale.scrollPosition();
    if (nowOffset !== lastOffset) {
      lastOffset = nowOffset;
      rightOffsetChanged.fire(nowOffset);
    }
  });
  chart.subscribeCrosshairMove((param) => {
    if (!param.point || param.time === undefined) return;
    crossHair.fire({ time: param.time, price: series.coordinateToPrice(param.point.y) });
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
    barSpacingChanged: () => barSpacingChanged.api,
    rightOffsetChanged: () => rightOffsetChanged.api,
  };

  // ---- Price. IPriceScaleApi: mode numbers are the library's (0 normal, 1 log, 2 percent,
  // 3 indexed to 100), which lightweight-charts happens to share.
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
    getLeftPriceScales: () => [],
    getRightPriceScales: () => [priceScale],
  };

  // ---- The private model, `chart._chartWidget.model().model()` (Binance v30, exchange-charts.md):
  // the library's own mapping. Index space: bar index i as in `getTimeScale()`.
  const privateModel = {
    timeScale: () => ({
      /** The index of the bar that holds UNIX time t; null outside the loaded bars and the
       * current bar's interval. */
      timePointToIndex(t, _findStrategy) {
        const n = times.length;
        if (n === 0 || t < times[0] || t >= times[n - 1] + barSeconds()) return null;
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
        isLog: () => rightScale.options().mode === LWC.PriceScaleMode.Logarithmic,
      }),
      firstValue: () => {
        const data = series.data();
        return data.length ? data[0].close : null;
      },
    }),
  };

  const activeChart = {
    symbol: () => symbol,
    resolution: () => resolution,
    hasModel: () => modelReady,
    dataReady(callback) {
      if (typeof callback === 'function') {
        if (ready) setTimeout(callback, 0);
        else readyCallbacks.push(callback);
      }
      return ready;
    },
    getVisibleRange() {
      requireModel('timeScale');
      return visibleTimeRange();
    },
    setVisibleRange(range) {
      requireModel('timeScale');
      timeScale.setVisibleRange({ from: range.from, to: range.to });
      return Promise.resolve();
    },
    getPanes() {
      requireModel('panes');
      return [pane];
    },
    /** Pixel heights; stretch factors (not px) while a pane is maximized. */
    getAllPanesHeight() {
      requireModel('panes');
      return variant.maximizedPane ? [1000] : [paneHeight()];
    },
    getTimeScale() {
      requireModel('timeScale');
      return timeScaleApi;
    },
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
    setSymbol(next, callback) {
      symbol = String(next);
      symbolChanged.fire();
      if (typeof callback === 'function') setTimeout(callback, 0);
      return Promise.resolve(true);
    },
  };
  if (variant.privateModel) {
    activeChart._chartWidget = { model: () => (modelReady ? { model: () => privateModel } : null) };
  }

  window.tradingViewApi = {
    activeChart: () => activeChart,
    chart: (index) => (index === undefined || index === 0 ? activeChart : undefined),
    chartsCount: () => 1,
  };

  // ---- The test's truth (tools/browser/standin/truth.ts): lightweight-charts' own coordinates,
  // behind the token only the test knows, so nothing under test can lean on it by accident.
  const paneCellBox = () => {
    const cell = host.querySelector(`td.${LAYOUT.pane}`);
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
  /** Bar index of the bar holding UNIX time t, extrapolated by the bar interval outside the data. */
  const barIndexOf = (t) => {
    const n = times.length;
    if (n === 0) return null;
    if (t < times[0]) return Math.floor((t - times[0]) / barSeconds());
    if (t >= times[n - 1]) return n - 1 + Math.floor((t - times[n - 1]) / barSeconds());
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (times[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const truth = {
    measure(request) {
      const prices = request?.prices ?? [];
      const barTimes = request?.times ?? [];
      const centre0 = timeScale.logicalToCoordinate(0);
      const centre1 = timeScale.logicalToCoordinate(1);
      const barSpacing = centre0 === null || centre1 === null ? Number.NaN : centre1 - centre0;
      const leftOf = (t) => {
        const index = barIndexOf(t);
        if (index === null) return null;
        const centre = timeScale.logicalToCoordinate(index);
        return centre === null ? null : centre - barSpacing / 2;
      };
      const logical = timeScale.getVisibleLogicalRange();
      return {
        pane: paneCellBox(),
        paneSize: chart.paneSize(0),
        barSpacing,
        logicalRange: logical ? { from: logical.from, to: logical.to } : null,
        barCount: times.length,
        // Where loaded bars are: the first bar's left boundary to the last bar's right boundary.
        loadedX: times.length
          ? { from: leftOf(times[0]), to: leftOf(times[times.length - 1]) + barSpacing }
          : null,
        firstBarTime: times.length ? times[0] : null,
        lastBarTime: times.length ? times[times.length - 1] : null,
        barSeconds: barSeconds(),
        inverted: rightScale.options().invertScale,
        mode: rightScale.options().mode,
        priceY: prices.map((p) => series.priceToCoordinate(p)),
        barIndex: barTimes.map(barIndexOf),
        barLeftX: barTimes.map(leftOf),
      };
    },
  };
  Object.defineProperty(window, '__standinTruth', {
    value: (token) => {
      if (token !== config.truthToken) throw new Error('stand-in truth: wrong token');
      return truth;
    },
  });
})();
