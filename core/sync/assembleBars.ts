import type { Bar } from '../data/bars';
import type { Candle, OpenInterestPoint, TakerFlow } from '../exchanges/types';

/**
 * Joins an exchange's candles, open-interest history and taker flow into the engine's bars.
 * - Open interest is a snapshot: the point stamped T is the OI at instant T, so it belongs to the
 *   bar that CLOSES at T (the bar format's oi_usd is "at the bar's close").
 * - Taker volume is a flow over a period, stamped with the period's start, like the candle.
 * Neither exchange documents which edge its statistics timestamps mark; this is the reading the
 * replay exchange follows too, and the one assumption to revisit if live data disagrees.
 * Bars without a matching OI point keep oiUsd undefined ("not known"); the engine then adds
 * and removes nothing for them.
 */
export function assembleBars(
  candles: readonly Candle[],
  intervalMs: number,
  openInterest: readonly OpenInterestPoint[],
  takerFlow: readonly TakerFlow[] = [],
): Bar[] {
  const oiByTime = new Map(openInterest.map((p) => [p.time - intervalMs, p]));
  const flowByTime = new Map(takerFlow.map((f) => [f.time, f]));
  const bars: Bar[] = [];
  for (const c of candles) {
    const bar: Bar = { time: c.openTime, open: c.open, high: c.high, low: c.low, close: c.close };
    const oi = oiByTime.get(c.openTime);
    if (oi) {
      const usd = oi.openInterestUsd ?? oi.openInterestBase * c.close;
      if (Number.isFinite(usd) && usd > 0) bar.oiUsd = usd;
    }
    // Binance klines carry the bar's own taker buy volume: exact, so it wins over the
    // taker-flow endpoint, which is the fallback for exchanges whose candles lack it.
    const flow = flowByTime.get(c.openTime);
    if (c.takerBuyBase !== undefined && c.volumeBase > 0)
      bar.takerDeltaBase = 2 * c.takerBuyBase - c.volumeBase;
    else if (flow) bar.takerDeltaBase = flow.buyVolumeBase - flow.sellVolumeBase;
    bars.push(bar);
  }
  return bars;
}
