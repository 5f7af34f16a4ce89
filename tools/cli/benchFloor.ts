import type { Bar } from '../../core/data/bars';

/**
 * The least work any heatmap of a given size must do, timed beside the engine so the ratio
 * engine/floor says how much the estimator costs beyond touching its input and output once:
 * one pass over the bars, then a fresh grid of columns × rows with every cell written once.
 * Each cell depends on the bars, so the work cannot be optimised away; the checksum is returned.
 */
export function floorPass(bars: readonly Bar[], columns: number, rows: number): number {
  let priceSum = 0;
  let oiSum = 0;
  for (let i = 0; i < bars.length; i++) {
    const bar = bars[i]!;
    priceSum += bar.high - bar.low + bar.close;
    oiSum += bar.oiUsd ?? 0;
  }
  const grid = new Float32Array(columns * rows);
  const oiTerm = oiSum * 1e-12;
  for (let c = 0; c < columns; c++) {
    const bar = bars[Math.min(bars.length - 1, Math.floor((c * bars.length) / columns))]!;
    const value = bar.close * 1e-5 + oiTerm;
    const base = c * rows;
    for (let r = 0; r < rows; r++) grid[base + r] = value + r;
  }
  return priceSum + (grid[(columns * rows) >> 1] ?? 0) + (grid[columns * rows - 1] ?? 0);
}
