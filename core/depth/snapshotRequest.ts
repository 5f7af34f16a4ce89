import { POOLS as BINANCE_POOLS } from '../exchanges/binance/endpoints';
import { IP_POOL as BYBIT_POOL } from '../exchanges/bybit/endpoints';
import { REST_ORIGINS } from '../exchanges/hosts';
import type { RequestSpec } from '../exchanges/request';
import type { DepthFeed } from './depthFeeds';

/**
 * The REST snapshot of a depth feed as a budgeted request, so it shares the exchange's rate limits
 * with the sync (core/exchanges/http.ts): a resynchronising book cannot get the IP banned.
 * - Binance GET /fapi/v1/depth, limit 1000: request weight 20 (the "Order Book" page's table).
 * - Bybit GET /v5/market/orderbook: one request of the per-IP limit.
 * - OKX GET /api/v5/market/books: its own limit, 40 requests per 2 s (OKX_RATE_LIMITS 'books').
 */
export function snapshotRequest(feed: DepthFeed): RequestSpec {
  const endpoint = feed.snapshotPath.split('?')[0] ?? feed.snapshotPath;
  const url = `${REST_ORIGINS[feed.exchange]}${feed.snapshotPath}`;
  switch (feed.exchange) {
    case 'binance':
      return { exchange: 'binance', endpoint, url, pool: BINANCE_POOLS.requestWeight, weight: 20 };
    case 'bybit':
      return { exchange: 'bybit', endpoint, url, pool: BYBIT_POOL, weight: 1 };
    case 'okx':
      return { exchange: 'okx', endpoint, url, pool: 'books', weight: 1 };
  }
}
