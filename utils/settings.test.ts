import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS } from '@/core/settings';
import { loadSettings, settingsItem, updateSettings, watchSettings } from './settings';

describe('settings storage', () => {
  beforeEach(() => fakeBrowser.reset());

  it('a view saving one filter keeps the symbol the worker switched to meanwhile', async () => {
    // The popup opened on BTCUSDT; then the worker followed the chart to ETHUSDT.
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, symbol: 'BTCUSDT' });
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, symbol: 'ETHUSDT' });
    // The popup's next save changes only the window.
    await updateSettings({ window: '24h' });
    expect(await loadSettings()).toMatchObject({ symbol: 'ETHUSDT', window: '24h' });
  });

  it('a patch that is not valid is not stored; the field falls back to its default', async () => {
    await updateSettings({ threshold: 7 });
    expect((await loadSettings()).threshold).toBe(DEFAULT_SETTINGS.threshold);
  });

  it('watchers see each change, validated', async () => {
    const seen: string[] = [];
    const unwatch = watchSettings((s) => seen.push(s.symbol));
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, symbol: 'SOLUSDT' });
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, symbol: 'bad symbol' as string });
    unwatch();
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, symbol: 'XRPUSDT' });
    expect(seen).toEqual(['SOLUSDT', DEFAULT_SETTINGS.symbol]);
  });
});
