import { baseAsset, toExchangeSymbol } from '../../core/exchanges/symbols';
import { intervalTable } from './interval-names';
import { liquidationsBetween, type ReplayLiquidation } from './liquidations';
import { alignDown, type ReplayMarket, type Window } from './market';
import { ParamError, type Reply, SYNTHETIC_HEADER, trimmed } from './reply';
import { okxContractValue, okxInstrumentRow, okxPositionTiers } from './static-tables';

/**
 * OKX v5 public REST for one USDT-margined swap, answered from the recording. Shapes and rules from
 * https://www.okx.com/docs-v5/en/ ("GET / Candlesticks", "GET / Candlesticks history", "Get system
 * time", "Get open interest", "Get mark price", "Get position tiers", "Get liquidation orders",
 * and the trading-statistics pages "Get contract open interest history", "Get contract taker
 * volume", "Get contract long/short ratio"). Every reply is {code, msg, data}; every number and
 * timestamp in `data` is a string; lists are newest first. Paging is OKX's own: `after`/`end` =
 * "records earlier than ts", `before`/`begin` = "records newer than ts" (both exclusive here), and
 * `limit` rows counted back from the newest end of that window. Sizes are in contracts of ctVal
 * base units (static-tables.ts).
 */

/** Candle bars the replay serves: the fixed ones and the UTC-aligned long ones (UTC+8 ones are not served). */
export const OKX_BARS = intervalTable('1m 3m 5m 15m 30m 1H 2H 4H 6Hutc 12Hutc 1Dutc');

/** Trading-statistics periods start at 5m. */
const RUBIK_PERIODS = intervalTable('5m 15m 30m 1H 2H 4H 6Hutc 12Hutc 1Dutc');

/** /market/candles and the trading statistics keep only the latest 1,440 entries per bar size. */
export const OKX_KEPT_ENTRIES = 1_440;

const JSON_HEADERS = { 'Content-Type': 'application/json' };

// {"code":"51001","msg":"Instrument ID, Instrument ID code or Spread ID doesn't exist.","data":[]}
export function okxError(status: number, code: string, msg: string): Reply {
  return { status, body: JSON.stringify({ code, msg, data: [] }), headers: { ...JSON_HEADERS } };
}

function ok(data: unknown, extra: Record<string, string> = {}): Reply {
  return {
    status: 200,
    body: JSON.stringify({ code: '0', msg: '', data }),
    headers: { ...JSON_HEADERS, ...extra },
  };
}

const missing = (name: string) =>
  new ParamError(okxError(400, '50014', `Parameter ${name} can not be empty.`));
const invalid = (name: string) => new ParamError(okxError(400, '51000', `Parameter ${name} error`));
const noInstrument = () =>
  new ParamError(okxError(200, '51001', "Instrument ID, Instrument ID code or Spread ID doesn't exist."));

export interface Swap {
  instId: string;
  instFamily: string;
  /** Base units per contract. */
  ctVal: number;
}

/** The one swap the replay lists: the recording's symbol, when its contract value is known. */
export function swapOf(market: ReplayMarket): Swap | undefined {
  const ctVal = okxContractValue(market.symbol);
  if (ctVal === undefined) return undefined;
  return {
    instId: toExchangeSymbol('okx', market.symbol),
    instFamily: `${baseAsset(market.symbol)}-USDT`,
    ctVal,
  };
}

function text(q: URLSearchParams, name: string): string | undefined {
  const v = q.get(name);
  return v === null || v === '' ? undefined : v;
}

/** A mandatory instId naming the replay's swap. */
function instrument(q: URLSearchParams, market: ReplayMarket): Swap {
  const asked = text(q, 'instId');
  if (asked === undefined) throw missing('instId');
  const swap = swapOf(market);
  if (!swap || asked !== swap.instId) throw noInstrument();
  return swap;
}

function timeParam(q: URLSearchParams, name: string): number | undefined {
  const v = text(q, name);
  if (v === undefined) return undefined;
  if (!/^\d{1,16}$/.test(v)) throw invalid(name);
  return Number(v);
}

function limitParam(q: URLSearchParams, fallback: number, max: number): number {
  const v = text(q, 'limit');
  if (v === undefined) return fallback;
  if (!/^\d{1,6}$/.test(v) || Number(v) < 1) throw invalid('limit');
  return Math.min(Number(v), max);
}

/** OKX's exclusive bounds as an inclusive window of at most `limit` rows, counted back from the newest. */
function exclusiveWindow(newer: number | undefined, older: number | undefined, limit: number): Window {
  return {
    startTime: newer === undefined ? undefined : newer + 1,
    endTime: older === undefined ? undefined : older - 1,
    limit,
    anchor: 'end',
  };
}

