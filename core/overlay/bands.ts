import type { PositionSide } from '@/core/exchanges/types';
import type { HeatGrid } from '@/core/model/types';
import { heatLevel } from '@/core/render/heatColors';

/**
 * Heat bands: the heat grid cut into the few hundred rectangles the on-chart overlay draws. A band
 * is a price range where estimated liquidations stayed over the threshold for a run of consecutive
 * columns; it starts where the positions were opened and ends where price crossed the level (the
 * engine clears a level in the column price crossed it, so the run stops there).
 *
 * Pure: depends on the grid only, so it runs in the worker (which sends bands to the page) and in
 * tests. The result is plain JSON-safe data for runtime messaging.
 */
export interface HeatBand {
  side: PositionSide;
  priceLow: number;
  priceHigh: number;
  /** Start of the first column with heat, epoch ms. */
  timeStart: number;
  /** End of the last column with heat, epoch ms (the grid's end when the band is still live). */
  timeEnd: number;
  /** Peak cell of the band relative to the window's hottest cell, 0..1. */
  intensity: number;
}

export interface HeatBandOptions {
  /** Cells under this share of the window's hottest cell are left out, 0..1. */
  threshold: number;
  sides?: readonly PositionSide[];
  /** At most this many bands, strongest first. */
  maxBands?: number;
}

export const DEFAULT_MAX_BANDS = 300;
/** Strength steps on the colour ramp: a band is split where its colour would visibly change. */
const LEVELS = 8;

/**
 * A run of consecutive hot columns in one row at one strength step (LEVELS steps of the colour
 * ramp), so a band drawn in one colour does not claim its peak over the whole run. Columns are
 * [first, last], inclusive.
 */
interface RowRun {
  row: number;
  first: number;
  last: number;
  peak: number;
  level: number;
}

/** Runs of hot cells row by row, bottom row first; a run ends at the first column under the cut. */
function rowRuns(grid: HeatGrid, values: Float32Array, cut: number, levels: number): RowRun[] {
  const runs: RowRun[] = [];
  const { rows, columns, maxCell } = grid;
  for (let r = 0; r < rows; r++) {
    let first = -1;
    let peak = 0;
    let level = -1;
    for (let c = 0; c <= columns; c++) {
      const v = c < columns ? values[c * rows + r]! : 0;
      const q = v >= cut && v > 0 ? Math.min(levels - 1, Math.floor(heatLevel(v, maxCell) * levels)) : -1;
      if (q !== level && first >= 0) {
        runs.push({ row: r, first, last: c - 1, peak, level });
        first = -1;
      }
      if (q >= 0) {
        if (first < 0) {
          first = c;
          peak = v;
        } else if (v > peak) peak = v;
      }
      level = q;
    }
  }
  return runs;
}

/**
 * Stacks runs of adjacent rows that cover the same columns at the same strength step into one
 * band: a leverage level spread over neighbouring rows, opened and crossed together, is one thing
 * on the chart.
 */
function stackRuns(
  runs: RowRun[],
): { rowLow: number; rowHigh: number; first: number; last: number; peak: number }[] {
  const open = new Map<
    string,
    { rowLow: number; rowHigh: number; first: number; last: number; peak: number }
  >();
  const done: { rowLow: number; rowHigh: number; first: number; last: number; peak: number }[] = [];
  for (const run of runs) {
    const key = `${run.first}:${run.last}:${run.level}`;
    const stack = open.get(key);
    if (stack && stack.rowHigh === run.row - 1) {
      stack.rowHigh = run.row;
      if (run.peak > stack.peak) stack.peak = run.peak;
    } else {
      if (stack) done.push(stack);
      open.set(key, { rowLow: run.row, rowHigh: run.row, first: run.first, last: run.last, peak: run.peak });
    }
  }
  done.push(...open.values());
  return done;
}

function columnEnd(grid: HeatGrid, column: number): number {
  return column + 1 < grid.columns ? grid.columnTimes[column + 1]! : grid.timeEnd;
}

/** The grid's bands over the threshold, strongest first, at most `maxBands`. Never NaN. */
export function heatBands(grid: HeatGrid, options: HeatBandOptions): HeatBand[] {
  const maxBands = Math.max(0, Math.floor(options.maxBands ?? DEFAULT_MAX_BANDS));
  if (!(grid.maxCell > 0) || grid.columns === 0 || grid.rows === 0 || maxBands === 0) return [];
  const threshold = Number.isFinite(options.threshold) ? Math.min(1, Math.max(0, options.threshold)) : 0;
  const cut = threshold * grid.maxCell;
  const sides = options.sides ?? ['long', 'short'];
  const bands: HeatBand[] = [];
  for (const side of sides) {
    for (const stack of stackRuns(rowRuns(grid, grid[side], cut, LEVELS))) {
      bands.push({
        side,
        priceLow: grid.priceMin + stack.rowLow * grid.binSize,
        priceHigh: grid.priceMin + (stack.rowHigh + 1) * grid.binSize,
        timeStart: grid.columnTimes[stack.first]!,
        timeEnd: columnEnd(grid, stack.last),
        intensity: Math.min(1, stack.peak / grid.maxCell),
      });
    }
  }
  bands.sort((a, b) => b.intensity - a.intensity || b.timeEnd - b.timeStart - (a.timeEnd - a.timeStart));
  return bands.slice(0, maxBands);
}
