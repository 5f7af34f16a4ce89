import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ContentScriptWatch,
  extensionUrl,
  type LaunchedExtension,
  launchExtension,
  saveScreenshot,
} from '../tools/browser';
import { binanceFuturesUrl, installBinancePage } from '../tools/browser/standin/binance-page';
import { bybitPerpetualUrl, installBybitPage } from '../tools/browser/standin/bybit-page';
import { readTradingView, waitForTradingViewReady } from '../tools/browser/standin/site';
import { loadDemoBars } from '../tools/demo/demo-bars';

interface ManifestContentScript {
  matches: string[];
  js?: string[];
}

/** Chrome match patterns (scheme://host/path with `*` wildcards), enough for the manifest's own. */
function matchesPattern(pattern: string, url: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(url);
}

/** Collects uncaught errors of a page, so "it rendered" also means "it did not throw". */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Opens an extension page with error collection in place before its scripts run. */
async function openWatched(ext: LaunchedExtension, path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await ext.context.newPage();
  const errors = collectErrors(page);
  await page.goto(extensionUrl(ext, path));
  return { page, errors };
}

describe('the built extension in headless Chromium', () => {
  let ext: LaunchedExtension;
  const bars = loadDemoBars();

  beforeAll(async () => {
    ext = await launchExtension();
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('registers its service worker, which gives the extension id', async () => {
    expect(ext.extensionId).toMatch(/^[a-p]{32}$/);
    expect(ext.serviceWorker.url()).toBe(`chrome-extension://${ext.extensionId}/background.js`);
    const manifest = await ext.serviceWorker.evaluate<{ name: string; manifest_version: number }>(
      'chrome.runtime.getManifest()',
    );
    expect(manifest.name).toBe('HeatBands');
    expect(manifest.manifest_version).toBe(3);
  });

  it('renders the popup', async () => {
    const { page, errors } = await openWatched(ext, 'popup.html');
    await expect.poll(() => page.locator('#app h1').textContent()).toBe('HeatBands');
    await saveScreenshot(page);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders the side panel', async () => {
    const { page, errors } = await openWatched(ext, 'sidepanel.html');
    await expect.poll(() => page.locator('#app h1').textContent()).toBe('HeatBands');
    await saveScreenshot(page);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('declares content scripts for the Binance and Bybit futures pages, and no other', async () => {
    const scripts = await ext.serviceWorker.evaluate<ManifestContentScript[]>(
      'chrome.runtime.getManifest().content_scripts',
    );
    const covering = (url: string) => scripts.filter((s) => s.matches.some((p) => matchesPattern(p, url)));
    expect(covering(binanceFuturesUrl('BTCUSDT'))).toHaveLength(1);
    expect(covering('https://www.binance.com/de/futures/ETHUSDT')).toHaveLength(1);
    expect(covering(bybitPerpetualUrl('BTCUSDT'))).toHaveLength(1);
    expect(covering('https://www.binance.com/en/trade/BTC_USDT')).toHaveLength(0);
    expect(covering('https://example.com/en/futures/BTCUSDT')).toHaveLength(0);
  });

  it.each([
    ['Binance', installBinancePage, 'BTCUSDT@PRICETYPE=LAST'],
    ['Bybit', installBybitPage, 'BTCUSDT'],
  ] as const)(
    'runs its content script on the %s stand-in page, whose chart API answers',
    async (_site, install, chartSymbol) => {
      const site = await install(ext.context, { candles: () => bars.slice(0, 300) });
      const page = await ext.context.newPage();
      const watch = await ContentScriptWatch.start(ext, page);
      try {
        await page.goto(site.url('BTCUSDT', { mode: 'tradingview' }));
        const world = await watch.waitForWorld();
        // The world is the extension's own: its chrome.runtime.id is the extension id.
        expect(await watch.evaluate<string>(world, 'chrome.runtime.id')).toBe(ext.extensionId);
        const chart = await waitForTradingViewReady(page);
        expect(chart.symbol).toBe(chartSymbol);
        expect(chart.hasModel).toBe(true);
        expect(site.served().pages).toBe(1);
        expect(site.served().candles).toBeGreaterThan(0);
        await saveScreenshot(page);
      } finally {
        await watch.stop();
        await page.close();
        await site.uninstall();
      }
    },
  );

  it('leaves pages that are not futures pages alone', async () => {
    const site = await installBinancePage(ext.context, { candles: () => bars.slice(0, 300) });
    const page = await ext.context.newPage();
    const watch = await ContentScriptWatch.start(ext, page);
    try {
      // The stand-in only answers trading paths; a 404 page at a non-matching URL is enough here.
      await page.goto('https://www.binance.com/en/markets/overview');
      await page.waitForLoadState('load');
      await page.waitForTimeout(300);
      expect(watch.current()).toEqual([]);
      expect(await readTradingView(page)).toBeNull();
    } finally {
      await watch.stop();
      await page.close();
      await site.uninstall();
    }
  });
});
