import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LaunchedExtension,
  launchExtension,
  openPopup,
  openSidePanel,
  saveScreenshot,
} from '../tools/browser';
import { DEMO_SYMBOL, loadDemoBars } from '../tools/demo/demo-bars';
import { type ReplayExchange, startReplayExchange } from '../tools/replay-exchange/index';

/**
 * The popup's filters are the trader's controls: each change is stored at once and every view
 * follows it. Driven by clicks, as a trader would, against the worker's real cached data.
 */
const HOUR = 3_600_000;
const bars = loadDemoBars();
const START = bars[0]!.time + 2 * 24 * HOUR + 2 * 60_000;

interface ShownZone {
  side: 'long' | 'short';
  notionalUsd: number;
}

describe('the popup filters drive the side panel', () => {
  let replay: ReplayExchange;
  let ext: LaunchedExtension;
  let popup: Page;
  let panel: Page;

  const zones = (): Promise<ShownZone[]> =>
    panel.$$eval('[data-zone]', (els) => els.map((e) => JSON.parse(e.getAttribute('data-zone')!)));
  const stored = (): Promise<Record<string, unknown>> =>
    popup.evaluate(`chrome.storage.local.get('settings').then((r) => r.settings)`);

  beforeAll(async () => {
    replay = await startReplayExchange({ bars, symbol: DEMO_SYMBOL, start: START, speed: 0 });
    ext = await launchExtension({ replay });
    panel = await openSidePanel(ext);
    await panel.setViewportSize({ width: 420, height: 900 });
    popup = await openPopup(ext);
  });
  afterAll(async () => {
    await ext?.close();
    await replay?.close();
  });

  it('opens on the 12h headline window with every exchange, tier and side the defaults name', async () => {
    await expect.poll(async () => (await zones()).length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await popup.isChecked('input[name="window"][value="12h"]')).toBe(true);
    expect(await popup.isChecked('input[name="exchange"][value="binance"]')).toBe(true);
    expect(await popup.isChecked('input[name="exchange"][value="bybit"]')).toBe(true);
    expect(await popup.isChecked('input[name="side"][value="long"]')).toBe(true);
    expect(await panel.textContent('header .title')).toContain('12h');
  });

  it('fits every group in the popup column, the Alerts thresholds included', async () => {
    // Each group's box within the column (main's content box), and nothing inside it spilling out.
    const overflowing = await popup.evaluate(`(() => {
      const main = document.querySelector('main');
      const style = getComputedStyle(main);
      const box = main.getBoundingClientRect();
      const left = box.left + parseFloat(style.paddingLeft);
      const right = box.right - parseFloat(style.paddingRight);
      return [...main.querySelectorAll(':scope > fieldset, :scope > label, :scope > button')]
        .map((group) => {
          const r = group.getBoundingClientRect();
          const name = group.querySelector('legend')?.textContent ?? group.textContent.trim();
          const spills = group.tagName === 'FIELDSET' && group.scrollWidth > group.clientWidth + 1;
          return { name, width: Math.round(r.width), column: Math.round(right - left),
            fits: r.left >= left - 0.5 && r.right <= right + 0.5 && !spills };
        })
        .filter((g) => !g.fits);
    })()`);
    expect(overflowing).toEqual([]);
    expect(await popup.locator('fieldset.alerts').count()).toBe(1);
    await saveScreenshot(popup, 'popup-groups');
  });

  it('switching sides off leaves only the other side in the side panel', async () => {
    await popup.click('input[name="side"][value="short"]');
    await expect.poll(async () => (await stored())?.sides).toEqual(['long']);
    await expect
      .poll(async () => {
        const z = await zones();
        return z.length > 0 && z.every((x) => x.side === 'long');
      })
      .toBe(true);
    await popup.click('input[name="side"][value="short"]');
    await expect.poll(async () => (await zones()).some((x) => x.side === 'short')).toBe(true);
  });

  it('refuses to switch off the last side, and says why', async () => {
    await popup.click('input[name="side"][value="short"]');
    await popup.click('input[name="side"][value="long"]');
    expect(await popup.isChecked('input[name="side"][value="long"]')).toBe(true);
    expect(await popup.textContent('.note')).toMatch(/at least one/);
    expect((await stored())?.sides).toEqual(['long']);
    await popup.click('input[name="side"][value="short"]');
  });

  it('a wider window and fewer leverage tiers recompute the heatmap the panel shows', async () => {
    const before = await zones();
    await popup.click('input[name="window"][value="24h"]');
    await expect.poll(async () => panel.textContent('header .title')).toContain('24h');
    for (const l of [5, 10, 25]) await popup.click(`input[name="leverage"][value="${l}"]`);
    await expect.poll(async () => (await stored())?.leverages).toEqual([50, 100]);
    await expect.poll(async () => JSON.stringify(await zones())).not.toBe(JSON.stringify(before));
    await saveScreenshot(panel, 'side-panel-24h-high-leverage');
  });

  it('a symbol that is not a USDT perpetual is refused with a hint, the stored one kept', async () => {
    await popup.fill('input[name="symbol"]', 'BTC-PERP');
    await popup.click('h1');
    expect(await popup.textContent('.note')).toMatch(/USDT perpetual/);
    expect((await stored())?.symbol).toBe('BTCUSDT');
  });

  it('offers 90d and 180d only once recorded; a stored 90d falls back in the panel, saying so', async () => {
    // The replay has two days of history: nothing beyond what the exchanges keep is recorded.
    expect(await popup.locator('input[name="window"][value="90d"]').count()).toBe(0);
    expect(await popup.locator('input[name="window"][value="180d"]').count()).toBe(0);
    expect(await popup.inputValue('input[name="retentionDays"]')).toBe('180');
    await popup.fill('input[name="retentionDays"]', '90');
    await popup.press('input[name="retentionDays"]', 'Tab');
    await expect.poll(async () => (await stored())?.retentionDays).toBe(90);

    // A 90d window chosen earlier whose recorded history is gone (pruned, another machine).
    await panel.evaluate(`chrome.storage.local.get('settings').then(({ settings }) =>
      chrome.storage.local.set({ settings: { ...settings, window: '90d' } }))`);
    await expect.poll(() => panel.textContent('.fallback'), { timeout: 30_000 }).toMatch(/90d .*showing 30d/);
    expect(await panel.textContent('header .title')).toContain('30d');
    expect(await popup.textContent('.window-fallback')).toMatch(/Not enough history recorded for 90d/);
    await popup.click('input[name="window"][value="24h"]');
    await expect.poll(async () => panel.locator('.fallback').count()).toBe(0);
  });

  it('after the worker follows another market, the popup shows it and its next save keeps it', async () => {
    // What the worker does when the chart in the active tab shows another market: it writes the
    // settings from another context while the popup stays open.
    await panel.evaluate(`chrome.storage.local.get('settings').then(({ settings }) =>
      chrome.storage.local.set({ settings: { ...settings, symbol: 'ETHUSDT' } }))`);
    await expect.poll(() => popup.inputValue('input[name="symbol"]')).toBe('ETHUSDT');
    await popup.click('input[name="window"][value="3d"]');
    await expect.poll(async () => (await stored())?.window).toBe('3d');
    expect((await stored())?.symbol).toBe('ETHUSDT');
  });
});
