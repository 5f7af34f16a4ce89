import type { ExchangeId } from '../exchanges/types';
import type { BookSample, BookSide, DepthColumn, Wall } from './types';

/**
 * Walls (issue 16): resting size at or above the rolling 95th percentile of its side that has stood
 * at least 60 s, and what became of it. Two readers of one rule:
 * - `WallTracker`, fed the worker's one-second BookSamples of one exchange and symbol;
 * - `wallsFromColumns`, the same rule on recorded 10-second DepthColumns (a depth CSV), so walls
 *   can be scored after the fact.
 *
 * The rule, per side (bids and asks apart) and per depth bin (bin k covers [k·binSize,
 * (k+1)·binSize); a wall split over several ticks of one bin counts as one size):
 * - Only bins wholly inside the book's reach are known; a bin beyond it is unknown: it neither
 *   feeds the percentile nor ends or extends a wall.
 * - The percentile is over every known bin's size on that side (empty known bins count as 0) in the
 *   trailing WALL_WINDOW_MS (10 min), kept in a log-scale histogram of 20 buckets per decade (each
 *   ≈ 12 % wide) so a second costs one pass over the sample's bins, not a sort. A size counts as
 *   at or above the 95th percentile when its bucket lies above the bucket holding the percentile
 *   (the percentile rounded up to its bucket's top, at most 12 % more, so a flat book, where every
 *   bin is at the 95th percentile, has no wall), and it is at least 1 USD.
 * - A bin at/above the percentile starts a candidate; it becomes a wall once it has stood
 *   WALL_MIN_STAND_MS (60 s). One reading below (one sample, or one 10 s column) is tolerated as
 *   flicker (that reading adds no time); the second consecutive reading below ends it, at the last
 *   reading it stood.
 * - Fate: 'traded' if price reached the wall's bin while it stood or in the readings that ended it;
 *   otherwise 'pulled' (it vanished before price came to it); 'standing' while it stands. Price
 *   reached a bid wall when the best ask came down into its bin (≤ the bin's top) and an ask wall
 *   when the best bid came up into its bin (≥ the bin's bottom); columns, which keep only a mid,
 *   use the mid instead of the touch.
 * - A break in the readings (a sample more than MAX_SAMPLE_GAP_MS after the previous one, or a
 *   missing run of more than one column) ends every wall: its fate is 'traded' if price had reached
 *   it, else it is reported 'standing' with `until` its last reading (what became of it is not
 *   known; it is not called pulled). Candidates not yet walls are dropped.
 * `Wall.price` is the bin's lower bound.
 */

export const WALL_PERCENTILE = 0.95;
/** The trailing window of the percentile. */
export const WALL_WINDOW_MS = 10 * 60_000;
/** How long a size must stand to be a wall. */
export const WALL_MIN_STAND_MS = 60_000;
/** How long an ended wall stays in `WallTracker.walls(now)`. */
export const RECENT_WALLS_MS = 15 * 60_000;
/** A longer pause between samples is a break in the book (out of sync, worker restarted). */
export const MAX_SAMPLE_GAP_MS = 5_000;

const BUCKETS_PER_DECADE = 20;
const BUCKETS = 256;

/** The histogram bucket of a USD size: 0 below 1 USD (and for 0 or NaN), then 20 per decade. */
export function sizeBucket(usd: number): number {
  if (!(usd >= 1)) return 0;
  return Math.min(BUCKETS - 1, 1 + Math.floor(Math.log10(usd) * BUCKETS_PER_DECADE));
}

/** The smallest size in a bucket, USD. */
export const bucketFloorUsd = (bucket: number): number =>
  bucket <= 0 ? 0 : 10 ** ((bucket - 1) / BUCKETS_PER_DECADE);

/** Bin index of a price; the epsilon keeps 64000.3 / 0.1 in bin 640003, not 640002. */
export const binOf = (price: number, binSize: number): number => Math.floor(price / binSize + 1e-9);

/**
 * A quantile of the sizes added in a trailing time window, to a bucket: counts per log bucket, and
 * the batches still inside the window so they can be taken out when they leave it.
 */
export class RollingPercentile {
  private readonly counts = new Uint32Array(BUCKETS);
  private total = 0;
  private batches: Array<{ time: number; buckets: Uint8Array }> = [];
  private head = 0;

  constructor(
    private readonly windowMs = WALL_WINDOW_MS,
    private readonly quantile = WALL_PERCENTILE,
  ) {}

