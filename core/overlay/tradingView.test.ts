import { describe, expect, it } from 'vitest';
import { barSeconds } from './tradingView';

describe('barSeconds', () => {
  it('reads minute, day and week resolutions as the library writes them', () => {
    expect(barSeconds('1')).toBe(60);
    expect(barSeconds('15')).toBe(900);
    expect(barSeconds('240')).toBe(14_400);
    expect(barSeconds('D')).toBe(86_400);
    expect(barSeconds('1D')).toBe(86_400);
    expect(barSeconds('3D')).toBe(259_200);
    expect(barSeconds('1W')).toBe(604_800);
  });

  it('refuses resolutions without an even bar grid: seconds (gaps), months, ticks, junk', () => {
    for (const r of ['1S', '5S', '1M', '12M', '1T', '100R', '', 'x', '0'])
      expect(barSeconds(r), r).toBeUndefined();
  });
});
