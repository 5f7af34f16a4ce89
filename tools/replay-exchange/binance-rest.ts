import { intervalTable } from './interval-names';
import type { ReplayMarket, Window } from './market';
import { nextFundingTime } from './market';
import { fixed, ParamError, type Reply, SYNTHETIC_HEADER } from './reply';
import { binanceExchangeInfo } from './static-tables';

/**
 * Binance USDⓈ-M public REST, answered from the recording. Shapes and rules from
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api
 * (Kline-Candlestick-Data, Open-Interest, Open-Interest-Statistics, Taker-BuySell-Volume,
 * Long-Short-Ratio, Mark-Price, Exchange-Information). Numbers go out as strings where Binance
 * sends strings; timestamps as numbers (what the live API returns, though some doc examples
 * quote them).
 */

export const BINANCE_KLINE_INTERVALS = intervalTable('1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d');

const DATA_PERIODS = intervalTable('5m 15m 30m 1h 2h 4h 6h 12h 1d');

/** The futures/data endpoints only keep the latest 30 days. */
const BINANCE_DATA_RETENTION_MS = 30 * 86_400_000;

const JSON_HEADERS = { 'Content-Type': 'application/json' };

/** Binance sends USD values with 8 decimals; a double holds ~16 digits, so keep 4 and pad (no binary noise). */
function usdText(usd: number): string {
  return `${fixed(usd, 4)}0000`;
}

export function binanceError(status: number, code: number, msg: string): Reply {
  return { status, body: JSON.stringify({ code, msg }), headers: { ...JSON_HEADERS } };
}

function ok(value: unknown, weight: number, extra: Record<string, string> = {}): Reply {
  return { status: 200, body: JSON.stringify(value), headers: { ...JSON_HEADERS, ...extra }, weight };
}