  /** Adds one reading's bucketed sizes and forgets readings at or before `time − windowMs`. */
  add(time: number, buckets: Uint8Array): void {
    for (let i = 0; i < buckets.length; i++) this.counts[buckets[i]!]!++;
    this.total += buckets.length;
    this.batches.push({ time, buckets });
    const cutoff = time - this.windowMs;
    while (this.head < this.batches.length && this.batches[this.head]!.time <= cutoff) {
      const old = this.batches[this.head++]!.buckets;
      for (let i = 0; i < old.length; i++) this.counts[old[i]!]!--;
      this.total -= old.length;
    }
    if (this.head > 1024 && this.head * 2 > this.batches.length) {
      this.batches = this.batches.slice(this.head);
      this.head = 0;
    }
  }

  /** Sizes in the window. */
  get size(): number {
    return this.total;
  }

  /** The bucket holding the quantile (the smallest bucket whose cumulative count reaches it); −1 when empty. */
  cutBucket(): number {
    if (this.total === 0) return -1;
    const target = this.quantile * this.total;
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      sum += this.counts[b]!;
      if (sum >= target) return b;
    }
    return BUCKETS - 1;
  }

  clear(): void {
    this.counts.fill(0);
    this.total = 0;
    this.batches = [];
    this.head = 0;
  }
}

/** One side's known bins in one reading: sizes[i] is bin firstBin + i, NaN where unknown. */
interface SideReading {
  firstBin: number;
  sizes: Float64Array;
  /** Time credited toward the 60 s to bin firstBin + i standing in this reading, ms; `first` for a new candidate. */
  creditMs: (i: number, first: boolean) => number;
  /** Whether price reached bin k in this reading. */
  reached: (bin: number) => boolean;
}

interface Candidate {
  bin: number;
  from: number;
  until: number;
  stoodMs: number;
  peakUsd: number;
  lastUsd: number;
  misses: number;
  reached: boolean;
}

/** Candidates and walls of one side of one book, and the side's rolling percentile. */
class SideRuns {
  readonly percentile: RollingPercentile;
  private candidates = new Map<number, Candidate>();

  constructor(
    private readonly side: BookSide,
    private readonly exchange: ExchangeId,
    private readonly symbol: string,
    private readonly binSize: number,
    windowMs: number,
    private readonly minStandMs: number,
  ) {
    this.percentile = new RollingPercentile(windowMs);
  }

  private wall(c: Candidate, fate: Wall['fate']): Wall {
    return {
      exchange: this.exchange,
      symbol: this.symbol,
      side: this.side,
      price: Number((c.bin * this.binSize).toPrecision(12)),
      peakUsd: c.peakUsd,
      lastUsd: c.lastUsd,
      from: c.from,
      until: c.until,
      fate,
    };
  }

  /**
   * Folds one reading in: `time` is the reading's time, `until` what a wall seen in it has stood
   * until (the sample's time, or a column's end). Returns the walls that ended with it.
   */
  step(time: number, until: number, reading: SideReading): Wall[] {
    const { firstBin, sizes } = reading;
    const n = sizes.length;
    const buckets = new Uint8Array(n);
    let known = 0;
    for (let i = 0; i < n; i++) if (!Number.isNaN(sizes[i]!)) buckets[known++] = sizeBucket(sizes[i]!);
    if (known > 0) this.percentile.add(time, buckets.subarray(0, known));
    const cut = this.percentile.cutBucket();
    const ended: Wall[] = [];
    const seen = new Set<number>();
    if (cut >= 0) {
      for (let i = 0; i < n; i++) {
        const usd = sizes[i]!;
        if (!(usd >= 1) || sizeBucket(usd) <= cut) continue;
        const bin = firstBin + i;
        seen.add(bin);
        const c = this.candidates.get(bin);
        if (c) {
          c.stoodMs += reading.creditMs(i, false);
          c.until = until;
          c.peakUsd = Math.max(c.peakUsd, usd);
          c.lastUsd = usd;
          c.misses = 0;
          c.reached ||= reading.reached(bin);
        } else {
          this.candidates.set(bin, {
            bin,
            from: time,
            until,
            stoodMs: reading.creditMs(i, true),
            peakUsd: usd,
            lastUsd: usd,
            misses: 0,
            reached: reading.reached(bin),
          });
        }
      }
    }
    for (const c of this.candidates.values()) {
      if (seen.has(c.bin)) continue;
      const i = c.bin - firstBin;
      // Beyond the book's reach on the far side: unknown, neither there nor gone.
      const beyondReach = this.side === 'bid' ? i < 0 : i >= n;
      if (beyondReach || (i >= 0 && i < n && Number.isNaN(sizes[i]!))) continue;
      c.reached ||= reading.reached(c.bin);
      if (++c.misses < 2) continue;
      this.candidates.delete(c.bin);
      if (c.stoodMs >= this.minStandMs) ended.push(this.wall(c, c.reached ? 'traded' : 'pulled'));
    }
    return ended;
  }