function notBefore(window: Window, from: number): Window {
  return { ...window, startTime: Math.max(window.startTime ?? Number.NEGATIVE_INFINITY, from) };
}

/**
 * One candle as OKX writes it, REST and WebSocket alike: ts, o, h, l, c, then vol, volCcy and
 * volCcyQuote (no volume in the recording: "0"), then confirm ("1" once the bar is final).
 */
export function okxCandleRow(
  c: { openTime: number; open: number; high: number; low: number; close: number; closed: boolean },
  decimals: number,
): string[] {
  const price = (v: number) => trimmed(v, decimals);
  return [
    String(c.openTime),
    price(c.open),
    price(c.high),
    price(c.low),
    price(c.close),
    '0',
    '0',
    '0',
    c.closed ? '1' : '0',
  ];
}

export function contracts(base: number, swap: Swap): number {
  return base / swap.ctVal;
}

// {"code":"0","msg":"","data":[["1781866800000","66420.1","66512.4","66388","66490.3","0","0","0","0"], …]}
// Rows [ts, o, h, l, c, vol (contracts), volCcy (base), volCcyQuote (USDT), confirm], newest first.
// The recording has no volume: volCcy is 0 base units, so vol is 0 contracts, and volCcyQuote 0.
function candles(q: URLSearchParams, market: ReplayMarket, now: number, history: boolean): Reply {
  instrument(q, market);
  const barText = text(q, 'bar') ?? '1m';
  const ms = OKX_BARS[barText];
  if (ms === undefined) throw invalid('bar');
  const base = exclusiveWindow(timeParam(q, 'before'), timeParam(q, 'after'), limitParam(q, 100, 300));
  const current = alignDown(now, ms);
  // /market/candles: the latest 1,440 bars, the one in progress included (confirm "0").
  // /history-candles: completed bars only (every row of the docs' example is confirmed).
  const window = history
    ? { ...base, endTime: Math.min(base.endTime ?? Number.POSITIVE_INFINITY, current - 1) }
    : notBefore(base, current - (OKX_KEPT_ENTRIES - 1) * ms);
  const rows = market
    .candles(ms, window, now)
    .reverse()
    .map((c) => okxCandleRow(c, market.priceDecimals));
  return ok(rows, { [SYNTHETIC_HEADER]: 'volume-zero' });
}

/** A trading-statistics request: the swap, its period and the window of the latest 1,440 periods. */
function rubik(q: URLSearchParams, market: ReplayMarket, now: number) {
  const swap = instrument(q, market);
  const periodMs = RUBIK_PERIODS[text(q, 'period') ?? '5m'];
  if (periodMs === undefined) throw invalid('period');
  const asked = exclusiveWindow(timeParam(q, 'begin'), timeParam(q, 'end'), limitParam(q, 100, 100));
  const window = notBefore(asked, alignDown(now, periodMs) - OKX_KEPT_ENTRIES * periodMs);
  return { swap, periodMs, window };
}

// {"code":"0","msg":"","data":[["1781866800000","9935483.87","99354.8387","7700000000"], …]}
// Rows [ts, oi (contracts), oiCcy (base), oiUsd]: a snapshot at each bar close (oi_usd is "at the
// bar's close"); oiUsd = oi_usd, oiCcy = oi_usd / close, oi = oiCcy / ctVal. Newest first.
function openInterestHistory(q: URLSearchParams, market: ReplayMarket, now: number): Reply {
  const { swap, periodMs, window } = rubik(q, market, now);
  const rows = market
    .openInterest(periodMs, window, now)
    .reverse()
    .map((p) => [
      String(p.time),
      trimmed(contracts(p.oiBase, swap), 6),
      trimmed(p.oiBase, 8),
      trimmed(p.oiUsd, 4),
    ]);
  return ok(rows);
}

// {"code":"0","msg":"","data":[["1781863200000","21.4172","33.8921"], …]}
// Rows [ts, sellVol, buyVol] — sell first — per period, stamped with the period's start. unit 0:
// base coin, 1 (OKX's default): contracts; 2 (USD) is not served. buy − sell is the recorded
// taker_delta_base; the level is the same ASSUMED baseline as Binance's (market.ts).
function takerVolume(q: URLSearchParams, market: ReplayMarket, now: number): Reply {
  const { swap, periodMs, window } = rubik(q, market, now);
  const unit = text(q, 'unit') ?? '1';
  if (unit !== '0' && unit !== '1') throw invalid('unit');
  const amount = (base: number) => (unit === '0' ? trimmed(base, 4) : trimmed(contracts(base, swap), 2));
  const rows = market
    .takerVolume(periodMs, window, now)
    .reverse()
    .map((t) => [String(t.time), amount(t.sellBase), amount(t.buyBase)]);
  return ok(rows, { [SYNTHETIC_HEADER]: 'taker-volume-baseline' });
}

