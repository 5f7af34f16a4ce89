import { alignDown, type ReplayCandle, type ReplayMarket } from './market';

/**
 * What a kline stream has already told one subscriber, so the next push sends only news: the
 * final (closed) version of every candle that ended since, then the current candle when it
 * changed. Catch-up after a long jump is capped so a jump of days does not flood the socket.
 */
interface CandleFeedState {
  openTime?: number;
  lastKey?: string;
}

const MAX_CATCHUP_CANDLES = 1440;

/** One subscriber's kline feeds, one per stream (Binance) or topic (Bybit). */
export class CandleFeeds {
  private readonly states = new Map<string, CandleFeedState>();

  constructor(private readonly market: ReplayMarket) {}

  /** The candles to push on `stream` since its last call; none for an interval the exchange lacks. */
  updates(stream: string, intervalMs: number | undefined, now: number): ReplayCandle[] {
    if (intervalMs === undefined) return [];
    let state = this.states.get(stream);
    if (!state) {
      state = {};
      this.states.set(stream, state);
    }
    return candleUpdates(this.market, intervalMs, state, now);
  }

  forget(stream: string): void {
    this.states.delete(stream);
  }

  /** After the clock was set back: start every feed afresh. */
  clear(): void {
    this.states.clear();
  }
}

function candleUpdates(
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
