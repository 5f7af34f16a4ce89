import { type Bar, commonSpacing } from '../data/bars';
import type { ExchangeId } from '../exchanges/types';
import { DEFAULT_CONFIG, type EngineConfig } from './config';
import {
  CandleRing,
  ColumnRing,
  columnSpanMs,
  emptyHeatGrid,
  layoutWithin,
  niceBinSize,
  type RowLayout,
  rowLayout,
  widenLayout,
} from './heatGrid';
import { LevelBook } from './levelBook';
import { columnProfile, liquidationProfile } from './profile';
import type { HeatFilter, HeatmapResult, LiquidationProfile, WindowId, Zone } from './types';
import { WINDOW_MS } from './types';
import { findZones } from './zones';

/**
 * The engine's public entry points. Contract for input (documented here once):
 * - Bars may come unsorted: they are sorted by time; a repeated time keeps the later bar (as the
 *   CSV parser does). Empty input, or a bar with a non-finite or non-positive price, high < low,
 *   or open/close outside [low, high], is rejected with a HeatmapInputError naming the bar.
 * - oiUsd that is not a finite positive number is treated as not known (the level book checks).
 * - Bars are not copied: the engine keeps references and never mutates them.
 * - Warm-up: the book is built from the bars in the `warmUpMs` before the window's first column
 *   (default: WARM_UP_HALF_LIVES ageing half-lives, 14 days with the default 48 h; see
 *   defaultWarmUpMs); older bars are skipped. Ageing alone leaves a level opened before that
 *   horizon at most 2^−7 < 0.8 % of its notional by the window's start (less by every later
 *   column); measured on the recorded 5-minute data, see TUNING.md "Warm-up horizon". Without
 *   ageing, or with `warmUpMs: Infinity`, every bar given is replayed. The level-book bin is sized
 *   from the first bar replayed, so passing more history than the warm-up changes nothing. A
 *   session cuts once, when built: its later appends (and any re-laying of rows) replay from that
 *   same first bar.
 * - The window is the ceil(window / column span) columns ending with the one holding `at`
 *   (144 columns for 12h of 5-minute bars).
 * - `at` defaults to the newest bar; only bars with time ≤ at are used.
 */

export class HeatmapInputError extends Error {
  override name = 'HeatmapInputError';
}

export type EngineResult<T> = { ok: true; value: T } | { ok: false; error: string };

export interface HeatmapOptions {
  window: WindowId;
  at?: number;
  config?: EngineConfig;
  filter?: HeatFilter;
  exchange?: ExchangeId;
  /** Bar interval, ms; inferred from the bars (their most common spacing) when absent. */
  intervalMs?: number;
  /** History replayed before the window, ms (see the contract above); default defaultWarmUpMs. */
  warmUpMs?: number;
}

export interface MultiHeatmapOptions {
  window: WindowId;
  at?: number;
  config?: EngineConfig;
  filter?: HeatFilter;
  intervalMs?: number;
  warmUpMs?: number;
}

/**
 * Half-lives of warm-up before a window: 2^−7 < 0.8 % of a level's notional survives ageing over
 * that span, the ε the engine accepts for not replaying older history.
 */
export const WARM_UP_HALF_LIVES = 7;

/** The default warm-up, ms: WARM_UP_HALF_LIVES half-lives, or everything when levels do not age. */
export function defaultWarmUpMs(config: EngineConfig): number {
  const h = config.ageing.halfLifeHours;
  return h === null ? Number.POSITIVE_INFINITY : WARM_UP_HALF_LIVES * h * 3_600_000;
}

/** Index of the first bar at or after `time` (bars sorted by time). */
function firstAtOrAfter(bars: readonly Bar[], time: number): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid]!.time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What a live heatmap needs per new bar: the newest column of result().grid, with the map beside
 * it and the zones, without rebuilding the grid. `rows`, `priceMin`, `binSize` and `timeStart`
 * equal result()'s: when they differ from the grid on screen (rows re-laid, or more than one new
 * column after a gap), take a full result() instead.
 */
