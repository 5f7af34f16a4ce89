import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../model/config';
import { niceBinSize } from '../model/heatGrid';
import { WINDOWS } from '../model/types';
import { depthBinSize, depthSpanBins, reachBins, rowsOnDepthBins } from './depthBins';

describe('depth bins', () => {
  it('are the level book bin of the finest windows (12h, 24h, 3d)', () => {
    expect(depthBinSize(91_000)).toBe(20);
    expect(depthBinSize(91_000)).toBe(niceBinSize(91_000 * DEFAULT_CONFIG.grid.bookBinPct['12h']));
    expect(depthBinSize(3_100)).toBe(0.5);
    expect(depthBinSize(60_000)).toBe(10);
    expect(() => depthBinSize(0)).toThrow(RangeError);
  });

  it('divide every window’s book bin at BTC prices around $91k, so each grid row is whole depth bins', () => {
    for (const price of [80_000, 91_000, 100_000]) {
      const depthBin = depthBinSize(price);
      for (const w of WINDOWS) {
        const bookBin = niceBinSize(price * DEFAULT_CONFIG.grid.bookBinPct[w]);
        for (const factor of [1, 2, 3, 7]) {
          const fit = rowsOnDepthBins({ rowBaseBin: 4_321 * factor, factor, rows: 10 }, bookBin, depthBin);
          expect(fit, `${w} at ${price}, factor ${factor}`).toBeDefined();
          expect(fit!.perRow * depthBin).toBeCloseTo(factor * bookBin, 9);
          expect(fit!.firstBin * depthBin).toBeCloseTo(4_321 * factor * bookBin, 6);
        }
      }
    }
  });

  it('say so when a row cuts a depth bin (7d at $120k: $50 book bins over $20 depth bins)', () => {
    expect(depthBinSize(120_000)).toBe(20);
    const bookBin7d = niceBinSize(120_000 * DEFAULT_CONFIG.grid.bookBinPct['7d']);
    expect(bookBin7d).toBe(50);
    expect(rowsOnDepthBins({ rowBaseBin: 2_000, factor: 1, rows: 10 }, bookBin7d, 20)).toBeUndefined();
    expect(rowsOnDepthBins({ rowBaseBin: 2_000, factor: 2, rows: 10 }, bookBin7d, 20)).toEqual({
      firstBin: 5_000,
      perRow: 5,
    });
  });

  it('keep ±5 % of the mid, at most 250 bins a side', () => {
    // ±5 % of 91,000 = [86,450, 95,550]: whole $20 bins 4,323 (86,460) … 4,776 (95,520–95,540).
    expect(depthSpanBins(91_000, 20)).toEqual({ lo: 4_323, hi: 4_776 });
    // At $150k ±5 % would be 750 bins: capped at the mid bin 7,500 ± 250.
    expect(depthSpanBins(150_000, 20)).toEqual({ lo: 7_250, hi: 7_750 });
  });

  it('count a bin the reach cuts as unknown, and a bin on the reach’s edge as known', () => {
    expect(reachBins(90_000, 92_000, 20)).toEqual({ lo: 4_500, hi: 4_599 });
    expect(reachBins(90_005, 91_999.9, 20)).toEqual({ lo: 4_501, hi: 4_598 });
    expect(reachBins(86_440.1, 86_440.3, 0.1)).toEqual({ lo: 864_401, hi: 864_402 });
    const empty = reachBins(90_001, 90_019, 20);
    expect(empty.lo).toBeGreaterThan(empty.hi);
  });
});
