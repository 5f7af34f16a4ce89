import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Route } from 'playwright-core';
import type { Bar } from '../../../core/data/bars';
import {
  CROSS_ORIGIN_CHART,
  type FrameSrc,
  LIBRARY_DEFAULTS,
  type LibraryClasses,
  type LibraryVariant,
  STRICT_CSP,
  TRADINGVIEW_LIBRARY,
  VARIANT_FLAGS,
} from './tradingview';

export {
  type Box,
  type FrameSrc,
  LIBRARY_DEFAULTS,
  type LibraryVariant,
  readTradingView,
  STRICT_CSP,
  TRADINGVIEW_LIBRARY,
  type TradingViewReading,
  tradingViewFrame,
  waitForTradingViewReady,
} from './tradingview';

/**
 * The machinery shared by the stand-in trading pages: serves a page at the exchange's real URL
 * through Playwright routing, so the extension's content script runs as on the live site. What a
 * page looks like (URL, container names, chart modes, symbol format) is NOT decided here: each
 * site's module (binance-page.ts, bybit-page.ts) holds all of its site's assumptions, and the
 * library's behaviour is in tradingview.ts and tradingview-chart.js.
 */

export interface ChartMode {
  id: string;
  label: string;
  /** `tradingview`: the library's frame; `own`: the site's own canvas chart; `depth`: order-book depth. */
  kind: 'tradingview' | 'own' | 'depth';
}

/** A path of the site's origin that is a trading page. */
export interface TradingPathMatch {
  /** The market, upper-cased (URL symbols may be lowercase). */
  symbol: string;
  /** The canonical path the site's router moves a bare URL to, client-side (history.replaceState). */
  redirectTo?: string;
}

/** Everything one exchange's page is assumed to be. Filled in only by that site's module. */
export interface StandinSiteDefinition {
  name: string;
  origin: string;
  /** The trading page's canonical path for a symbol, e.g. /en/futures/BTCUSDT. */
  tradingPath(symbol: string): string;
  /** What a path is: a trading page (and for which market), or undefined (answered 404). */
  matchTradingPath(pathname: string): TradingPathMatch | undefined;
  /** What the library's `activeChart().symbol()` returns for a symbol. */
  chartSymbol(symbol: string): string;
  /** The element wrapping the chart area, and the id of the TradingView frame's container in it. */
  chartRootClass: string;
  tradingViewContainerId: string;
  modes: readonly ChartMode[];
  defaultMode: string;
  /** The library's resolution string the page opens with. */
  defaultResolution: string;
  /** How the site's build of the library differs from the library's defaults. */
  library: Partial<LibraryVariant>;
  theme: { background: string; text: string; accent: string };
}

const SITE_DEFAULTS = { defaultResolution: '15', library: {} } as const;

/** A site module's definition, with the library's defaults for what it leaves out. */
export function defineStandinSite(
  site: Omit<StandinSiteDefinition, keyof typeof SITE_DEFAULTS> &
    Partial<Pick<StandinSiteDefinition, keyof typeof SITE_DEFAULTS>>,
): StandinSiteDefinition {
  return { ...SITE_DEFAULTS, ...site };
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
  /** The resolution the chart opens with, instead of the site's default (multiples of 5 minutes). */
  resolution?: string;
  /** The library's variant for every page of this install (a `?standin=` query adds to it). */
  library?: Partial<LibraryVariant>;
  /** Serve the trading page and the library's frame page with this Content-Security-Policy (true: STRICT_CSP). */
  csp?: boolean | string;
  /** The markets the header links to (in-page navigation). */
  markets?: readonly string[];
}

export interface StandinSite {
  definition: StandinSiteDefinition;
  url(symbol?: string, query?: Record<string, string>): string;
  /** The token that opens the chart's truth in the frame (truth.ts); known only to the test. */
  truthToken: string;
  /** How many page and candle requests the stand-in answered (evidence that routing took the page). */
  served(): { pages: number; candles: number };
  uninstall(): Promise<void>;
}