export interface NewestColumn {
  at: number;
  price: number;
  /** Start time of the newest column, and of the window's first column, epoch ms. */
  time: number;
  timeStart: number;
  rows: number;
  priceMin: number;
  binSize: number;
  long: Float32Array;
  short: Float32Array;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Largest long + short cell of the whole window (as result().grid.maxCell). */
  maxCell: number;
  profile: LiquidationProfile;
  zones: Zone[];
}

function checkPrice(name: string, v: number, where: string): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new HeatmapInputError(`${where}: ${name} ${v} is not a positive number`);
  }
}

function checkBar(bar: Bar, where: string): void {
  const { time, open, high, low, close } = bar;
  if (!Number.isSafeInteger(time) || time < 0)
    throw new HeatmapInputError(`${where}: time ${time} is not epoch ms`);
  checkPrice('open', open, where);
  checkPrice('high', high, where);
  checkPrice('low', low, where);
  checkPrice('close', close, where);
  if (high < low || open > high || open < low || close > high || close < low) {
    throw new HeatmapInputError(
      `${where}: prices inconsistent (open ${open}, high ${high}, low ${low}, close ${close})`,
    );
  }
}

/** Validated, sorted, de-duplicated copy of a bar series (see the contract above). */
export function prepareBars(bars: readonly Bar[], label = 'bars'): Bar[] {
  if (!Array.isArray(bars) || bars.length === 0) throw new HeatmapInputError(`${label}: no bars given`);
  const out: Bar[] = [];
  let sorted = true;
  for (let i = 0; i < bars.length; i++) {
    const bar = bars[i]!;
    checkBar(bar, `${label}[${i}]`);
    if (i > 0 && bar.time <= bars[i - 1]!.time) sorted = false;
    out.push(bar);
  }
  if (sorted) return out;
  const order = out.map((b, i) => [b, i] as const).sort((a, b) => a[0].time - b[0].time || a[1] - b[1]);
  const dedup: Bar[] = [];
  for (const [b] of order) {
    if (dedup.length > 0 && dedup[dedup.length - 1]!.time === b.time) dedup[dedup.length - 1] = b;
    else dedup.push(b);
  }
  return dedup;
}

interface Feed {
  exchange: ExchangeId;
  bars: Bar[];
  book: LevelBook;
  /** The book before the newest bar, so a bar replacing the in-progress bar can be re-applied. */
  undo: LevelBook;
  ring: ColumnRing;
  candles: CandleRing | undefined;
  candleUndo: ReturnType<CandleRing['save']> | undefined;
}

function tierMaskFor(config: EngineConfig, leverages: readonly number[] | undefined): Uint8Array | null {
  if (leverages === undefined) return null;
  const mask = Uint8Array.from(config.leverage.tiers, (l) => (leverages.includes(l) ? 1 : 0));
  return mask.every((m) => m === 1) ? null : mask;
}

/**
 * One or more markets' level books and the heat grid's columns for one window. Appending a bar
 * updates its book and the newest column; the rows are re-laid (a full replay) only when the
 * window's price range leaves its snapped range.
 */
class HeatEngine {
  private readonly feeds: Feed[];
  private readonly windowMs: number;
  private readonly window: WindowId;
  private readonly config: EngineConfig;
  private readonly tierMask: Uint8Array | null;
  private readonly colMs: number;
  private readonly bookBin: number;
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
  /** Per ring slot, the largest cell of that column (see windowMaxCell), and what it is valid for. */
  private colMax = new Float64Array(0);
  private colMaxKey = '';
  /** Columns up to colMaxValid were computed; those from colMaxStaleFrom on changed since. */
  private colMaxValid = Number.NEGATIVE_INFINITY;
  private colMaxStaleFrom = Number.NEGATIVE_INFINITY;

