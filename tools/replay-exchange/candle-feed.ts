import { alignDown, type ReplayCandle, type ReplayMarket } from './market';

/**
 * What a kline stream has already told one subscriber, so the next push sends only news: the
 * final (closed) version of every candle that ended since, then the current candle when it
 * changed. Catch-up after a long jump is capped so a jump of days does not flood the socket.
 */
export interface CandleFeedState {
  openTime?: number;
  lastKey?: string;
}

export const MAX_CATCHUP_CANDLES = 1440;

export function candleUpdates(
  market: ReplayMarket,
  intervalMs: number,
  state: CandleFeedState,
  now: number,
): ReplayCandle[] {
  const current = alignDown(now, intervalMs);
  const out: ReplayCandle[] = [];
  if (state.openTime !== undefined && state.openTime < current) {
    const from = Math.max(state.openTime, current - MAX_CATCHUP_CANDLES * intervalMs);
    for (let s = from; s < current; s += intervalMs) {
      const c = market.candleAt(s, intervalMs, now);
      if (c) out.push(c);
    }
    state.lastKey = undefined;
  }
  const c = market.candleAt(current, intervalMs, now);
  if (c) {
    const key = `${c.open}|${c.high}|${c.low}|${c.close}`;
    if (key !== state.lastKey) {
      out.push(c);
      state.lastKey = key;
    }
  }
  state.openTime = current;
  return out;
}
