import { nextFundingTime, type ReplayMarket, type Window } from './market';
import { fixed, ParamError, type Reply, SYNTHETIC_HEADER, trimmed } from './reply';
import { bybitInstrument, bybitRiskLimits } from './static-tables';

/**
 * Bybit v5 public REST (category=linear), answered from the recording. Shapes and rules from
 * https://bybit-exchange.github.io/docs/v5/market/ (kline, open-interest, long-short-ratio,
 * risk-limit, tickers). Bybit wraps everything in {retCode, retMsg, result, retExtInfo, time},
 * answers business errors with HTTP 200 and a non-zero retCode, sends every number in `result`
 * as a string, and lists history newest first, counted back from the end of the window (a lone
 * startTime does not move the window on open-interest; the live endpoint ignores it too).
 */

export const BYBIT_KLINE_INTERVALS: Readonly<Record<string, number>> = {
  '1': 60_000,
  '3': 180_000,
  '5': 300_000,
  '15': 900_000,
  '30': 1_800_000,
  '60': 3_600_000,
  '120': 7_200_000,
  '240': 14_400_000,
  '360': 21_600_000,
  '720': 43_200_000,
  D: 86_400_000,
};

const DATA_PERIODS: Readonly<Record<string, number>> = {
  '5min': 300_000,
  '15min': 900_000,
  '30min': 1_800_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };

function envelope(result: unknown, now: number, extra: Record<string, string> = {}): Reply {
  return {
    status: 200,
    body: JSON.stringify({ retCode: 0, retMsg: 'OK', result, retExtInfo: {}, time: now }),
    headers: { ...JSON_HEADERS, ...extra },
  };
}

function bybitError(retCode: number, retMsg: string, now: number): Reply {
  return {
    status: 200,
    body: JSON.stringify({ retCode, retMsg, result: {}, retExtInfo: {}, time: now }),
    headers: { ...JSON_HEADERS },
  };
}

function paramsError(message: string, now: number): ParamError {
  return new ParamError(bybitError(10001, message, now));
}

function linearOnly(q: URLSearchParams, now: number, required: boolean): void {
  const category = q.get('category');
  if (category === null || category === '') {
    if (required) throw paramsError('params error: category is empty', now);
    return;
  }
  if (category !== 'linear')
    throw paramsError(`params error: the replay serves category linear only, not ${category}`, now);
}

function symbolParam(q: URLSearchParams, market: ReplayMarket, now: number): string {
  const s = q.get('symbol');
  if (s === null || s === '') throw paramsError('params error: symbol is empty', now);
  if (s !== market.symbol) throw paramsError('params error: symbol invalid', now);
  return s;
}

function timeParam(q: URLSearchParams, name: string, now: number): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^\d{1,16}$/.test(v)) throw paramsError(`params error: ${name} invalid`, now);
  return Number(v);
}

function limitParam(q: URLSearchParams, fallback: number, max: number, now: number): number {
  const v = q.get('limit');
  if (v === null || v === '') return fallback;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw paramsError('params error: limit invalid', now);
  return Math.min(Number(v), max);
}

/** Cursors are opaque to clients; this one carries the end of the next page and the window's start. */
function encodeCursor(nextEnd: number, start: number | undefined): string {
  return Buffer.from(`${nextEnd}:${start ?? ''}`).toString('base64url');
}

function decodeCursor(cursor: string): { end: number; start?: number } | undefined {
  const m = /^(\d+):(\d*)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) return undefined;
  return { end: Number(m[1]), start: m[2] === '' ? undefined : Number(m[2]) };
}

/** A newest-first page of a history, with Bybit's nextPageCursor ("" on the last page). */
function historyPage<T extends { time: number }>(
  q: URLSearchParams,
  now: number,
  maxLimit: number,
  fetch: (window: Window) => T[],
): { rows: T[]; nextPageCursor: string } {
  let startTime = timeParam(q, 'startTime', now);
  let endTime = timeParam(q, 'endTime', now);
  const limit = limitParam(q, 50, maxLimit, now);
  const cursorText = q.get('cursor');
  if (cursorText) {
    const cursor = decodeCursor(cursorText);
    if (!cursor) throw paramsError('params error: cursor invalid', now);
    endTime = cursor.end;
    startTime = cursor.start;
  }
  // Like the live API: the window is counted back from endTime (default now); startTime only bounds it when endTime is sent too.
  if (endTime === undefined) startTime = undefined;
  const rows = fetch({ startTime, endTime, limit, anchor: 'end' });
  const oldest = rows[0];
  let nextPageCursor = '';
  if (oldest && rows.length === limit) {
    const more = fetch({ startTime, endTime: oldest.time - 1, limit: 1, anchor: 'end' });
    if (more.length > 0) nextPageCursor = encodeCursor(oldest.time - 1, startTime);
  }
  return { rows: rows.reverse(), nextPageCursor };
}

