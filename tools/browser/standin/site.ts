import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Frame, Page, Route } from 'playwright-core';
import type { Bar } from '../../../core/data/bars';

/**
 * The machinery shared by the stand-in trading pages: serves a page at the exchange's real URL
 * through Playwright routing, so the extension's content script runs as on the live site. What a
 * page looks like (URL, container names, chart modes, symbol format) is NOT decided here: each
 * site's module (binance-page.ts, bybit-page.ts) holds all of its site's assumptions.
 */

/**
 * Facts about TradingView's Charting Library itself, the same on every site that embeds it
 * (shared/notes/exchange-charts.md, "How TradingView's library builds its frame").
 */
export const TRADINGVIEW_LIBRARY = {
  /** The frame's id and name: this prefix and five hex digits. */
  framePrefix: 'tradingview_',
  frameIdPattern: /^tradingview_[0-9a-f]{5}$/,
  /** Where a site's library build would serve its same-origin frame page (the `sameorigin` src). */
  sameOriginPath: '/__standin/charting_library/sameorigin.html',
} as const;

/** How the library's frame gets its document; all three leave it on the host page's origin. */
export type FrameSrc = 'blob' | 'about:blank' | 'sameorigin';

export interface ChartMode {
  id: string;
  label: string;
  /** `tradingview`: the library's frame; `own`: the site's own canvas chart; `depth`: order-book depth. */
  kind: 'tradingview' | 'own' | 'depth';
}

/** Everything one exchange's page is assumed to be. Filled in only by that site's module. */
export interface StandinSiteDefinition {
  name: string;
  origin: string;
  /** The trading page's path for a symbol, e.g. /en/futures/BTCUSDT. */
  tradingPath(symbol: string): string;
  /** Which paths of the origin are trading pages (everything else answers 404). */
  isTradingPath(pathname: string): boolean;
  /** The symbol from a trading page's path, as the site puts it there. */
  symbolFromPath(pathname: string): string | undefined;
  /** What the library's `activeChart().symbol()` returns for a symbol. */
  chartSymbol(symbol: string): string;
  /** The element wrapping the chart area, and the id of the TradingView frame's container in it. */
  chartRootClass: string;
  tradingViewContainerId: string;
  modes: readonly ChartMode[];
  defaultMode: string;
  /** Whether the library's price scale offers `coordinateToPrice`. */
  coordinateToPrice: boolean;
  /** The library's resolution string the page opens with. */
  defaultResolution: string;
  theme: { background: string; text: string; accent: string };
}

/**
 * What the stand-in's Charting Library does unless a site module says otherwise: no
 * `coordinateToPrice` on the price scale (reported on Binance's build only, UNVERIFIED, so a test
 * opts in) and 15-minute bars.
 */
const LIBRARY_DEFAULTS = { coordinateToPrice: false, defaultResolution: '15' } as const;

/** A site module's definition, with the library's defaults for what it leaves out. */
export function defineStandinSite(
  site: Omit<StandinSiteDefinition, keyof typeof LIBRARY_DEFAULTS> &
    Partial<Pick<StandinSiteDefinition, keyof typeof LIBRARY_DEFAULTS>>,
): StandinSiteDefinition {
  return { ...LIBRARY_DEFAULTS, ...site };
}

/** The site's trading page for `symbol` at its real URL. */
function tradingPageUrl(
  site: StandinSiteDefinition,
  symbol = 'BTCUSDT',
  query?: Record<string, string>,
): string {
  const search = query ? `?${new URLSearchParams(query)}` : '';
  return `${site.origin}${site.tradingPath(symbol)}${search}`;
}

export interface StandinOptions {
  /** The candles the chart shows, read on every request (so a replay clock can move them on). */
  candles: () => readonly Bar[];
  frameSrc?: FrameSrc;
  /** The chart re-reads its candles this often (ms); 0 = load once. */
  refreshMs?: number;
  /** Overrides the site definition's default chart mode (a `?mode=` query overrides both). */
  initialMode?: string;
  coordinateToPrice?: boolean;
  /** The resolution the chart opens with, instead of the site's default (multiples of 5 minutes). */
  resolution?: string;
}

export interface StandinSite {
  definition: StandinSiteDefinition;
  url(symbol?: string, query?: Record<string, string>): string;
  /** How many page and candle requests the stand-in answered (evidence that routing took the page). */
  served(): { pages: number; candles: number };
  uninstall(): Promise<void>;
}

// The standalone build sets window.LightweightCharts; the package's exports map offers no path to it.
const LIGHTWEIGHT_CHARTS = resolve(
  import.meta.dirname,
  '../../../node_modules/lightweight-charts/dist/lightweight-charts.standalone.production.js',
);

