import type { TimeRange } from '../adapter';
import { REST_ORIGINS } from '../hosts';
import { buildUrl, type RateLimitPool, type RequestSpec } from '../request';
import { baseAsset, toExchangeSymbol } from '../symbols';
import { INTERVAL_MS, type Interval } from '../types';
import { INSTRUMENTS_ENDPOINT } from './contracts';

/**
 * Request builders for OKX v5 public market data, each paged to the endpoint's own per-request
 * limit. Symbols are neutral ("BTCUSDT"); OKX calls that market "BTC-USDT-SWAP" and its family
 * "BTC-USDT". Lists are requested oldest page first.
 */

export const OKX_PATHS = {
  candles: '/api/v5/market/candles',
  historyCandles: '/api/v5/market/history-candles',
  openInterest: '/api/v5/public/open-interest',
  openInterestHistory: '/api/v5/rubik/stat/contracts/open-interest-history',
  takerVolume: '/api/v5/rubik/stat/taker-volume-contract',
  longShortRatio: '/api/v5/rubik/stat/contracts/long-short-account-ratio-contract',
  positionTiers: '/api/v5/public/position-tiers',
  markPrice: '/api/v5/public/mark-price',
  fundingRate: '/api/v5/public/funding-rate',
  liquidations: '/api/v5/public/liquidation-orders',
  instruments: INSTRUMENTS_ENDPOINT,
  time: '/api/v5/public/time',
} as const;

type PoolName = keyof typeof OKX_PATHS;

const DOCS = 'https://www.okx.com/docs-v5/en/#';

/**
 * OKX counts requests per endpoint over 2-second windows. Several limits are "per IP + instrument";
 * one pool per endpoint (shared by all instruments) is the conservative reading of those.
 */
export const OKX_RATE_LIMITS: readonly RateLimitPool[] = (
  [
    ['candles', 40, 'order-book-trading-market-data-get-candlesticks'],
    ['historyCandles', 20, 'order-book-trading-market-data-get-candlesticks-history'],
    ['openInterest', 20, 'public-data-rest-api-get-open-interest'],
    ['openInterestHistory', 10, 'trading-statistics-rest-api-get-contract-open-interest-history'],
    ['takerVolume', 5, 'trading-statistics-rest-api-get-contract-taker-volume'],
    ['longShortRatio', 5, 'trading-statistics-rest-api-get-contract-long-short-ratio'],
    ['positionTiers', 10, 'public-data-rest-api-get-position-tiers'],
    ['markPrice', 10, 'public-data-rest-api-get-mark-price'],
    ['fundingRate', 10, 'public-data-rest-api-get-funding-rate'],
    ['liquidations', 40, 'public-data-rest-api-get-liquidation-orders'],
    ['instruments', 20, 'public-data-rest-api-get-instruments'],
    ['time', 10, 'public-data-rest-api-get-system-time'],
  ] as const
).map(([pool, capacity, anchor]) => ({
  exchange: 'okx' as const,
  pool,
  capacity,
  windowMs: 2_000,
  source: `${DOCS}${anchor}`,
}));

/** Per-request maxima from the docs pages above. */
export const PAGE_LIMITS = {
  candles: 300,
  // The docs now say 300 for history-candles too; older pages said 100. Asking for 100 stays
  // gap-free under either cap, because each page is a time window of exactly `limit` bars.
  historyCandles: 100,
  rubik: 100,
  liquidations: 100,
} as const;

/** /market/candles only keeps the latest 1,440 bars; older windows go to /history-candles. */
const CANDLES_KEPT_BARS = 1_440;
/** Pages built now may be sent seconds later: leave a margin before the 1,440-bar edge. */
const CANDLES_EDGE_MARGIN_BARS = 40;

/** OKX bar names. Days use the UTC-aligned "1Dutc" so bars start at 00:00 UTC like everywhere else. */
export const OKX_BAR: Record<Interval, string> = {
  '1m': '1m',
  '5m': '5m',
  '15m': '15m',
  '30m': '30m',
  '1h': '1H',
  '4h': '4H',
  '1d': '1Dutc',
};

/** Trading-statistics (rubik) periods start at 5m; a 1m request is served with 5m points. */
export const RUBIK_PERIOD: Record<Interval, { period: string; stepMs: number }> = {
  '1m': { period: '5m', stepMs: INTERVAL_MS['5m'] },
  '5m': { period: '5m', stepMs: INTERVAL_MS['5m'] },
  '15m': { period: '15m', stepMs: INTERVAL_MS['15m'] },
  '30m': { period: '30m', stepMs: INTERVAL_MS['30m'] },
  '1h': { period: '1H', stepMs: INTERVAL_MS['1h'] },
  '4h': { period: '4H', stepMs: INTERVAL_MS['4h'] },
  '1d': { period: '1Dutc', stepMs: INTERVAL_MS['1d'] },
};

