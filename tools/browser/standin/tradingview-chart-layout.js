// Part of the stand-in TradingView chart (tradingview-chart.js puts the parts together): the
// frame's layout, marked as TradingView's own markup is.
window.__standinChartParts ??= {};
window.__standinChartParts.layout = (host) => {
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
  return LAYOUT;
};