function readAsset(path: string): string {
  return readFileSync(path, 'utf8');
}

/** JSON safe to put inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function frameHtml(site: StandinSiteDefinition, symbol: string, options: StandinOptions): string {
  const chartConfig = {
    chartSymbol: site.chartSymbol(symbol),
    resolution: options.resolution ?? site.defaultResolution,
    candlesUrl: `${site.origin}/__standin/candles.json`,
    refreshMs: options.refreshMs ?? 0,
    coordinateToPrice: options.coordinateToPrice ?? site.coordinateToPrice,
  };
  return `<!doctype html>
<html><head><meta charset="utf-8"><style>
  html, body { margin: 0; height: 100%; background: ${site.theme.background}; overflow: hidden; }
  #standin-tv-chart { position: absolute; inset: 0; }
</style></head>
<body class="chart-page"><div id="standin-tv-chart" class="chart-container"></div>
<script>window.__standinChartConfig = ${scriptJson(chartConfig)};</script>
<script src="${site.origin}/__standin/lightweight-charts.js"></script>
<script src="${site.origin}/__standin/tradingview-chart.js"></script>
</body></html>`;
}

function pageHtml(site: StandinSiteDefinition, symbol: string, options: StandinOptions): string {
  const config = {
    candlesUrl: `${site.origin}/__standin/candles.json`,
    modes: site.modes,
    initialMode: options.initialMode ?? site.defaultMode,
    tradingView: {
      framePrefix: TRADINGVIEW_LIBRARY.framePrefix,
      containerId: site.tradingViewContainerId,
      frameSrc: options.frameSrc ?? 'blob',
      frameHtml: frameHtml(site, symbol, options),
      sameOriginUrl: `${site.origin}${TRADINGVIEW_LIBRARY.sameOriginPath}`,
    },
  };
  const { background, text, accent } = site.theme;
  const buttons = site.modes
    .map((m) => `<button type="button" data-chart-mode="${escapeHtml(m.id)}">${escapeHtml(m.label)}</button>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${escapeHtml(symbol)} Perpetual | ${escapeHtml(site.name)} (stand-in)</title>
<style>
  html, body { margin: 0; height: 100%; background: ${background}; color: ${text}; font: 13px sans-serif; }
  body { display: flex; flex-direction: column; }
  .standin-header { display: flex; gap: 12px; align-items: baseline; padding: 8px 12px; border-bottom: 1px solid #2b3139; }
  .standin-header strong { color: ${accent}; font-size: 15px; }
  .standin-badge { margin-left: auto; font-size: 11px; color: #5e6673; }
  .standin-modes { display: flex; gap: 4px; padding: 4px 12px; }
  .standin-modes button { background: none; border: 0; color: #848e9c; cursor: pointer; padding: 4px 6px; }
  .standin-modes button.active { color: ${text}; border-bottom: 2px solid ${accent}; }
  #standin-chart-root { position: relative; flex: 1; min-height: 420px; margin: 0 12px 12px; }
  .standin-tv-container, .standin-own-chart { position: absolute; inset: 0; }
  .standin-tv-container iframe { width: 100%; height: 100%; display: block; border: 0; }
  .standin-depth { display: grid; place-items: center; color: #5e6673; }
</style></head>
<body>
<header class="standin-header"><strong>${escapeHtml(site.name)}</strong><span>${escapeHtml(symbol)} Perpetual</span>
<span class="standin-badge">stand-in page for e2e tests and the demo, not the real site</span></header>
<nav class="standin-modes">${buttons}</nav>
<div id="standin-chart-root" class="${escapeHtml(site.chartRootClass)}"></div>
<script id="standin-config" type="application/json">${scriptJson(config)}</script>
<script src="${site.origin}/__standin/exchange-page.js"></script>
</body></html>`;
}

/** The candles as the stand-in chart reads them: times in seconds, like the Charting Library's bars. */
function candleJson(bars: readonly Bar[]): string {
  return JSON.stringify(
    bars.map((b) => ({
      time: Math.floor(b.time / 1000),
      open: b.open,
      high: b.high,
      low: b.low,
      close: b.close,
    })),
  );
}

/**
 * What the demo and the tests do with one site: serve it in a browser context, and link to its
 * trading page. Each site module exports these under its own names.
 */
export function standinSiteEntry(definition: StandinSiteDefinition): {
  install(context: BrowserContext, options: StandinOptions): Promise<StandinSite>;
  url(symbol?: string): string;
} {
  return {
    install: (context, options) => installStandinSite(context, definition, options),
    url: (symbol) => tradingPageUrl(definition, symbol),
  };
}

