import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { liveBook, liveDepth } from '@/core/depth/liveDepthFixture';
import type { LiveDepth } from '@/core/depth/types';
import { liveDepthItem, loadLiveDepth, watchLiveDepth } from './depth';

const published = liveDepth([
  liveBook('binance', {
    loBin: 95,
    bids: [5e6, 0],
    asks: [0, 3e6],
    mid: 95.9,
    reachLow: 95,
    reachHigh: 96.8,
  }),
]);

describe('the published live depth in storage', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads nothing before the worker published, then what it published', async () => {
    expect(await loadLiveDepth()).toBeUndefined();
    await liveDepthItem.setValue(published);
    expect(await loadLiveDepth()).toEqual(published);
  });

  it('reads nothing, rather than failing the page, when storage cannot be read', async () => {
    const closed = new Error('Extension context invalidated.');
    const original = fakeBrowser.storage.local.get;
    fakeBrowser.storage.local.get = () => Promise.reject(closed);
    try {
      expect(await loadLiveDepth()).toBeUndefined();
    } finally {
      fakeBrowser.storage.local.get = original;
    }
  });

  it('hands watchers each publication, validated: junk arrives as nothing', async () => {
    const seen: Array<LiveDepth | undefined> = [];
    const unwatch = watchLiveDepth((depth) => seen.push(depth));
    await liveDepthItem.setValue(published);
    await liveDepthItem.setValue({ ...published, binSize: -1 });
    unwatch();
    await liveDepthItem.setValue({ ...published, time: published.time + 1000 });
    expect(seen).toEqual([published, undefined]);
    expect(await loadLiveDepth()).toEqual({ ...published, time: published.time + 1000 });
  });
});
