import type { PositionSide } from '@/core/exchanges/types';
import type { HeatGrid } from '@/core/model/types';
import type { HeatScale } from '@/core/render/heatScale';

/**
 * Heat bands: the heat grid cut into the few hundred rectangles the on-chart overlay draws, in the
 * side panel's colour classes (core/render/heatScale.ts: per-side percentile classes, the noise
 * floor and the per-side intensity threshold). A band is a price range where one side's cells kept
 * one class for a run of consecutive columns; it starts where the positions were opened and ends
 * where price crossed the level (the engine clears a level in the column price crossed it, so the
 * run stops there) or where the class changes. A cell the side panel leaves dark is in no band, and
 * a band is painted in the colour the side panel gives its class: one heat model for both views.
 *
 * Pure: depends on the grid and its scale only, so it runs in the worker (which sends bands to the
 * page) and in tests. The result is plain JSON-safe data for runtime messaging.
 */
export interface HeatBand {
  side: PositionSide;
  priceLow: number;
  priceHigh: number;
  /** Start of the first column with heat, epoch ms. */
  timeStart: number;
  /** End of the last column with heat, epoch ms (the grid's end when the band is still live). */
  timeEnd: number;
  /** Peak cell of the band relative to the hottest cell of its side in the window, 0..1. */
  intensity: number;
  /**
   * The band's colour class in its side's scale, 1 … classes (the side panel's level). Bands from
   * heatBands always carry it; a hand-made band without it (the redraw bench's) is painted by its
   * intensity.
   */
  level?: number;
}

/** A band as heatBands makes it: always with its class. */
export type ClassedHeatBand = HeatBand & { level: number };

export interface HeatBandOptions {
  sides?: readonly PositionSide[];
  /** At most this many bands: the brightest classes first, so each side keeps its top classes. */
  maxBands?: number;
}

export const DEFAULT_MAX_BANDS = 300;

/** A run of consecutive lit columns in one row at one class. Columns are [first, last], inclusive. */
interface RowRun {
  row: number;
  first: number;
  last: number;
  peak: number;
  level: number;
}

interface Stack {
  rowLow: number;
  rowHigh: number;
  first: number;
  last: number;
  peak: number;
  level: number;
}

/** Runs of lit cells row by row, bottom row first; a run ends where the class changes. */
function rowRuns(grid: HeatGrid, values: Float32Array, levels: Uint8Array): RowRun[] {
  const runs: RowRun[] = [];
  const { rows, columns } = grid;
  for (let r = 0; r < rows; r++) {
    let first = -1;
    let peak = 0;
    let level = 0;
    for (let c = 0; c <= columns; c++) {
      const q = c < columns ? levels[c * rows + r]! : 0;
      const v = c < columns ? values[c * rows + r]! : 0;
      if (q !== level && first >= 0) {
        runs.push({ row: r, first, last: c - 1, peak, level });
        first = -1;
      }
      if (q > 0) {
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
 * Stacks runs of adjacent rows that cover the same columns at the same class into one band: a
 * leverage level spread over neighbouring rows, opened and crossed together, is one thing on the
 * chart.
 */
function stackRuns(runs: RowRun[]): Stack[] {
  const open = new Map<string, Stack>();
  const done: Stack[] = [];
  for (const run of runs) {
    const key = `${run.first}:${run.last}:${run.level}`;
    const stack = open.get(key);
    if (stack && stack.rowHigh === run.row - 1) {
      stack.rowHigh = run.row;
      if (run.peak > stack.peak) stack.peak = run.peak;
    } else {
      if (stack) done.push(stack);
      open.set(key, { ...run, rowLow: run.row, rowHigh: run.row });
    }
  }
  done.push(...open.values());
  return done;
}

function columnEnd(grid: HeatGrid, column: number): number {
  return column + 1 < grid.columns ? grid.columnTimes[column + 1]! : grid.timeEnd;
}

/**
 * The grid's bands in `scale`'s classes (build the scale with the trader's threshold: its dark cells
 * are in no band), brightest class first, then the stronger, then the longer; at most `maxBands`.
 * Never NaN.
 */
export function heatBands(
  grid: HeatGrid,
  scale: HeatScale,
  options: HeatBandOptions = {},
): ClassedHeatBand[] {
  const maxBands = Math.max(0, Math.floor(options.maxBands ?? DEFAULT_MAX_BANDS));
  if (grid.columns === 0 || grid.rows === 0 || maxBands === 0) return [];
  const sides = options.sides ?? ['long', 'short'];
  const levels = new Uint8Array(grid.columns * grid.rows);
  const bands: ClassedHeatBand[] = [];
  for (const side of sides) {
    const sideMax = scale[side].maxUsd;
    if (!(sideMax > 0)) continue;
    scale.fillLevels(grid, 0, grid.columns, levels, side);
    for (const stack of stackRuns(rowRuns(grid, grid[side], levels))) {
      bands.push({
        side,
        priceLow: grid.priceMin + stack.rowLow * grid.binSize,
        priceHigh: grid.priceMin + (stack.rowHigh + 1) * grid.binSize,
        timeStart: grid.columnTimes[stack.first]!,
        timeEnd: columnEnd(grid, stack.last),
        intensity: Math.min(1, stack.peak / sideMax),
        level: stack.level,
      });
    }
  }
  bands.sort(
    (a, b) =>
      b.level - a.level || b.intensity - a.intensity || b.timeEnd - b.timeStart - (a.timeEnd - a.timeStart),
  );
  return bands.slice(0, maxBands);
}
