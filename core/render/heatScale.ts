import type { PositionSide } from '../exchanges/types';
import type { HeatGrid } from '../model/types';
import { formatUsdShort } from './format';
import { heatRgb } from './heatColors';

/**
 * The one heat colour scale of the side panel and the CLI's PNG: USD per cell → a colour class.
 *
 * Classes, not a continuous ramp, so the bright end means something a legend can say in dollars.
 * By default the classes are PER-SIDE PERCENTILES of the side's lit cells: the brightest class is
 * the top 0.5 % of that side's lit cells in this window, the next the 97th–99.5th percentile, and so
 * on down to the dimmest, the lower half. Longs and shorts are ranked apart, so a side holding less
 * notional still shows its own structure. `linear` mode cuts equal USD steps of one top shared by
 * both sides instead, so one colour is one dollar amount on either side.
 *
 * The NOISE FLOOR keeps weak cells dark: a cell under `noiseFloor` (default 20 %) of its side's
 * 99th-percentile cell is not drawn. Measured on the shared BTCUSDT 5m recording (12h windows,
 * 52 moments), the per-side distribution of non-empty cells relative to that 99th percentile has a
 * valley at 15–25 % between a tail of faded remnants and the main body: the cells under 20 % are
 * 20 % of the non-empty cells (21 % at 7d) but hold only 4 % (6 %) of the notional.
 *
 * THE INTENSITY THRESHOLD (settings.threshold, the popup's slider) is PER SIDE: a cell stays dark
 * when it holds less than `threshold` × the hottest cell OF ITS OWN SIDE in the window. One
 * definition for every view: the side panel paints with it, the worker cuts the chart's bands with
 * it (core/overlay/bands.ts) and the legends print its USD per side. Per side because the classes
 * are: a share of the hottest cell of both sides would drown a side holding a tenth of the other's
 * notional (all its cells under 60 % of the other side's peak) while its own classes still call its
 * best cells the brightest. It darkens more without re-ranking: classes are computed before it, so
 * moving the threshold never changes a visible cell's colour, it only hides the weaker classes.
 *
 * Pure and DOM-free. Building a scale sorts the non-empty cells of each side once (tens of ms for a
 * 30-day grid); `fillLevels` is a tight loop over the typed arrays for the columns in view.
 */

export type HeatScaleMode = 'percentile' | 'linear';

/** Class boundaries of the default scale, percentiles of a side's lit cells. */
export const DEFAULT_CLASS_PERCENTILES: readonly number[] = [50, 75, 90, 97, 99.5];

/** Cells under this share of their side's 99th-percentile cell stay dark (see the note above). */
export const DEFAULT_NOISE_FLOOR = 0.2;

/** Ramp position of the dimmest class: the ramp's purple, clearly apart from the dark background. */
const DIMMEST_CLASS_AT = 0.3;

export interface HeatScaleOptions {
  /** `percentile` (default): per-side percentile classes; `linear`: equal USD steps of one top. */
  mode?: HeatScaleMode;
  /** Percentile mode: ascending class boundaries in (0, 100); classes = length + 1. */
  percentiles?: readonly number[];
  /** Linear mode: the number of classes (default: as many as the percentile mode's). */
  classes?: number;
  /** Share (0..1) of the side's 99th-percentile cell under which a cell stays dark. */
  noiseFloor?: number;
  /** Share (0..1) of its side's hottest cell under which a cell stays dark: settings.threshold. */
  threshold?: number;
}

/** One side's class boundaries and the counts behind them. */
export interface SideHeatScale {
  side: PositionSide;
  /**
   * bounds[k] is the lower bound, USD per cell, of level k + 1 (k = 0 … classes − 1); non-decreasing.
   * bounds[0] is the side's effective floor. All Infinity when the side has no lit cell.
   */
  bounds: Float64Array;
  /** The noise floor in USD: noiseFloor × p99Usd. */
  noiseFloorUsd: number;
  /** The intensity threshold in USD: threshold × maxUsd (0 without a threshold). */
  thresholdUsd: number;
  /** 99th percentile and largest of the side's non-empty cells, USD. */
  p99Usd: number;
  maxUsd: number;
  /** Cells with any notional, and cells at or over bounds[0] (drawn). */
  nonEmptyCells: number;
  litCells: number;
}

