// Runs in the top frame of a stand-in trading page (see site.ts). Every site-specific
// name it uses comes from the JSON config that the site's module writes into the page.
// It switches chart modes the way the exchanges' single-page apps do: the TradingView frame is
// thrown away and rebuilt (with a new random id) when the user leaves and re-enters that mode.
(() => {
  const config = JSON.parse(document.getElementById('standin-config').textContent);
  const root = document.getElementById('standin-chart-root');
  let current = '';

  const randomFrameName = () =>
    `${config.tradingView.framePrefix}${Math.floor(Math.random() * 0x100000)
      .toString(16)
      .padStart(5, '0')}`;

  const buildTradingViewFrame = () => {
    const container = document.createElement('div');
    container.id = config.tradingView.containerId;
    container.className = 'standin-tv-container';
    const frame = document.createElement('iframe');
    const name = randomFrameName();
    frame.id = name;
    frame.name = name;
    frame.setAttribute('frameborder', '0');
    frame.setAttribute('allowtransparency', 'true');
    container.append(frame);
    root.append(container);
    // The library's three same-origin ways in (exchange-charts.md, "How TradingView's library
    // builds its frame"): a blob: URL, about:blank written by script, or <library_path>sameorigin.html.
    if (config.tradingView.frameSrc === 'blob') {
      frame.src = URL.createObjectURL(new Blob([config.tradingView.frameHtml], { type: 'text/html' }));
    } else if (config.tradingView.frameSrc === 'sameorigin') {
      frame.src = config.tradingView.sameOriginUrl;
    } else {
      const doc = frame.contentDocument;
      doc.open();
      doc.write(config.tradingView.frameHtml);
      doc.close();
    }
  };

  // The site's own chart: candles on a bare canvas with no price-to-pixel API, like Binance's Basic.
  const buildOwnChart = async (label) => {
    const box = document.createElement('div');
    box.className = 'standin-own-chart';
    const canvas = document.createElement('canvas');
    box.append(canvas);
    root.append(box);
    const response = await fetch(config.candlesUrl, { cache: 'no-store' });
    const bars = (await response.json()).slice(-160);
    const ratio = window.devicePixelRatio || 1;
    const { width, height } = box.getBoundingClientRect();
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const g = canvas.getContext('2d');
    g.scale(ratio, ratio);
    g.fillStyle = '#161a1e';
    g.fillRect(0, 0, width, height);
    g.fillStyle = '#5e6673';
    g.font = '12px sans-serif';
    g.fillText(label, 12, 20);
    if (bars.length === 0) return;
    const high = Math.max(...bars.map((b) => b.high));
    const low = Math.min(...bars.map((b) => b.low));
    const y = (p) => 30 + ((high - p) / (high - low || 1)) * (height - 50);
    const step = (width - 70) / bars.length;
    bars.forEach((b, i) => {
      g.fillStyle = b.close >= b.open ? '#0ecb81' : '#f6465d';
      const x = 8 + i * step;
      g.fillRect(x + step / 2 - 0.5, y(b.high), 1, Math.max(1, y(b.low) - y(b.high)));
      g.fillRect(
        x + 1,
        y(Math.max(b.open, b.close)),
        Math.max(1, step - 2),
        Math.max(1, Math.abs(y(b.open) - y(b.close))),
      );
    });
  };

  const buildDepthChart = () => {
    const box = document.createElement('div');
    box.className = 'standin-own-chart standin-depth';
    box.textContent = 'Depth chart (stand-in)';
    root.append(box);
  };

  const setMode = (id) => {
    const mode = config.modes.find((m) => m.id === id) || config.modes[0];
    if (mode.id === current) return;
    current = mode.id;
    for (const button of document.querySelectorAll('[data-chart-mode]')) {
      button.classList.toggle('active', button.dataset.chartMode === mode.id);
    }
    for (const own of root.querySelectorAll('.standin-own-chart')) own.remove();
    const tvContainer = document.getElementById(config.tradingView.containerId);
    if (mode.kind === 'depth') {
      // Depth hides the TradingView frame without destroying it.
      if (tvContainer) tvContainer.style.display = 'none';
      buildDepthChart();
    } else if (mode.kind === 'tradingview') {
      if (tvContainer) tvContainer.style.display = '';
      else buildTradingViewFrame();
    } else {
      tvContainer?.remove();
      buildOwnChart(mode.label).catch((error) => console.error('[standin] own chart failed', error));
    }
    root.dataset.chartMode = mode.id;
  };

  for (const button of document.querySelectorAll('[data-chart-mode]')) {
    button.addEventListener('click', () => setMode(button.dataset.chartMode));
  }
  setMode(new URLSearchParams(location.search).get('mode') || config.initialMode);
})();