/** "BTCUSDT" → "BTC-USDT" (OKX's instrument family, formerly "underlying"). */
export function instFamilyOf(symbol: string): string {
  return `${baseAsset(symbol)}-USDT`;
}

/** One page of bars: open times `first`..`last` inclusive, `count` bars. */
export interface BarPage {
  first: number;
  last: number;
  count: number;
}

/**
 * Splits a closed time range into pages of at most `perPage` bars on the `stepMs` grid (bars open
 * at multiples of the step since the epoch). Consecutive pages touch without overlapping.
 */
export function barPages(range: TimeRange, stepMs: number, perPage: number): BarPage[] {
  const { startTime, endTime } = range;
  if (!Number.isFinite(startTime) || !Number.isFinite(endTime) || endTime < startTime) return [];
  if (!(stepMs > 0) || !(perPage >= 1)) return [];
  const first = Math.ceil(startTime / stepMs) * stepMs;
  const last = Math.floor(endTime / stepMs) * stepMs;
  const pages: BarPage[] = [];
  for (let from = first; from <= last; from += perPage * stepMs) {
    const to = Math.min(last, from + (perPage - 1) * stepMs);
    pages.push({ first: from, last: to, count: (to - from) / stepMs + 1 });
  }
  return pages;
}

function spec(pool: PoolName, query: Record<string, string | number | undefined>): RequestSpec {
  const endpoint = OKX_PATHS[pool];
  return { exchange: 'okx', endpoint, url: buildUrl(REST_ORIGINS.okx, endpoint, query), pool, weight: 1 };
}

/*
 * OKX pages by exclusive timestamps: `after`/`end` = "records earlier than ts", `before`/`begin`
 * = "records newer than ts". Asking for (first − 1, last + 1) selects exactly the bars first..last
 * whether OKX treats the bounds as exclusive or inclusive, since no bar opens 1 ms off the grid.
 */

/**
 * GET /api/v5/market/candles (latest 1,440 bars, ≤ 300 a page)
 * https://www.okx.com/docs-v5/en/#order-book-trading-market-data-get-candlesticks
 * GET /api/v5/market/history-candles (older bars, ≤ 100 a page here)
 * https://www.okx.com/docs-v5/en/#order-book-trading-market-data-get-candlesticks-history
 *
 * Which bars /market/candles still keeps is counted back from OKX's "now". Without a clock of its
 * own, the range's end stands for it: callers sync up to the exchange's clock (syncSeries), and the
 * local clock may be skewed or, against the replay exchange, months away. A range that ends long
 * before OKX's now would send its newest pages to /market/candles after it has dropped them.
 */
export function candleRequests(
  symbol: string,
  interval: Interval,
  range: TimeRange,
  now: number = range.endTime,
): RequestSpec[] {
  const instId = toExchangeSymbol('okx', symbol);
  const step = INTERVAL_MS[interval];
  const recentFrom =
    Math.floor(now / step) * step - (CANDLES_KEPT_BARS - CANDLES_EDGE_MARGIN_BARS - 1) * step;
  const page = (pool: 'candles' | 'historyCandles', p: BarPage) =>
    spec(pool, {
      instId,
      bar: OKX_BAR[interval],
      after: p.last + 1,
      before: p.first - 1,
      limit: p.count,
    });
  const older = barPages(
    { startTime: range.startTime, endTime: Math.min(range.endTime, recentFrom - 1) },
    step,
    PAGE_LIMITS.historyCandles,
  ).map((p) => page('historyCandles', p));
  const recent = barPages(
    { startTime: Math.max(range.startTime, recentFrom), endTime: range.endTime },
    step,
    PAGE_LIMITS.candles,
  ).map((p) => page('candles', p));
  return [...older, ...recent];
}

function rubikRequests(
  pool: 'openInterestHistory' | 'takerVolume' | 'longShortRatio',
  extra: Record<string, string>,
  symbol: string,
  interval: Interval,
  range: TimeRange,
): RequestSpec[] {
  const instId = toExchangeSymbol('okx', symbol);
  const { period, stepMs } = RUBIK_PERIOD[interval];
  return barPages(range, stepMs, PAGE_LIMITS.rubik).map((p) =>
    spec(pool, { instId, period, ...extra, begin: p.first - 1, end: p.last + 1, limit: p.count }),
  );
}

/**
 * GET /api/v5/rubik/stat/contracts/open-interest-history: per instrument, in contracts, coin and
 * USD; the latest 1,440 points per period, ≤ 100 a page.
 * https://www.okx.com/docs-v5/en/#trading-statistics-rest-api-get-contract-open-interest-history
 */
