import type { Bar } from '../data/bars';
import type { ExchangeId } from '../exchanges/types';
import { err, ok, type Result } from '../result';
import { barsUpTo, HeatmapInputError, prepareBars } from './barInput';
import { DEFAULT_CONFIG } from './config';
import { HeatEngine, tierMaskFor } from './heatEngine';
import type { HeatmapOptions, MultiHeatmapOptions } from './heatmapOptions';
import type { HeatmapResult } from './types';

/** The heatmap of one market for one window. Throws HeatmapInputError on bad input. */
export function computeHeatmap(bars: readonly Bar[], options: HeatmapOptions): HeatmapResult {
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
    ([ex, bars]) => [ex, barsUpTo(prepareBars(bars, ex), options.at, ex)] as const,
  );
  const config = options.config ?? DEFAULT_CONFIG;
  const engine = new HeatEngine({
    series: prepared,
    window: options.window,
    config,
    tierMask: tierMaskFor(config, options.filter?.leverages),
    intervalMs: options.intervalMs,
    at: options.at,
    warmUpMs: options.warmUpMs,
    tickSize: options.tickSize,
  });
  return engine.result(options.filter);
}

/** computeHeatmap as a Result instead of a throw, for callers at a boundary. */
export function tryComputeHeatmap(bars: readonly Bar[], options: HeatmapOptions): Result<HeatmapResult> {
  try {
    return ok(computeHeatmap(bars, options));
  } catch (e) {
    if (e instanceof HeatmapInputError) return err(e.message);
    throw e;
  }
}
