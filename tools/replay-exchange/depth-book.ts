import type { BookSide, Wall } from '../../core/depth/types';
import { baseAsset } from '../../core/exchanges/symbols';
import type { ExchangeId } from '../../core/exchanges/types';
import type { ReplayMarket } from './market';
import { okxContractValue } from './static-tables';

/**
 * A SYNTHETIC order book per exchange, as a pure function of replay time and a seed, built around
 * the recorded price path. The recording has no book; this is a stated rule (README, "Order-book
 * depth"), there so the extension's depth layer can be run end to end:
 *
 * - Mid: the recorded price path at each 100 ms step (`ReplayMarket.priceAt`). Best bid = the mid's
 *   tick, best ask = one tick above.
 * - Background: the first DENSE_LEVELS ticks on each side are all occupied (the touch); beyond them
 *   one level per absolute slot of `slotTicks` ticks, at a seeded offset in the slot, until the
 *   exchange's level count (Binance 1000, Bybit 200, OKX 400). Levels sit at fixed prices, so a
 *   moving mid only changes the levels it passes. Each level's size is its share of
 *   `usdPerBin` (USD per 0.05 % of price at the mid), times a factor that grows with the distance
 *   from the mid (+¼ per 0.25 % band), times seeded noise redrawn on the level's own schedule (every
 *   100 ms at the touch, every 3–30 s further out).
 * - Walls (Osler 2003: orders cluster at round numbers): at multiples of `roundStep` (BTC 100 USD,
 *   ETH 10 USD), 0.05–0.4 % from the mid and inside the book's reach, in 15-minute windows, a seeded
 *   coin (1 in 5) places a wall of 1.5–4.5 times the book's thickest band per 0.05 % (the band at the
 *   reach), so it stands out from every bin of its side. It appears in the
 *   window's first 3 minutes. A second coin: half are planned to be pulled 60 s to 4 min after they
 *   appear, the rest to stand until the window ends. A wall the price would reach within its first
 *   60 s is never placed, so each stands ≥ 60 s. If the price path reaches it while it stands it is
 *   TRADED THROUGH (gone from that step on); otherwise it is PULLED at its planned end, before the
 *   price reached it.
 *
 * Sizes are in base units rounded to the exchange's lot (OKX: 0.01 contracts × ctVal).
 */

export const DEPTH_STEP_MS = 100;
/** Ticks next to the mid that always hold a level. */
export const DENSE_LEVELS = 10;
const WALL_WINDOW_MS = 15 * 60_000;
const WALL_APPEAR_WITHIN_MS = 3 * 60_000;
export const WALL_MIN_STAND_MS = 60_000;
/** A pulled-early wall stands 60 s plus up to this long. */
const WALL_SHORT_EXTRA_MS = 3 * 60_000;
const WALL_CHANCE = 0.2;
/** The coin: this share of walls is pulled early; the rest stand to their window's end if not reached. */
const WALL_PULLED_EARLY = 0.5;
/** Walls are put between these distances from the mid (nearer, it would be traded at once). */
const WALL_MIN_DISTANCE = 0.0005;
const WALL_MAX_DISTANCE = 0.004;
const BAND = 0.0025;
const BAND_GROWTH = 0.25;
const BIN = 0.0005;

interface ExchangeShape {
  /** Levels per side: the book's reach. */
  levels: number;
  /** How far (fraction of price) the levels reach at the first recorded price. */
  reach: number;
  /** BTCUSDT USD per 0.05 % of price near the mid (ASSUMPTION, order of magnitude from order-book.md). */
  usdPerBin: number;
}

export const DEPTH_SHAPES: Readonly<Record<ExchangeId, ExchangeShape>> = {
  binance: { levels: 1000, reach: 0.02, usdPerBin: 3_500_000 },
  bybit: { levels: 200, reach: 0.006, usdPerBin: 2_500_000 },
  okx: { levels: 400, reach: 0.01, usdPerBin: 2_000_000 },
};

