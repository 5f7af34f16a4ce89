// Part of the stand-in TradingView chart (tradingview-chart.js puts the parts together): the frame's
// DOM, built as TradingView's library builds it (exchange-charts.md, "Layout inside the frame"):
//   - the library's header toolbar on top and its drawing toolbar on the left, around the chart(s);
//   - per chart widget one markup root `.chart-markup-table`; per pane a row of LEFT
//     `.chart-markup-table.price-axis-container` (0 px wide without a left scale, and first in
//     document order), `.chart-markup-table.pane` holding `.chart-gui-wrapper`
//     [data-name="pane-widget-chart-gui-wrapper"] with the pane's canvases, and RIGHT
//     `.chart-markup-table.price-axis-container`; an indicator pane's row below the main pane; a
//     time-axis row with `.chart-markup-table.time-axis`;
//   - v27 and later (the default) build all of it from <div>s; v23 and older (`markup: 'table'`)
//     from <table>/<tr>/<td> with the same classes. Only the class names are shared.
// The class names come from tools/browser/standin/tradingview.ts (TRADINGVIEW_LIBRARY.classes,
// each with what proves it), through the frame config.
window.__standinChartParts ??= {};
window.__standinChartParts.layout = ({
  variant,
  classes: TV,
  theme,
  chartCount,
  onIntervalClick,
  onChartPointerDown,
}) => {
  const SIZES = {
    headerHeight: 38,
    drawingToolbarWidth: 52,
    priceAxisWidth: 64,
    timeAxisHeight: 28,
    separatorHeight: 1,
    /** Share of the panes' height the indicator pane takes. */
    indicatorShare: 0.25,
    chartGap: 4,
  };
  const table = variant.markup === 'table';
  const tags = table ? { root: 'table', row: 'tr', cell: 'td' } : { root: 'div', row: 'div', cell: 'div' };

  const style = document.createElement('style');
  style.textContent = `
    .${TV.areaTop} { position: absolute; left: 0; top: 0; right: 0; height: ${SIZES.headerHeight - 1}px;
      border-bottom: 1px solid ${theme.border}; display: flex; align-items: center; gap: 2px; padding: 0 8px;
      background: ${theme.toolbar}; box-sizing: border-box; }
    .${TV.areaLeft} { position: absolute; left: 0; top: ${SIZES.headerHeight}px; bottom: 0;
      width: ${SIZES.drawingToolbarWidth - 1}px; border-right: 1px solid ${theme.border};
      display: flex; flex-direction: column; align-items: center; gap: 4px; padding-top: 6px; background: ${theme.toolbar}; }
    .${TV.areaCenter} { position: absolute; left: ${SIZES.drawingToolbarWidth}px; top: ${SIZES.headerHeight}px;
      right: 0; bottom: 0; display: flex; gap: ${SIZES.chartGap}px; }
    .${TV.areaTop} button, .${TV.areaLeft} button { background: none; border: 0; color: ${theme.text};
      font: 13px sans-serif; padding: 4px 7px; cursor: pointer; border-radius: 4px; }
    .${TV.areaTop} button.isActive { color: ${theme.accent}; }
    .${TV.areaLeft} button { width: 36px; height: 34px; font-size: 16px; }
    .${TV.chartContainer} { position: relative; flex: none; height: 100%; overflow: hidden; }
    .${TV.chartContainer}.multi.${TV.active} { outline: 1px solid ${theme.accent}; outline-offset: -1px; }
    .${TV.chartWidget} { position: absolute; inset: 0; }
    div.${TV.markup}:not(.${TV.pane}):not(.${TV.priceAxis}):not(.${TV.timeAxis}):not(.${TV.timeAxisStub}) { position: absolute; left: 0; top: 0; }
    table.${TV.markup} { position: absolute; left: 0; top: 0; border-collapse: collapse; border-spacing: 0; table-layout: fixed; }
    table.${TV.markup} td { padding: 0; border: 0; vertical-align: top; }
    div.${TV.row} { display: flex; }
    .${TV.markup}.${TV.pane}, .${TV.markup}.${TV.priceAxis}, .${TV.markup}.${TV.timeAxis} { position: relative; overflow: hidden; flex: none; }
    .${TV.markup}.${TV.timeAxisStub} { flex: none; background: ${theme.axisBackground}; }
    .${TV.guiWrapper}, .standin-gui { position: absolute; left: 0; top: 0; width: 100%; height: 100%; }
    .standin-pane { position: relative; overflow: hidden; flex: none; }
    .${TV.separator} { background: ${theme.border}; }
    .${TV.legend} { position: absolute; left: 8px; top: 6px; z-index: 2; font: 12px sans-serif; color: ${theme.text};
      pointer-events: none; white-space: nowrap; }
  `;
  document.head.append(style);

  const el = (tag, classes = '', attrs = {}) => {
    const node = document.createElement(tag);
    if (classes) node.className = classes;
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
    return node;
  };
  const cell = (classes) => el(tags.cell, `${TV.markup} ${classes}`);
  const row = (classes = '') => el(tags.row, table ? classes : `${TV.row} ${classes}`.trim());

  // ---- The library's toolbars (DOM, no canvas).
  const header = el('div', TV.areaTop, { 'data-name': 'header-toolbar' });
  header.append(el('button', '', { 'data-name': 'header-toolbar-symbol-search' }));
  const intervals = ['1', '5', '15', '60', '240', '1D'];
  for (const interval of intervals) {
    const button = el('button', '', { 'data-value': interval });
    button.textContent = /^\d+$/.test(interval)
      ? Number(interval) >= 60
        ? `${Number(interval) / 60}h`
        : `${interval}m`
      : interval;
    button.addEventListener('click', () => onIntervalClick(interval));
    header.append(button);
  }
  for (const label of ['Candles', 'Indicators', 'Alert', 'Replay']) {
    const button = el('button');
    button.textContent = label;
    header.append(button);
  }
  const drawingToolbar = el('div', TV.areaLeft, { 'data-name': 'drawing-toolbar' });
  for (const glyph of ['✛', '╱', '≡', '✎', 'T', '⌖', '◔', '⚲', '⌫']) {
    const button = el('button');
    button.textContent = glyph;
    drawingToolbar.append(button);
  }
  const center = el('div', TV.areaCenter);
  document.body.append(header, drawingToolbar, center);
  const symbolButton = header.firstChild;
  const markInterval = (interval) => {
    for (const button of header.querySelectorAll('[data-value]')) {
      button.classList.toggle('isActive', button.dataset.value === interval);
    }
  };

  // ---- One pane's row: left axis, pane (gui wrapper with the canvases), right axis.
  const paneRow = (withLegend) => {
    const tr = row();
    const left = cell(TV.priceAxis);
    // The fallback-tier variants: a pane without its classes, and a canvas box without its hooks.
    const pane = variant.paneMarks === 'classes' ? cell(TV.pane) : el(tags.cell, 'standin-pane');
    const gui =
      variant.paneMarks === 'none'
        ? el('div', 'standin-gui')
        : el('div', TV.guiWrapper, { 'data-name': TV.guiWrapperName });
    pane.append(gui);
    let legend = null;
    if (withLegend) {
      legend = el('div', TV.legend, { 'data-name': 'legend' });
      pane.append(legend);
    }
    const right = cell(TV.priceAxis);
    tr.append(left, pane, right);
    return { row: tr, left, pane, gui, right, legend };
  };

  const buildChart = (index) => {
    const container = el('div', `${TV.chartContainer}${chartCount > 1 ? ' multi' : ''}`);
    const widget = el('div', TV.chartWidget);
    const root = el(tags.root, TV.markup);
    const body = table ? el('tbody') : root;
    if (table) root.append(body);
    const chart = { index, container, widget, root, main: paneRow(true), indicator: null };
    body.append(chart.main.row);
    if (variant.indicatorPane) {
      chart.separatorRow = row();
      const separator = el(tags.cell, TV.separator);
      if (table) separator.colSpan = 3;
      chart.separatorRow.append(separator);
      chart.separator = separator;
      chart.indicator = paneRow(false);
      body.append(chart.separatorRow, chart.indicator.row);
      // A maximized main pane hides the others (their heights become stretch factors).
      if (variant.maximizedPane) {
        chart.separatorRow.style.display = 'none';
        chart.indicator.row.style.display = 'none';
      }
    }
    chart.timeAxisRow = row(TV.timeAxisRow);
    chart.timeStubs = [cell(TV.timeAxisStub), cell(TV.timeAxisStub)];
    chart.timeAxis = cell(TV.timeAxis);
    chart.timeAxisRow.append(chart.timeStubs[0], chart.timeAxis, chart.timeStubs[1]);
    body.append(chart.timeAxisRow);
    widget.append(root);
    container.append(widget);
    center.append(container);
    // A click on a chart of a multi-chart layout makes it the active one.
    container.addEventListener('mousedown', () => onChartPointerDown(index), true);
    return chart;
  };
  const charts = Array.from({ length: chartCount }, (_, i) => buildChart(i));

  // ---- Sizes in whole CSS px, set on every cell, so a pane's size is what the engine draws.
  const px = (node, width, height) => {
    if (width !== undefined) node.style.width = `${width}px`;
    if (height !== undefined) node.style.height = `${height}px`;
  };
  const sizeChart = (chart, width, height) => {
    const leftWidth = variant.leftScale ? SIZES.priceAxisWidth : 0;
    const rightWidth = SIZES.priceAxisWidth;
    const paneWidth = Math.max(0, width - leftWidth - rightWidth);
    const panesHeight = Math.max(0, height - SIZES.timeAxisHeight);
    const indicatorShown = chart.indicator && !variant.maximizedPane;
    const indicatorHeight = indicatorShown
      ? Math.round((panesHeight - SIZES.separatorHeight) * SIZES.indicatorShare)
      : 0;
    const mainHeight = indicatorShown ? panesHeight - SIZES.separatorHeight - indicatorHeight : panesHeight;
    px(chart.root, width, height);
    const sizeRow = (r, h) => {
      px(r.row, table ? undefined : width, h);
      px(r.left, leftWidth, h);
      px(r.pane, paneWidth, h);
      px(r.right, rightWidth, h);
    };
    sizeRow(chart.main, mainHeight);
    if (chart.indicator) {
      sizeRow(chart.indicator, indicatorHeight);
      px(chart.separator, width, SIZES.separatorHeight);
    }
    px(chart.timeAxisRow, table ? undefined : width, SIZES.timeAxisHeight);
    px(chart.timeStubs[0], leftWidth, SIZES.timeAxisHeight);
    px(chart.timeAxis, paneWidth, SIZES.timeAxisHeight);
    px(chart.timeStubs[1], rightWidth, SIZES.timeAxisHeight);
  };
  const sizeAll = () => {
    const width = Math.floor(center.clientWidth);
    const height = Math.floor(center.clientHeight);
    // Side by side, every chart the same size.
    const each = Math.floor((width - SIZES.chartGap * (charts.length - 1)) / charts.length);
    for (const chart of charts) {
      px(chart.container, each);
      sizeChart(chart, each, height);
    }
  };
  sizeAll();
  new ResizeObserver(sizeAll).observe(center);

  /** The elements the engine draws into. */
  const elementsOf = (chart) => ({
    main: chart.main,
    indicator: chart.indicator,
    timeAxis: chart.timeAxis,
    legend: chart.main.legend,
  });

  return {
    TV,
    charts: charts.map((chart) => ({
      index: chart.index,
      container: chart.container,
      /** The chart's markup root (`.chart-markup-table`). */
      root: chart.root,
      elements: () => elementsOf(chart),
      /**
       * Replaces the main pane's row, as the library does on a layout or pane change: new axis
       * cells, a new `.pane` element, a new gui wrapper (the engine makes new canvases in it).
       * Whatever a third party had put into the old pane goes with it.
       */
      rebuildMainPane() {
        const old = chart.main;
        chart.main = paneRow(true);
        old.row.replaceWith(chart.main.row);
        sizeAll();
        return elementsOf(chart);
      },
    })),
    setActive(index) {
      for (const chart of charts) chart.container.classList.toggle(TV.active, chart.index === index);
    },
    /** The header's symbol button shows the active chart's symbol. */
    setTitle(text) {
      symbolButton.textContent = text;
    },
    markInterval,
  };
};
