// Runs inside the stand-in TradingView frame (see site.ts). It plays the part of TradingView's
// Charting Library: a real chart (its own small engine, so wheel and drag really change the visible
// ranges) in the library's own DOM, behind a `window.tradingViewApi` with the library's names,
// return shapes AND semantics, as shared/notes/exchange-charts.md ("TradingView library") gives them
// from the library's source. Where the real library is awkward, this is awkward the same way: a
// stand-in easier than the real library would hide the bugs it is there to find.
//
// Every library fact lives here (and in tradingview.ts); nothing here knows which site embeds it.
// The variant (`config.library`) says how this build behaves: div (v27+) or table (v23) markup,
// a left scale, an indicator pane, one chart or two side by side, inverted or log scale at open, a
// maximized pane, the private model, `coordinateToPrice`, how long the model takes to exist.
//
// This script puts the chart together from its parts, the tradingview-chart-*.js scripts that
// site.ts loads before it (each adds one factory to `window.__standinChartParts`, which is taken
// off the window here): layout, engine, model (and subscriptions), bars, time, price,
// private-model, truth.
(() => {
  const parts = window.__standinChartParts;
  delete window.__standinChartParts;
  // The config is read once and removed, so only the chart's closures (and the test, through its
  // token) hold the truth token.
  const configElement = document.getElementById('standin-chart-config');
  const config = JSON.parse(configElement.textContent);
  configElement.remove();
  const variant = config.library;
  const theme = {
    paneBackground: '#161a1e',
    axisBackground: '#161a1e',
    toolbar: '#161a1e',
    grid: '#1f2329',
    border: '#2b3139',
    text: '#848e9c',
    accent: '#2962ff',
    up: '#0ecb81',
    down: '#f6465d',
    indicator: '#b39ddb',
    crosshair: '#758696',
  };

  // Charts in document order. In a multi-chart layout the active chart is the one the user last
  // clicked: here the second, so "the first chart in the document" is the wrong one.
  const chartSpecs =
    variant.chartLayout === 'two-charts'
      ? [
          { chartSymbol: config.otherChart.chartSymbol, priceFactor: config.otherChart.priceFactor },
          { chartSymbol: config.chartSymbol, priceFactor: 1 },
        ]
      : [{ chartSymbol: config.chartSymbol, priceFactor: 1 }];
  let activeIndex = chartSpecs.length - 1;
  const widgets = [];

  const layout = parts.layout({
    variant,
    classes: config.classes,
    theme,
    chartCount: chartSpecs.length,
    onIntervalClick: (resolution) => widgets[activeIndex]?.api.setResolution(resolution),
    onChartPointerDown: (index) => {
      if (index === activeIndex) return;
      activeIndex = index;
      showActive();
    },
  });
  const showActive = () => {
    layout.setActive(activeIndex);
    const widget = widgets[activeIndex];
    if (widget) {
      layout.setTitle(widget.api.symbol());
      layout.markInterval(widget.api.resolution());
    }
  };

  /** One chart widget: its engine drawing into its markup, and its IChartWidgetApi. */
  const buildWidget = (layoutChart, spec) => {
    const engine = parts.engine({ variant, theme });
    engine.attach(layoutChart.elements(), layoutChart.root);
    const series = engine.series;
    const rightScale = engine.priceScale('right');
    const timeScale = engine.timeScale();

    const model = parts.model(variant);
    const { requireModel } = model;
    const symbolChanged = parts.makeSubscription();
    const intervalChanged = parts.makeSubscription();
    const visibleRangeChanged = parts.makeSubscription();
    const crossHair = parts.makeSubscription();
    const barSpacingChanged = parts.makeSubscription();
    const rightOffsetChanged = parts.makeSubscription();

    let symbol = spec.chartSymbol;
    const bars = parts.bars({ config: { ...config, priceFactor: spec.priceFactor }, series });

    const { spacing, visibleTimeRange, timeScaleApi } = parts.time({
      timeScale,
      bars,
      model,
      events: { visibleRangeChanged, barSpacingChanged, rightOffsetChanged },
    });
    engine.subscribeCrosshairMove((param) => {
      if (!param.point || param.time === undefined) return;
      crossHair.fire({ time: param.time, price: series.coordinateToPrice(param.point.y) });
    });

    const { paneHeight, panes, indicatorHeight } = parts.price({
      chart: engine,
      series,
      rightScale,
      variant,
      model,
    });
    const privateModel = parts.privateModel({
      PriceScaleMode: engine.PriceScaleMode,
      series,
      rightScale,
      timeScale,
      bars,
      spacing,
      paneHeight,
    });

    const api = {
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
        return panes;
      },
      /** Pixel heights; stretch factors (not px) while a pane is maximized. */
      getAllPanesHeight() {
        requireModel('panes');
        if (variant.maximizedPane) return panes.map(() => 1000);
        return variant.indicatorPane ? [paneHeight(), indicatorHeight()] : [paneHeight()];
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
        if (widgets[activeIndex]?.api === api) layout.markInterval(bars.resolution());
        return Promise.resolve(true);
      },
      // The stand-in has one market's data: a new symbol renames the chart and fires the event only.
      setSymbol(next, callback) {
        symbol = String(next);
        symbolChanged.fire();
        if (widgets[activeIndex]?.api === api) layout.setTitle(symbol);
        if (typeof callback === 'function') setTimeout(callback, 0);
        return Promise.resolve(true);
      },
    };
    if (variant.privateModel) {
      api._chartWidget = { model: () => (model.isReady() ? { model: () => privateModel } : null) };
    }
    return {
      api,
      engine,
      series,
      rightScale,
      timeScale,
      bars,
      root: layoutChart.root,
      /** The main pane element (held, not looked up: some variants leave it without its classes). */
      paneElement: () => layoutChart.elements().main.pane,
      /** The library's pane rebuild: new pane elements, the engine draws into them; resolves when painted. */
      rebuildMainPane() {
        engine.attach(layoutChart.rebuildMainPane(), layoutChart.root);
        return engine.painted();
      },
    };
  };
  layout.charts.forEach((layoutChart, i) => {
    widgets.push(buildWidget(layoutChart, chartSpecs[i]));
  });
  showActive();

  // IChartingLibraryWidget's chart calls, as reached through the frame's `tradingViewApi`.
  const tradingViewApi = {
    activeChart: () => widgets[activeIndex].api,
    chart: (index = 0) => {
      if (!widgets[index]) throw new Error(`Incorrect index: ${index}`);
      return widgets[index].api;
    },
    chartsCount: () => widgets.length,
  };
  // Some builds lack it (`two-charts-no-index`): a reader must find the active chart another way.
  if (variant.activeChartIndex) tradingViewApi.activeChartIndex = () => activeIndex;
  window.tradingViewApi = tradingViewApi;

  parts.truth({
    charts: widgets,
    activeIndex: () => activeIndex,
    truthToken: config.truthToken,
  });
})();
