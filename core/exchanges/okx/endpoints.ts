import { getRequest, type Page, pageTimes, type RateLimitPool, type RequestSpec } from '../request';
import { baseAsset, toExchangeSymbol } from '../symbols';
import { INTERVAL_MS, type Interval, statsPeriod, type TimeRange } from '../types';

/**
 * Request builders for OKX v5 public market data, each paged to the endpoint's own per-request
 * limit. Symbols are neutral ("BTCUSDT"); OKX calls that market "BTC-USDT-SWAP" and its family
 * "BTC-USDT". Lists are requested oldest page first.
 */

export const OKX_PATHS = {
  candles: '/api/v5/market/candles',
  historyCandles: '/api/v5/market/history-candles',
  openInterestHistory: '/api/v5/rubik/stat/contracts/open-interest-history',
  takerVolume: '/api/v5/rubik/stat/taker-volume-contract',
  longShortRatio: '/api/v5/rubik/stat/contracts/long-short-account-ratio-contract',
  instruments: '/api/v5/public/instruments',
  liquidations: '/api/v5/public/liquidation-orders',
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
    ['openInterestHistory', 10, 'trading-statistics-rest-api-get-contract-open-interest-history'],
    ['takerVolume', 5, 'trading-statistics-rest-api-get-contract-taker-volume'],
    ['longShortRatio', 5, 'trading-statistics-rest-api-get-contract-long-short-ratio'],
    ['instruments', 20, 'public-data-rest-api-get-instruments'],
    ['liquidations', 40, 'public-data-rest-api-get-liquidation-orders'],
    // The order book's REST snapshot (core/depth/snapshotRequest.ts), when the stream's is missing.
    ['books', 40, 'order-book-trading-market-data-get-order-book'],
    ['time', 10, 'public-data-rest-api-get-system-time'],
  ] as const
).map(([pool, capacity, anchor]) => ({
  exchange: 'okx' as const,
  pool,
  capacity,
  windowMs: 2_000,
  source: `${DOCS}${anchor}`,
}));

/**
 * Per-request maxima from the docs pages above: "limit … The maximum is 300" on both candle pages
 * (history-candles was 100 on older pages; the docs win), 100 on the trading statistics and on
 * liquidation orders.
 */
const PAGE_LIMITS = {
  candles: 300,
  historyCandles: 300,
  rubik: 100,
  liquidations: 100,
} as const;

/**
 * /market/candles keeps only the latest 1,440 bars (older windows go to /history-candles), and
 * every trading-statistics (rubik) series only its latest 1,440 points per period: "This endpoint
 * can retrieve the latest 1,440 data entries". At 5-minute periods that is 5 days.
 */
const OKX_KEPT_ENTRIES = 1_440;
/** Pages built now may be sent seconds later: leave a margin before the 1,440-bar edge. */
const CANDLES_EDGE_MARGIN_BARS = 40;

/** OKX bar names. Days use the UTC-aligned "1Dutc" so bars start at 00:00 UTC like everywhere else. */
const OKX_BAR: Record<Interval, string> = {
  '1m': '1m',
  '5m': '5m',
  '15m': '15m',
  '30m': '30m',
  '1h': '1H',
  '4h': '4H',
  '1d': '1Dutc',
};

/** Trading-statistics (rubik) periods start at 5m and are named as bars; 1m is served with 5m points. */
const rubikPeriod = (interval: Interval) => statsPeriod(interval, OKX_BAR);

/** "BTCUSDT" → "BTC-USDT" (OKX's instrument family, formerly "underlying"). */
export function instFamilyOf(symbol: string): string {
  return `${baseAsset(symbol)}-USDT`;
}

/** How far back OKX keeps a trading-statistics series at this interval: 1,440 periods. */
export function rubikReachMs(interval: Interval): number {
  return OKX_KEPT_ENTRIES * rubikPeriod(interval).stepMs;
}

function spec(pool: PoolName, query: Record<string, string | number | undefined>): RequestSpec {
  return getRequest('okx', OKX_PATHS[pool], query, pool);
}

/*
 * OKX pages by exclusive timestamps: `after`/`end` = "records earlier than ts", `before`/`begin`
 * = "records newer than ts". Asking for (first − 1, last + 1) selects exactly the bars first..last
 * whether OKX treats the bounds as exclusive or inclusive, since no bar opens 1 ms off the grid.
 */

/**
 * GET /api/v5/market/candles (latest 1,440 bars, ≤ 300 a page)
 * https://www.okx.com/docs-v5/en/#order-book-trading-market-data-get-candlesticks
 * GET /api/v5/market/history-candles (older bars, ≤ 300 a page)
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
  const recentFrom = Math.floor(now / step) * step - (OKX_KEPT_ENTRIES - CANDLES_EDGE_MARGIN_BARS - 1) * step;
  const page = (pool: 'candles' | 'historyCandles', p: Page) =>
    spec(pool, {
      instId,
      bar: OKX_BAR[interval],
      after: p.last + 1,
      before: p.first - 1,
      limit: p.count,
    });
  const older = pageTimes(
    { startTime: range.startTime, endTime: Math.min(range.endTime, recentFrom - 1) },
    step,
    PAGE_LIMITS.historyCandles,
  ).map((p) => page('historyCandles', p));
  const recent = pageTimes(
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
  const { period, stepMs } = rubikPeriod(interval);
  return pageTimes(range, stepMs, PAGE_LIMITS.rubik).map((p) =>
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
 * GET /api/v5/public/instruments?instType=SWAP&instId=BTC-USDT-SWAP: the swap's contract value
 * (ctVal × ctMult base units per contract) and tick size.
 * https://www.okx.com/docs-v5/en/#public-data-rest-api-get-instruments
 */
export function instrumentRequest(symbol: string): RequestSpec {
  return spec('instruments', { instType: 'SWAP', instId: toExchangeSymbol('okx', symbol) });
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