/**
 * The recording has no account ratios. SYNTHETIC: a neutral ratio of 1 (as many net-long as
 * net-short accounts) at each covered period close, marked X-Replay-Synthetic: account-ratio.
 */
// {"code":"0","msg":"","data":[["1781866800000","1"], …]}
function longShortRatio(q: URLSearchParams, market: ReplayMarket, now: number): Reply {
  const { periodMs, window } = rubik(q, market, now);
  const rows = market
    .closesOnGrid(periodMs, window, now)
    .reverse()
    .map((t) => [String(t), '1']);
  return ok(rows, { [SYNTHETIC_HEADER]: 'account-ratio' });
}

/**
 * The swap when a list endpoint's filters (instType, instId, instFamily/uly) select it; undefined
 * when they select other markets the replay does not list.
 */
function listedSwap(q: URLSearchParams, market: ReplayMarket): Swap | undefined {
  const instType = text(q, 'instType');
  if (instType === undefined) throw missing('instType');
  if (!['SPOT', 'MARGIN', 'SWAP', 'FUTURES', 'OPTION'].includes(instType)) throw invalid('instType');
  const swap = swapOf(market);
  const instId = text(q, 'instId');
  if (instId !== undefined && (!swap || instId !== swap.instId)) throw noInstrument();
  if (instType !== 'SWAP' || !swap) return undefined;
  const family = text(q, 'instFamily') ?? text(q, 'uly');
  return family === undefined || family === swap.instFamily ? swap : undefined;
}

// {"code":"0","msg":"","data":[{"instType":"SWAP","instId":"BTC-USDT-SWAP","oi":"9935483.870968",
//  "oiCcy":"99354.83870968","oiUsd":"7700000000","ts":"1781867012345"}]}
// The latest bar-close snapshot, stamped with the replay's now (the live endpoint reports "now").
function openInterest(q: URLSearchParams, market: ReplayMarket, now: number): Reply {
  const swap = listedSwap(q, market);
  const p = market.openInterestAt(now);
  if (!swap || !p) return ok([]);
  return ok([
    {
      instType: 'SWAP',
      instId: swap.instId,
      oi: trimmed(contracts(p.oiBase, swap), 6),
      oiCcy: trimmed(p.oiBase, 8),
      oiUsd: trimmed(p.oiUsd, 4),
      ts: String(now),
    },
  ]);
}

// {"code":"0","msg":"","data":[{"instType":"SWAP","instId":"BTC-USDT-SWAP","markPx":"66478.9","ts":"1781867012345"}]}
// The recording has one price: the mark follows it (path rule inside a bar).
function markPrice(q: URLSearchParams, market: ReplayMarket, now: number): Reply {
  const swap = listedSwap(q, market);
  const price = market.priceAt(now);
  if (!swap || price === undefined) return ok([]);
  return ok([
    { instType: 'SWAP', instId: swap.instId, markPx: trimmed(price, market.priceDecimals), ts: String(now) },
  ]);
}

/** SWAP tiers need instType, tdMode and the instrument family (or its older name, uly). */
// {"code":"0","msg":"","data":[{"baseMaxLoan":"","imr":"0.01","instFamily":"BTC-USDT","instId":"","maxLever":"100",
//  "maxSz":"20000","minSz":"0","mmr":"0.004","optMgnFactor":"0","quoteMaxLoan":"","tier":"1","uly":"BTC-USDT"}, …]}
function positionTiers(q: URLSearchParams, market: ReplayMarket): Reply {
  const instType = text(q, 'instType');
  if (instType === undefined) throw missing('instType');
  if (instType !== 'SWAP') throw invalid('instType');
  const tdMode = text(q, 'tdMode');
  if (tdMode === undefined) throw missing('tdMode');
  if (tdMode !== 'isolated' && tdMode !== 'cross') throw invalid('tdMode');
  const family = text(q, 'instFamily') ?? text(q, 'uly');
  if (family === undefined)
    throw new ParamError(okxError(400, '50015', 'Either parameter instFamily or uly is required'));
  const swap = swapOf(market);
  if (!swap || family !== swap.instFamily) throw invalid('instFamily');
  return ok(okxPositionTiers(swap.instFamily), { [SYNTHETIC_HEADER]: 'static-position-tiers' });
}

