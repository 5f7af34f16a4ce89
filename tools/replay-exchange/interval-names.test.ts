import { describe, expect, it } from 'vitest';
import { intervalTable } from './interval-names';

describe('interval names', () => {
  it('reads minutes, hours and days in either case, and OKX UTC-aligned names', () => {
    expect(intervalTable('1m 15m 1h 4H 1d 1D 6Hutc 1Dutc')).toEqual({
      '1m': 60_000,
      '15m': 900_000,
      '1h': 3_600_000,
      '4H': 14_400_000,
      '1d': 86_400_000,
      '1D': 86_400_000,
      '6Hutc': 21_600_000,
      '1Dutc': 86_400_000,
    });
  });

  it('refuses a name it cannot read instead of serving a wrong period', () => {
    expect(() => intervalTable('5m 1w')).toThrow(/cannot read interval 1w/);
  });
});