// {"retCode":0,"retMsg":"OK","result":{"symbol":"BTCUSDT","category":"linear","list":[["1670608800000","17071","17073","17027","17055.5","268611","4582231111.4"]]},"retExtInfo":{},"time":1672025956592}
// Rows: [startTime, open, high, low, close, volume, turnover], newest first. No volume in the recording: "0".
function kline(q: URLSearchParams, market: ReplayMarket, now: number): Reply {
  linearOnly(q, now, false);
  const symbol = symbolParam(q, market, now);
  const intervalText = q.get('interval') ?? '';
  const ms = BYBIT_KLINE_INTERVALS[intervalText];
  if (ms === undefined)
    throw paramsError(`params error: interval ${JSON.stringify(intervalText)} invalid`, now);
  const start = timeParam(q, 'start', now);
  const end = timeParam(q, 'end', now);
  const limit = limitParam(q, 200, 1000, now);
  const list = market
    .candles(ms, { startTime: start, endTime: end, limit, anchor: 'end' }, now)
    .reverse()
    .map((c) => [
      String(c.openTime),
      trimmed(c.open, market.priceDecimals),
      trimmed(c.high, market.priceDecimals),
      trimmed(c.low, market.priceDecimals),
      trimmed(c.close, market.priceDecimals),
      '0',
      '0',
    ]);
  return envelope({ symbol, category: 'linear', list }, now, { [SYNTHETIC_HEADER]: 'volume-zero' });
}

// {"retCode":0,"retMsg":"OK","result":{"symbol":"BTCUSDT","category":"linear","list":[{"openInterest":"104592.55000000","singleOpenInterest":"52296.275","timestamp":"1695772800000"}],"nextPageCursor":""},"retExtInfo":{},"time":1695773000000}
// Bybit's openInterest counts both sides (each contract once as a long and once as a short);
// singleOpenInterest is one side, the figure the recording (Binance's one-sided OI) stands for.
function openInterest(q: URLSearchParams, market: ReplayMarket, now: number): Reply {
  linearOnly(q, now, true);
  const symbol = symbolParam(q, market, now);
  const period = DATA_PERIODS[q.get('intervalTime') ?? ''];
  if (period === undefined) throw paramsError('params error: intervalTime invalid', now);
  const page = historyPage(q, now, 200, (w) => market.openInterest(period, w, now));
  const list = page.rows.map((p) => ({
    openInterest: fixed(2 * p.oiBase, 8),
    singleOpenInterest: fixed(p.oiBase, 3),
    timestamp: String(p.time),
  }));
  return envelope({ symbol, category: 'linear', list, nextPageCursor: page.nextPageCursor }, now);
}

/**
 * The recording has no account ratios. SYNTHETIC: a neutral 0.5/0.5 at each period close the
 * recording covers, marked with X-Replay-Synthetic: account-ratio.
 */
// {"retCode":0,"retMsg":"OK","result":{"list":[{"symbol":"BTCUSDT","buyRatio":"0.5000","sellRatio":"0.5000","timestamp":"1695772800000"}],"nextPageCursor":""},"retExtInfo":{},"time":1695773000000}
function accountRatio(q: URLSearchParams, market: ReplayMarket, now: number): Reply {
  linearOnly(q, now, true);
  const symbol = symbolParam(q, market, now);
  const period = DATA_PERIODS[q.get('period') ?? ''];
  if (period === undefined) throw paramsError('params error: period invalid', now);
  const page = historyPage(q, now, 500, (w) => market.closesOnGrid(period, w, now).map((time) => ({ time })));
  const list = page.rows.map((r) => ({
    symbol,
    buyRatio: '0.5000',
    sellRatio: '0.5000',
    timestamp: String(r.time),
  }));
  return envelope({ list, nextPageCursor: page.nextPageCursor }, now, {
    [SYNTHETIC_HEADER]: 'account-ratio',
  });
}

// {"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[{"id":1,"symbol":"BTCUSDT","riskLimitValue":"2000000","maintenanceMargin":"0.005","initialMargin":"0.01","isLowestRisk":1,"maxLeverage":"100.00","mmDeduction":""}],"nextPageCursor":""},...}
function riskLimit(q: URLSearchParams, market: ReplayMarket, now: number): Reply {
  linearOnly(q, now, true);
  const asked = q.get('symbol');
  if (asked !== null && asked !== '' && asked !== market.symbol)
    throw paramsError('params error: symbol invalid', now);
  return envelope({ category: 'linear', list: bybitRiskLimits(market.symbol), nextPageCursor: '' }, now, {
    [SYNTHETIC_HEADER]: 'static-risk-limit-table',
  });
}