  constructor(
    series: ReadonlyArray<readonly [ExchangeId, Bar[]]>,
    window: WindowId,
    config: EngineConfig,
    tierMask: Uint8Array | null,
    intervalMs: number | undefined,
    at: number | undefined,
    live = false,
    warmUpMs = defaultWarmUpMs(config),
  ) {
    this.live = live;
    if (series.length === 0) throw new HeatmapInputError('no market given');
    if (!(window in WINDOW_MS)) throw new HeatmapInputError(`unknown window ${String(window)}`);
    this.window = window;
    this.windowMs = WINDOW_MS[window];
    this.config = config;
    this.tierMask = tierMask;
    this.fixedAt = at;
    this.intervalMs = intervalMs !== undefined && intervalMs > 0 ? intervalMs : commonSpacing(series[0]![1]);
    this.colMs = columnSpanMs(this.windowMs, this.intervalMs, config.grid.maxColumns);
    series = this.afterWarmUpStart(series, warmUpMs);
    const ref = series[0]![1];
    const refPrice = ref[0]!.close;
    this.bookBin = niceBinSize(refPrice * config.grid.bookBinPct[window]);
    this.quantumBins = Math.max(1, Math.round((config.grid.rangeQuantumPct * refPrice) / this.bookBin));
    this.capacity = Math.ceil(this.windowMs / this.colMs) + 3;
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

  /** Each market's bars from the warm-up start on (see the contract above). */
  private afterWarmUpStart(
    series: ReadonlyArray<readonly [ExchangeId, Bar[]]>,
    warmUpMs: number,
  ): ReadonlyArray<readonly [ExchangeId, Bar[]]> {
    if (!(warmUpMs < Number.POSITIVE_INFINITY)) return series;
    let newest = this.fixedAt ?? Number.NEGATIVE_INFINITY;
    for (const [, bars] of series) newest = Math.max(newest, bars[bars.length - 1]!.time);
    const from = this.firstColFor(this.colOf(newest)) * this.colMs - Math.max(0, warmUpMs);
    return series.map(([exchange, bars]) => {
      const i = Math.min(firstAtOrAfter(bars, from), bars.length - 1);
      return [exchange, i > 0 ? bars.slice(i) : bars] as const;
    });
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
    const ref = this.feeds[0]!.bars;
    const price = ref[ref.length - 1]!.close;
    if (!Number.isFinite(lo)) {
      lo = price;
      hi = price;
    }
    return rowLayout(lo, hi, price, this.bookBin, this.quantumBins, this.config.grid);
  }

  /** Replays every bar: books from scratch, then the window's columns. */
  private build(): void {
    this.colMaxStaleFrom = Number.NEGATIVE_INFINITY;
    this.at = this.newestTime();
    this.lastCol = this.colOf(this.at);
    this.firstCol = this.firstColFor(this.lastCol);
    this.layout = this.layoutFor(this.firstCol);
    this.store = this.live ? widenLayout(this.layout, Math.ceil(this.layout.rows / 2)) : this.layout;
    for (const f of this.feeds) {
      f.book = new LevelBook(this.bookBin, f.exchange, this.config);
      f.ring = new ColumnRing(this.capacity, this.store.rows);
      if (f.candles) f.candles = new CandleRing(this.capacity);
      const bars = f.bars;
      const n = bars.length;
      let i = 0;
      for (; i < n && this.colOf(bars[i]!.time) < this.firstCol; i++) {
        if (i === n - 1) this.saveUndo(f);
        f.book.process(bars[i]!);
        this.addCandle(f, bars[i]!);
      }
      f.ring.snapshot(f.book, this.firstCol - 1, this.store, this.tierMask);
      for (; i < n; i++) {
        const bar = bars[i]!;
        const col = this.colOf(bar.time);
        if (col > f.ring.lastCol + 1) f.ring.repeat(f.ring.lastCol, col - 1);
        if (i === n - 1) this.saveUndo(f);
        f.book.process(bar);
        this.addCandle(f, bar);
        if (i === n - 1 || this.colOf(bars[i + 1]!.time) !== col)
          f.ring.snapshot(f.book, col, this.store, this.tierMask);
      }
    }
  }

  private saveUndo(f: Feed): void {
    f.undo.copyFrom(f.book);
    f.candleUndo = f.candles?.save();
  }

  private addCandle(f: Feed, bar: Bar): void {
    f.candles?.add(this.colOf(bar.time), bar.open, bar.high, bar.low, bar.close);
  }

  /** Adds a bar (or replaces the newest bar when the time is the same: the in-progress bar). */
  append(exchange: ExchangeId, input: Bar): void {
    const f = this.feeds.find((x) => x.exchange === exchange);
    if (!f) throw new HeatmapInputError(`no ${exchange} market in this session`);
    checkBar(input, `${exchange} bar`);
    const bar = input;
    const last = f.bars[f.bars.length - 1]!;
    if (bar.time < last.time) {
      throw new HeatmapInputError(
        `${exchange} bar at ${bar.time} is older than the newest bar (${last.time})`,
      );
    }
    const replacing = bar.time === last.time;
    if (replacing) {
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
    this.colMaxStaleFrom = Math.min(this.colMaxStaleFrom, col, f.ring.lastCol + 1);
    if (col > f.ring.lastCol + 1) f.ring.repeat(f.ring.lastCol, col - 1);
    f.book.process(bar);
    this.addCandle(f, bar);
    f.ring.snapshot(f.book, col, this.store, this.tierMask);
  }

  /** The bars behind this engine (for a replay under another leverage filter). */
  series(): Array<readonly [ExchangeId, Bar[]]> {
    return this.feeds.map((f) => [f.exchange, f.bars] as const);
  }

  result(filter: HeatFilter | undefined): HeatmapResult {
    const mask = tierMaskFor(this.config, filter?.leverages);
    if (!sameMask(mask, this.tierMask)) {
      // Columns hold the tiers summed, so another leverage filter is a replay of the same books
      // (the bars here are already cut at this engine's warm-up start, hence no second cut).
      const other = new HeatEngine(
        this.series(),
        this.window,
        this.config,
        mask,
        this.intervalMs,
        this.fixedAt,
        false,
        Number.POSITIVE_INFINITY,
      );
      return other.render(filter);
    }
    return this.render(filter);
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
      const o = c * rows;
      for (let k = 0; k < view.feeds.length; k++) {
        const ring = view.feeds[k]!.ring;
        const src = ring.readOffset(col) + view.crop;
        // A Float32 sum of the markets, rounded per market as the grid's cells are.
        if (view.long) addColumn(grid.long, o, ring.long, src, rows, k === 0);
        if (view.short) addColumn(grid.short, o, ring.short, src, rows, k === 0);
      }
      ref.candles!.read(col, c, grid, fallback);
    }
    grid.maxCell = this.windowMaxCell(view);
    const price = ref.bars[ref.bars.length - 1]!.close;
    const profile = liquidationProfile(grid, price);
    return {
      at: this.at,
      window: this.window,
      price,
      grid,
      profile,
      zones: this.zonesOf(profile, grid.maxCell),
    };
  }

  private zonesOf(profile: LiquidationProfile, maxCell: number): Zone[] {
    return findZones(
      profile,
      maxCell,
      this.config.zones.hotShareOfMax,
      this.config.zones.perSide,
      this.config.zones.splitBelowPeakShare,
    );
  }

  private viewOf(filter: Omit<HeatFilter, 'leverages'> | undefined): View {
    const long = filter?.sides === undefined || filter.sides.includes('long');
    const short = filter?.sides === undefined || filter.sides.includes('short');
    const feeds = this.feeds.filter(
      (f) => filter?.exchanges === undefined || filter.exchanges.includes(f.exchange),
    );
    const crop = (this.layout.rowBaseBin - this.store.rowBaseBin) / this.layout.factor;
    const key = `${crop}/${this.layout.rows}/${long}/${short}/${feeds.map((f) => f.exchange).join(',')}`;
    return { long, short, feeds, crop, key };
  }

  /**
   * Largest long + short cell over the window's columns. Each column's maximum is kept per ring
   * slot and recomputed only for the columns an append touched (or all, when the rows or the
   * view changed), so a live session does O(rows) here per bar instead of O(columns × rows).
   */
  private windowMaxCell(view: View): number {
    if (this.colMax.length !== this.capacity || view.key !== this.colMaxKey) {
      this.colMax = new Float64Array(this.capacity);
      this.colMaxKey = view.key;
      this.colMaxValid = Number.NEGATIVE_INFINITY;
    }
    const rows = this.layout.rows;
    let max = 0;
    for (let col = this.firstCol; col <= this.lastCol; col++) {
      const slot = (((col % this.capacity) + this.capacity) % this.capacity) | 0;
      if (col >= this.colMaxStaleFrom || col > this.colMaxValid || col <= this.colMaxValid - this.capacity) {
        this.colMax[slot] = columnMaxCell(view, col, rows);
      }
      const m = this.colMax[slot]!;
      if (m > max) max = m;
    }
    this.colMaxValid = this.lastCol;
    this.colMaxStaleFrom = Number.POSITIVE_INFINITY;
    return max;
  }

  /** The newest column with its map and zones (see NewestColumn): O(rows + columns) per call. */
  newestColumn(filter: Omit<HeatFilter, 'leverages'> | undefined): NewestColumn {
    const { rows, rowBaseBin, factor } = this.layout;
    const view = this.viewOf(filter);
    const col = this.lastCol;
    const long = new Float32Array(rows);
    const short = new Float32Array(rows);
    for (let k = 0; k < view.feeds.length; k++) {
      const ring = view.feeds[k]!.ring;
      const src = ring.readOffset(col) + view.crop;
      if (view.long) addColumn(long, 0, ring.long, src, rows, k === 0);
      if (view.short) addColumn(short, 0, ring.short, src, rows, k === 0);
    }
    const ref = this.feeds[0]!;
    const candle = emptyHeatGrid(1, 0);
    ref.candles!.read(col, 0, candle, ref.bars[0]!.open);
    const price = ref.bars[ref.bars.length - 1]!.close;
    const priceMin = rowBaseBin * this.bookBin;
    const binSize = this.bookBin * factor;
    const maxCell = this.windowMaxCell(view);
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
      maxCell,
      profile,
      zones: this.zonesOf(profile, maxCell),
    };
  }
}

