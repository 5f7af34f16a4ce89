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
//
// This script puts the chart together from its parts, the tradingview-chart-*.js scripts that
// site.ts loads before it (each adds one factory to `window.__standinChartParts`, which is taken
// off the window here): layout, model (and subscriptions), bars, time, price, private-model, truth.
(() => {
  const parts = window.__standinChartParts;
  delete window.__standinChartParts;
  // The config is read once and removed, so only the chart's closures (and the test, through its
  // token) hold the truth token.
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

  const layout = parts.layout(host);

  const model = parts.model(variant);
  const { requireModel } = model;
  const symbolChanged = parts.makeSubscription();
  const intervalChanged = parts.makeSubscription();
  const visibleRangeChanged = parts.makeSubscription();
  const crossHair = parts.makeSubscription();
  const barSpacingChanged = parts.makeSubscription();
  const rightOffsetChanged = parts.makeSubscription();

  let symbol = config.chartSymbol;
  const bars = parts.bars({ config, series });

  const { spacing, visibleTimeRange, timeScaleApi } = parts.time({
    timeScale,
    bars,
    model,
    events: { visibleRangeChanged, barSpacingChanged, rightOffsetChanged },
  });
  chart.subscribeCrosshairMove((param) => {
    if (!param.point || param.time === undefined) return;
    crossHair.fire({ time: param.time, price: series.coordinateToPrice(param.point.y) });
  });

  const { paneHeight, pane } = parts.price({ chart, series, rightScale, variant, model });
  const privateModel = parts.privateModel({
    LWC,
    series,
    rightScale,
    timeScale,
    bars,
    spacing,
    paneHeight,
  });

  const activeChart = {
    symbol: () => symbol,
    resolution: () => bars.resolution(),
    hasModel: () => model.isReady(),
    dataReady(callback) {
      return bars.dataReady(callback);
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
      if (!(bars.resolutionMinutes(next) >= 5)) return Promise.resolve(false);
      bars.setResolution(String(next));
      intervalChanged.fire(bars.resolution(), {});
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
    activeChart._chartWidget = { model: () => (model.isReady() ? { model: () => privateModel } : null) };
  }

  window.tradingViewApi = {
    activeChart: () => activeChart,
    chart: (index) => (index === undefined || index === 0 ? activeChart : undefined),
    chartsCount: () => 1,
  };

  parts.truth({
    host,
    layout,
    chart,
    series,
    rightScale,
    timeScale,
    bars,
    truthToken: config.truthToken,
  });
})();
