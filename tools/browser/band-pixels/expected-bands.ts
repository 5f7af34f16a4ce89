import type { ChartTruth } from '../standin/truth';

/** Where the chart's own truth puts each band the worker sent: the answer the pixel checks compare against. */

/** A band as the worker sends it (core/messaging.ts): prices, and times in epoch ms. */
export interface BandLike {
  priceLow: number;
  priceHigh: number;
  timeStart: number;
  timeEnd: number;
  intensity: number;
}

/** Where the chart says a band belongs, pane px: rows from priceHigh/priceLow, columns from bar boundaries. */
export interface ExpectedBand {
  index: number;
  band: BandLike;
  /** Upper and lower edge (top < bottom whatever the scale's direction). */
  top: number;
  bottom: number;
  /** Left boundary of the bar holding timeStart. */
  left: number;
  /** Left boundary of the bar holding timeEnd: where the candle that crossed the band begins. */
  right: number;
  /** Still open at the reply's asOf: it runs to the pane's right edge. */
  live: boolean;
}

export function expectedBands(bands: readonly BandLike[], asOf: number, truth: ChartTruth): ExpectedBand[] {
  return bands.flatMap((band, index) => {
    const yHigh = truth.priceY[2 * index];
    const yLow = truth.priceY[2 * index + 1];
    const left = truth.barLeftX[2 * index];
    const right = truth.barLeftX[2 * index + 1];
    if (yHigh == null || yLow == null || left == null || right == null) return [];
    return [
      {
        index,
        band,
        top: Math.min(yHigh, yLow),
        bottom: Math.max(yHigh, yLow),
        left,
        right,
        live: band.timeEnd >= asOf,
      },
    ];
  });
}

/** The truth request for `expectedBands`: each band's two prices and two times (UNIX s). */
export function truthRequestFor(bands: readonly BandLike[]): { prices: number[]; times: number[] } {
  return {
    prices: bands.flatMap((b) => [b.priceHigh, b.priceLow]),
    times: bands.flatMap((b) => [b.timeStart / 1000, b.timeEnd / 1000]),
  };
}
