import type { Result as SharedResult } from '../result';
import type { ExchangeAdapter, StatsSeries } from './adapter';
import { type ExchangeError, type ExchangeResult, fail, ok } from './errors';
import type { Transport } from './http';
import type { RequestSpec } from './request';
import { oldestFirst } from './series';
import type * as neutral from './types';
import type { ExchangeId, Interval, TimeRange } from './types';

/**
 * Market data for one exchange in neutral types: the adapter says what to ask and how to read the
 * answer, the transport asks. Series requests run the adapter's pages one after another (never in
 * parallel, so a backfill cannot burst past the budget's view of time), each page is parsed as it
 * arrives, and the pages are merged oldest first with one item per timestamp.
 *
 * All or nothing: when any page fails, the call returns that page's error and keeps nothing from
 * the pages before it, so a caller can never store half a range as if it were the whole range.
 */

/**
 * Data this exchange does not publish at all (OKX and Bybit have no taker buy/sell volume
 * endpoint). Kept apart from ExchangeError on purpose: it is a fact about the exchange, not a
 * failure, and callers fall back (to bar direction, to the long/short ratio) instead of retrying.
 */
export interface NotOffered {
  kind: 'not-offered';
  exchange: ExchangeId;
  /** What was asked for, e.g. "taker flow". */
  what: string;
  message: string;
}

/** A value, an exchange failure, or the fact that the exchange does not publish it. */
export type Offered<T> = SharedResult<T, ExchangeError | NotOffered>;

/** Told after each page of a series call: how many pages are done, of how many. */
export type PageProgress = (done: number, total: number) => void;

/**
 * What every series call takes: a neutral symbol, the bar interval, the closed time range, and
 * optionally whom to tell as pages arrive (a long backfill shows its progress).
 */
type SeriesArgs = [symbol: string, interval: Interval, range: TimeRange, progress?: PageProgress];

export interface MarketDataClient {
  readonly exchange: ExchangeId;
  /** What this exchange publishes, so callers can choose a fallback before asking. */
  readonly offers: { takerFlow: boolean };
  candles(...series: SeriesArgs): Promise<ExchangeResult<neutral.Candle[]>>;
  openInterestHistory(...series: SeriesArgs): Promise<ExchangeResult<neutral.OpenInterestPoint[]>>;
  takerFlow(...series: SeriesArgs): Promise<Offered<neutral.TakerFlow[]>>;
  longShortRatio(...series: SeriesArgs): Promise<ExchangeResult<neutral.LongShortRatio[]>>;
  /** How far back the exchange keeps a statistics series (see ExchangeAdapter.statsReachMs). */
  statsReachMs(series: StatsSeries, interval: Interval): number | undefined;
  /** The exchange's clock, epoch ms; not offered where the adapter has no time endpoint. */
  serverTime(): Promise<Offered<number>>;
  /** Liquidation history over a range, where the exchange publishes one (OKX): a stream gap's refill. */
  liquidations(symbol: string, range: TimeRange): Promise<Offered<neutral.LiquidationEvent[]>>;
  /** The symbol's price step from the exchange's instrument specification (ExchangeAdapter.tickSizeRequest). */
  tickSize(symbol: string): Promise<Offered<number>>;
}

export interface MarketDataClientOptions {
  adapter: ExchangeAdapter;
  transport: Transport;
}

/** One request and its parse, as a single ExchangeResult. */
async function fetchOne<T>(
  transport: Transport,
  spec: RequestSpec,
  parse: (body: string) => ExchangeResult<T>,
): Promise<ExchangeResult<T>> {
  const body = await transport.get(spec);
  if (!body.ok) return body;
  return parse(body.value);
}

function onPage(error: ExchangeError, index: number, count: number): ExchangeError {
  if (count <= 1) return error;
  return { ...error, message: `${error.message} (page ${index + 1} of ${count})` };
}

/**
 * Runs the pages in order and merges them by the one ordering rule (series.ts): oldest first, and
 * where two pages carry the same time (page edges overlap on most exchanges) the later page's item
 * wins, being the fresher copy of a possibly still-open period.
 */
