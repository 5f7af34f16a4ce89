import { describe, expect, it } from 'vitest';
import { type DepthRows, depthAt } from './depthRows';

describe('depthAt: the recorded depth in one cell of the grid', () => {
  // 2 columns × 3 rows, cell index column * rows + row.
  const depth: DepthRows = {
    rows: 3,
    cols: 2,
    bidMax: Float32Array.from([9, 0, 0, 8, 0, 0]),
    askMax: Float32Array.from([0, 0, 7, 0, 0, 6]),
    bidMean: Float32Array.from([4, 0, 0, 3, 0, 0]),
    askMean: Float32Array.from([0, 0, 2, 0, 0, 1]),
    stood: Float32Array.from([10, 0, 5, 10, 0, 0]),
    known: Uint8Array.from([1, 1, 1, 1, 1, 0]),
    misfit: 0,
  };

  it('reads the mean by default, the largest seen when asked', () => {
    expect(depthAt(depth, 0, 0)).toEqual({ bidUsd: 4, askUsd: 0, stoodSec: 10 });
    expect(depthAt(depth, 1, 0, 'max')).toEqual({ bidUsd: 8, askUsd: 0, stoodSec: 10 });
    expect(depthAt(depth, 0, 2)).toEqual({ bidUsd: 0, askUsd: 2, stoodSec: 5 });
    // Known and empty is zero, not unknown.
    expect(depthAt(depth, 1, 1)).toEqual({ bidUsd: 0, askUsd: 0, stoodSec: 0 });
  });

  it('says unknown where no book reached, and outside the grid', () => {
    expect(depthAt(depth, 1, 2)).toBeUndefined();
    expect(depthAt(depth, 2, 0)).toBeUndefined();
    expect(depthAt(depth, 0, -1)).toBeUndefined();
    expect(depthAt(depth, 0, 3)).toBeUndefined();
  });
});
