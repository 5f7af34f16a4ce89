import type { Bar } from '../data/bars';
import type { ExchangeId } from '../exchanges/types';
import { prepareBars } from './barInput';
import { DEFAULT_CONFIG } from './config';
import { HeatEngine } from './heatEngine';
import type { SessionOptions } from './heatmapOptions';
import type { HeatFilter, HeatmapResult, NewestColumn } from './types';

/** A live engine over prepared bars: all tiers stored, rows with a margin for appends. */
function liveEngine(series: Array<readonly [ExchangeId, Bar[]]>, options: SessionOptions): HeatEngine {
  return new HeatEngine({
    series,
    window: options.window,
    config: options.config ?? DEFAULT_CONFIG,
    tierMask: null,
    intervalMs: options.intervalMs,
    live: true,
    warmUpMs: options.warmUpMs,
    tickSize: options.tickSize,
  });
}

/**
 * A live heatmap: build once, then append bars as they arrive. `append` updates the book and the
 * newest column only (O(levels crossed + rows)); a bar with the same time as the newest bar
 * replaces it (the in-progress bar of a stream). A bar older than the newest is rejected. One
 * market's bars, or several exchanges' series of it (then each bar is appended to its exchange).
 */
export class HeatmapSession {
  private readonly engine: HeatEngine;
  private readonly exchange: ExchangeId;

  constructor(
    series: readonly Bar[] | ReadonlyMap<ExchangeId, readonly Bar[]>,
    options: SessionOptions & { exchange?: ExchangeId },
  ) {
    const all: ReadonlyMap<ExchangeId, readonly Bar[]> =
      series instanceof Map ? series : new Map([[options.exchange ?? 'binance', series as readonly Bar[]]]);
    this.exchange = options.exchange ?? all.keys().next().value ?? 'binance';
    this.engine = liveEngine(
      [...all].map(([ex, bars]) => [ex, prepareBars(bars, ex)] as const),
      options,
    );
  }

  append(bar: Bar, exchange: ExchangeId = this.exchange): void {
    this.engine.append(exchange, bar);
  }

  /** The newest column, map and zones only: what changes per bar (see NewestColumn). */
  newestColumn(filter?: Omit<HeatFilter, 'leverages'>): NewestColumn {
    return this.engine.newestColumn(filter);
  }

  result(filter?: HeatFilter): HeatmapResult {
    return this.engine.result(filter);
  }
}