/** One colour of the legend, for one side. */
export interface HeatLegendEntry {
  /** 1 … classes; the colour is palette entry `level`. */
  level: number;
  /** CSS colour, `rgb(r, g, b)`. */
  color: string;
  /** Cells of at least this many USD (and under upperUsd) get this colour. */
  lowerUsd: number;
  /** The next class's lower bound; null for the brightest class. */
  upperUsd: number | null;
  /** "≥ $4.20M" for the brightest class, "$1.20M – $2.35M" otherwise. */
  label: string;
  /** Share (0..1) of the side's lit cells in this class. */
  share: number;
}

export interface HeatScale {
  mode: HeatScaleMode;
  /** Percentile mode: the class boundaries (percentiles of lit cells); [] in linear mode. */
  percentiles: readonly number[];
  /** Number of lit levels; levels run 0 (dark) … classes. */
  classes: number;
  long: SideHeatScale;
  short: SideHeatScale;
  /** RGBA per level, 4 bytes each, (classes + 1) entries; level 0 is transparent black. */
  palette: Uint8ClampedArray;
  /** CSS colour per level; [0] is 'transparent'. */
  colors: readonly string[];
  /**
   * Per side, dimmest class first. Left out: classes no cell can fall in (zero width, from tied
   * percentiles or the threshold) and, in percentile mode, classes no cell of this grid falls in.
   */
  legend: Readonly<Record<PositionSide, readonly HeatLegendEntry[]>>;
  /** One line saying how the classes were made, for a legend's footnote. */
  description: string;
  /** The level (0 = dark) of a cell holding `usd` of `side`'s notional. */
  levelOf(side: PositionSide, usd: number): number;
  /**
   * Levels of columns [fromColumn, toColumn) of `grid`, written to `out` at
   * (column − fromColumn) × grid.rows + row (row 0 lowest, as in the grid), and returned. With
   * `side`, that side's levels; without, the brighter of the two per cell. `out` is allocated when
   * absent; a RangeError when it is too small. Columns are clamped to the grid.
   */
  fillLevels(
    grid: HeatGrid,
    fromColumn: number,
    toColumn: number,
    out?: Uint8Array,
    side?: PositionSide,
  ): Uint8Array;
}

const SIDES: readonly PositionSide[] = ['long', 'short'];