/** How much thinner than BTCUSDT a symbol's book is (ASSUMPTION). */
const SYMBOL_DEPTH_SCALE: Readonly<Record<string, number>> = { BTC: 1, ETH: 0.4 };
const OTHER_SYMBOL_SCALE = 0.05;

/** Lot sizes in base units (Binance LOT_SIZE stepSize, Bybit qtyStep; OKX lotSz 0.01 contracts). */
function lotBase(exchange: ExchangeId, symbol: string): number | undefined {
  const base = baseAsset(symbol);
  if (exchange === 'okx') {
    const ctVal = okxContractValue(symbol);
    return ctVal === undefined ? undefined : 0.01 * ctVal;
  }
  if (exchange === 'bybit' && base === 'ETH') return 0.01;
  return 0.001;
}

/** One exchange's book at one 100 ms step. Ticks are price / tick; sizes are whole lots. */
export interface SyntheticBook {
  exchange: ExchangeId;
  symbol: string;
  step: number;
  /** step × 100 ms. */
  time: number;
  mid: number;
  tick: number;
  /** Base units per lot. */
  lotBase: number;
  /** Best first: bids descending, asks ascending. */
  bidTicks: Float64Array;
  bidLots: Float64Array;
  askTicks: Float64Array;
  askLots: Float64Array;
}

/** A wall the rule placed, with its eventual fate (known in advance: the path is recorded). */
export interface SyntheticWall extends Wall {
  /** The wall's own size in base units (the level holds it on top of the background). */
  quantityBase: number;
  /** When it would have been pulled had the price not reached it first. */
  plannedUntil: number;
}

/** A level change in a diff: tick and new size in lots, 0 = removed. */
export type LevelChange = readonly [tick: number, lots: number];

export interface BookDiff {
  bids: LevelChange[];
  asks: LevelChange[];
}

// ---- seeded hashing (deterministic, no state) -------------------------------------------------

function mix32(h: number): number {
  let x = h | 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A hash of whole numbers (up to 2^53 each) in [0, 2^32). */
export function hashInts(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    const lo = v >>> 0;
    const hi = Math.floor(v / 4294967296) >>> 0;
    h = mix32(h ^ lo);
    h = mix32(h ^ hi ^ 0x85ebca6b);
  }
  return h;
}

/** The same hash in [0, 1). */
export function unit(...values: number[]): number {
  return hashInts(...values) / 4294967296;
}

const EXCHANGE_INDEX: Readonly<Record<ExchangeId, number>> = { binance: 1, bybit: 2, okx: 3 };

// ---- continuity ids: one per 100 ms step, so a REST snapshot and the stream share one id space ----

const BYBIT_ID_EPOCH_STEP = Date.UTC(2020, 0, 1) / DEPTH_STEP_MS;
const OKX_ID_EPOCH_STEP = Date.UTC(2021, 0, 1) / DEPTH_STEP_MS;

/** Binance's final update id after step `step` (irregular jumps, always increasing). */
export function binanceUpdateId(step: number): number {
  return step * 8 + (hashInts(step, 11) & 7);
}

/** Bybit's `u`: one more per step (every step changes the touch, so one more per delta at ×1). */
export function bybitUpdateId(step: number): number {
  return step - BYBIT_ID_EPOCH_STEP;
}

/** Bybit's cross sequence `seq`: increasing, with gaps (other books share it). */
export function bybitSeq(step: number): number {
  return step * 4 + (hashInts(step, 13) & 3);
}

/** OKX's `seqId` after step `step` (increasing with gaps, as OKX's do). */
export function okxSeqId(step: number): number {
  return (step - OKX_ID_EPOCH_STEP) * 6 + (hashInts(step, 17) % 6);
}

// ---- the book ---------------------------------------------------------------------------------

interface SymbolBook {
  exchange: ExchangeId;
  shape: ExchangeShape;
  tick: number;
  lotBase: number;
  slotTicks: number;
  usdPerBin: number;
  roundStep: number;
  seed: number;
  /**
   * What each level last computed (keyed by tick, negative for the dense zone's schedule): the
   * book at the next step recomputes only levels whose epoch or band changed. Pure memo; cleared
   * when large.
   */
  memo: Map<number, LevelMemo>;
  slotOffsets: Map<number, number>;
}

