import { describe, expect, it } from 'vitest';
import type { Bar } from '../../core/data/bars';
import { floorPass } from './benchFloor';

const bar = (close: number): Bar => ({
  time: 0,
  open: close,
  high: close + 1,
  low: close - 1,
  close,
  oiUsd: 1e9,
});

describe('bench floor', () => {
  it('depends on every bar and on the grid it writes', () => {
    const bars = [bar(100), bar(200), bar(300)];
    const base = floorPass(bars, 4, 10);
    expect(Number.isFinite(base)).toBe(true);
    expect(floorPass([bar(100), bar(250), bar(300)], 4, 10)).not.toBe(base);
    expect(floorPass(bars, 4, 11)).not.toBe(base);
  });
});
