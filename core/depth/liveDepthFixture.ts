import type { ExchangeId } from '../exchanges/types';
import type { BookHealth, LiveDepth, Wall } from './types';

/**
 * Hand-made live depth for tests, shaped exactly as the worker publishes it (core/depth/types.ts
 * LiveDepth): per book, USD per bin from `loBin` upward, bids under the mid and asks over it.
 */
export function liveBook(
  exchange: ExchangeId,
  options: {
    loBin: number;
    bids: number[];
    asks: number[];
    mid: number;
    reachLow: number;
    reachHigh: number;
    health?: BookHealth;
  },
): LiveDepth['books'][number] {
  return { health: { state: 'live', since: 1_780_401_540_000 }, ...options, exchange };
}

export function liveDepth(
  books: LiveDepth['books'],
  options: { binSize?: number; walls?: Wall[] } = {},
): LiveDepth {
  return {
    symbol: 'BTCUSDT',
    time: 1_780_401_600_000,
    binSize: options.binSize ?? 1,
    books,
    walls: options.walls ?? [],
  };
}

export function wall(options: Partial<Wall> & Pick<Wall, 'side' | 'price'>): Wall {
  return {
    exchange: 'binance',
    symbol: 'BTCUSDT',
    peakUsd: 20e6,
    lastUsd: 18e6,
    from: 1_780_401_000_000,
    until: 1_780_401_600_000,
    fate: 'standing',
    ...options,
  };
}
