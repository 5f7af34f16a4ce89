import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseEngineConfig } from './config';

describe('parseEngineConfig', () => {
  it('returns the defaults for an empty object or nothing', () => {
    expect(parseEngineConfig({})).toEqual({ ok: true, value: DEFAULT_CONFIG });
    expect(parseEngineConfig(undefined)).toEqual({ ok: true, value: DEFAULT_CONFIG });
  });

  it('merges a partial config over the defaults, arrays replaced whole', () => {
    const r = parseEngineConfig({
      leverage: { tiers: [10, 20], weights: [1, 1] },
      ageing: { halfLifeHours: 12 },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.leverage).toEqual({ tiers: [10, 20], weights: [1, 1], maxLeverage: 125 });
    expect(r.value.ageing.halfLifeHours).toBe(12);
    expect(r.value.split).toEqual(DEFAULT_CONFIG.split);
  });

  it('does not alter DEFAULT_CONFIG', () => {
    const before = structuredClone(DEFAULT_CONFIG);
    parseEngineConfig({ grid: { maxRows: 100 } });
    expect(DEFAULT_CONFIG).toEqual(before);
  });

  it.each([
    [[], /must be a JSON object/],
    ['x', /must be a JSON object/],
    [{ leverage: { weights: [1, 2] } }, /one weight per leverage tier/],
    [{ leverage: { tiers: [0.5, 10, 25, 50, 100] } }, /leverage/],
    [{ split: { minLongShare: 0.8, maxLongShare: 0.2 } }, /minLongShare/],
    [{ ageing: { halfLifeHours: -1 } }, /halfLifeHours/],
    [{ entry: { placement: 'somewhere' } }, /placement/],
    [{ maintenance: { binance: { maintenanceMarginRate: 1.2 } } }, /maintenanceMarginRate/],
    [{ unknownKey: 1 }, /unknownKey/],
  ])('rejects %j with a message naming the problem', (input, message) => {
    const r = parseEngineConfig(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});