interface LevelMemo {
  period: number;
  phase: number;
  epoch: number;
  band: number;
  lots: number;
}

const BOOK_CACHE_SIZE = 48;
const MEMO_LIMIT = 50_000;

export class SyntheticDepth {
  readonly tick: number;
  private readonly books = new Map<ExchangeId, SymbolBook>();
  private readonly bookCache = new Map<string, SyntheticBook>();
  private readonly wallCache = new Map<string, SyntheticWall[]>();

  constructor(
    readonly market: ReplayMarket,
    readonly seed = 16,
  ) {
    this.tick = 10 ** -market.priceDecimals;
    const ref = market.bars[0]!.close;
    const scale = SYMBOL_DEPTH_SCALE[baseAsset(market.symbol)] ?? OTHER_SYMBOL_SCALE;
    for (const exchange of ['binance', 'bybit', 'okx'] as const) {
      const lot = lotBase(exchange, market.symbol);
      if (lot === undefined) continue;
      const shape = DEPTH_SHAPES[exchange];
      const reachTicks = (shape.reach * ref) / this.tick;
      this.books.set(exchange, {
        exchange,
        shape,
        tick: this.tick,
        lotBase: lot,
        slotTicks: Math.max(1, Math.round((reachTicks - DENSE_LEVELS) / (shape.levels - DENSE_LEVELS))),
        usdPerBin: shape.usdPerBin * scale,
        roundStep: 10 ** Math.floor(Math.log10(ref)) / 100,
        seed: hashInts(seed, EXCHANGE_INDEX[exchange]),
        memo: new Map(),
        slotOffsets: new Map(),
      });
    }
  }

  get symbol(): string {
    return this.market.symbol;
  }

  /** Whether the replay has a book for this exchange (OKX needs a known contract value). */
  has(exchange: ExchangeId): boolean {
    return this.books.has(exchange);
  }

  levels(exchange: ExchangeId): number {
    return DEPTH_SHAPES[exchange].levels;
  }

  lotBase(exchange: ExchangeId): number | undefined {
    return this.books.get(exchange)?.lotBase;
  }

  /** The book at the last 100 ms step at or before `time`, or undefined before the recording. */
  bookAt(exchange: ExchangeId, time: number): SyntheticBook | undefined {
    return this.bookAtStep(exchange, Math.floor(time / DEPTH_STEP_MS));
  }

  bookAtStep(exchange: ExchangeId, step: number): SyntheticBook | undefined {
    const key = `${exchange}:${step}`;
    const cached = this.bookCache.get(key);
    if (cached) return cached;
    const spec = this.books.get(exchange);
    if (!spec) return undefined;
    const book = this.build(spec, step);
    if (!book) return undefined;
    if (this.bookCache.size >= BOOK_CACHE_SIZE) {
      const oldest = this.bookCache.keys().next().value;
      if (oldest !== undefined) this.bookCache.delete(oldest);
    }
    this.bookCache.set(key, book);
    return book;
  }

  /**
   * Walls standing at some time in [from, to), with their eventual fate (the truth a wall tracker
   * is checked against). `until` is when it was traded through or pulled.
   */
  walls(exchange: ExchangeId, from: number, to: number): SyntheticWall[] {
    const out: SyntheticWall[] = [];
    for (let n = Math.floor(from / WALL_WINDOW_MS); n * WALL_WINDOW_MS < to; n++) {
      for (const w of this.wallWindow(exchange, n)) if (w.from < to && w.until > from) out.push(w);
    }
    return out;
  }

  /** Walls standing at `time` (from ≤ time < until). */
  wallsAt(exchange: ExchangeId, time: number): SyntheticWall[] {
    return this.wallWindow(exchange, Math.floor(time / WALL_WINDOW_MS)).filter(
      (w) => w.from <= time && time < w.until,
    );
  }

