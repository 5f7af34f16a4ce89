/**
 * Neutral market-data types shared by every exchange adapter. Every number here is finite:
 * mappers reject anything else with an ExchangeError before a value of these types exists.
 * Times are milliseconds since the Unix epoch (UTC).
 */
export const EXCHANGE_IDS = ['binance', 'bybit', 'okx'] as const;
export type ExchangeId = (typeof EXCHANGE_IDS)[number];

/** How each exchange is named to a trader. */
export const EXCHANGE_NAMES: Record<ExchangeId, string> = { binance: 'Binance', bybit: 'Bybit', okx: 'OKX' };

/** Which positions: longs are liquidated by forced sells, shorts by forced buys. */
export const POSITION_SIDES = ['long', 'short'] as const;
export type PositionSide = (typeof POSITION_SIDES)[number];

/** A closed time range, epoch ms. */
export interface TimeRange {
  startTime: number;
  endTime: number;
}

export interface Candle {
  exchange: ExchangeId;
  symbol: string; // neutral symbol, e.g. BTCUSDT
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Traded volume in base units (BTC for BTCUSDT). */
  volumeBase: number;
  /** Traded volume in quote units (USDT), when the exchange reports it. */
  volumeQuote?: number;
  /** Taker buy volume in base units, when the exchange reports it (Binance klines do). */
  takerBuyBase?: number;
}

export interface OpenInterestPoint {
  exchange: ExchangeId;
  symbol: string;
  time: number;
  /** Open interest in base units (BTC). */
  openInterestBase: number;
  /** Open interest in USD, when the exchange reports it; else derive it from a price. */
  openInterestUsd?: number;
}

export interface TakerFlow {
  exchange: ExchangeId;
  symbol: string;
  time: number;
  /** Taker buy and sell volume over the period, in base units. */
  buyVolumeBase: number;
  sellVolumeBase: number;
}

export interface LongShortRatio {
  exchange: ExchangeId;
  symbol: string;
  time: number;
  /** Share of accounts net long, 0..1. */
  longShare: number;
  /** Share of accounts net short, 0..1. */
  shortShare: number;
}

export interface MarginTier {
  exchange: ExchangeId;
  symbol: string;
  tier: number;
  /** Position notional range in USD this tier covers: [notionalFloor, notionalCap). */
  notionalFloor: number;
  notionalCap: number;
  maxLeverage: number;
  /** Maintenance margin rate as a fraction of notional (0.004 = 0.4 %). */
  maintenanceMarginRate: number;
  /** Binance "maintenance amount" (cum) or Bybit "mmDeduction", in USD; 0 when none. */
  maintenanceAmount: number;
}

export interface MarkPrice {
  exchange: ExchangeId;
  symbol: string;
  time: number;
  markPrice: number;
  indexPrice?: number;
  /** Funding rate as a fraction (0.0001 = 0.01 %). */
  fundingRate?: number;
  nextFundingTime?: number;
}

export interface LiquidationEvent {
  exchange: ExchangeId;
  symbol: string;
  time: number;
  /** Which positions were liquidated: Binance SELL, Bybit "Buy" and OKX "sell" all mean longs. */
  side: PositionSide;
  price: number;
  quantityBase: number;
  notionalUsd: number;
}

/** Candle intervals the adapters understand, in the project's own spelling. */
export type Interval = '1m' | '5m' | '15m' | '30m' | '1h' | '4h' | '1d';
export const INTERVAL_MS: Record<Interval, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};

/** Open interest and the other statistics come in these periods, on all three exchanges. */
export type StatsInterval = Exclude<Interval, '1m'>;

/** The statistics start at 5 minutes everywhere: a 1m request gets 5m points, the finest there is. */
export const statsInterval = (interval: Interval): StatsInterval => (interval === '1m' ? '5m' : interval);

/** The statistics period served for `interval`, by the exchange's name for it, and its length. */
export function statsPeriod(
  interval: Interval,
  names: Record<StatsInterval, string>,
): { period: string; stepMs: number } {
  const stats = statsInterval(interval);
  return { period: names[stats], stepMs: INTERVAL_MS[stats] };
}