  /** A break in the readings: every wall ends (see the module note); candidates are dropped. */
  break(): Wall[] {
    const ended: Wall[] = [];
    for (const c of this.candidates.values()) {
      if (c.stoodMs >= this.minStandMs) ended.push(this.wall(c, c.reached ? 'traded' : 'standing'));
    }
    this.candidates.clear();
    return ended;
  }

  /** Walls standing now (candidates that have stood long enough). */
  standing(): Wall[] {
    const out: Wall[] = [];
    for (const c of this.candidates.values())
      if (c.stoodMs >= this.minStandMs) out.push(this.wall(c, 'standing'));
    return out;
  }
}

export interface WallOptions {
  /** The trailing window of the percentile; default WALL_WINDOW_MS. */
  windowMs?: number;
  /** How long a size must stand; default WALL_MIN_STAND_MS. */
  minStandMs?: number;
}

export interface WallTrackerOptions extends WallOptions {
  /** Depth bin width, price units (core/depth/depthBins.ts decides it). */
  binSize: number;
  /** How long ended walls stay in walls(now); default RECENT_WALLS_MS. */
  recentMs?: number;
}

const byTime = (a: Wall, b: Wall) => a.from - b.from || a.price - b.price;

/**
 * The walls of one exchange's book of one symbol, fed one BookSample a second (see the module
 * note for the rule). `push` returns the walls that ended with that sample, for the worker to
 * store; `walls(now)` what stands and what ended in the last RECENT_WALLS_MS, for the views.
 */
export class WallTracker {
  private readonly bid: SideRuns;
  private readonly ask: SideRuns;
  private readonly binSize: number;
  private readonly recentMs: number;
  private lastTime = Number.NEGATIVE_INFINITY;
  private recent: Wall[] = [];

  constructor(
    readonly exchange: ExchangeId,
    readonly symbol: string,
    options: WallTrackerOptions,
  ) {
    if (!(options.binSize > 0))
      throw new RangeError(`WallTracker: binSize must be above zero, got ${options.binSize}`);
    this.binSize = options.binSize;
    this.recentMs = options.recentMs ?? RECENT_WALLS_MS;
    const windowMs = options.windowMs ?? WALL_WINDOW_MS;
    const minStand = options.minStandMs ?? WALL_MIN_STAND_MS;
    this.bid = new SideRuns('bid', exchange, symbol, this.binSize, windowMs, minStand);
    this.ask = new SideRuns('ask', exchange, symbol, this.binSize, windowMs, minStand);
  }

  /** Folds in one sample; returns the walls it ended. Throws on another book's sample or on time going back. */
  push(sample: BookSample): Wall[] {
    if (sample.exchange !== this.exchange || sample.symbol !== this.symbol) {
      throw new Error(
        `WallTracker(${this.exchange} ${this.symbol}) was given a sample of ${sample.exchange} ${sample.symbol}`,
      );
    }
    if (!(sample.time > this.lastTime)) {
      throw new RangeError(
        `WallTracker: sample at ${sample.time} is not after the previous one (${this.lastTime})`,
      );
    }
    const ended: Wall[] = [];
    const gap = sample.time - this.lastTime > MAX_SAMPLE_GAP_MS;
    const previous = this.lastTime;
    if (gap) ended.push(...this.bid.break(), ...this.ask.break());
    this.lastTime = sample.time;
    const bs = this.binSize;
    const bestBid = sample.bids[0]?.[0] ?? sample.mid;
    const bestAsk = sample.asks[0]?.[0] ?? sample.mid;
    // A wall's first reading gives no credit; later ones the time since the previous sample.
    const credit = (_i: number, first: boolean) => (first || gap ? 0 : sample.time - previous);
    if (sample.bids.length > 0) {
      const lo = Math.ceil(sample.reachLow / bs - 1e-9);
      const hi = binOf(bestBid, bs);
      ended.push(
        ...this.bid.step(sample.time, sample.time, {
          firstBin: lo,
          sizes: binned(sample.bids, lo, hi, bs),
          creditMs: credit,
          reached: (bin) => bestAsk <= (bin + 1) * bs,
        }),
      );
    }
    if (sample.asks.length > 0) {
      const lo = binOf(bestAsk, bs);
      const hi = Math.floor(sample.reachHigh / bs + 1e-9) - 1;
      ended.push(
        ...this.ask.step(sample.time, sample.time, {
          firstBin: lo,
          sizes: binned(sample.asks, lo, hi, bs),
          creditMs: credit,
          reached: (bin) => bestBid >= bin * bs,
        }),
      );
    }
    ended.sort(byTime);
    this.recent.push(...ended);
    return ended;
  }

