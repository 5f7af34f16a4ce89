import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, readSettings } from './settings';

describe('readSettings: stored filters, validated whenever read', () => {
  it('returns valid settings as stored', () => {
    const stored = {
      ...DEFAULT_SETTINGS,
      symbol: 'ETHUSDT',
      window: '3d',
      leverages: [50, 100],
      sides: ['short'],
    };
    expect(readSettings(stored)).toEqual(stored);
  });

  it('falls back field by field, keeping what is still valid', () => {
    const r = readSettings({
      ...DEFAULT_SETTINGS,
      symbol: 'BTC-USD',
      window: '1y',
      threshold: 7,
      sides: ['short'],
    });
    expect(r).toEqual({ ...DEFAULT_SETTINGS, sides: ['short'] });
  });

  it('keeps recorded history 180 days unless a valid retention (30…365 whole days) is stored', () => {
    expect(DEFAULT_SETTINGS.retentionDays).toBe(180);
    expect(readSettings({ ...DEFAULT_SETTINGS, retentionDays: 90 }).retentionDays).toBe(90);
    for (const bad of [29, 366, 45.5, '90', null]) {
      const r = readSettings({ ...DEFAULT_SETTINGS, retentionDays: bad, window: '90d' });
      expect(r).toEqual({ ...DEFAULT_SETTINGS, window: '90d' });
    }
    // Settings stored before the retention existed get the default, the rest as stored.
    const { retentionDays: _, ...older } = { ...DEFAULT_SETTINGS, symbol: 'ETHUSDT' };
    expect(readSettings(older)).toEqual({ ...DEFAULT_SETTINGS, symbol: 'ETHUSDT' });
  });

  it('never returns an empty selection or a non-object', () => {
    expect(readSettings({ ...DEFAULT_SETTINGS, exchanges: [] }).exchanges).toEqual(
      DEFAULT_SETTINGS.exchanges,
    );
    expect(readSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(readSettings('junk')).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps depth off everywhere until the trader turns it on, and reads older settings without it', () => {
    expect(DEFAULT_SETTINGS.depthProfile).toBe(false);
    expect(DEFAULT_SETTINGS.depthWalls).toBe(false);
    expect(DEFAULT_SETTINGS.depthLayer).toBe('off');
    const on = { ...DEFAULT_SETTINGS, depthProfile: true, depthWalls: true, depthLayer: 'instead' };
    expect(readSettings(on)).toEqual(on);
    expect(readSettings({ ...DEFAULT_SETTINGS, depthLayer: 'over', depthProfile: 'yes' })).toEqual(
      DEFAULT_SETTINGS,
    );
    const {
      depthProfile: _p,
      depthWalls: _w,
      depthLayer: _l,
      ...older
    } = {
      ...DEFAULT_SETTINGS,
      symbol: 'ETHUSDT',
    };
    expect(readSettings(older)).toEqual({ ...DEFAULT_SETTINGS, symbol: 'ETHUSDT' });
  });
});
