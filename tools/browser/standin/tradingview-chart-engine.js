// Part of the stand-in TradingView chart (tradingview-chart.js puts the parts together): the chart
// engine. It draws into canvases inside the TradingView markup that tradingview-chart-layout.js
// builds, so the frame's DOM is TradingView's and not another library's (lightweight-charts lays
// itself out in a <table>, which TradingView has not done since v27: exchange-charts.md).
//
// It offers the subset of lightweight-charts' API the other parts use (series, price scale, time
// scale, crosshair), with one mapping that drawing, the API and the test's truth all share:
//   time: bar i's centre is at x = W + (i − R − ½)·s, R = lastIndex + rightOffset, s = bar spacing;
//         bar i's slot is [centre − s/2, centre + s/2); the logical range is the pane edges' logical
//         positions (so the bar holding an edge is round(L));
//   price: rows 0 and h − 1 hold the scale's top and bottom values (ln(p) in log mode), linear in
//          between; an inverted scale flips rows (y → h − 1 − y). Autoscale fits the bars in view
//          with margins, as the library does.
window.__standinChartParts ??= {};
window.__standinChartParts.engine = ({ variant, theme }) => {
  const PriceScaleMode = { Normal: 0, Logarithmic: 1, Percentage: 2, IndexedTo100: 3 };
  const AXIS_FONT = '11px sans-serif';

  let bars = [];
  /** The elements drawn into; replaced by attach() when the layout rebuilds a pane. */
  let els = null;
  let canvases = null;
  let size = { width: 0, mainHeight: 0, indicatorHeight: 0, timeAxisHeight: 0, leftWidth: 0, rightWidth: 0 };

  const time = { barSpacing: 6, rightOffset: 5, minBarSpacing: 0.5, maxBarSpacing: 60 };
  const price = {
    mode: variant.log ? PriceScaleMode.Logarithmic : PriceScaleMode.Normal,
    invertScale: Boolean(variant.inverted),
    autoScale: true,
    scaleMargins: { top: 0.1, bottom: 0.08 },
    /** The value range (in scale space) at rows 0 and h − 1 while autoscale is off. */
    manual: null,
  };
  const rangeListeners = [];
  const crosshairListeners = [];
  let crosshair = null;

  // ---- Time mapping.
  const lastIndex = () => bars.length - 1;
  const rightIndex = () => lastIndex() + time.rightOffset;
  const indexToX = (i) => size.width + (i - rightIndex() - 0.5) * time.barSpacing;
  const xToLogical = (x) => rightIndex() + 0.5 + (x - size.width) / time.barSpacing;
  const slotAt = (x) => Math.floor(xToLogical(x) + 0.5);
  const logicalRange = () =>
    bars.length && size.width > 0 ? { from: xToLogical(0), to: xToLogical(size.width) } : null;
  /** Indexes of loaded bars at least partly in the pane. */
  const barsInView = () => {
    const range = logicalRange();
    if (!range) return null;
    const from = Math.max(0, Math.floor(range.from + 0.5));
    const to = Math.min(lastIndex(), Math.ceil(range.to - 0.5));
    return from <= to ? { from, to } : null;
  };

  // ---- Price mapping.
  const isLog = () => price.mode === PriceScaleMode.Logarithmic;
  const toValue = (p) => (isLog() ? Math.log(p) : p);
  const fromValue = (v) => (isLog() ? Math.exp(v) : v);
  /** Scale values at rows 0 (`top`) and h − 1 (`bottom`), before inversion. */
  const valueWindow = () => {
    if (!price.autoScale && price.manual) return price.manual;
    const view = barsInView();
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    const consider = (bar) => {
      lo = Math.min(lo, toValue(bar.low));
      hi = Math.max(hi, toValue(bar.high));
    };
    if (view) for (let i = view.from; i <= view.to; i++) consider(bars[i]);
    else if (bars.length) consider(bars[lastIndex()]);
    if (!Number.isFinite(lo)) return null;
    if (hi - lo < 1e-9) {
      const pad = Math.abs(hi) * 0.01 || 1;
      lo -= pad;
      hi += pad;
    }
    const usable = 1 - price.scaleMargins.top - price.scaleMargins.bottom;
    const span = hi - lo;
    return {
      top: hi + (span * price.scaleMargins.top) / usable,
      bottom: lo - (span * price.scaleMargins.bottom) / usable,
    };
  };
  const priceToY = (p, win = valueWindow(), h = size.mainHeight) => {
    if (!win || !(h > 1) || !(p > 0 || !isLog())) return null;
    const y = ((win.top - toValue(p)) / (win.top - win.bottom)) * (h - 1);
    return price.invertScale ? h - 1 - y : y;
  };
  const yToPrice = (y, win = valueWindow(), h = size.mainHeight) => {
    if (!win || !(h > 1)) return null;
    const row = price.invertScale ? h - 1 - y : y;
    return fromValue(win.top - (row / (h - 1)) * (win.top - win.bottom));
  };

  // ---- The indicator: RSI(14) of the closes, on its own fixed scale.
  const INDICATOR_WINDOW = { top: 105, bottom: -5 };
  const rsi = () => {
    const out = new Array(bars.length).fill(null);
    const period = 14;
    let gain = 0;
    let loss = 0;
    for (let i = 1; i < bars.length; i++) {
      const change = bars[i].close - bars[i - 1].close;
      const up = Math.max(change, 0);
      const down = Math.max(-change, 0);
      if (i <= period) {
        gain += up / period;
        loss += down / period;
      } else {
        gain = (gain * (period - 1) + up) / period;
        loss = (loss * (period - 1) + down) / period;
      }
      if (i >= period) out[i] = loss === 0 ? 100 : 100 - 100 / (1 + gain / loss);
    }
    return out;
  };
  let rsiValues = [];
  const indicatorY = (v) =>
    ((INDICATOR_WINDOW.top - v) / (INDICATOR_WINDOW.top - INDICATOR_WINDOW.bottom)) *
    (size.indicatorHeight - 1);

  // ---- Changes: listeners hear of every change of the visible logical range; a repaint follows.
  let paintQueued = false;
  const schedulePaint = () => {
    if (paintQueued) return;
    paintQueued = true;
    requestAnimationFrame(() => {
      paintQueued = false;
      paint();
    });
  };
  const changed = () => {
    schedulePaint();
    const range = logicalRange();
    for (const listener of rangeListeners.slice()) {
      try {
        listener(range);
      } catch (error) {
        console.error('[standin] range listener failed', error);
      }
    }
  };
  const clampTime = () => {
    time.barSpacing = Math.min(time.maxBarSpacing, Math.max(time.minBarSpacing, time.barSpacing));
    // At least a few bars stay in view either way.
    const visibleBars = size.width / time.barSpacing;
    const n = bars.length;
    if (n > 0 && size.width > 0)
      time.rightOffset = Math.min(Math.max(time.rightOffset, 2 - n), visibleBars - 2);
  };

  // ---- Painting, in bitmap px (canvas size = CSS size × devicePixelRatio).
  const sizeCanvas = (canvas, width, height) => {
    const ratio = window.devicePixelRatio || 1;
    const w = Math.max(0, Math.round(width * ratio));
    const h = Math.max(0, Math.round(height * ratio));
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    const g = canvas.getContext('2d');
    g.setTransform(1, 0, 0, 1, 0, 0);
    return { g, ratio, w, h };
  };
  const niceStep = (raw) => {
    const power = 10 ** Math.floor(Math.log10(raw));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= raw) return m * power;
    return 10 * power;
  };
  const priceTicks = (win, h) => {
    const low = Math.min(fromValue(win.top), fromValue(win.bottom));
    const high = Math.max(fromValue(win.top), fromValue(win.bottom));
    const step = niceStep(((high - low) / Math.max(1, h)) * 50);
    const ticks = [];
    for (let p = Math.ceil(low / step) * step; p <= high && ticks.length < 100; p += step) ticks.push(p);
    return { ticks, step };
  };
  const decimalsFor = (step) => Math.max(0, Math.min(8, -Math.floor(Math.log10(step) + 1e-9)));
  const TIME_STEPS = [60, 300, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400, 172800, 604800];
  const timeTicks = () => {
    const view = barsInView();
    if (!view || bars.length < 2) return [];
    const interval = bars[1].time - bars[0].time;
    const step =
      TIME_STEPS.find((s) => (s / interval) * time.barSpacing >= 80) ?? TIME_STEPS[TIME_STEPS.length - 1];
    const ticks = [];
    for (let i = view.from; i <= view.to; i++) if (bars[i].time % step === 0) ticks.push(i);
    return ticks;
  };
  const two = (n) => String(n).padStart(2, '0');
  const timeLabel = (t) => {
    const d = new Date(t * 1000);
    return d.getUTCHours() === 0 && d.getUTCMinutes() === 0
      ? `${d.getUTCDate()} ${d.toLocaleString('en', { month: 'short', timeZone: 'UTC' })}`
      : `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
  };
  const crisp = (v, ratio) => Math.round(v * ratio) + 0.5;

  const paintPane = (canvas, height, drawSeries, gridPrices) => {
    const { g, ratio, w, h } = sizeCanvas(canvas, size.width, height);
    g.fillStyle = theme.paneBackground;
    g.fillRect(0, 0, w, h);
    g.strokeStyle = theme.grid;
    g.lineWidth = 1;
    g.beginPath();
    for (const i of timeTicks()) {
      const x = crisp(indexToX(i), ratio);
      g.moveTo(x, 0);
      g.lineTo(x, h);
    }
    for (const y of gridPrices) {
      const yy = crisp(y, ratio);
      g.moveTo(0, yy);
      g.lineTo(w, yy);
    }
    g.stroke();
    drawSeries(g, ratio);
  };
  const paintCandles = (g, ratio) => {
    const view = barsInView();
    const win = valueWindow();
    if (!view || !win) return;
    const bodyWidth = Math.max(1, Math.floor(time.barSpacing * 0.7 * ratio));
    const wickWidth = Math.max(1, Math.floor(ratio));
    for (let i = view.from; i <= view.to; i++) {
      const bar = bars[i];
      const centre = Math.round(indexToX(i) * ratio);
      const ys = [bar.open, bar.high, bar.low, bar.close].map((p) => priceToY(p, win) * ratio);
      g.fillStyle = bar.close >= bar.open ? theme.up : theme.down;
      const wickTop = Math.min(ys[1], ys[2]);
      g.fillRect(
        centre - Math.floor(wickWidth / 2),
        Math.round(wickTop),
        wickWidth,
        Math.max(1, Math.round(Math.abs(ys[2] - ys[1]))),
      );
      const bodyTop = Math.min(ys[0], ys[3]);
      g.fillRect(
        centre - Math.floor(bodyWidth / 2),
        Math.round(bodyTop),
        bodyWidth,
        Math.max(1, Math.round(Math.abs(ys[3] - ys[0]))),
      );
    }
  };
  const paintRsi = (g, ratio) => {
    const view = barsInView();
    if (!view) return;
    g.strokeStyle = theme.indicator;
    g.lineWidth = Math.max(1, Math.round(ratio));
    g.beginPath();
    let started = false;
    for (let i = view.from; i <= view.to; i++) {
      const v = rsiValues[i];
      if (v === null || v === undefined) continue;
      const x = indexToX(i) * ratio;
      const y = indicatorY(v) * ratio;
      if (started) g.lineTo(x, y);
      else g.moveTo(x, y);
      started = true;
    }
    g.stroke();
  };
  const paintPriceAxis = (canvas, width, height, labels, side, lastLabel) => {
    const { g, ratio, w, h } = sizeCanvas(canvas, width, height);
    if (w === 0 || h === 0) return;
    g.fillStyle = theme.axisBackground;
    g.fillRect(0, 0, w, h);
    g.fillStyle = theme.border;
    g.fillRect(
      side === 'right' ? 0 : w - Math.max(1, Math.floor(ratio)),
      0,
      Math.max(1, Math.floor(ratio)),
      h,
    );
    g.font = AXIS_FONT.replace('11px', `${11 * ratio}px`);
    g.textBaseline = 'middle';
    g.fillStyle = theme.text;
    for (const label of labels) {
      if (label.y < 6 || label.y > height - 6) continue;
      if (lastLabel && Math.abs(label.y - lastLabel.y) < 14) continue;
      g.fillText(label.text, 8 * ratio, label.y * ratio);
    }
    if (lastLabel && lastLabel.y >= 0 && lastLabel.y <= height) {
      g.fillStyle = lastLabel.colour;
      g.fillRect(0, (lastLabel.y - 9) * ratio, w, 18 * ratio);
      g.fillStyle = '#ffffff';
      g.fillText(lastLabel.text, 8 * ratio, lastLabel.y * ratio);
    }
  };
  const paintTimeAxis = () => {
    const { g, ratio, w, h } = sizeCanvas(canvases.timeAxis, size.width, size.timeAxisHeight);
    g.fillStyle = theme.axisBackground;
    g.fillRect(0, 0, w, h);
    g.fillStyle = theme.border;
    g.fillRect(0, 0, w, Math.max(1, Math.floor(ratio)));
    g.font = AXIS_FONT.replace('11px', `${11 * ratio}px`);
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillStyle = theme.text;
    for (const i of timeTicks()) g.fillText(timeLabel(bars[i].time), indexToX(i) * ratio, (h / 2) | 0);
  };
  const paintCrosshair = (canvas, height, paneName) => {
    const { g, ratio, w, h } = sizeCanvas(canvas, size.width, height);
    g.clearRect(0, 0, w, h);
    if (!crosshair) return;
    g.strokeStyle = theme.crosshair;
    g.setLineDash([4 * ratio, 4 * ratio]);
    g.beginPath();
    const x = crisp(indexToX(slotAt(crosshair.x)), ratio);
    g.moveTo(x, 0);
    g.lineTo(x, h);
    if (crosshair.pane === paneName) {
      const y = crisp(crosshair.y, ratio);
      g.moveTo(0, y);
      g.lineTo(w, y);
    }
    g.stroke();
  };
  const legendText = () => {
    const index = crosshair ? Math.min(lastIndex(), Math.max(0, slotAt(crosshair.x))) : lastIndex();
    const bar = bars[index];
    if (!bar) return '';
    const f = (p) => p.toFixed(decimalsFor(Math.abs(bar.close) / 1e5));
    return `O ${f(bar.open)}  H ${f(bar.high)}  L ${f(bar.low)}  C ${f(bar.close)}`;
  };

  function paint() {
    if (!canvases || size.width <= 0) return;
    const win = valueWindow();
    const { ticks, step } = win ? priceTicks(win, size.mainHeight) : { ticks: [], step: 1 };
    const decimals = decimalsFor(step);
    const labels = ticks.map((p) => ({ y: priceToY(p, win), text: p.toFixed(decimals) }));
    paintPane(
      canvases.main,
      size.mainHeight,
      paintCandles,
      labels.map((l) => l.y),
    );
    paintCrosshair(canvases.mainTop, size.mainHeight, 'main');
    const last = bars[lastIndex()];
    const lastLabel = last && {
      y: priceToY(last.close, win),
      text: last.close.toFixed(decimals),
      colour: last.close >= last.open ? theme.up : theme.down,
    };
    paintPriceAxis(canvases.right, size.rightWidth, size.mainHeight, labels, 'right', lastLabel);
    paintPriceAxis(canvases.left, size.leftWidth, size.mainHeight, labels, 'left', null);
    if (canvases.indicator) {
      const levels = [30, 50, 70].map((v) => ({ y: indicatorY(v), text: String(v) }));
      paintPane(
        canvases.indicator,
        size.indicatorHeight,
        paintRsi,
        levels.map((l) => l.y),
      );
      paintCrosshair(canvases.indicatorTop, size.indicatorHeight, 'indicator');
      paintPriceAxis(canvases.indicatorRight, size.rightWidth, size.indicatorHeight, levels, 'right', null);
      paintPriceAxis(canvases.indicatorLeft, size.leftWidth, size.indicatorHeight, levels, 'left', null);
    }
    paintTimeAxis();
    if (els.legend) els.legend.textContent = legendText();
  }

  // ---- Sizes, from the layout's cells (whole CSS px, set by the layout).
  const measure = () => {
    const before = JSON.stringify(size);
    const visible = (el) => el && el.getClientRects().length > 0;
    size = {
      width: els.main.pane.clientWidth,
      mainHeight: els.main.pane.clientHeight,
      indicatorHeight: els.indicator && visible(els.indicator.pane) ? els.indicator.pane.clientHeight : 0,
      timeAxisHeight: els.timeAxis.clientHeight,
      leftWidth: els.main.left.clientWidth,
      rightWidth: els.main.right.clientWidth,
    };
    clampTime();
    if (JSON.stringify(size) !== before) changed();
  };
  const resizeObserver = new ResizeObserver(() => measure());

  // ---- Input: wheel zoom around the cursor, drag to pan, the crosshair. Listened for on the chart's
  // markup root, which outlives the panes the layout rebuilds.
  let root = null;
  const paneOf = (target) => {
    if (!els || !(target instanceof Element)) return null;
    if (els.main.pane.contains(target)) return 'main';
    if (els.indicator?.pane.contains(target)) return 'indicator';
    return null;
  };
  const local = (event, paneName) => {
    const pane = paneName === 'indicator' ? els.indicator.pane : els.main.pane;
    const box = pane.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  };
  let drag = null;
  const onWheel = (event) => {
    const paneName = paneOf(event.target);
    if (!paneName || bars.length === 0) return;
    event.preventDefault();
    const { x } = local(event, paneName);
    const anchor = xToLogical(x);
    const delta = event.deltaMode === 1 ? event.deltaY * 33 : event.deltaY;
    time.barSpacing *= 2 ** (-delta / 500);
    time.barSpacing = Math.min(time.maxBarSpacing, Math.max(time.minBarSpacing, time.barSpacing));
    // The bar under the cursor stays under it.
    time.rightOffset = anchor - 0.5 - (x - size.width) / time.barSpacing - lastIndex();
    clampTime();
    changed();
  };
  const onMouseDown = (event) => {
    if (event.button !== 0 || !paneOf(event.target)) return;
    event.preventDefault();
    drag = { x: event.clientX, rightOffset: time.rightOffset };
  };
  const onMouseMove = (event) => {
    if (drag) {
      time.rightOffset = drag.rightOffset - (event.clientX - drag.x) / time.barSpacing;
      clampTime();
      changed();
    }
    const paneName = paneOf(event.target);
    if (!paneName) {
      if (crosshair) {
        crosshair = null;
        schedulePaint();
      }
      return;
    }
    const point = local(event, paneName);
    crosshair = { ...point, pane: paneName };
    schedulePaint();
    const index = slotAt(point.x);
    const param = {
      point,
      time: index >= 0 && index < bars.length ? bars[index].time : undefined,
      logical: index,
    };
    if (paneName === 'main') for (const listener of crosshairListeners.slice()) listener(param);
  };
  const onMouseUp = () => {
    drag = null;
  };
  const onLeave = () => {
    if (crosshair) {
      crosshair = null;
      schedulePaint();
    }
  };
  window.addEventListener('mousemove', onMouseMove);
  window.addEventListener('mouseup', onMouseUp);
  document.documentElement.addEventListener('mouseleave', onLeave);

  const canvasIn = (parent, role) => {
    const canvas = document.createElement('canvas');
    canvas.dataset.standinCanvas = role;
    canvas.style.position = 'absolute';
    canvas.style.left = '0';
    canvas.style.top = '0';
    parent.append(canvas);
    return canvas;
  };

  const engine = {
    PriceScaleMode,
    /**
     * Draws into `elements` from now on (first call, or after the layout rebuilt a pane): canvases
     * are made inside them; the old ones went with the old elements.
     */
    attach(elements, markupRoot) {
      resizeObserver.disconnect();
      els = elements;
      canvases = {
        main: canvasIn(els.main.gui, 'pane'),
        mainTop: canvasIn(els.main.gui, 'pane-top'),
        left: canvasIn(els.main.left, 'price-axis'),
        right: canvasIn(els.main.right, 'price-axis'),
        timeAxis: canvasIn(els.timeAxis, 'time-axis'),
      };
      if (els.indicator) {
        canvases.indicator = canvasIn(els.indicator.gui, 'pane');
        canvases.indicatorTop = canvasIn(els.indicator.gui, 'pane-top');
        canvases.indicatorLeft = canvasIn(els.indicator.left, 'price-axis');
        canvases.indicatorRight = canvasIn(els.indicator.right, 'price-axis');
      }
      for (const el of [els.main.pane, els.main.left, els.main.right, els.timeAxis, els.indicator?.pane]) {
        if (el) resizeObserver.observe(el);
      }
      if (markupRoot !== root) {
        root?.removeEventListener('wheel', onWheel);
        root?.removeEventListener('mousedown', onMouseDown);
        root = markupRoot;
        root.addEventListener('wheel', onWheel, { passive: false });
        root.addEventListener('mousedown', onMouseDown);
      }
      measure();
      schedulePaint();
    },
    /** Resolves after the next paint. */
    painted: () =>
      new Promise((resolve) => {
        schedulePaint();
        requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
      }),
    paneSize: (index = 0) =>
      index === 0
        ? { width: size.width, height: size.mainHeight }
        : { width: size.width, height: size.indicatorHeight },
    subscribeCrosshairMove: (listener) => crosshairListeners.push(listener),
    indicator: {
      window: () => INDICATOR_WINDOW,
      height: () => size.indicatorHeight,
    },
    series: {
      setData(next) {
        bars = next.map((b) => ({ ...b }));
        rsiValues = rsi();
        clampTime();
        changed();
      },
      /** Replaces the last bar (same time) or appends one, as lightweight-charts' update(). */
      update(bar) {
        const last = bars[lastIndex()];
        if (last && last.time === bar.time) bars[lastIndex()] = { ...bar };
        else if (!last || bar.time > last.time) bars.push({ ...bar });
        else return;
        rsiValues = rsi();
        changed();
      },
      data: () => bars,
      priceToCoordinate: (p) => priceToY(p),
      coordinateToPrice: (y) => yToPrice(y),
    },
    priceScale: () => ({
      options: () => ({
        mode: price.mode,
        invertScale: price.invertScale,
        autoScale: price.autoScale,
        scaleMargins: { ...price.scaleMargins },
      }),
      applyOptions(options) {
        const before = { top: yToPrice(0), bottom: yToPrice(size.mainHeight - 1) };
        if (options.scaleMargins) price.scaleMargins = { ...price.scaleMargins, ...options.scaleMargins };
        if (options.invertScale !== undefined) price.invertScale = Boolean(options.invertScale);
        if (options.mode !== undefined && options.mode !== price.mode) {
          const manual = price.manual && {
            top: fromValue(price.manual.top),
            bottom: fromValue(price.manual.bottom),
          };
          price.mode = options.mode;
          if (manual) price.manual = { top: toValue(manual.top), bottom: toValue(manual.bottom) };
        }
        if (options.autoScale !== undefined) price.autoScale = Boolean(options.autoScale);
        if (!price.autoScale && !price.manual && before.top !== null) {
          price.manual = { top: toValue(before.top), bottom: toValue(before.bottom) };
        }
        changed();
      },
      setAutoScale(on) {
        this.applyOptions({ autoScale: Boolean(on) });
        if (on) price.manual = null;
      },
      /** Shows prices `from`…`to` over rows h − 1…0 (autoscale off). */
      setVisibleRange(range) {
        price.autoScale = false;
        price.manual = { top: toValue(range.to), bottom: toValue(range.from) };
        changed();
      },
    }),
    timeScale: () => ({
      width: () => size.width,
      options: () => ({ barSpacing: time.barSpacing, rightOffset: time.rightOffset }),
      applyOptions(options) {
        if (options.barSpacing !== undefined) time.barSpacing = Number(options.barSpacing);
        if (options.rightOffset !== undefined) time.rightOffset = Number(options.rightOffset);
        clampTime();
        changed();
      },
      getVisibleLogicalRange: logicalRange,
      subscribeVisibleLogicalRangeChange: (listener) => rangeListeners.push(listener),
      /** x of bar index i's centre (fractional indexes too). */
      logicalToCoordinate: (i) => (bars.length ? indexToX(i) : null),
      /** The index of the bar slot that holds x (whole number), loaded or not. */
      coordinateToLogical: (x) => (bars.length ? slotAt(x) : null),
      scrollPosition: () => time.rightOffset,
      scrollToPosition(position) {
        time.rightOffset = Number(position);
        clampTime();
        changed();
      },
      /** Shows the bars whose open times are `from`…`to` (UNIX s) across the pane. */
      setVisibleRange(range) {
        const indexOf = (t) => {
          let i = bars.findIndex((b) => b.time >= t);
          if (i < 0) i = lastIndex();
          return i;
        };
        const from = indexOf(range.from);
        const to = Math.max(from, indexOf(range.to));
        time.barSpacing = size.width / (to - from + 1);
        time.rightOffset = to - lastIndex();
        clampTime();
        changed();
      },
    }),
  };
  return engine;
};
