// Runs in the top frame of a stand-in trading page (see site.ts). Every site-specific name it uses
// comes from the JSON config that the site's module writes into the page; nothing inline runs, so
// the page works under a strict Content-Security-Policy.
// It behaves as the exchanges' single-page apps do: the TradingView frame is thrown away and rebuilt
// (new element, new random id) when the user leaves and re-enters that mode; another market opens
// in-page (history.pushState and the chart's setSymbol, no page load); a bare URL is redirected
// client-side (history.replaceState); a header dropdown opens over the chart.
(() => {
  const configElement = document.getElementById('standin-config');
  const config = JSON.parse(configElement.textContent);
  // Read once and removed: it holds the frame's config, and with it the test's truth token.
  configElement.remove();
  const root = document.getElementById('standin-chart-root');
  let current = '';
  let market = config.markets.find((m) => m.symbol === config.symbol) || {
    symbol: config.symbol,
    path: location.pathname,
    chartSymbol: config.frame.config.chartSymbol,
  };

  const randomFrameName = () =>
    `${config.tradingView.framePrefix}${Math.floor(Math.random() * 0x100000)
      .toString(16)
      .padStart(5, '0')}`;

  /** The frame document, with the chart config for the market shown now. */
  const frameHtml = () => {
    const frameConfig = { ...config.frame.config, chartSymbol: market.chartSymbol };
    const json = JSON.stringify(frameConfig).replace(/</g, '\\u003c');
    return config.frame.html.replace(config.frame.configMarker, () => json);
  };

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
    frame.setAttribute('title', 'Financial Chart');
    // From v29.4 the library marks its frame with its version (exchange-charts.md).
    if (config.tradingView.frameVersion) frame.setAttribute('version', config.tradingView.frameVersion);
    container.append(frame);
    root.append(container);
    // The library's three same-origin ways in: a blob: URL, about:blank written by script, or
    // <library_path>sameorigin.html.
    if (config.tradingView.frameSrc === 'blob') {
      frame.src = URL.createObjectURL(new Blob([frameHtml()], { type: 'text/html' }));
    } else if (config.tradingView.frameSrc === 'sameorigin') {
      frame.src = `${config.tradingView.sameOriginUrl}?symbol=${encodeURIComponent(market.symbol)}`;
    } else if (config.tradingView.frameSrc === 'cross-origin') {
      // A chart served from another origin: the page's own scripts cannot reach into it.
      frame.src = `${config.tradingView.crossOriginUrl}?symbol=${encodeURIComponent(market.symbol)}`;
    } else {
      const doc = frame.contentDocument;
      doc.open();
      doc.write(frameHtml());
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
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
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

  // ---- Another market, in-page: the URL changes by pushState and the chart by setSymbol.
  const showMarket = (next) => {
    market = next;
    document.title = config.titleTemplate.replace('{symbol}', next.symbol);
    for (const el of document.querySelectorAll('[data-standin-market-name]')) el.textContent = next.symbol;
    const frame = document.querySelector(`iframe[id^="${config.tradingView.framePrefix}"]`);
    const api = frame?.contentWindow?.tradingViewApi;
    if (api) api.activeChart().setSymbol(next.chartSymbol);
  };
  const openMarket = (symbol) => {
    const next = config.markets.find((m) => m.symbol === symbol);
    if (!next || next.symbol === market.symbol) return;
    history.pushState({ standinSymbol: next.symbol }, '', next.path);
    showMarket(next);
  };
  window.addEventListener('popstate', () => {
    const symbol = history.state?.standinSymbol ?? config.symbol;
    const next = config.markets.find((m) => m.symbol === symbol);
    if (next && next.symbol !== market.symbol) showMarket(next);
  });
  for (const link of document.querySelectorAll('[data-standin-symbol-link]')) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      closeDropdown();
      openMarket(link.dataset.standinSymbolLink);
    });
  }

  // ---- The header dropdown: a fixed menu over the chart, in the top document, z-index like a site's.
  const dropdown = document.querySelector('[data-standin-dropdown]');
  const dropdownButton = document.querySelector('[data-standin-dropdown-button]');
  function closeDropdown() {
    if (dropdown) dropdown.hidden = true;
    dropdownButton?.setAttribute('aria-expanded', 'false');
  }
  dropdownButton?.addEventListener('click', (event) => {
    event.stopPropagation();
    const open = dropdown.hidden;
    dropdown.hidden = !open;
    dropdownButton.setAttribute('aria-expanded', String(open));
  });
  document.addEventListener('click', (event) => {
    if (dropdown && !dropdown.hidden && !dropdown.contains(event.target)) closeDropdown();
  });

  for (const button of document.querySelectorAll('[data-chart-mode]')) {
    button.addEventListener('click', () => setMode(button.dataset.chartMode));
  }
  setMode(new URLSearchParams(location.search).get('mode') || config.initialMode);

  // ---- A bare URL: the site's router moves it to its canonical path once the app has started.
  if (config.redirectTo) {
    requestAnimationFrame(() =>
      setTimeout(
        () =>
          history.replaceState(history.state, '', `${config.redirectTo}${location.search}${location.hash}`),
        50,
      ),
    );
  }
})();