/** The colour scale of `grid` (see the module note). Never NaN; an empty grid gives an all-dark scale. */
export function heatScale(grid: HeatGrid, options: HeatScaleOptions = {}): HeatScale {
  const mode = options.mode ?? 'percentile';
  const percentiles = validPercentiles(options.percentiles ?? DEFAULT_CLASS_PERCENTILES);
  const classes =
    mode === 'linear'
      ? Math.max(1, Math.min(254, Math.floor(options.classes ?? percentiles.length + 1)))
      : percentiles.length + 1;
  const noiseFloor = share(options.noiseFloor, DEFAULT_NOISE_FLOOR);
  const threshold = share(options.threshold, 0);

  const sorted = { long: nonEmptySorted(grid, 'long'), short: nonEmptySorted(grid, 'short') };
  const linearTop = Math.max(last(sorted.long), last(sorted.short));
  const sides = {} as Record<PositionSide, SideHeatScale>;
  const legend = {} as Record<PositionSide, HeatLegendEntry[]>;
  const palette = classPalette(classes);
  const colors = classColors(classes);

  for (const side of SIDES) {
    const values = sorted[side];
    const n = values.length;
    const bounds = new Float64Array(classes).fill(Number.POSITIVE_INFINITY);
    // The lower 99th percentile (numpy's "lower"): a lone extreme cell of a small side is not it.
    const p99Usd = n > 0 ? values[Math.floor(0.99 * (n - 1))]! : 0;
    const noiseFloorUsd = noiseFloor * p99Usd;
    const thresholdUsd = n > 0 ? threshold * values[n - 1]! : 0;
    const floor = Math.max(noiseFloorUsd, thresholdUsd);
    const firstLit = lowerBound(values, noiseFloorUsd);
    const ranked = n - firstLit;
    if (ranked > 0) {
      bounds[0] = floor;
      for (let k = 1; k < classes; k++) {
        const raw =
          mode === 'linear'
            ? (linearTop * k) / classes
            : values[firstLit + Math.min(ranked - 1, Math.floor((percentiles[k - 1]! / 100) * ranked))]!;
        bounds[k] = Math.max(raw, bounds[k - 1]!);
      }
      // A floor above every cell leaves the side dark rather than lighting a class no cell reaches.
      if (floor > values[n - 1]!) bounds.fill(Number.POSITIVE_INFINITY);
    }
    const litCells = n - lowerBound(values, bounds[0]!);
    sides[side] = {
      side,
      bounds,
      noiseFloorUsd,
      thresholdUsd,
      p99Usd,
      maxUsd: n > 0 ? values[n - 1]! : 0,
      nonEmptyCells: n,
      litCells,
    };
    legend[side] = legendOf(bounds, values, litCells, colors, mode === 'percentile');
  }

  const longBounds = sides.long.bounds;
  const shortBounds = sides.short.bounds;
  const levelOf = (side: PositionSide, usd: number) =>
    usd > 0 ? levelIn(side === 'long' ? longBounds : shortBounds, usd) : 0;

  return {
    mode,
    percentiles: mode === 'percentile' ? percentiles : [],
    classes,
    long: sides.long,
    short: sides.short,
    palette,
    colors,
    legend,
    description: describe(mode, percentiles, noiseFloor, options.threshold),
    levelOf,
    fillLevels(grid, fromColumn, toColumn, out, side) {
      const from = Math.max(0, Math.min(grid.columns, Math.floor(fromColumn)));
      const to = Math.max(from, Math.min(grid.columns, Math.floor(toColumn)));
      const cells = (to - from) * grid.rows;
      const target = out ?? new Uint8Array(cells);
      if (target.length < cells) throw new RangeError(`level buffer too small for ${to - from} columns`);
      const offset = from * grid.rows;
      if (side !== 'short') fillSide(grid.long, longBounds, offset, cells, target, false);
      if (side !== 'long') fillSide(grid.short, shortBounds, offset, cells, target, side === undefined);
      return target;
    },
  };
}

/**
 * RGBA per level of a scale of `classes` classes, 4 bytes each, level 0 transparent black: the
 * palette every view paints classes with (the side panel, the PNG and the on-chart overlay, which
 * gets only the class count and the levels from the worker).
 */
export function classPalette(classes: number): Uint8ClampedArray {
  const palette = new Uint8ClampedArray((classes + 1) * 4);
  for (let level = 1; level <= classes; level++) {
    const rgb = heatRgb(
      classes === 1 ? 1 : DIMMEST_CLASS_AT + ((1 - DIMMEST_CLASS_AT) * (level - 1)) / (classes - 1),
    );
    palette.set([rgb[0], rgb[1], rgb[2], 255], level * 4);
  }
  return palette;
}

/** CSS colour per level of classPalette(classes); [0] is 'transparent'. */
export function classColors(classes: number): string[] {
  const palette = classPalette(classes);
  const colors = ['transparent'];
  for (let level = 1; level <= classes; level++) {
    colors.push(`rgb(${palette[level * 4]}, ${palette[level * 4 + 1]}, ${palette[level * 4 + 2]})`);
  }
  return colors;
}

/** The default scale's number of classes (percentile boundaries + 1). */
export const DEFAULT_CLASSES = DEFAULT_CLASS_PERCENTILES.length + 1;