  private midTickAt(time: number): number | undefined {
    const mid = this.market.priceAt(time);
    return mid === undefined ? undefined : Math.floor(mid / this.tick + 1e-6);
  }

  private build(spec: SymbolBook, step: number): SyntheticBook | undefined {
    const time = step * DEPTH_STEP_MS;
    const mid = this.market.priceAt(time);
    if (mid === undefined) return undefined;
    const midTick = Math.floor(mid / spec.tick + 1e-6);
    const walls = this.wallsAt(spec.exchange, time);
    const bids = this.side(spec, step, midTick, -1, walls);
    const asks = this.side(spec, step, midTick + 1, 1, walls);
    return {
      exchange: spec.exchange,
      symbol: this.market.symbol,
      step,
      time,
      mid,
      tick: spec.tick,
      lotBase: spec.lotBase,
      bidTicks: bids.ticks,
      bidLots: bids.lots,
      askTicks: asks.ticks,
      askLots: asks.lots,
    };
  }

  /** One side, best first: `best` is the touch tick, `dir` −1 for bids (downward), +1 for asks. */
  private side(
    spec: SymbolBook,
    step: number,
    best: number,
    dir: -1 | 1,
    walls: readonly SyntheticWall[],
  ): { ticks: Float64Array; lots: Float64Array } {
    const n = spec.shape.levels;
    const ticks = new Float64Array(n);
    const lots = new Float64Array(n);
    const midPrice = (best - (dir === 1 ? 1 : 0)) * spec.tick;
    let count = 0;
    for (; count < DENSE_LEVELS && count < n; count++) {
      const t = best + dir * count;
      ticks[count] = t;
      lots[count] = this.levelLots(spec, step, t, midPrice, true, count === 0);
    }
    const S = spec.slotTicks;
    const firstFree = best + dir * DENSE_LEVELS;
    let slot = Math.floor(firstFree / S);
    while (count < n) {
      let offset = spec.slotOffsets.get(slot);
      if (offset === undefined) {
        offset = hashInts(spec.seed, slot, 1) % S;
        if (spec.slotOffsets.size > MEMO_LIMIT) spec.slotOffsets.clear();
        spec.slotOffsets.set(slot, offset);
      }
      const t = slot * S + offset;
      slot += dir;
      if (dir === -1 ? t > firstFree : t < firstFree) continue;
      ticks[count] = t;
      lots[count] = this.levelLots(spec, step, t, midPrice, false, false);
      count++;
    }
    const side: BookSide = dir === -1 ? 'bid' : 'ask';
    for (const w of walls) {
      if (w.side !== side) continue;
      const wt = Math.round(w.price / spec.tick);
      const last = ticks[n - 1]!;
      if (dir === -1 ? wt < last : wt > last) continue; // beyond the book's reach
      const wallLots = Math.round(w.quantityBase / spec.lotBase);
      let i = 0;
      while (i < n && (dir === -1 ? ticks[i]! > wt : ticks[i]! < wt)) i++;
      if (ticks[i] === wt) lots[i] = lots[i]! + wallLots;
      else {
        // Insert, and the farthest level falls out of reach.
        ticks.copyWithin(i + 1, i, n - 1);
        lots.copyWithin(i + 1, i, n - 1);
        ticks[i] = wt;
        lots[i] = wallLots;
      }
    }
    return { ticks, lots };
  }

  /** USD per 0.05 % of price at a distance (fraction of the mid): grows by a quarter per 0.25 % band. */
  private binUsd(spec: SymbolBook, distance: number): number {
    return spec.usdPerBin * (1 + BAND_GROWTH * Math.floor(distance / BAND));
  }