export function openInterestHistoryRequests(
  symbol: string,
  interval: Interval,
  range: TimeRange,
): RequestSpec[] {
  return rubikRequests('openInterestHistory', {}, symbol, interval, range);
}

/**
 * GET /api/v5/rubik/stat/taker-volume-contract with unit=0, so volumes arrive in the base coin.
 * https://www.okx.com/docs-v5/en/#trading-statistics-rest-api-get-contract-taker-volume
 */
export function takerFlowRequests(symbol: string, interval: Interval, range: TimeRange): RequestSpec[] {
  return rubikRequests('takerVolume', { unit: '0' }, symbol, interval, range);
}

/**
 * GET /api/v5/rubik/stat/contracts/long-short-account-ratio-contract
 * https://www.okx.com/docs-v5/en/#trading-statistics-rest-api-get-contract-long-short-ratio
 */
export function longShortRatioRequests(symbol: string, interval: Interval, range: TimeRange): RequestSpec[] {
  return rubikRequests('longShortRatio', {}, symbol, interval, range);
}

/**
 * GET /api/v5/public/open-interest?instType=SWAP&instId=BTC-USDT-SWAP
 * https://www.okx.com/docs-v5/en/#public-data-rest-api-get-open-interest
 */
export function openInterestRequest(symbol: string): RequestSpec {
  return spec('openInterest', { instType: 'SWAP', instId: toExchangeSymbol('okx', symbol) });
}

/**
 * GET /api/v5/public/position-tiers?instType=SWAP&tdMode=isolated&instFamily=BTC-USDT
 * Isolated tiers, because the liquidation-price formulas HeatBands uses are isolated-margin ones.
 * https://www.okx.com/docs-v5/en/#public-data-rest-api-get-position-tiers
 */
export function marginTiersRequest(symbol: string): RequestSpec {
  return spec('positionTiers', { instType: 'SWAP', tdMode: 'isolated', instFamily: instFamilyOf(symbol) });
}

/**
 * GET /api/v5/public/mark-price?instType=SWAP&instId=BTC-USDT-SWAP
 * https://www.okx.com/docs-v5/en/#public-data-rest-api-get-mark-price
 */
export function markPriceRequest(symbol: string): RequestSpec {
  return spec('markPrice', { instType: 'SWAP', instId: toExchangeSymbol('okx', symbol) });
}

/**
 * GET /api/v5/public/funding-rate?instId=BTC-USDT-SWAP (mark-price does not carry funding).
 * https://www.okx.com/docs-v5/en/#public-data-rest-api-get-funding-rate
 */
export function fundingRateRequest(symbol: string): RequestSpec {
  return spec('fundingRate', { instId: toExchangeSymbol('okx', symbol) });
}

/**
 * GET /api/v5/public/liquidation-orders?instType=SWAP&instFamily=BTC-USDT&state=filled
 * OKX keeps only a short recent window and pages by the `ts` of the details, ≤ 100 a page; how many
 * orders a time span holds is unknown beforehand, so this is the newest page of the range and
 * `nextLiquidationRequest` asks for the page before the oldest order seen.
 * https://www.okx.com/docs-v5/en/#public-data-rest-api-get-liquidation-orders
 */
export function liquidationRequests(symbol: string, range: TimeRange): RequestSpec[] {
  if (!Number.isFinite(range.startTime) || !Number.isFinite(range.endTime)) return [];
  if (range.endTime < range.startTime) return [];
  return [liquidationPage(symbol, range.startTime, range.endTime)];
}

/** The page of the range older than `oldestSeen` (exclusive), or undefined when the range is done. */
export function nextLiquidationRequest(
  symbol: string,
  range: TimeRange,
  oldestSeen: number,
): RequestSpec | undefined {
  if (!(oldestSeen > range.startTime)) return undefined;
  return liquidationPage(symbol, range.startTime, oldestSeen - 1);
}

function liquidationPage(symbol: string, from: number, to: number): RequestSpec {
  return spec('liquidations', {
    instType: 'SWAP',
    instFamily: instFamilyOf(symbol),
    state: 'filled',
    after: to + 1,
    before: from - 1,
    limit: PAGE_LIMITS.liquidations,
  });
}

/**
 * GET /api/v5/public/instruments?instType=SWAP — contract sizes of every swap, for `parseInstruments`.
 * https://www.okx.com/docs-v5/en/#public-data-rest-api-get-instruments
 */
export function instrumentsRequest(): RequestSpec {
  return spec('instruments', { instType: 'SWAP' });
}
