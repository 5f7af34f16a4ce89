import { describe, expect, it } from 'vitest';
import type { ChartReading } from './bridgeProtocol';
import { type OverlayState, overlayScene } from './overlayScene';

const ready: ChartReading = {
  state: 'ready',
  symbol: 'BTCUSDT@PRICETYPE=LAST',
  resolution: '15',
  tier: 'documented',
  mapping: {
    time: { anchorX: 0, anchorTime: 1_780_000_200, spacing: 8, intervalS: 900 },
    price: { mode: 0, top: 72_000, bottom: 65_000, bottomRow: 691 },
    width: 1188,
    height: 692,
  },
  pane: { tier: 'class', index: 0, epoch: 1 },
  frameId: 'tradingview_1a2b3',
};
const band = {
  side: 'long' as const,
  priceLow: 66_000,
  priceHigh: 66_040,
  timeStart: 0,
  timeEnd: 1,
  intensity: 1,
  level: 6,
};
const zone = {
  side: 'long' as const,
  priceLow: 66_000,
  priceHigh: 66_200,
  notionalUsd: 4e6,
  distancePct: -0.8,
  intensity: 0.7,
  roles: ['nearest' as const],
};
const base: OverlayState = {
  overlayOn: true,
  pageSymbol: 'BTCUSDT',
  reading: ready,
  chartSymbol: 'BTCUSDT',
  reply: { ok: true, symbol: 'BTCUSDT', window: '12h', asOf: 1, price: 66_730, bands: [band], zones: [zone] },
  cardCollapsed: false,
  canSwitchToTradingView: true,
  hints: {
    noChart: "Binance's Basic chart has no way to place bands on it: switch to Trading View.",
    hiddenChart: 'The Depth view shows no price chart: switch to Trading View.',
  },
};