interface View {
  long: boolean;
  short: boolean;
  feeds: Feed[];
  /** Rows of the stored band below the shown rows. */
  crop: number;
  /** Identifies what a column maximum was computed over. */
  key: string;
}

/** dst[o..o+rows) = src[s..s+rows) for the first market, += (Float32-rounded) for the others. */
function addColumn(
  dst: Float32Array,
  o: number,
  src: Float32Array,
  s: number,
  rows: number,
  first: boolean,
): void {
  if (first) {
    dst.set(src.subarray(s, s + rows), o);
    return;
  }
  for (let r = 0; r < rows; r++) dst[o + r] = dst[o + r]! + src[s + r]!;
}

/** Largest long + short cell of column `col` as result() lays it out, read from the rings. */
function columnMaxCell(view: View, col: number, rows: number): number {
  const n = view.feeds.length;
  let max = 0;
  if (n === 1) {
    const ring = view.feeds[0]!.ring;
    const s = ring.readOffset(col) + view.crop;
    const L = ring.long;
    const S = ring.short;
    for (let r = 0; r < rows; r++) {
      const v = (view.long ? L[s + r]! : 0) + (view.short ? S[s + r]! : 0);
      if (v > max) max = v;
    }
    return max;
  }
  for (let r = 0; r < rows; r++) {
    let l = 0;
    let sh = 0;
    for (let k = 0; k < n; k++) {
      const ring = view.feeds[k]!.ring;
      const s = ring.readOffset(col) + view.crop + r;
      if (view.long) l = Math.fround(l + ring.long[s]!);
      if (view.short) sh = Math.fround(sh + ring.short[s]!);
    }
    const v = l + sh;
    if (v > max) max = v;
  }
  return max;
}

