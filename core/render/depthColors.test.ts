import { describe, expect, it } from 'vitest';
import type { DepthRows } from '../depth/depthRows';
import {
  DEPTH_ASK_RGB,
  DEPTH_BID_RGB,
  depthColor,
  depthColorScale,
  depthLevel,
  depthPixels,
} from './depthColors';
import { heatRgb } from './heatColors';
import { CANDLE_DOWN, CANDLE_UP } from './heatImage';

/** Depth rows of `cols` columns × `rows` rows, every cell known and empty unless set. */
function rowsOf(cols: number, rows: number): DepthRows {
  const n = cols * rows;
  return {
    rows,
    cols,
    bidMax: new Float32Array(n),
    askMax: new Float32Array(n),
    bidMean: new Float32Array(n),
    askMean: new Float32Array(n),
    stood: new Float32Array(n),
    known: new Uint8Array(n).fill(1),
    misfit: 0,
  };
}

const hex = (h: string) => [1, 3, 5].map((i) => Number.parseInt(h.slice(i, i + 2), 16));
const distance = (a: readonly number[], b: readonly number[]) =>
  Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);

describe('the side panel depth layer colours', () => {
  it('keeps bids and asks apart from the heat ramp and the candles', () => {
    for (const rgb of [DEPTH_BID_RGB, DEPTH_ASK_RGB]) {
      for (let t = 0; t <= 1; t += 0.01) expect(distance(rgb, heatRgb(t))).toBeGreaterThan(70);
      for (const candle of [CANDLE_UP, CANDLE_DOWN]) expect(distance(rgb, hex(candle))).toBeGreaterThan(70);
    }
    expect(distance(DEPTH_BID_RGB, DEPTH_ASK_RGB)).toBeGreaterThan(150);
  });

  it('cuts each side at its own 5th and 95th percentile of known, non-empty cells', () => {
    const depth = rowsOf(10, 20);
    // Bids 1 … 100 in the first 100 cells; asks ten times larger in the next 100.
    for (let i = 0; i < 100; i++) {
      depth.bidMean[i] = i + 1;
      depth.askMean[100 + i] = 10 * (i + 1);
    }
    // Unknown cells do not count, whatever they hold.
    depth.known[0] = 0;
    depth.bidMean[0] = 1e9;
    const scale = depthColorScale(depth);
    // Bids: 2 … 100 (99 known cells), nearest rank 5 and 95.
    expect(scale.bid).toEqual({ lowUsd: 6, highUsd: 96 });
    expect(scale.ask).toEqual({ lowUsd: 50, highUsd: 950 });
    // The largest seen, when asked for, from its own arrays.
    depth.bidMax[5] = 7;
    expect(depthColorScale(depth, 'max').bid).toEqual({ lowUsd: 7, highUsd: 7 });
    expect(depthColorScale(rowsOf(2, 2)).bid).toEqual({ lowUsd: 0, highUsd: 0 });
  });

  it('places a size on a log scale between the cut-offs', () => {
    const scale = { lowUsd: 1e5, highUsd: 1e7 };
    expect(depthLevel(5e4, scale)).toBe(0);
    expect(depthLevel(1e5, scale)).toBe(0);
    expect(depthLevel(1e6, scale)).toBeCloseTo(0.5, 12);
    expect(depthLevel(1e7, scale)).toBe(1);
    expect(depthLevel(1e9, scale)).toBe(1);
    expect(depthLevel(Number.NaN, scale)).toBe(0);
    // More is always more opaque.
    expect(depthColor('bid', 0.6)[3]).toBeGreaterThan(depthColor('bid', 0.3)[3]);
  });

  it('paints known cells by side, leaves unknown and weak cells transparent, highest row on top', () => {
    const depth = rowsOf(3, 4);
    const cell = (c: number, r: number) => c * 4 + r;
    depth.bidMean[cell(0, 0)] = 1e7; // column 0, lowest row: a strong bid
    depth.askMean[cell(1, 3)] = 1e7; // column 1, highest row: a strong ask
    depth.bidMean[cell(2, 1)] = 1e7; // column 2: strong, but no book reached it
    depth.known[cell(2, 1)] = 0;
    depth.bidMean[cell(2, 2)] = 1e3; // under the cut-off
    depth.askMean[cell(0, 1)] = 1e7; // both sides in one cell: the higher-ranked paints it
    depth.bidMean[cell(0, 1)] = 2e6;
    const scale = {
      bid: { lowUsd: 1e4, highUsd: 1e7 },
      ask: { lowUsd: 1e4, highUsd: 1e7 },
      value: 'mean',
      percentiles: [5, 95],
    } as const;
    const px = depthPixels(depth, scale);
    const at = (c: number, r: number) =>
      Array.from(px.slice(((3 - r) * 3 + c) * 4, ((3 - r) * 3 + c) * 4 + 4));
    expect(at(0, 0)).toEqual(depthColor('bid', 1));
    expect(at(1, 3)).toEqual(depthColor('ask', 1));
    expect(at(0, 1)).toEqual(depthColor('ask', 1));
    expect(at(2, 1)).toEqual([0, 0, 0, 0]);
    expect(at(2, 2)).toEqual([0, 0, 0, 0]);
    expect(at(1, 0)).toEqual([0, 0, 0, 0]);
    // The bid colour is blue-dominant, the ask colour orange (red over green over blue).
    const bid = depthColor('bid', 0.5);
    const ask = depthColor('ask', 0.5);
    expect(bid[2]).toBeGreaterThan(bid[0]);
    expect(ask[0]).toBeGreaterThan(ask[1]);
    expect(ask[1]).toBeGreaterThan(ask[2]);
  });
});