const DEFAULT_MARKETS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] as const;

/**
 * The stand-in library's scripts, in the order the frame loads them: the parts first, then
 * tradingview-chart.js, which puts them together.
 */
const TRADINGVIEW_CHART_SCRIPTS = [
  'tradingview-chart-layout.js',
  'tradingview-chart-engine.js',
  'tradingview-chart-model.js',
  'tradingview-chart-bars.js',
  'tradingview-chart-time.js',
  'tradingview-chart-price.js',
  'tradingview-chart-private-model.js',
  'tradingview-chart-truth.js',
  'tradingview-chart.js',
] as const;

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

/** What one page load is: its options with the `standin` query's flags applied. */
interface PageVariant {
  library: LibraryVariant;
  csp: string | undefined;
}

function pageVariant(site: StandinSiteDefinition, options: StandinOptions, url: URL): PageVariant {
  const library: LibraryVariant = { ...LIBRARY_DEFAULTS, ...site.library, ...options.library };
  let csp = options.csp === true ? STRICT_CSP : options.csp || undefined;
  for (const flag of (url.searchParams.get('standin') ?? '').split(',').filter(Boolean)) {
    if (flag === 'csp') csp = STRICT_CSP;
    else if (flag in VARIANT_FLAGS) Object.assign(library, VARIANT_FLAGS[flag as keyof typeof VARIANT_FLAGS]);
    else throw new Error(`stand-in: unknown standin flag "${flag}"`);
  }
  return { library, csp };
}

const FRAME_CONFIG_MARKER = '__STANDIN_FRAME_CONFIG__';

interface FrameConfig {
  chartSymbol: string;
  /** The other chart of a multi-chart layout: another market, shown as the same candles scaled. */
  otherChart: { chartSymbol: string; priceFactor: number };
  resolution: string;
  candlesUrl: string;
  refreshMs: number;
  library: LibraryVariant;
  /** The library's class names (tradingview.ts), which the frame's layout builds its markup from. */
  classes: LibraryClasses;
  truthToken: string;
}

/** The library frame's document; the config goes where FRAME_CONFIG_MARKER stands (no inline script). */
function frameHtmlTemplate(site: StandinSiteDefinition): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><style>
  html, body { margin: 0; height: 100%; background: ${site.theme.background}; overflow: hidden; font: 13px sans-serif; }
  body { position: relative; }