async function fetchSeries<T>(
  transport: Transport,
  specs: readonly RequestSpec[],
  parse: (body: string) => ExchangeResult<T[]>,
  timeOf: (item: T) => number,
  progress?: PageProgress,
): Promise<ExchangeResult<T[]>> {
  const items: T[] = [];
  for (const [i, spec] of specs.entries()) {
    const page = await fetchOne(transport, spec, parse);
    if (!page.ok) return fail(onPage(page.error, i, specs.length));
    items.push(...page.value);
    progress?.(i + 1, specs.length);
  }
  return ok(oldestFirst(items, timeOf));
}

const byTime = (item: { time: number }): number => item.time;
const byOpenTime = (candle: neutral.Candle): number => candle.openTime;

function notOffered(exchange: ExchangeId, what: string): { ok: false; error: NotOffered } {
  return {
    ok: false,
    error: { kind: 'not-offered', exchange, what, message: `${exchange} does not publish ${what}` },
  };
}

export function createMarketDataClient({ adapter, transport }: MarketDataClientOptions): MarketDataClient {
  const exchange = adapter.id;

  /** One series call from an adapter's request builder and parser. */
  const series =
    <T>(
      requests: (symbol: string, interval: Interval, range: TimeRange) => RequestSpec[],
      parse: (symbol: string, body: string) => ExchangeResult<T[]>,
      timeOf: (item: T) => number,
    ) =>
    (
      symbol: string,
      interval: Interval,
      range: TimeRange,
      progress?: PageProgress,
    ): Promise<ExchangeResult<T[]>> =>
      fetchSeries(
        transport,
        requests(symbol, interval, range),
        (body) => parse(symbol, body),
        timeOf,
        progress,
      );

  return {
    exchange,
    offers: {
      takerFlow: Boolean(adapter.takerFlowRequests && adapter.parseTakerFlow),
    },

    candles: series(adapter.candleRequests.bind(adapter), adapter.parseCandles.bind(adapter), byOpenTime),
    openInterestHistory: series(
      adapter.openInterestHistoryRequests.bind(adapter),
      adapter.parseOpenInterestHistory.bind(adapter),
      byTime,
    ),

    async takerFlow(symbol, interval, range, progress) {
      const requests = adapter.takerFlowRequests?.bind(adapter);
      const parse = adapter.parseTakerFlow?.bind(adapter);
      if (!requests || !parse) return notOffered(exchange, 'taker buy/sell volume');
      return series(requests, parse, byTime)(symbol, interval, range, progress);
    },

    longShortRatio: series(
      adapter.longShortRatioRequests.bind(adapter),
      adapter.parseLongShortRatio.bind(adapter),
      byTime,
    ),

    statsReachMs: (stats, interval) => adapter.statsReachMs?.(stats, interval),

    async tickSize(symbol) {
      const request = adapter.tickSizeRequest?.bind(adapter);
      const parse = adapter.parseTickSize?.bind(adapter);
      if (!request || !parse) return notOffered(exchange, 'tick sizes');
      return fetchOne(transport, request(symbol), (body) => parse(symbol, body));
    },

    async liquidations(symbol, range) {
      const requests = adapter.liquidationRequests?.bind(adapter);
      const parse = adapter.parseLiquidations?.bind(adapter);
      if (!requests || !parse) return notOffered(exchange, 'liquidation history');
      // Not merged by time like the series: two liquidations can share a millisecond, and both
      // happened (the store deduplicates by the whole event).
      const events: neutral.LiquidationEvent[] = [];
      for (const spec of requests(symbol, range)) {
        const page = await fetchOne(transport, spec, (body) => parse(symbol, body));
        if (!page.ok) return page;
        events.push(...page.value);
      }
      return ok(events.sort((a, b) => a.time - b.time));
    },

    async serverTime() {
      const request = adapter.serverTimeRequest?.bind(adapter);
      const parse = adapter.parseServerTime?.bind(adapter);
      if (!request || !parse) return notOffered(exchange, 'a server time');
      return fetchOne(transport, request(), parse);
    },
  };
}