/** Serves the stand-in site for `definition` in `context` until `uninstall()`. */
async function installStandinSite(
  context: BrowserContext,
  definition: StandinSiteDefinition,
  options: StandinOptions,
): Promise<StandinSite> {
  const counts = { pages: 0, candles: 0 };
  const assets: Record<string, string> = {
    '/__standin/lightweight-charts.js': readAsset(LIGHTWEIGHT_CHARTS),
    '/__standin/exchange-page.js': readAsset(resolve(import.meta.dirname, 'exchange-page.js')),
    '/__standin/tradingview-chart.js': readAsset(resolve(import.meta.dirname, 'tradingview-chart.js')),
  };
  let lastSymbol = 'BTCUSDT';
  const pattern = `${definition.origin}/**`;
  const handler = async (route: Route) => {
    const url = new URL(route.request().url());
    const asset = assets[url.pathname];
    if (asset !== undefined) {
      await route.fulfill({ contentType: 'text/javascript', body: asset });
    } else if (url.pathname === '/__standin/candles.json') {
      counts.candles++;
      await route.fulfill({ contentType: 'application/json', body: candleJson(options.candles()) });
    } else if (url.pathname === TRADINGVIEW_LIBRARY.sameOriginPath) {
      await route.fulfill({ contentType: 'text/html', body: frameHtml(definition, lastSymbol, options) });
    } else if (definition.isTradingPath(url.pathname)) {
      counts.pages++;
      lastSymbol = definition.symbolFromPath(url.pathname) ?? lastSymbol;
      await route.fulfill({ contentType: 'text/html', body: pageHtml(definition, lastSymbol, options) });
    } else {
      await route.fulfill({
        status: 404,
        contentType: 'text/plain',
        body: `stand-in: nothing at ${url.pathname}`,
      });
    }
  };
  await context.route(pattern, handler);
  return {
    definition,
    url: (symbol, query) => tradingPageUrl(definition, symbol, query),
    served: () => ({ ...counts }),
    uninstall: () => context.unroute(pattern, handler),
  };
}

/** What the Charting Library reports, read the way a MAIN-world script in the top frame reaches it. */
export interface TradingViewReading {
  frameId: string;
  symbol: string;
  resolution: string;
  hasModel: boolean;
  dataReady: boolean;
  visibleRange: { from: number; to: number };
  priceRange: { from: number; to: number } | null;
  mode: number;
  inverted: boolean;
  panesHeight: number[];
  /** The frame's box in the top page, CSS px. */
  frame: { x: number; y: number; width: number; height: number };
  /** Width of `.price-axis-container` inside the frame, or null when it is not there. */
  priceAxisWidth: number | null;
}

// Source text rather than a function: no transpiler helper can leak into the page.
const READ_TRADINGVIEW = `(() => {
  const frame = document.querySelector('iframe[id^="${TRADINGVIEW_LIBRARY.framePrefix}"]');
  const api = frame && frame.contentWindow && frame.contentWindow.tradingViewApi;
  if (!api) return null;
  const chart = api.activeChart();
  const scale = chart.getPanes()[0].getMainSourcePriceScale();
  const box = frame.getBoundingClientRect();
  const axis = frame.contentDocument.querySelector('.price-axis-container');
  return {
    frameId: frame.id,
    symbol: chart.symbol(),
    resolution: chart.resolution(),
    hasModel: chart.hasModel(),
    dataReady: chart.dataReady(),
    visibleRange: chart.getVisibleRange(),
    priceRange: scale.getVisiblePriceRange(),
    mode: scale.getMode(),
    inverted: scale.isInverted(),
    panesHeight: chart.getAllPanesHeight(),
    frame: { x: box.x, y: box.y, width: box.width, height: box.height },
    priceAxisWidth: axis ? axis.getBoundingClientRect().width : null,
  };
})()`;

/** Reads the stand-in's TradingView chart from the top frame; null when no frame/api is there. */
export function readTradingView(page: Page): Promise<TradingViewReading | null> {
  return page.evaluate(READ_TRADINGVIEW);
}

/** Waits until the TradingView frame's chart has data and a price range. */
export async function waitForTradingViewReady(page: Page, timeoutMs = 15_000): Promise<TradingViewReading> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reading = await readTradingView(page).catch(() => null);
    if (reading?.dataReady && reading.priceRange && reading.priceAxisWidth !== null) return reading;
    if (Date.now() > deadline) {
      throw new Error(
        `the stand-in TradingView chart was not ready within ${timeoutMs} ms: ${JSON.stringify(reading)}`,
      );
    }
    await page.waitForTimeout(100);
  }
}

/** The TradingView frame as a Playwright frame (for mouse input and in-frame evaluation). */
export async function tradingViewFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector(`iframe[id^="${TRADINGVIEW_LIBRARY.framePrefix}"]`);
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the TradingView iframe has no content frame');
  return frame;
}