function sameMask(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function upTo(bars: Bar[], at: number | undefined, label: string): Bar[] {
  if (at === undefined) return bars;
  if (!Number.isFinite(at)) throw new HeatmapInputError(`at ${at} is not a time`);
  const kept = bars.filter((b) => b.time <= at);
  if (kept.length === 0) throw new HeatmapInputError(`${label}: no bar at or before ${at}`);
  return kept;
}

/** The heatmap of one market for one window. Throws HeatmapInputError on bad input. */
export function computeHeatmap(
  bars: readonly Bar[],
  options: MultiHeatmapOptions & { exchange?: ExchangeId },
): HeatmapResult {
  return computeMultiExchangeHeatmap(new Map([[options.exchange ?? 'binance', bars]]), options);
}

/**
 * Several markets summed in USD: one book per exchange, the grid's candles and price from the
 * first market in the map. Exchange and side filters select stored columns (no replay).
 */
export function computeMultiExchangeHeatmap(
  series: ReadonlyMap<ExchangeId, readonly Bar[]>,
  options: MultiHeatmapOptions,
): HeatmapResult {
  const prepared = [...series].map(
    ([ex, bars]) => [ex, upTo(prepareBars(bars, ex), options.at, ex)] as const,
  );
  const config = options.config ?? DEFAULT_CONFIG;
  const mask = tierMaskFor(config, options.filter?.leverages);
  const engine = new HeatEngine(
    prepared,
    options.window,
    config,
    mask,
    options.intervalMs,
    options.at,
    false,
    options.warmUpMs ?? defaultWarmUpMs(config),
  );
  return engine.result(options.filter);
}

/** computeHeatmap as a result value instead of a throw, for callers at a boundary. */
export function tryComputeHeatmap(
  bars: readonly Bar[],
  options: Parameters<typeof computeHeatmap>[1],
): EngineResult<HeatmapResult> {
  try {
    return { ok: true, value: computeHeatmap(bars, options) };
  } catch (e) {
    if (e instanceof HeatmapInputError) return { ok: false, error: e.message };
    throw e;
  }
}

export interface SessionOptions {
  window: WindowId;
  config?: EngineConfig;
  intervalMs?: number;
  /** History replayed before the window when the session is built (see the contract above). */
  warmUpMs?: number;
}

/**
 * A live heatmap: build once, then append bars as they arrive. `append` updates the book and the
 * newest column only (O(levels crossed + rows)); a bar with the same time as the newest bar
 * replaces it (the in-progress bar of a stream). A bar older than the newest is rejected.
 */
export class HeatmapSession {
  private readonly engine: HeatEngine;
  private readonly exchange: ExchangeId;

  constructor(bars: readonly Bar[], options: SessionOptions & { exchange?: ExchangeId }) {
    this.exchange = options.exchange ?? 'binance';
    const config = options.config ?? DEFAULT_CONFIG;
    this.engine = new HeatEngine(
      [[this.exchange, prepareBars(bars)]],
      options.window,
      config,
      null,
      options.intervalMs,
      undefined,
      true,
      options.warmUpMs ?? defaultWarmUpMs(config),
    );
  }

  append(bar: Bar): void {
    this.engine.append(this.exchange, bar);
  }

  /** The newest column, map and zones only: what changes per bar (see NewestColumn). */
  newestColumn(filter?: Omit<HeatFilter, 'leverages'>): NewestColumn {
    return this.engine.newestColumn(filter);
  }

  result(filter?: HeatFilter): HeatmapResult {
    return this.engine.result(filter);
  }
}

/** The several-exchange counterpart of HeatmapSession. */
export class MultiExchangeHeatmapSession {
  private readonly engine: HeatEngine;

  constructor(series: ReadonlyMap<ExchangeId, readonly Bar[]>, options: SessionOptions) {
    const prepared = [...series].map(([ex, bars]) => [ex, prepareBars(bars, ex)] as const);
    const config = options.config ?? DEFAULT_CONFIG;
    this.engine = new HeatEngine(
      prepared,
      options.window,
      config,
      null,
      options.intervalMs,
      undefined,
      true,
      options.warmUpMs ?? defaultWarmUpMs(config),
    );
  }

  append(exchange: ExchangeId, bar: Bar): void {
    this.engine.append(exchange, bar);
  }

  newestColumn(filter?: Omit<HeatFilter, 'leverages'>): NewestColumn {
    return this.engine.newestColumn(filter);
  }

  result(filter?: HeatFilter): HeatmapResult {
    return this.engine.result(filter);
  }
}
