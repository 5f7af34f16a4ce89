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

  it('accepts the key zones the docked card lists, and refuses a zone without a role', () => {
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
      zones: [zone],
    };
    expect(parseHeatmapReply(reply)).toMatchObject({ zones: [zone] });
    expect(parseHeatmapReply({ ...reply, zones: [{ ...zone, roles: [] }] })).toBeUndefined();
  });

  it('accepts the popup asking for diagnostics', () => {
    expect(parseMessage({ type: 'get-diagnostics' })).toEqual({ type: 'get-diagnostics' });
  });
});