describe('overlayScene', () => {
  it('lays the bands over the pane of a readable chart, in the frame that holds it', () => {
    const scene = overlayScene(base);
    expect(scene.state).toBe('drawing');
    if (scene.state !== 'drawing') return;
    expect(scene.layer.bands).toEqual([band]);
    expect(scene.layer.frameId).toBe('tradingview_1a2b3');
    expect(scene.note).toBeUndefined();
  });

  it("in Basic or Depth mode: the site's own reason, its switch button, and the docked card of key zones", () => {
    for (const [reading, reason] of [
      [{ state: 'absent' }, base.hints.noChart],
      [{ state: 'hidden' }, base.hints.hiddenChart],
    ] as const) {
      const scene = overlayScene({ ...base, reading });
      expect(scene).toEqual({
        state: 'hint',
        reason,
        action: 'switch-to-tradingview',
        card: { zones: [zone], collapsed: false, price: 66_730 },
      });
    }
    const noTab = overlayScene({ ...base, reading: { state: 'absent' }, canSwitchToTradingView: false });
    expect(noTab.state === 'hint' && noTab.action).toBeUndefined();
    const collapsed = overlayScene({ ...base, reading: { state: 'absent' }, cardCollapsed: true });
    expect(collapsed.state === 'hint' && collapsed.card?.collapsed).toBe(true);
  });

  it('a chart in a frame of another origin: says so with that origin, offers no switch, lists the zones', () => {
    const scene = overlayScene({
      ...base,
      reading: { state: 'absent', crossOrigin: 'https://charts.example.net' },
    });
    expect(scene.state).toBe('hint');
    if (scene.state !== 'hint') return;
    expect(scene.reason).toContain('https://charts.example.net');
    expect(scene.reason).not.toMatch(/Trading View/);
    expect(scene.action).toBeUndefined();
    expect(scene.card).toEqual({ zones: [zone], collapsed: false, price: 66_730 });
  });

  it('carries the symbol’s tick to the card when the worker knows it, for the zones’ edges', () => {
    const reply = {
      ok: true as const,
      symbol: 'BTCUSDT',
      window: '12h',
      asOf: 1,
      price: 66_730,
      bands: [band],
      zones: [zone],
      tickSize: 0.1,
    };
    const scene = overlayScene({ ...base, reply, reading: { state: 'absent' } });
    expect(scene.state === 'hint' && scene.card).toEqual({
      zones: [zone],
      collapsed: false,
      price: 66_730,
      tickSize: 0.1,
    });
  });

  it('docks the card at once: "loading" until the worker answers, its problem when it has no estimate', () => {
    const absent = { state: 'absent' } as const;
    const loading = overlayScene({ ...base, reading: absent, reply: undefined });
    expect(loading.state === 'hint' && loading.card).toEqual({ loading: true, collapsed: false });
    const problem = overlayScene({
      ...base,
      reading: absent,
      reply: { ok: false, problem: 'HeatBands is switching to BTCUSDT: fetching its data…' },
    });
    expect(problem.state === 'hint' && problem.card).toEqual({
      problem: 'HeatBands is switching to BTCUSDT: fetching its data…',
      collapsed: false,
    });
  });

  it('draws nothing when the overlay is off or the chart is still loading', () => {
    expect(overlayScene({ ...base, overlayOn: false })).toEqual({ state: 'off' });
    expect(overlayScene({ ...base, overlayOn: false, reading: { state: 'absent' } })).toEqual({
      state: 'off',
    });
    const loading = { state: 'unreadable' as const, reason: 'the chart is still loading', loading: true };
    expect(overlayScene({ ...base, reading: loading })).toEqual({ state: 'off' });
  });

  it('says why, with the card, when the chart cannot be read or a self-check failed', () => {
    const failed = { state: 'unreadable' as const, reason: 'the pane is 0 px wide', loading: false };
    const scene = overlayScene({ ...base, reading: failed });
    expect(scene.state).toBe('hint');
    if (scene.state !== 'hint') return;
    expect(scene.reason).toMatch(/the pane is 0 px wide/);
    expect(scene.card && 'zones' in scene.card && scene.card.zones).toEqual([zone]);
    expect(scene.action).toBeUndefined();
  });

  it('says why instead of drawing when the worker has no bands, and never draws another market', () => {
    const noData = overlayScene({ ...base, reply: { ok: false, problem: 'waiting for the first sync' } });
    expect(noData).toEqual({ state: 'hint', reason: 'waiting for the first sync' });
    expect(overlayScene({ ...base, chartSymbol: 'ETHUSDT' }).state).toBe('off');
    expect(overlayScene({ ...base, pageSymbol: 'ETHUSDT' }).state).toBe('off');
  });

  it('keeps drawing stale bands and says beside them what is stale and why', () => {
    const stale = 'Binance data is stale: rate-limited (HTTP 429); showing the last good sync.';
    const scene = overlayScene({ ...base, reply: { ...base.reply!, stale } as OverlayState['reply'] });
    expect(scene.state === 'drawing' && scene.note).toBe(stale);
  });

  it('outlines a zone picked in the side panel, only on its own market', () => {
    const picked = { symbol: 'BTCUSDT', side: 'long' as const, priceLow: 66_000, priceHigh: 66_200 };
    const scene = overlayScene({ ...base, highlight: picked });
    expect(scene.state === 'drawing' && scene.layer.highlight).toEqual({
      side: 'long',
      priceLow: 66_000,
      priceHigh: 66_200,
    });
    const other = overlayScene({ ...base, highlight: { ...picked, symbol: 'ETHUSDT' } });
    expect(other.state === 'drawing' && other.layer.highlight).toBeUndefined();
  });

  it("draws the live depth with the bands only for the page's own market", () => {
    const depth = { symbol: 'BTCUSDT', time: 1, binSize: 50, walls: [] };
    const scene = overlayScene({ ...base, depth });
    expect(scene.state === 'drawing' && scene.layer.depth).toBe(depth);
    const other = overlayScene({ ...base, depth: { ...depth, symbol: 'ETHUSDT' } });
    expect(other.state === 'drawing' && other.layer.depth).toBeUndefined();
  });
});
