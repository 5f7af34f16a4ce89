import { type Bar, commonSpacing } from '../data/bars';
import { frozenOpenInterestRuns, unfreezeNewest, unfreezeOpenInterest } from '../data/openInterest';
import type { ExchangeId } from '../exchanges/types';
import { barsFrom, checkBar, HeatmapInputError } from './barInput';
import { ColumnMaxCache, readColumn, type View, viewOf } from './columnView';
import type { EngineConfig } from './config';
import {
  bookBinSize,
  CandleRing,
  ColumnRing,
  columnSpanMs,
  emptyHeatGrid,
  layoutWithin,
  type RowLayout,
  rowLayout,
  widenLayout,
} from './heatGrid';
import { defaultWarmUpMs } from './heatmapOptions';
import { LevelBook } from './levelBook';
import { columnProfile, liquidationProfile } from './profile';
import type {
  HeatFilter,
  HeatmapResult,
  LiquidationProfile,
  NewestColumn,
  OiGap,
  WindowId,
  Zone,
} from './types';
import { WINDOW_MS } from './types';
import { findZones, type SideMaxima } from './zones';

export interface HeatEngineOptions {
  /** Each market's bars, checked and sorted (prepareBars); the first market sets price and candles. */
  series: ReadonlyArray<readonly [ExchangeId, Bar[]]>;
  window: WindowId;
  config: EngineConfig;
  /** The leverage tiers summed into the columns (tierMaskFor); null: every tier. */
  tierMask: Uint8Array | null;
  /** Bar interval, ms; the first market's most common spacing when absent. */
  intervalMs?: number;
  /** The window ends with the column holding this time; default the newest bar. */
  at?: number;
  /** A live session: rows are stored with a margin, so appends rarely re-lay them. */
  live?: boolean;
  /** History replayed before the window, ms (see heatmapOptions.ts); default defaultWarmUpMs. */
  warmUpMs?: number;
  /** The symbol's price step: the book's bin is never finer (bookBinSize). */
  tickSize?: number;
}

interface Feed {
  exchange: ExchangeId;
  /** The bars as given (open interest as given: frozen runs are blanked when replayed). */
  bars: Bar[];
  book: LevelBook;
  /** The book before the newest bar, so a bar replacing the in-progress bar can be re-applied. */
  undo: LevelBook;
  ring: ColumnRing;
  candles: CandleRing | undefined;
  candleUndo: ReturnType<CandleRing['save']> | undefined;
}

/** The mask of the tiers a leverage filter keeps; null when it keeps them all. */
export function tierMaskFor(
  config: EngineConfig,
  leverages: readonly number[] | undefined,
): Uint8Array | null {
  if (leverages === undefined) return null;
  const mask = Uint8Array.from(config.leverage.tiers, (l) => (leverages.includes(l) ? 1 : 0));
  return mask.every((m) => m === 1) ? null : mask;
}

