import { describe, expect, it } from 'vitest';
import { parseHeatmapReply, parseMessage } from './messaging';

describe('parseMessage: the one protocol between contexts', () => {
  it('accepts the known messages', () => {
    expect(parseMessage({ type: 'refresh' })).toEqual({ type: 'refresh' });
    expect(parseMessage({ type: 'data-updated', symbol: 'BTCUSDT', at: 1 })).toEqual({
      type: 'data-updated',
      symbol: 'BTCUSDT',
      at: 1,
    });
    expect(parseMessage({ type: 'get-heatmap', symbol: 'BTCUSDT' })).toMatchObject({ type: 'get-heatmap' });
  });

  it('ignores unknown, extended or ill-typed messages a page might craft', () => {
    for (const raw of [
      null,
      'refresh',
      { type: 'delete-everything' },
      { type: 'refresh', extra: true },
      { type: 'data-updated', symbol: 'BTCUSDT', at: -1 },
      { type: 'data-updated', symbol: 'x'.repeat(100), at: 1 },
      { type: 'get-heatmap', symbol: 42 },
    ]) {
      expect(parseMessage(raw), JSON.stringify(raw)).toBeUndefined();
    }
  });

  it('refuses a heatmap reply with non-finite numbers', () => {
    const reply = {
      ok: true,
      symbol: 'BTCUSDT',
      window: '12h',
      asOf: 1,
      price: Number.NaN,
      bands: [],
      zones: [],
    };
    expect(parseHeatmapReply(reply)).toBeUndefined();
    expect(parseHeatmapReply({ ...reply, price: 66_000 })).toMatchObject({ ok: true });
  });

  it('accepts every zone the side panel lists, with or without a role, and refuses an unknown role', () => {
    const zone = {
      side: 'short',
      priceLow: 67_000,
      priceHigh: 67_100,
      notionalUsd: 2e6,
      distancePct: 0.4,
      intensity: 0.5,
      roles: ['nearest', 'strongest'],
    };
    const reply = {
      ok: true,
      symbol: 'BTCUSDT',
      window: '12h',
      asOf: 1,
      price: 66_000,
      bands: [],
      zones: [zone, { ...zone, priceLow: 68_000, priceHigh: 68_100, roles: [] }],
    };
    expect(parseHeatmapReply(reply)).toMatchObject({ zones: reply.zones });
    expect(parseHeatmapReply({ ...reply, zones: [{ ...zone, roles: ['biggest'] }] })).toBeUndefined();
  });

  it('takes bands with their colour class and the legend of the classes per side', () => {
    const band = {
      side: 'long',
      priceLow: 65_000,
      priceHigh: 65_040,
      timeStart: 0,
      timeEnd: 1,
      intensity: 0.8,
      level: 6,
    };
    const heat = {
      classes: 6,
      threshold: 0.6,
      long: [{ level: 6, lowerUsd: 2.4e6, upperUsd: null }],
      short: [
        { level: 5, lowerUsd: 1e5, upperUsd: 2e5 },
        { level: 6, lowerUsd: 2e5, upperUsd: null },
      ],
    };
    const reply = {
      ok: true,
      symbol: 'BTCUSDT',
      window: '12h',
      asOf: 1,
      price: 66_000,
      bands: [band],
      zones: [],
      heat,
    };
    expect(parseHeatmapReply(reply)).toMatchObject({ bands: [band], heat });
    const { level: _, ...unclassed } = band;
    expect(parseHeatmapReply({ ...reply, bands: [unclassed] })).toBeUndefined();
    expect(parseHeatmapReply({ ...reply, bands: [{ ...band, level: 0 }] })).toBeUndefined();
    expect(parseHeatmapReply({ ...reply, bands: [{ ...band, level: 2.5 }] })).toBeUndefined();
    expect(parseHeatmapReply({ ...reply, heat: { ...heat, threshold: 2 } })).toBeUndefined();
  });

  it('accepts the popup asking for diagnostics', () => {
    expect(parseMessage({ type: 'get-diagnostics' })).toEqual({ type: 'get-diagnostics' });
  });
});