  private levelLots(
    spec: SymbolBook,
    step: number,
    t: number,
    midPrice: number,
    dense: boolean,
    touch: boolean,
  ): number {
    const price = t * spec.tick;
    const band = Math.floor(Math.abs(price - midPrice) / midPrice / BAND);
    const key = dense ? -t : t;
    let memo = touch ? undefined : spec.memo.get(key);
    if (!touch && !memo) {
      // Each level redraws its size on its own schedule: every step at the touch, 0.3–3 s in the
      // dense zone, 3–30 s beyond.
      const period = dense ? 3 + (hashInts(spec.seed, t, 2) % 28) : 30 + (hashInts(spec.seed, t, 3) % 271);
      memo = { period, phase: hashInts(spec.seed, t, 4) % period, epoch: Number.NaN, band: -1, lots: 0 };
      if (spec.memo.size > MEMO_LIMIT) spec.memo.clear();
      spec.memo.set(key, memo);
    }
    const epoch = memo ? Math.floor((step + memo.phase) / memo.period) : step;
    if (memo && memo.epoch === epoch && memo.band === band) return memo.lots;
    const spanTicks = dense ? 2 : spec.slotTicks;
    const share = (spanTicks * spec.tick) / (BIN * price);
    const noise = Math.exp((unit(spec.seed, t, epoch, 5) - 0.5) * 1.6);
    const usd = spec.usdPerBin * (1 + BAND_GROWTH * band) * share * noise;
    const base = Math.max(1, Math.round(usd / price / spec.lotBase));
    if (memo) {
      memo.epoch = epoch;
      memo.band = band;
      memo.lots = base;
    }
    // The touch changes every step (so every step has news and the ids advance by one).
    return touch ? base + 1 + ((step * 62) % 97) : base;
  }

  /** The walls of one 15-minute window (they never outlive it). */
  private wallWindow(exchange: ExchangeId, n: number): SyntheticWall[] {
    const key = `${exchange}:${n}`;
    const cached = this.wallCache.get(key);
    if (cached) return cached;
    const spec = this.books.get(exchange);
    const walls = spec ? this.placeWalls(spec, n) : [];
    if (this.wallCache.size > 256) this.wallCache.clear();
    this.wallCache.set(key, walls);
    return walls;
  }

  private placeWalls(spec: SymbolBook, n: number): SyntheticWall[] {
    const start = n * WALL_WINDOW_MS;
    const range = this.market.ohlcBetween(start, start + WALL_WINDOW_MS);
    if (!range) return [];
    const reachTicks = DENSE_LEVELS + (spec.shape.levels - DENSE_LEVELS) * spec.slotTicks;
    const reachPrice = reachTicks * spec.tick;
    const walls: SyntheticWall[] = [];
    const margin = Math.min(reachPrice, WALL_MAX_DISTANCE * range.high);
    const jLo = Math.ceil((range.low - margin) / spec.roundStep);
    const jHi = Math.floor((range.high + margin) / spec.roundStep);
    for (let j = jLo; j <= jHi; j++) {
      if (unit(spec.seed, j, n, 6) >= WALL_CHANCE) continue;
      const from =
        start +
        Math.floor((unit(spec.seed, j, n, 7) * WALL_APPEAR_WITHIN_MS) / DEPTH_STEP_MS) * DEPTH_STEP_MS;
      const early = unit(spec.seed, j, n, 8) < WALL_PULLED_EARLY;
      const extra = unit(spec.seed, j, n, 10) * WALL_SHORT_EXTRA_MS;
      const plannedUntil = early
        ? from + WALL_MIN_STAND_MS + Math.floor(extra / DEPTH_STEP_MS) * DEPTH_STEP_MS
        : start + WALL_WINDOW_MS - DEPTH_STEP_MS;
      const midTick = this.midTickAt(from);
      if (midTick === undefined) continue;
      const wallTick = Math.round((j * spec.roundStep) / spec.tick);
      const price = wallTick * spec.tick;
      const mid = midTick * spec.tick;
      if (wallTick === midTick || wallTick === midTick + 1) continue;
      const side: BookSide = wallTick < midTick ? 'bid' : 'ask';
      const distance = Math.abs(price - mid) / mid;
      if (distance < WALL_MIN_DISTANCE || distance > WALL_MAX_DISTANCE) continue;
      if (Math.abs(wallTick - midTick) > 0.85 * reachTicks) continue;
      const reached = this.firstReach(spec, side, wallTick, from, plannedUntil);
      if (reached !== undefined && reached < from + WALL_MIN_STAND_MS) continue;
      // Sized against the thickest band in reach, so a wall stands out from every bin of its side.
      const usd = this.binUsd(spec, spec.shape.reach) * (1.5 + 3 * unit(spec.seed, j, n, 9));
      const lots = Math.max(1, Math.round(usd / price / spec.lotBase));
      const quantityBase = lots * spec.lotBase;
      walls.push({
        exchange: spec.exchange,
        symbol: this.market.symbol,
        side,
        price,
        peakUsd: quantityBase * price,
        lastUsd: quantityBase * price,
        from,
        until: reached ?? plannedUntil,
        fate: reached !== undefined ? 'traded' : 'pulled',
        quantityBase,
        plannedUntil,
      });
    }
    return walls;
  }