// {"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[{"symbol":"BTCUSDT","contractType":"LinearPerpetual",…,"priceScale":"2",…,"priceFilter":{"minPrice":"0.10","maxPrice":"1999999.80","tickSize":"0.10"},…}],"nextPageCursor":""},...}
function instrumentsInfo(q: URLSearchParams, market: ReplayMarket, now: number): Reply {
  linearOnly(q, now, true);
  const asked = q.get('symbol');
  if (asked !== null && asked !== '' && asked !== market.symbol)
    throw paramsError('params error: symbol invalid', now);
  return envelope({ category: 'linear', list: [bybitInstrument(market.symbol)], nextPageCursor: '' }, now, {
    [SYNTHETIC_HEADER]: 'static-instrument',
  });
}

/**
 * GET /v5/market/tickers. One price in the recording: last, mark, index, bid and ask all follow
 * it; 24 h high/low/previous price come from the path; volumes and book sizes are "0".
 */
export function bybitTickerFields(market: ReplayMarket, now: number): Record<string, string> | undefined {
  const price = market.priceAt(now);
  if (price === undefined) return undefined;
  const d = market.priceDecimals;
  const day = market.ohlcBetween(now - 86_400_000, now);
  const prev24h = market.priceAt(now - 86_400_000) ?? day?.open ?? price;
  const prev1h = market.priceAt(now - 3_600_000) ?? price;
  const oi = market.openInterestAt(now);
  const funding = market.fundingRateAt(now);
  return {
    symbol: market.symbol,
    lastPrice: fixed(price, d),
    indexPrice: fixed(price, d),
    markPrice: fixed(price, d),
    prevPrice24h: fixed(prev24h, d),
    price24hPcnt: fixed(prev24h > 0 ? price / prev24h - 1 : 0, 6),
    highPrice24h: fixed(day?.high ?? price, d),
    lowPrice24h: fixed(day?.low ?? price, d),
    prevPrice1h: fixed(prev1h, d),
    // Both sides, as Bybit counts them; single* is one side (see openInterest above).
    openInterest: oi ? fixed(2 * oi.oiBase, 3) : '0',
    openInterestValue: oi ? fixed(2 * oi.oiUsd, 2) : '0',
    singleOpenInterest: oi ? fixed(oi.oiBase, 3) : '0',
    singleOpenInterestValue: oi ? fixed(oi.oiUsd, 2) : '0',
    turnover24h: '0',
    volume24h: '0',
    fundingRate: fixed(funding ?? 0, 8),
    nextFundingTime: String(nextFundingTime(now)),
    predictedDeliveryPrice: '',
    basisRate: '',
    deliveryFeeRate: '',
    deliveryTime: '0',
    ask1Size: '0',
    bid1Price: fixed(price, d),
    ask1Price: fixed(price, d),
    bid1Size: '0',
    basis: '',
  };
}

// {"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[{"symbol":"BTCUSDT","lastPrice":"16597.00","indexPrice":"16598.54",...}]},"retExtInfo":{},"time":1672376496682}
function tickers(q: URLSearchParams, market: ReplayMarket, now: number): Reply {
  linearOnly(q, now, true);
  const asked = q.get('symbol');
  if (asked !== null && asked !== '' && asked !== market.symbol)
    throw paramsError('params error: symbol invalid', now);
  const row = bybitTickerFields(market, now);
  return envelope({ category: 'linear', list: row ? [row] : [] }, now, {
    [SYNTHETIC_HEADER]: 'ticker-volume-zero',
  });
}

const ROUTES: Readonly<Record<string, (q: URLSearchParams, market: ReplayMarket, now: number) => Reply>> = {
  '/v5/market/kline': kline,
  '/v5/market/open-interest': openInterest,
  '/v5/market/account-ratio': accountRatio,
  '/v5/market/risk-limit': riskLimit,
  '/v5/market/instruments-info': instrumentsInfo,
  '/v5/market/tickers': tickers,
  '/v5/market/time': (_q, _m, now) =>
    envelope({ timeSecond: String(Math.floor(now / 1000)), timeNano: `${now}000000` }, now),
};

export function isBybitRestPath(path: string): boolean {
  return path.startsWith('/v5/market/');
}

export function bybitRest(path: string, q: URLSearchParams, market: ReplayMarket, now: number): Reply {
  const route = ROUTES[path];
  if (!route) return { status: 404, body: '{}', headers: { ...JSON_HEADERS } };
  try {
    return route(q, market, now);
  } catch (e) {
    if (e instanceof ParamError) return e.reply;
    return bybitError(10016, 'Internal server error.', now);
  }
}
