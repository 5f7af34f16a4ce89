import { describe, expect, it } from 'vitest';
import type { ChartReading } from './bridgeProtocol';
import { type OverlayState, overlayScene, SWITCH_TO_TRADINGVIEW } from './overlayScene';

const ready: ChartReading = {
  state: 'ready',
  symbol: 'BTCUSDT@PRICETYPE=LAST',
  resolution: '5',
  time: { from: 1_780_000_000, to: 1_780_040_000 },
  price: { from: 65_000, to: 72_000 },
  scaleMode: 0,
  inverted: false,
  pane: { left: 12, top: 67, width: 1188, height: 692 },
};
const band = {
  side: 'long' as const,
  priceLow: 66_000,
  priceHigh: 66_040,
  timeStart: 0,
  timeEnd: 1,
  intensity: 1,
};
const base: OverlayState = {
  overlayOn: true,
  pageSymbol: 'BTCUSDT',
  reading: ready,
  chartSymbol: 'BTCUSDT',
  reply: { ok: true, symbol: 'BTCUSDT', window: '12h', asOf: 1, price: 66_730, bands: [band] },
};

describe('overlayScene', () => {
  it('lays the bands over the pane of a readable TradingView chart', () => {
    const scene = overlayScene(base);
    expect(scene.hint).toBeUndefined();
    expect(scene.layer?.pane).toEqual(ready.pane);
    expect(scene.layer?.bands).toEqual([band]);
  });

  it('hints at Trading View, with no bands, when the site shows its own chart or the depth view', () => {
    for (const reading of [{ state: 'absent' }, { state: 'hidden' }] as const) {
      const scene = overlayScene({ ...base, reading, chartCorner: { left: 12, top: 60 } });
      expect(scene.layer).toBeUndefined();
      expect(scene.hint).toEqual({ text: SWITCH_TO_TRADINGVIEW, left: 20, top: 68 });
    }
  });

  it('draws nothing when the overlay is off, whatever the chart', () => {
    expect(overlayScene({ ...base, overlayOn: false })).toEqual({});
    expect(overlayScene({ ...base, overlayOn: false, reading: { state: 'absent' } })).toEqual({});
  });

  it('says why instead of drawing when the worker has no bands, and never draws another market', () => {
    expect(
      overlayScene({ ...base, reply: { ok: false, problem: 'waiting for the first sync' } }).hint?.text,
    ).toBe('waiting for the first sync');
    expect(overlayScene({ ...base, chartSymbol: 'ETHUSDT' }).layer).toBeUndefined();
    expect(overlayScene({ ...base, pageSymbol: 'ETHUSDT' }).layer).toBeUndefined();
  });

  it('keeps drawing stale bands and says beside them what is stale and why', () => {
    const stale = 'Binance data is stale: rate-limited (HTTP 429); showing the last good sync.';
    const scene = overlayScene({
      ...base,
      reply: { ...base.reply!, ok: true, stale } as OverlayState['reply'],
    });
    expect(scene.layer?.bands).toHaveLength(1);
    expect(scene.hint?.text).toBe(stale);
    expect(overlayScene(base).hint).toBeUndefined();
  });

  it('asks for a regular or log price scale instead of drawing on a percent scale', () => {
    const scene = overlayScene({ ...base, reading: { ...ready, scaleMode: 2 } });
    expect(scene.layer).toBeUndefined();
    expect(scene.hint?.text).toMatch(/regular or logarithmic/);
  });
});