  /**
   * The first step time in (from, to) at which the price path (the mid, the last trade) reaches the
   * wall's price: at or below a bid wall, at or above an ask wall; or undefined.
   */
  private firstReach(
    spec: SymbolBook,
    side: BookSide,
    wallTick: number,
    from: number,
    to: number,
  ): number | undefined {
    const reached = (t: number) => {
      const m = this.midTickAt(t);
      return m !== undefined && (side === 'bid' ? m <= wallTick : m >= wallTick);
    };
    const chunk = 5_000;
    for (let c = from; c < to; c += chunk) {
      const end = Math.min(to, c + chunk);
      const o = this.market.ohlcBetween(c, end);
      if (!o) continue;
      const lowTick = Math.floor(o.low / spec.tick + 1e-6);
      const highTick = Math.floor(o.high / spec.tick + 1e-6);
      if (side === 'bid' ? lowTick > wallTick : highTick < wallTick) continue;
      for (let t = c + DEPTH_STEP_MS; t <= end && t < to; t += DEPTH_STEP_MS) if (reached(t)) return t;
    }
    return undefined;
  }
}

// ---- diffs ------------------------------------------------------------------------------------

/**
 * The changes that turn one side into another (both best first; `dir` −1 for bids, +1 for asks):
 * every level whose size changed or that is new, and every level that is gone, with 0.
 */
export function sideDiff(
  prevTicks: Float64Array,
  prevLots: Float64Array,
  nextTicks: Float64Array,
  nextLots: Float64Array,
  dir: -1 | 1,
): LevelChange[] {
  const out: LevelChange[] = [];
  let i = 0;
  let j = 0;
  while (i < prevTicks.length || j < nextTicks.length) {
    const a = i < prevTicks.length ? prevTicks[i]! : undefined;
    const b = j < nextTicks.length ? nextTicks[j]! : undefined;
    if (a !== undefined && b !== undefined && a === b) {
      if (prevLots[i] !== nextLots[j]) out.push([b, nextLots[j]!]);
      i++;
      j++;
    } else if (b === undefined || (a !== undefined && (dir === -1 ? a > b : a < b))) {
      out.push([a!, 0]);
      i++;
    } else {
      out.push([b, nextLots[j]!]);
      j++;
    }
  }
  return out;
}

export function bookDiff(prev: SyntheticBook, next: SyntheticBook): BookDiff {
  return {
    bids: sideDiff(prev.bidTicks, prev.bidLots, next.bidTicks, next.bidLots, -1),
    asks: sideDiff(prev.askTicks, prev.askLots, next.askTicks, next.askLots, 1),
  };
}

/** The top `levels` of a book (a REST snapshot or a stream's window). */
export function topOf(book: SyntheticBook, levels: number): SyntheticBook {
  if (levels >= book.bidTicks.length && levels >= book.askTicks.length) return book;
  return {
    ...book,
    bidTicks: book.bidTicks.subarray(0, levels),
    bidLots: book.bidLots.subarray(0, levels),
    askTicks: book.askTicks.subarray(0, levels),
    askLots: book.askLots.subarray(0, levels),
  };
}
