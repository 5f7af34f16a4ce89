import { describe, expect, it } from 'vitest';
import { formatTickPrice, formatZoneRange, tickDecimals } from './format';

describe('prices on the symbol’s tick', () => {
  it('knows how many decimals a tick needs', () => {
    expect([1, 0.1, 0.01, 0.005, 0.25, 5e-7, 10].map(tickDecimals)).toEqual([0, 1, 2, 3, 2, 7, 0]);
  });

  it('rounds to a multiple of the tick and shows its decimals', () => {
    expect(formatTickPrice(68_780.26, 0.1)).toBe('68,780.3');
    expect(formatTickPrice(68_780.26, 0.1, 'down')).toBe('68,780.2');
    expect(formatTickPrice(68_780.21, 0.1, 'up')).toBe('68,780.3');
    // Already on the tick: no step either way, binary noise notwithstanding.
    expect(formatTickPrice(70_120.3, 0.1, 'up')).toBe('70,120.3');
    expect(formatTickPrice(70_120.3, 0.1, 'down')).toBe('70,120.3');
    expect(formatTickPrice(2_412.347, 0.01)).toBe('2,412.35');
    expect(formatTickPrice(0.123456, 0.0001, 'down')).toBe('0.1234');
    expect(formatTickPrice(101.3, 0.5)).toBe('101.5');
  });

  it('without a tick: whole dollars from 1,000, cents from 1, four digits below', () => {
    expect(formatTickPrice(68_780.6)).toBe('68,781');
    expect(formatTickPrice(24.567)).toBe('24.57');
    expect(formatTickPrice(0.0012346)).toBe('0.001235');
  });

  it('gives a zone’s range covering it: low down, high up', () => {
    expect(formatZoneRange(2_412.347, 2_419.001, 0.01)).toBe('2,412.34–2,419.01');
    expect(formatZoneRange(68_780.26, 68_900.01, 0.1, ' – ')).toBe('68,780.2 – 68,900.1');
    expect(formatZoneRange(68_780.26, 68_900.71)).toBe('68,780–68,901');
  });
});
