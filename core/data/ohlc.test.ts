import { describe, expect, it } from 'vitest';
import { ohlcProblem } from './ohlc';

describe('ohlcProblem: the one bar sanity check', () => {
  it('accepts a bar whose open and close sit inside [low, high], flat bars included', () => {
    expect(ohlcProblem({ open: 100, high: 110, low: 90, close: 105 })).toBeUndefined();
    expect(ohlcProblem({ open: 100, high: 100, low: 100, close: 100 })).toBeUndefined();
  });

  it('names the field at fault', () => {
    expect(ohlcProblem({ open: 100, high: 90, low: 95, close: 92 })?.field).toBe('high');
    expect(ohlcProblem({ open: 100, high: 110, low: 90, close: 111 })).toEqual({
      field: 'high',
      message: 'high 110 is below open/close',
    });
    expect(ohlcProblem({ open: 89, high: 110, low: 90, close: 100 })?.field).toBe('low');
  });

  it('rejects zero, negative and non-finite prices', () => {
    expect(ohlcProblem({ open: 0, high: 1, low: 1, close: 1 })?.field).toBe('open');
    expect(ohlcProblem({ open: 1, high: Number.NaN, low: 1, close: 1 })?.field).toBe('high');
    expect(ohlcProblem({ open: 1, high: 1, low: -1, close: 1 })?.field).toBe('low');
    expect(ohlcProblem({ open: 1, high: Number.POSITIVE_INFINITY, low: 1, close: 1 })?.field).toBe('high');
  });
});

describe('ohlcProblem on values that are not numbers', () => {
  it('rejects a numeric string, even where comparisons would pass', () => {
    const bar = { open: '100', high: 110, low: 90, close: 105 } as unknown as Parameters<
      typeof ohlcProblem
    >[0];
    expect(ohlcProblem(bar)?.field).toBe('open');
  });
});
