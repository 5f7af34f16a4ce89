import type { BookMessage } from '../depth/types';
import type { ExchangeResult } from './errors';
import type { RateLimitPool, RequestSpec } from './request';
import type {
  Candle,
  ExchangeId,
  Interval,
  LiquidationEvent,
  LongShortRatio,
  MarkPrice,
  OpenInterestPoint,
  TakerFlow,
  TimeRange,
} from './types';

/** What a public WebSocket message turned into. Messages we did not subscribe to are `ignored`. */
export type StreamEvent =
  | { type: 'candle'; candle: Candle; closed: boolean }
  | { type: 'mark'; mark: MarkPrice }
  | { type: 'liquidation'; event: LiquidationEvent }
  /** An order-book snapshot or update (core/depth/types.ts), from the depth streams only. */
  | { type: 'book'; message: BookMessage }
  | { type: 'ignored'; reason: string };

export type StreamTopic = 'candles1m' | 'markPrice' | 'liquidations';

/** The statistics series an exchange may keep for less time than the longest window needs. */
export type StatsSeries = 'open-interest' | 'taker-flow';

/**
 * One exchange's REST side, as the rest of HeatBands sees it: request builders (paged to the
 * exchange's own per-request limits) and pure parsers from the body text to neutral types. Parsers
 * never throw: a bad body becomes a typed ExchangeError naming the endpoint and field.
 * Symbols are neutral ("BTCUSDT"); adapters translate to the exchange's instrument names.
 * Lists come back oldest first, whatever order the exchange sends.
 * The live streams are not here: core/streams/streamProfiles.ts builds them from each exchange's
 * stream module.
 */
export interface ExchangeAdapter {
  id: ExchangeId;
  rateLimits: readonly RateLimitPool[];

  candleRequests(symbol: string, interval: Interval, range: TimeRange): RequestSpec[];
  parseCandles(symbol: string, body: string): ExchangeResult<Candle[]>;

  openInterestHistoryRequests(symbol: string, interval: Interval, range: TimeRange): RequestSpec[];
  parseOpenInterestHistory(symbol: string, body: string): ExchangeResult<OpenInterestPoint[]>;

  /** Undefined where the exchange publishes no taker buy/sell volume. */
  takerFlowRequests?(symbol: string, interval: Interval, range: TimeRange): RequestSpec[];
  parseTakerFlow?(symbol: string, body: string): ExchangeResult<TakerFlow[]>;

  /**
   * How far back the exchange keeps a statistics series at this interval, counted from its own
   * now; undefined where it documents no limit. Older requests come back empty, so the sync says so.
   */
  statsReachMs?(series: StatsSeries, interval: Interval): number | undefined;

  longShortRatioRequests(symbol: string, interval: Interval, range: TimeRange): RequestSpec[];
  parseLongShortRatio(symbol: string, body: string): ExchangeResult<LongShortRatio[]>;

  /**
   * The symbol's price step (tick size) from the exchange's public instrument specification:
   * Binance exchangeInfo PRICE_FILTER, Bybit instruments-info priceFilter, OKX instruments tickSz.
   */
  tickSizeRequest?(symbol: string): RequestSpec;
  parseTickSize?(symbol: string, body: string): ExchangeResult<number>;

  /** REST liquidation history, where the exchange offers one (OKX). */
  liquidationRequests?(symbol: string, range: TimeRange): RequestSpec[];
  parseLiquidations?(symbol: string, body: string): ExchangeResult<LiquidationEvent[]>;

  /**
   * The exchange's clock. Sync ranges are computed from it rather than the local clock, which
   * may be skewed (and, in the replay exchange, is a point in a recording).
   */
  serverTimeRequest?(): RequestSpec;
  parseServerTime?(body: string): ExchangeResult<number>;
}