function mandatory(q: URLSearchParams, name: string): string {
  const v = q.get(name);
  if (v === null || v.trim() === '') {
    throw new ParamError(
      binanceError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`),
    );
  }
  return v;
}

function symbolParam(q: URLSearchParams, market: ReplayMarket): string {
  const s = mandatory(q, 'symbol');
  if (s !== market.symbol) throw new ParamError(binanceError(400, -1121, 'Invalid symbol.'));
  return s;
}

function longParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^\d{1,20}$/.test(v)) {
    throw new ParamError(
      binanceError(
        400,
        -1100,
        `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`,
      ),
    );
  }
  return Number(v);
}

function limitParam(q: URLSearchParams, fallback: number, max: number): number {
  const n = longParam(q, 'limit');
  if (n === undefined) return fallback;
  if (n < 1 || n > max)
    throw new ParamError(binanceError(400, -1130, "Data sent for parameter 'limit' is not valid."));
  return n;
}

function windowParams(q: URLSearchParams, fallbackLimit: number, maxLimit: number): Window {
  const startTime = longParam(q, 'startTime');
  const endTime = longParam(q, 'endTime');
  const limit = limitParam(q, fallbackLimit, maxLimit);
  if (startTime !== undefined && endTime !== undefined && startTime > endTime) {
    throw new ParamError(binanceError(400, -1023, 'Start time is greater than end time.'));
  }
  return { startTime, endTime, limit, anchor: 'start' };
}

/** Binance's kline weight grows with the limit. */
function klineWeight(limit: number): number {
  if (limit < 100) return 1;
  if (limit < 500) return 2;
  if (limit <= 1000) return 5;
  return 10;
}

// [1616338800000,"57212.69","57315.00","57196.19","57300.00","496.263",1616339099999,"28425514.78940",7160,"273.108","15642623.69718","0"]
// The recording has no volume: volume, quote volume, trade count and taker buy volumes go out as zero.
function klines(q: URLSearchParams, market: ReplayMarket, now: number): Reply {
  symbolParam(q, market);
  const interval = mandatory(q, 'interval');
  const ms = BINANCE_KLINE_INTERVALS[interval];
  if (ms === undefined) return binanceError(400, -1120, 'Invalid interval.');
  const window = windowParams(q, 500, 1500);
  const rows = market
    .candles(ms, window, now)
    .map((c) => [
      c.openTime,
      fixed(c.open, market.priceDecimals),
      fixed(c.high, market.priceDecimals),
      fixed(c.low, market.priceDecimals),
      fixed(c.close, market.priceDecimals),
      '0',
      c.openTime + ms - 1,
      '0',
      0,
      '0',
      '0',
      '0',
    ]);
  return ok(rows, klineWeight(window.limit), { [SYNTHETIC_HEADER]: 'volume-zero' });
}

function dataWindow(q: URLSearchParams, now: number): { period: number; window: Window } {
  const periodText = mandatory(q, 'period');
  const period = DATA_PERIODS[periodText];
  if (period === undefined)
    throw new ParamError(binanceError(400, -1130, "Data sent for parameter 'period' is not valid."));
  const window = windowParams(q, 30, 500);
  const oldest = now - BINANCE_DATA_RETENTION_MS;
  // One period of grace: a client that clips to "30 days before my clock" must not fail because
  // its clock runs a moment behind ours. Where exactly the live edge lies is not documented.
  if (window.startTime !== undefined && window.startTime < oldest - period) {
    throw new ParamError(binanceError(400, -1130, "Data sent for parameter 'startTime' is not valid."));
  }
  // A startTime sent anchors `limit` there; without one the newest rows are kept.
  const anchor = q.has('startTime') ? 'start' : 'end';
  return { period, window: { ...window, startTime: window.startTime ?? oldest, anchor } };
}

// {"symbol":"BTCUSDT","sumOpenInterest":"34085.00000000","sumOpenInterestValue":"1927265695.27131325","timestamp":1616438700000}
function openInterestHist(q: URLSearchParams, market: ReplayMarket, now: number): Reply {
  const symbol = symbolParam(q, market);
  const { period, window } = dataWindow(q, now);
  const rows = market.openInterest(period, window, now).map((p) => ({
    symbol,
    sumOpenInterest: fixed(p.oiBase, 8),
    sumOpenInterestValue: usdText(p.oiUsd),
    timestamp: p.time,
  }));
  return ok(rows, 0);
}

// {"buySellRatio":"1.1603","buyVol":"298.2800","sellVol":"257.0660","timestamp":1616439300000}
function takerLongShortRatio(q: URLSearchParams, market: ReplayMarket, now: number): Reply {
  symbolParam(q, market);
  const { period, window } = dataWindow(q, now);
  const rows = market.takerVolume(period, window, now).map((t) => ({
    buySellRatio: fixed(t.buyBase / t.sellBase, 4),
    buyVol: fixed(t.buyBase, 4),
    sellVol: fixed(t.sellBase, 4),
    timestamp: t.time,
  }));
  return ok(rows, 0, { [SYNTHETIC_HEADER]: 'taker-volume-baseline' });
}

/**
 * The recording has no account ratios. SYNTHETIC: a neutral 50/50 (ratio 1) at each period
 * close the recording covers, so a client that needs the series gets "no information", not
 * a made-up lean. Marked with X-Replay-Synthetic: account-ratio.
 */
// {"symbol":"BTCUSDT","longShortRatio":"1.0000","longAccount":"0.5000","shortAccount":"0.5000","timestamp":1583139600000}
function longShortRatio(q: URLSearchParams, market: ReplayMarket, now: number): Reply {
  const symbol = symbolParam(q, market);
  const { period, window } = dataWindow(q, now);
  const rows = market.closesOnGrid(period, window, now).map((timestamp) => ({
    symbol,
    longShortRatio: '1.0000',
    longAccount: '0.5000',
    shortAccount: '0.5000',
    timestamp,
  }));
  return ok(rows, 0, { [SYNTHETIC_HEADER]: 'account-ratio' });
}

// {"openInterest":"10659.509","symbol":"BTCUSDT","time":1589437530011}
function openInterest(q: URLSearchParams, market: ReplayMarket, now: number): Reply {
  const symbol = symbolParam(q, market);
  const p = market.openInterestAt(now);
  if (!p) return binanceError(400, -1121, 'Invalid symbol.');
  return ok({ openInterest: fixed(p.oiBase, 3), symbol, time: now }, 1);
}

// {"symbol":"BTCUSDT","markPrice":"11793.63104562","indexPrice":"11781.80495970","estimatedSettlePrice":"11781.16138815",
//  "lastFundingRate":"0.00038246","interestRate":"0.00010000","nextFundingTime":1597392000000,"time":1597370495002}
// The recording has one price: mark, index and settle price all follow it. Funding: the bar's
// funding_rate; without one, "0.00000000" marked X-Replay-Synthetic: funding-rate.
function premiumIndex(q: URLSearchParams, market: ReplayMarket, now: number): Reply {
  const asked = q.get('symbol');
  if (asked !== null && asked !== market.symbol) return binanceError(400, -1121, 'Invalid symbol.');
  const mark = market.priceAt(now);
  if (mark === undefined) return binanceError(400, -1121, 'Invalid symbol.');
  const funding = market.fundingRateAt(now);
  const row = {
    symbol: market.symbol,
    markPrice: fixed(mark, 8),
    indexPrice: fixed(mark, 8),
    estimatedSettlePrice: fixed(mark, 8),
    lastFundingRate: fixed(funding ?? 0, 8),
    interestRate: '0.00010000',
    nextFundingTime: nextFundingTime(now),
    time: now,
  };
  const extra: Record<string, string> = funding === undefined ? { [SYNTHETIC_HEADER]: 'funding-rate' } : {};
  return ok(asked === null ? [row] : row, asked === null ? 10 : 1, extra);
}

const ROUTES: Readonly<Record<string, (q: URLSearchParams, market: ReplayMarket, now: number) => Reply>> = {
  '/fapi/v1/klines': klines,
  '/fapi/v1/openInterest': openInterest,
  '/fapi/v1/premiumIndex': premiumIndex,
  '/fapi/v1/exchangeInfo': (_q, market, now) => ok(binanceExchangeInfo(market.symbol, now), 1),
  '/fapi/v1/time': (_q, _m, now) => ok({ serverTime: now }, 1),
  '/fapi/v1/ping': () => ok({}, 1),
  '/futures/data/openInterestHist': openInterestHist,
  '/futures/data/takerlongshortRatio': takerLongShortRatio,
  '/futures/data/globalLongShortAccountRatio': longShortRatio,
  '/futures/data/topLongShortAccountRatio': longShortRatio,
  '/futures/data/topLongShortPositionRatio': longShortRatio,
};

export function isBinanceRestPath(path: string): boolean {
  return path.startsWith('/fapi/') || path.startsWith('/futures/data/');
}

export function binanceRest(path: string, q: URLSearchParams, market: ReplayMarket, now: number): Reply {
  const route = ROUTES[path];
  if (!route) return binanceError(404, -5000, `Path ${path}, Method GET is invalid`);
  try {
    return route(q, market, now);
  } catch (e) {
    if (e instanceof ParamError) return e.reply;
    return binanceError(500, -1001, 'Internal error; unable to process your request. Please try again.');
  }
}