function sameMask(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * One or more markets' level books and the heat grid's columns for one window. Appending a bar
 * updates its book and the newest column; the rows are re-laid (a full replay) only when the
 * window's price range leaves its snapped range.
 */
export class HeatEngine {
  private readonly feeds: Feed[];
  private readonly windowMs: number;
  private readonly window: WindowId;
  private readonly config: EngineConfig;
  private readonly tierMask: Uint8Array | null;
  private readonly colMs: number;
  private readonly bookBin: number;
  private readonly tickSize: number | undefined;
  private readonly quantumBins: number;
  private readonly capacity: number;
  private readonly intervalMs: number;
  private readonly fixedAt: number | undefined;
  /** Rows shown, and the wider band of rows stored (a live session keeps a margin to crop from). */
  private layout: RowLayout = { rowBaseBin: 0, factor: 1, rows: 1 };
  private store: RowLayout = { rowBaseBin: 0, factor: 1, rows: 1 };
  private readonly live: boolean;
  private at = 0;
  private firstCol = 0;
  private lastCol = 0;
  private readonly maxCells: ColumnMaxCache;

  constructor(options: HeatEngineOptions) {
    const { window, config, intervalMs } = options;
    this.tickSize = options.tickSize;
    this.live = options.live ?? false;
    if (options.series.length === 0) throw new HeatmapInputError('no market given');
    if (!(window in WINDOW_MS)) throw new HeatmapInputError(`unknown window ${String(window)}`);
    this.window = window;
    this.windowMs = WINDOW_MS[window];
    this.config = config;
    this.tierMask = options.tierMask;
    this.fixedAt = options.at;
    this.intervalMs =
      intervalMs !== undefined && intervalMs > 0 ? intervalMs : commonSpacing(options.series[0]![1]);
    this.colMs = columnSpanMs(this.windowMs, this.intervalMs, config.grid.maxColumns);
    const series = this.afterWarmUpStart(options.series, options.warmUpMs ?? defaultWarmUpMs(config));
    const refPrice = series[0]![1][0]!.close;
    this.bookBin = bookBinSize(refPrice, config.grid.bookBinPct[window], options.tickSize);
    this.quantumBins = Math.max(1, Math.round((config.grid.rangeQuantumPct * refPrice) / this.bookBin));
    this.capacity = Math.ceil(this.windowMs / this.colMs) + 3;
    this.maxCells = new ColumnMaxCache(this.capacity);
    this.feeds = series.map(([exchange, bars], i) => ({
      exchange,
      bars,
      book: new LevelBook(this.bookBin, exchange, config),
      undo: new LevelBook(this.bookBin, exchange, config),
      ring: new ColumnRing(1, 1),
      candles: i === 0 ? new CandleRing(this.capacity) : undefined,
      candleUndo: undefined,
    }));
    this.build();
  }

  /** Each market's bars from the warm-up start on (see the contract in heatmapOptions.ts). */
  private afterWarmUpStart(
    series: ReadonlyArray<readonly [ExchangeId, Bar[]]>,
    warmUpMs: number,
  ): ReadonlyArray<readonly [ExchangeId, Bar[]]> {
    if (!(warmUpMs < Number.POSITIVE_INFINITY)) return series;
    let newest = this.fixedAt ?? Number.NEGATIVE_INFINITY;
    for (const [, bars] of series) newest = Math.max(newest, bars[bars.length - 1]!.time);
    const from = this.firstColFor(this.colOf(newest)) * this.colMs - Math.max(0, warmUpMs);
    return series.map(([exchange, bars]) => [exchange, barsFrom(bars, from)] as const);
  }

  private colOf(time: number): number {
    return Math.floor(time / this.colMs);
  }

  /** The window is the ceil(window / column span) columns ending with the one holding `at`. */
  private firstColFor(lastCol: number): number {
    return lastCol - Math.ceil(this.windowMs / this.colMs) + 1;
  }

  private newestTime(): number {
    let t = Number.NEGATIVE_INFINITY;
    for (const f of this.feeds) t = Math.max(t, f.bars[f.bars.length - 1]!.time);
    return this.fixedAt !== undefined ? Math.max(t, this.fixedAt) : t;
  }

  private layoutFor(firstCol: number): RowLayout {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const f of this.feeds) {
      for (let i = f.bars.length - 1; i >= 0; i--) {
        const b = f.bars[i]!;
        if (this.colOf(b.time) < firstCol) break;
        if (b.low < lo) lo = b.low;
        if (b.high > hi) hi = b.high;
      }
    }
    const price = this.price();
    if (!Number.isFinite(lo)) {
      lo = price;
      hi = price;
    }
    return rowLayout(lo, hi, price, this.bookBin, this.quantumBins, this.config.grid);
  }

  /** The newest close of the first market: the price the grid, map and zones are read against. */
  private price(): number {
    const ref = this.feeds[0]!.bars;
    return ref[ref.length - 1]!.close;
  }

  /** Replays every bar: books from scratch, then the window's columns. */
  private build(): void {
    this.maxCells.invalidateAll();
    this.at = this.newestTime();
    this.lastCol = this.colOf(this.at);
    this.firstCol = this.firstColFor(this.lastCol);
    this.layout = this.layoutFor(this.firstCol);
    this.store = this.live ? widenLayout(this.layout, Math.ceil(this.layout.rows / 2)) : this.layout;
    for (const f of this.feeds) {
      f.book = new LevelBook(this.bookBin, f.exchange, this.config);
      f.ring = new ColumnRing(this.capacity, this.store.rows);
      if (f.candles) f.candles = new CandleRing(this.capacity);
      const bars = unfreezeOpenInterest(f.bars).bars;
      const n = bars.length;
      let i = 0;
      for (; i < n && this.colOf(bars[i]!.time) < this.firstCol; i++) {
        if (i === n - 1) this.saveUndo(f);
        this.apply(f, bars[i]!);
      }
      f.ring.snapshot(f.book, this.firstCol - 1, this.store, this.tierMask);
      for (; i < n; i++) {
        const bar = bars[i]!;
        const col = this.colOf(bar.time);
        if (col > f.ring.lastCol + 1) f.ring.repeat(f.ring.lastCol, col - 1);
        if (i === n - 1) this.saveUndo(f);
        this.apply(f, bar);
        if (i === n - 1 || this.colOf(bars[i + 1]!.time) !== col)
          f.ring.snapshot(f.book, col, this.store, this.tierMask);
      }
    }
  }

  private saveUndo(f: Feed): void {
    f.undo.copyFrom(f.book);
    f.candleUndo = f.candles?.save();
  }

  /** One bar into the market's book and (first market) candles. */
  private apply(f: Feed, bar: Bar): void {
    f.book.process(bar);
    f.candles?.add(this.colOf(bar.time), bar.open, bar.high, bar.low, bar.close);
  }

  /** Adds a bar (or replaces the newest bar when the time is the same: the in-progress bar). */
  append(exchange: ExchangeId, bar: Bar): void {
    const f = this.feeds.find((x) => x.exchange === exchange);
    if (!f) throw new HeatmapInputError(`no ${exchange} market in this session`);
    checkBar(bar, `${exchange} bar`);
    const last = f.bars[f.bars.length - 1]!;
    if (bar.time < last.time) {
      throw new HeatmapInputError(
        `${exchange} bar at ${bar.time} is older than the newest bar (${last.time})`,
      );
    }
    if (bar.time === last.time) {
      f.book.copyFrom(f.undo);
      if (f.candles && f.candleUndo) f.candles.restore(f.candleUndo);
      f.bars[f.bars.length - 1] = bar;
    } else {
      this.saveUndo(f);
      f.bars.push(bar);
    }
    const at = this.newestTime();
    const firstCol = this.firstColFor(this.colOf(at));
    const layout = this.layoutFor(firstCol);
    if (!layoutWithin(layout, this.store)) {
      this.build();
      return;
    }
    this.layout = layout;
    this.at = at;
    this.firstCol = firstCol;
    this.lastCol = this.colOf(at);
    const col = this.colOf(bar.time);
    this.maxCells.invalidateFrom(Math.min(col, f.ring.lastCol + 1));
    if (col > f.ring.lastCol + 1) f.ring.repeat(f.ring.lastCol, col - 1);
    this.apply(f, unfreezeNewest(f.bars));
    f.ring.snapshot(f.book, col, this.store, this.tierMask);
  }

  /** The bars behind this engine (for a replay under another leverage filter). */
  series(): Array<readonly [ExchangeId, Bar[]]> {
    return this.feeds.map((f) => [f.exchange, f.bars] as const);
  }

  result(filter: HeatFilter | undefined): HeatmapResult {
    const mask = tierMaskFor(this.config, filter?.leverages);
    if (sameMask(mask, this.tierMask)) return this.render(filter);
    // Columns hold the tiers summed, so another leverage filter is a replay of the same books
    // (the bars here are already cut at this engine's warm-up start, hence no second cut).
    const other = new HeatEngine({
      series: this.series(),
      window: this.window,
      config: this.config,
      tierMask: mask,
      intervalMs: this.intervalMs,
      at: this.fixedAt,
      warmUpMs: Number.POSITIVE_INFINITY,
      tickSize: this.tickSize,
    });
    return other.render(filter);
  }

  /** The window's grid, map and zones from the stored columns (this engine's tier mask). */
  private render(filter: HeatFilter | undefined): HeatmapResult {
    const { rows, rowBaseBin, factor } = this.layout;
    const columns = this.lastCol - this.firstCol + 1;
    const grid = emptyHeatGrid(columns, rows);
    const binSize = this.bookBin * factor;
    grid.binSize = binSize;
    grid.priceMin = rowBaseBin * this.bookBin;
    grid.priceMax = grid.priceMin + rows * binSize;
    grid.timeStart = this.firstCol * this.colMs;
    grid.timeEnd = (this.lastCol + 1) * this.colMs;
    const view = this.viewOf(filter);
    const ref = this.feeds[0]!;
    const fallback = ref.bars[0]!.open;
    for (let c = 0; c < columns; c++) {
      const col = this.firstCol + c;
      grid.columnTimes[c] = col * this.colMs;
      readColumn(view, col, rows, grid.long, grid.short, c * rows);
      ref.candles!.read(col, c, grid, fallback);
    }
    const maxima = this.maxCells.windowMax(view, this.firstCol, this.lastCol, rows);
    grid.maxCell = maxima.cell;
    const price = this.price();
    const profile = liquidationProfile(grid, price);
    return {
      at: this.at,
      window: this.window,
      price,
      grid,
      profile,
      zones: this.zonesOf(profile, maxima),
      oiGaps: oiGapsOf(view),
    };
  }

  private zonesOf(profile: LiquidationProfile, sideMax: SideMaxima): Zone[] {
    const z = this.config.zones;
    return findZones(profile, sideMax, z.hotShareOfMax, z.perSide, z.splitBelowPeakShare);
  }

  private viewOf(filter: Omit<HeatFilter, 'leverages'> | undefined): View<Feed> {
    return viewOf(this.feeds, filter, this.layout, this.store);
  }

  /** The newest column with its map and zones (see NewestColumn): O(rows + columns) per call. */
  newestColumn(filter: Omit<HeatFilter, 'leverages'> | undefined): NewestColumn {
    const { rows, rowBaseBin, factor } = this.layout;
    const view = this.viewOf(filter);
    const col = this.lastCol;
    const long = new Float32Array(rows);
    const short = new Float32Array(rows);
    readColumn(view, col, rows, long, short, 0);
    const ref = this.feeds[0]!;
    const candle = emptyHeatGrid(1, 0);
    ref.candles!.read(col, 0, candle, ref.bars[0]!.open);
    const price = this.price();
    const priceMin = rowBaseBin * this.bookBin;
    const binSize = this.bookBin * factor;
    const maxima = this.maxCells.windowMax(view, this.firstCol, this.lastCol, rows);
    const profile = columnProfile(long, short, 0, rows, priceMin, binSize, price);
    return {
      at: this.at,
      price,
      time: col * this.colMs,
      timeStart: this.firstCol * this.colMs,
      rows,
      priceMin,
      binSize,
      long,
      short,
      open: candle.open[0]!,
      high: candle.high[0]!,
      low: candle.low[0]!,
      close: candle.close[0]!,
      maxCell: maxima.cell,
      profile,
      zones: this.zonesOf(profile, maxima),
    };
  }
}

/** The frozen open-interest runs of the markets in view, oldest first. */
function oiGapsOf(view: View<Feed>): OiGap[] {
  const gaps = view.feeds.flatMap((f) =>
    frozenOpenInterestRuns(f.bars).map(({ from, to }) => ({ exchange: f.exchange, from, to })),
  );
  return gaps.sort((a, b) => a.from - b.from);
}