</style></head>
<body class="chart-page">
<script id="standin-chart-config" type="application/json">${FRAME_CONFIG_MARKER}</script>
${TRADINGVIEW_CHART_SCRIPTS.map((name) => `<script src="${site.origin}/__standin/${name}"></script>`).join('\n')}
</body></html>`;
}

function frameConfig(
  site: StandinSiteDefinition,
  symbol: string,
  options: StandinOptions,
  variant: PageVariant,
  truthToken: string,
): FrameConfig {
  const other = symbol === 'ETHUSDT' ? 'BTCUSDT' : 'ETHUSDT';
  return {
    chartSymbol: site.chartSymbol(symbol),
    otherChart: { chartSymbol: site.chartSymbol(other), priceFactor: other === 'ETHUSDT' ? 0.05 : 20 },
    resolution: options.resolution ?? site.defaultResolution,
    candlesUrl: `${site.origin}/__standin/candles.json`,
    refreshMs: options.refreshMs ?? 0,
    library: variant.library,
    classes: TRADINGVIEW_LIBRARY.classes,
    truthToken,
  };
}

function pageHtml(
  site: StandinSiteDefinition,
  match: TradingPathMatch,
  options: StandinOptions,
  variant: PageVariant,
  truthToken: string,
): string {
  const { symbol } = match;
  const markets = [...new Set([symbol, ...(options.markets ?? DEFAULT_MARKETS)])].map((m) => ({
    symbol: m,
    path: site.tradingPath(m),
    chartSymbol: site.chartSymbol(m),
  }));
  const titleTemplate = `{symbol} Perpetual | ${site.name} (stand-in)`;
  const config = {
    symbol,
    markets,
    titleTemplate,
    redirectTo: match.redirectTo,
    candlesUrl: `${site.origin}/__standin/candles.json`,
    modes: site.modes,
    initialMode: options.initialMode ?? site.defaultMode,
    tradingView: {
      framePrefix: TRADINGVIEW_LIBRARY.framePrefix,
      containerId: site.tradingViewContainerId,
      frameSrc: options.frameSrc ?? 'blob',
      sameOriginUrl: `${site.origin}${TRADINGVIEW_LIBRARY.sameOriginPath}`,
      crossOriginUrl: `${CROSS_ORIGIN_CHART}${TRADINGVIEW_LIBRARY.sameOriginPath}`,
      frameVersion: variant.library.frameVersion,
    },
    frame: {
      html: frameHtmlTemplate(site),
      configMarker: FRAME_CONFIG_MARKER,
      config: frameConfig(site, symbol, options, variant, truthToken),
    },
  };
  const { background, text, accent } = site.theme;
  const buttons = site.modes
    .map((m) => `<button type="button" data-chart-mode="${escapeHtml(m.id)}">${escapeHtml(m.label)}</button>`)
    .join('');
  const links = markets
    .map(
      (m) =>
        `<a href="${escapeHtml(m.path)}" data-standin-symbol-link="${escapeHtml(m.symbol)}">${escapeHtml(m.symbol)}</a>`,
    )
    .join('');
  const menuRows = markets
    .map(
      (m) =>
        `<li><a href="${escapeHtml(m.path)}" data-standin-symbol-link="${escapeHtml(m.symbol)}">${escapeHtml(m.symbol)} Perpetual</a></li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${escapeHtml(titleTemplate.replace('{symbol}', symbol))}</title>