// {"code":"0","msg":"","data":[{"details":[{"bkLoss":"0","bkPx":"77012.4","ccy":"","posSide":"long","side":"sell",
//  "sz":"25","ts":"1781002800123"}],"instFamily":"BTC-USDT","instId":"BTC-USDT-SWAP","instType":"SWAP","totalLoss":"","uly":"BTC-USDT"}]}
// Only from the liquidations file (exchange okx), never invented. A long liquidated is a forced
// sell closing a long; bkPx is the file's price as written; sz = qty / ctVal contracts. Details
// newest first, paged by their ts with after/before/limit (≤ 100).
function liquidationOrders(
  q: URLSearchParams,
  market: ReplayMarket,
  liquidations: readonly ReplayLiquidation[],
  now: number,
): Reply {
  const instType = text(q, 'instType');
  if (instType === 'SWAP' && text(q, 'instFamily') === undefined && text(q, 'uly') === undefined)
    throw new ParamError(okxError(400, '50015', 'Either parameter instFamily or uly is required'));
  const swap = listedSwap(q, market);
  const state = text(q, 'state');
  if (state !== undefined && state !== 'filled' && state !== 'unfilled') throw invalid('state');
  const window = exclusiveWindow(timeParam(q, 'before'), timeParam(q, 'after'), limitParam(q, 100, 100));
  if (!swap || state === 'unfilled') return ok([]);
  const events = liquidationsBetween(liquidations, 'okx', Number.NEGATIVE_INFINITY, now)
    .filter(
      (e) =>
        (window.startTime === undefined || e.time >= window.startTime) &&
        (window.endTime === undefined || e.time <= window.endTime),
    )
    .slice(-window.limit)
    .reverse();
  if (events.length === 0) return ok([]);
  const details = events.map((e) => ({
    bkLoss: '0',
    bkPx: e.price,
    ccy: '',
    posSide: e.side,
    side: e.side === 'long' ? 'sell' : 'buy',
    sz: trimmed(contracts(Number(e.qty), swap), 6),
    ts: String(e.time),
  }));
  // Synthetic rows (an events CSV with `# synthetic:`) cannot be marked in OKX's shape: the header says so.
  const marks: Record<string, string> = events.some((e) => e.synthetic !== undefined)
    ? { [SYNTHETIC_HEADER]: 'liquidations' }
    : {};
  return ok(
    [
      {
        details,
        instFamily: swap.instFamily,
        instId: swap.instId,
        instType: 'SWAP',
        totalLoss: '',
        uly: swap.instFamily,
      },
    ],
    marks,
  );
}

/** Instruments: the replay's one swap when instType=SWAP (and instId, if sent, names it); else none. */
// {"code":"0","msg":"","data":[{"alias":"","auctionEndTime":"","baseCcy":"","category":"1","ctMult":"1",
//  "ctType":"linear","ctVal":"0.1","ctValCcy":"ETH", …,"instId":"ETH-USDT-SWAP", …,"tickSz":"0.01","uly":"ETH-USDT"}]}
function instruments(q: URLSearchParams, market: ReplayMarket): Reply {
  const swap = listedSwap(q, market);
  if (!swap) return ok([]);
  return ok([okxInstrumentRow(market.symbol, swap.instId, swap.instFamily, swap.ctVal)]);
}

type Route = (
  q: URLSearchParams,
  market: ReplayMarket,
  now: number,
  liquidations: readonly ReplayLiquidation[],
) => Reply;

const ROUTES: Readonly<Record<string, Route>> = {
  '/api/v5/public/time': (_q, _m, now) => ok([{ ts: String(now) }]),
  '/api/v5/market/candles': (q, m, now) => candles(q, m, now, false),
  '/api/v5/market/history-candles': (q, m, now) => candles(q, m, now, true),
  '/api/v5/rubik/stat/contracts/open-interest-history': openInterestHistory,
  '/api/v5/rubik/stat/taker-volume-contract': takerVolume,
  '/api/v5/rubik/stat/contracts/long-short-account-ratio-contract': longShortRatio,
  '/api/v5/public/open-interest': openInterest,
  '/api/v5/public/mark-price': markPrice,
  '/api/v5/public/position-tiers': (q, m) => positionTiers(q, m),
  '/api/v5/public/instruments': (q, m) => instruments(q, m),
  '/api/v5/public/liquidation-orders': (q, m, now, liq) => liquidationOrders(q, m, liq, now),
};

export function isOkxRestPath(path: string): boolean {
  return path.startsWith('/api/v5/');
}

export function okxRest(
  path: string,
  q: URLSearchParams,
  market: ReplayMarket,
  liquidations: readonly ReplayLiquidation[],
  now: number,
): Reply {
  const route = ROUTES[path];
  if (!route) return { status: 404, body: '{"code":"404","msg":"Not Found"}', headers: { ...JSON_HEADERS } };
  try {
    return route(q, market, now, liquidations);
  } catch (e) {
    if (e instanceof ParamError) return e.reply;
    return okxError(500, '50026', 'System error. Try again later');
  }
}