  /** Walls standing at the latest sample, then walls that ended in (now − recentMs, now], oldest first. */
  walls(now: number): Wall[] {
    this.recent = this.recent.filter((w) => w.until > now - this.recentMs);
    return [...this.bid.standing(), ...this.ask.standing()].sort(byTime).concat(this.recent);
  }
}

/** USD per bin for bins lo..hi of one side's levels ([price, usd]). */
function binned(levels: BookSample['bids'], lo: number, hi: number, binSize: number): Float64Array {
  const sizes = new Float64Array(Math.max(0, hi - lo + 1));
  for (const [price, usd] of levels) {
    const i = binOf(price, binSize) - lo;
    if (i >= 0 && i < sizes.length) sizes[i]! += usd;
  }
  return sizes;
}

/**
 * Walls on recorded DepthColumns: the same rule as WallTracker at the columns' resolution (10 s).
 * A column's reading of a bin is its time-weighted mean (bidMean below the mid, askMean above:
 * bin k is a bid bin when k·binSize < mid, an ask bin when (k+1)·binSize > mid); bins outside
 * [loBin, hiBin] and NaN cells are unknown. The 60 s are counted per column as the seconds the
 * size stood at full strength: min(stoodSec, span × mean / max), so six whole 10-second columns
 * make a wall, and a 20 s spoof inside a coarser column does not. One column below is flicker; a
 * missing run of more than one column is a break. Price reached a wall when a column's mid (its
 * last sample's) entered the wall's bin or passed it. Columns of several books are split by
 * exchange, symbol and bin size; each book's walls come out in time order, books one after another.
 * Walls still standing at a book's last column come out 'standing'.
 */
export function wallsFromColumns(columns: readonly DepthColumn[], options: WallOptions = {}): Wall[] {
  const windowMs = options.windowMs ?? WALL_WINDOW_MS;
  const minStand = options.minStandMs ?? WALL_MIN_STAND_MS;
  const books = new Map<string, DepthColumn[]>();
  for (const c of columns) {
    const key = `${c.exchange}|${c.symbol}|${c.binSize}`;
    const list = books.get(key);
    if (list) list.push(c);
    else books.set(key, [c]);
  }
  const out: Wall[] = [];
  for (const list of books.values()) {
    list.sort((a, b) => a.time - b.time);
    const { exchange, symbol, binSize: bs } = list[0]!;
    const bid = new SideRuns('bid', exchange, symbol, bs, windowMs, minStand);
    const ask = new SideRuns('ask', exchange, symbol, bs, windowMs, minStand);
    const walls: Wall[] = [];
    let prevEnd = Number.NaN;
    for (const col of list) {
      if (col.time - prevEnd > col.spanMs) walls.push(...bid.break(), ...ask.break());
      prevEnd = col.time + col.spanMs;
      const midBin = col.mid / bs;
      // Bid bins: k·bs < mid; ask bins: (k+1)·bs > mid.
      const bidHi = Math.min(col.hiBin, Math.ceil(midBin - 1e-9) - 1);
      const askLo = Math.max(col.loBin, Math.floor(midBin + 1e-9));
      const credit = (mean: Float32Array, max: Float32Array, lo: number) => (i: number) => {
        const k = i + lo - col.loBin;
        const m = max[k]!;
        const atFull = m > 0 ? (col.spanMs * mean[k]!) / m : 0;
        return Math.min(col.stoodSec[k]! * 1000, atFull);
      };
      const side = (mean: Float32Array, lo: number, hi: number) => {
        const sizes = new Float64Array(Math.max(0, hi - lo + 1));
        for (let k = lo; k <= hi; k++) sizes[k - lo] = mean[k - col.loBin]!;
        return sizes;
      };
      walls.push(
        ...bid.step(col.time, col.time + col.spanMs, {
          firstBin: col.loBin,
          sizes: side(col.bidMean, col.loBin, bidHi),
          creditMs: credit(col.bidMean, col.bidMax, col.loBin),
          reached: (bin) => col.mid < (bin + 1) * bs,
        }),
        ...ask.step(col.time, col.time + col.spanMs, {
          firstBin: askLo,
          sizes: side(col.askMean, askLo, col.hiBin),
          creditMs: credit(col.askMean, col.askMax, askLo),
          reached: (bin) => col.mid >= bin * bs,
        }),
      );
    }
    walls.push(...bid.standing(), ...ask.standing());
    out.push(...walls.sort(byTime));
  }
  return out;
}