<style>
  html, body { margin: 0; height: 100%; background: ${background}; color: ${text}; font: 13px sans-serif; }
  body { display: flex; flex-direction: column; }
  .standin-header { display: flex; gap: 12px; align-items: baseline; padding: 8px 12px; border-bottom: 1px solid #2b3139; }
  .standin-header strong { color: ${accent}; font-size: 15px; }
  .standin-header a { color: #848e9c; text-decoration: none; }
  .standin-markets { display: flex; gap: 8px; }
  .standin-badge { margin-left: auto; font-size: 11px; color: #5e6673; }
  .standin-dropdown-button { background: none; border: 1px solid #2b3139; color: ${text}; cursor: pointer; padding: 2px 8px; }
  .standin-dropdown { position: fixed; top: 40px; right: 96px; width: 340px; height: 420px; z-index: 1000;
    margin: 0; padding: 8px 0; list-style: none; background: #1e2329; border: 1px solid #2b3139;
    box-shadow: 0 4px 16px rgba(0, 0, 0, 0.6); overflow: hidden; }
  .standin-dropdown[hidden] { display: none; }
  .standin-dropdown li a { display: block; padding: 8px 16px; color: ${text}; text-decoration: none; }
  .standin-modes { display: flex; gap: 4px; padding: 4px 12px; }
  .standin-modes button { background: none; border: 0; color: #848e9c; cursor: pointer; padding: 4px 6px; }
  .standin-modes button.active { color: ${text}; border-bottom: 2px solid ${accent}; }
  #standin-chart-root { position: relative; flex: 1; min-height: 420px; margin: 0 12px 12px; }
  .standin-tv-container, .standin-own-chart { position: absolute; inset: 0; }
  .standin-tv-container iframe { width: 100%; height: 100%; display: block; border: 0; }
  .standin-depth { display: grid; place-items: center; color: #5e6673; }
</style></head>
<body>
<header class="standin-header"><strong>${escapeHtml(site.name)}</strong><span><span data-standin-market-name>${escapeHtml(symbol)}</span> Perpetual</span>
<nav class="standin-markets">${links}</nav>
<span class="standin-badge">stand-in page for e2e tests and the demo, not the real site</span>
<button type="button" class="standin-dropdown-button" data-standin-dropdown-button aria-expanded="false">Markets ▾</button></header>
<ul class="standin-dropdown" data-standin-dropdown hidden>${menuRows}<li><a href="#">Copy trading</a></li><li><a href="#">Grid bots</a></li></ul>
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
  const truthToken = randomUUID();
  const assets: Record<string, string> = {
    '/__standin/exchange-page.js': readAsset(resolve(import.meta.dirname, 'exchange-page.js')),
    ...Object.fromEntries(
      TRADINGVIEW_CHART_SCRIPTS.map((name) => [
        `/__standin/${name}`,
        readAsset(resolve(import.meta.dirname, name)),
      ]),
    ),
  };
  // The sameorigin frame page is its own request: it gets the variant of the page that asked last.
  let lastVariant = pageVariant(definition, options, new URL(definition.origin));
  const cspHeader = (variant: PageVariant): Record<string, string> =>
    variant.csp ? { 'content-security-policy': variant.csp } : {};
  const pattern = `${definition.origin}/**`;
  const handler = async (route: Route) => {
    const url = new URL(route.request().url());
    const asset = assets[url.pathname];
    const match = definition.matchTradingPath(url.pathname);
    if (asset !== undefined) {
      await route.fulfill({ contentType: 'text/javascript', body: asset });
    } else if (url.pathname === '/__standin/candles.json') {
      counts.candles++;
      // A cross-origin chart frame fetches them too.
      await route.fulfill({
        contentType: 'application/json',
        headers: { 'access-control-allow-origin': '*' },
        body: candleJson(options.candles()),
      });
    } else if (url.pathname === TRADINGVIEW_LIBRARY.sameOriginPath) {
      const symbol = (url.searchParams.get('symbol') ?? 'BTCUSDT').toUpperCase();
      const config = frameConfig(definition, symbol, options, lastVariant, truthToken);
      const body = frameHtmlTemplate(definition).replace(FRAME_CONFIG_MARKER, () => scriptJson(config));
      await route.fulfill({ contentType: 'text/html', headers: cspHeader(lastVariant), body });
    } else if (match) {
      counts.pages++;
      lastVariant = pageVariant(definition, options, url);
      await route.fulfill({
        contentType: 'text/html',
        headers: cspHeader(lastVariant),
        body: pageHtml(definition, match, options, lastVariant, truthToken),
      });
    } else {
      await route.fulfill({
        status: 404,
        contentType: 'text/plain',
        body: `stand-in: nothing at ${url.pathname}`,
      });
    }
  };
  await context.route(pattern, handler);
  // The chart frame's own origin, when the install puts the chart in a frame of another origin.
  const crossPattern = `${CROSS_ORIGIN_CHART}/**`;
  const crossHandler = async (route: Route) => {
    const url = new URL(route.request().url());
    if (url.pathname !== TRADINGVIEW_LIBRARY.sameOriginPath) {
      await route.fulfill({ status: 404, contentType: 'text/plain', body: 'stand-in: not here' });
      return;
    }
    const symbol = (url.searchParams.get('symbol') ?? 'BTCUSDT').toUpperCase();
    const config = frameConfig(definition, symbol, options, lastVariant, truthToken);
    const body = frameHtmlTemplate(definition).replace(FRAME_CONFIG_MARKER, () => scriptJson(config));
    await route.fulfill({ contentType: 'text/html', body });
  };
  const crossOrigin = options.frameSrc === 'cross-origin';
  if (crossOrigin) await context.route(crossPattern, crossHandler);
  return {
    definition,
    url: (symbol, query) => tradingPageUrl(definition, symbol, query),
    truthToken,
    served: () => ({ ...counts }),
    uninstall: async () => {
      await context.unroute(pattern, handler);
      if (crossOrigin) await context.unroute(crossPattern, crossHandler);
    },
  };
}
