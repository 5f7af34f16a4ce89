import type { ExchangeId } from '../exchanges/types';

/**
 * Order-book depth: the shapes every part of the depth layer shares (issue 16). Resting orders
 * (walls) are a second, separate kind of heat beside the liquidation estimate; nothing here is
 * mixed into the estimate. Sizes are USD notional (price × base quantity; OKX contracts × ctVal
 * first). Times are epoch ms.
 */

export const BOOK_SIDES = ['bid', 'ask'] as const;
export type BookSide = (typeof BOOK_SIDES)[number];

/** One price level: price and size in base units (already × ctVal for OKX). */
export type BaseLevel = readonly [price: number, quantityBase: number];

/**
 * One book message from an exchange, normalised (core/exchanges/<exchange>/depth.ts parses the
 * exchange's REST snapshot and stream frames into this). Continuity ids keep the exchange's own
 * meaning; core/depth/bookSync.ts applies each exchange's documented rule.
 * - Binance: snapshot `lastUpdateId` → `lastId`; stream `U`/`u`/`pu` → `firstId`/`lastId`/`prevId`.
 * - Bybit: `u` → `firstId` = `lastId`, `seq` → `seq`; `type: "snapshot"` or `u = 1` is a snapshot.
 * - OKX: `seqId` → `lastId` (= `firstId`), `prevSeqId` → `prevId` (−1 on a snapshot).
 * Quantities are absolute; 0 removes the level.
 */
export interface BookMessage {
  exchange: ExchangeId;
  symbol: string;
  kind: 'snapshot' | 'delta';
  /** Where the message came from: the REST snapshot or the stream. */
  source: 'rest' | 'stream';
  /** The exchange's time of the message (event or transaction time). */
  time: number;
  firstId: number;
  lastId: number;
  prevId?: number;
  /** Bybit's cross sequence, when sent. */
  seq?: number;
  bids: BaseLevel[];
  asks: BaseLevel[];
}

/** Whether a local book can be trusted right now, and why not. */
export type BookHealth =
  | { state: 'syncing'; since: number; reason: string }
  | { state: 'live'; since: number }
  | { state: 'out-of-sync'; since: number; reason: string };

/**
 * A local book as sampled once a second: every known level in USD, and its reach (the farthest
 * bid and ask price it knows). A price beyond the reach is unknown, never zero.
 */
export interface BookSample {
  exchange: ExchangeId;
  symbol: string;
  time: number;
  mid: number;
  /** Levels sorted best first: bids descending, asks ascending; [price, usd]. */
  bids: Array<readonly [number, number]>;
  asks: Array<readonly [number, number]>;
  /** Lowest bid price and highest ask price the book knows. */
  reachLow: number;
  reachHigh: number;
}

/**
 * Depth recorded on fixed absolute price bins (bin k covers [k·binSize, (k+1)·binSize)), folded
 * from one-second samples into a column of `spanMs` (10 s). Per bin: the largest size seen, the
 * time-weighted mean, and how many seconds some size stood there. Bins outside [loBin, hiBin] are
 * unknown (beyond the book's reach for the whole column). Typed arrays, one value per bin in
 * [loBin, hiBin].
 */
export interface DepthColumn {
  exchange: ExchangeId;
  symbol: string;
  /** Column start, a multiple of spanMs since the epoch. */
  time: number;
  spanMs: number;
  binSize: number;
  loBin: number;
  hiBin: number;
  /** The mid at the column's last sample: bins below are bids, above asks. */
  mid: number;
  /** Samples folded in (≤ spanMs / 1000). */
  samples: number;
  bidMax: Float32Array;
  bidMean: Float32Array;
  askMax: Float32Array;
  askMean: Float32Array;
  /** Seconds some size stood in the bin (either side), 0..spanMs / 1000. */
  stoodSec: Uint8Array;
}

export type WallFate = 'standing' | 'traded' | 'pulled';

/**
 * A wall: a size at or above the rolling 95th percentile of its side that has stood at least 60 s.
 * Its fate: still standing; traded through (price reached its price while it stood); or pulled
 * (gone before price reached it).
 */
export interface Wall {
  exchange: ExchangeId;
  symbol: string;
  side: BookSide;
  price: number;
  /** The largest size seen while it stood, USD. */
  peakUsd: number;
  /** The size at the last sample it stood, USD. */
  lastUsd: number;
  from: number;
  /** When it was last seen standing (for 'standing': the latest sample). */
  until: number;
  fate: WallFate;
}

/**
 * What the worker publishes for the views once a second while depth streams (utils/depth.ts):
 * the current profile per exchange, binned, and the walls that stand or ended recently.
 */
export interface LiveDepth {
  symbol: string;
  /**
   * When the worker published it, on the local clock (the views judge staleness by it). Walls carry
   * the exchange's times, as bars do.
   */
  time: number;
  binSize: number;
  books: Array<{
    exchange: ExchangeId;
    health: BookHealth;
    mid: number;
    reachLow: number;
    reachHigh: number;
    /** Bins from loBin upward; bid and ask USD per bin. */
    loBin: number;
    bids: number[];
    asks: number[];
  }>;
  walls: Wall[];
}