/** Writes the level of cells [offset, offset + cells) into target[0 … cells); `keepBrighter` keeps what is there if brighter. */
function fillSide(
  values: Float32Array,
  bounds: Float64Array,
  offset: number,
  cells: number,
  target: Uint8Array,
  keepBrighter: boolean,
): void {
  const top = bounds.length - 1;
  const floor = bounds[0]!;
  for (let i = 0; i < cells; i++) {
    const v = values[offset + i]!;
    let level = 0;
    if (v > 0 && v >= floor) {
      let k = top;
      while (v < bounds[k]!) k--;
      level = k + 1;
    }
    if (!keepBrighter || level > target[i]!) target[i] = level;
  }
}

function levelIn(bounds: Float64Array, usd: number): number {
  for (let k = bounds.length - 1; k >= 0; k--) if (usd >= bounds[k]!) return k + 1;
  return 0;
}

function legendOf(
  bounds: Float64Array,
  values: Float32Array,
  litCells: number,
  colors: readonly string[],
  dropEmpty: boolean,
): HeatLegendEntry[] {
  const entries: HeatLegendEntry[] = [];
  for (let k = 0; k < bounds.length; k++) {
    const lower = bounds[k]!;
    if (!Number.isFinite(lower)) continue;
    const upper = k + 1 < bounds.length ? bounds[k + 1]! : null;
    if (upper !== null && !(upper > lower)) continue;
    const count = (upper === null ? values.length : lowerBound(values, upper)) - lowerBound(values, lower);
    if (dropEmpty && count === 0) continue;
    entries.push({
      level: k + 1,
      color: colors[k + 1]!,
      lowerUsd: lower,
      upperUsd: upper,
      label: classLabel(lower, upper),
      share: litCells > 0 ? count / litCells : 0,
    });
  }
  return entries;
}

/** A class's USD per cell in words: "≥ $4.20M" for the brightest (no upper bound), "$1.20M – $2.35M" otherwise. */
export function classLabel(lowerUsd: number, upperUsd: number | null): string {
  return upperUsd === null
    ? `≥ ${formatUsdShort(lowerUsd)}`
    : `${formatUsdShort(lowerUsd)} – ${formatUsdShort(upperUsd)}`;
}

function describe(
  mode: HeatScaleMode,
  percentiles: readonly number[],
  noiseFloor: number,
  threshold: number | undefined,
): string {
  const classes =
    mode === 'linear'
      ? 'equal USD steps up to the hottest cell'
      : `per-side percentile classes of lit cells (${percentiles.join(' / ')})`;
  const floor = `cells under ${Math.round(noiseFloor * 100)} % of their side's 99th percentile stay dark`;
  const cut = threshold
    ? `, as do cells under ${Math.round(threshold * 100)} % of their side's hottest cell (the threshold)`
    : '';
  return `${classes}; ${floor}${cut}`;
}

/** The side's non-empty cells, ascending. */
function nonEmptySorted(grid: HeatGrid, side: PositionSide): Float32Array {
  const cells = grid.columns * grid.rows;
  const source = grid[side];
  let n = 0;
  for (let i = 0; i < cells; i++) if (source[i]! > 0) n++;
  const values = new Float32Array(n);
  n = 0;
  for (let i = 0; i < cells; i++) {
    const v = source[i]!;
    if (v > 0) values[n++] = v;
  }
  return values.sort();
}

/** First index whose value is ≥ x (values ascending). */
function lowerBound(values: Float32Array, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const last = (values: Float32Array) => (values.length > 0 ? values[values.length - 1]! : 0);

const share = (value: number | undefined, fallback: number) =>
  value !== undefined && Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : fallback;

function validPercentiles(list: readonly number[]): readonly number[] {
  const ok = list.every((p, i) => p > 0 && p < 100 && (i === 0 || p > list[i - 1]!));
  if (!ok || list.length === 0 || list.length > 254) {
    throw new RangeError(`class percentiles must ascend strictly inside (0, 100): ${list.join(', ')}`);
  }
  return list;
}
