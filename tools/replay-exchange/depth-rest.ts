import type { ExchangeId } from '../../core/exchanges/types';
import { EXCHANGE_IDS } from '../../core/exchanges/types';
import { binanceError } from './binance-rest';
import {
  binanceUpdateId,
  bybitSeq,
  bybitUpdateId,
  DEPTH_SHAPES,
  okxSeqId,
  type SyntheticDepth,
  topOf,
} from './depth-book';
import { baseLevels, binanceDepthSnapshot, bybitOrderbookResult, okxBooksRow, okxInstId } from './depth-wire';
import { okxError } from './okx-rest';
import type { Reply } from './reply';
import { SYNTHETIC_HEADER } from './reply';

/**
 * The order-book REST snapshots of the three exchanges, from the synthetic book (depth-book.ts),
 * and the replay's own truth endpoint for tests (/replay/depth, /replay/walls). Every reply carries
 * `X-Replay-Synthetic: depth`: no recording has a book.
 */

const JSON_HEADERS = { 'Content-Type': 'application/json' };
const SYNTHETIC = { [SYNTHETIC_HEADER]: 'depth' };

export const DEPTH_REST_PATHS: Readonly<Record<string, ExchangeId>> = {
  '/fapi/v1/depth': 'binance',
  '/v5/market/orderbook': 'bybit',
  '/api/v5/market/books': 'okx',
};

/** What the truth endpoint says of every depth frame and reply. */
export const DEPTH_SYNTHETIC_NOTE =
  'SYNTHETIC order book: a seeded rule around the recorded price path (tools/replay-exchange/README.md, "Order-book depth"), not a recorded book';

/** Binance's limits and their request weights. */
const BINANCE_LIMITS: Readonly<Record<string, number>> = {
  '5': 2,
  '10': 2,
  '20': 2,
  '50': 2,
  '100': 5,
  '500': 10,
  '1000': 20,
};

/**
 * One snapshot of the book at `bookTime` (default `now`; rest-handler.ts passes the last stream
 * push above ×10), stamped `now`. `ageMs` (the 'depth-stale' fault) serves the book as it was that
 * long before, with its ids: a snapshot older than anything a client has buffered from the stream.
 */
export function depthRest(
  exchange: ExchangeId,
  q: URLSearchParams,
  depth: SyntheticDepth,
  now: number,
  ageMs = 0,
  bookTime = now,
): Reply {
  const at = bookTime - ageMs;
  if (exchange === 'binance') {
    const symbol = q.get('symbol');
    if (symbol === null || symbol === '')
      return binanceError(
        400,
        -1102,
        "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.",
      );
    if (symbol !== depth.symbol) return binanceError(400, -1121, 'Invalid symbol.');
    const limit = q.get('limit') ?? '500';
    const weight = BINANCE_LIMITS[limit];
    if (weight === undefined)
      return binanceError(400, -1130, "Data sent for parameter 'limit' is not valid.");
    const book = depth.bookAt('binance', at);
    if (!book) return binanceError(400, -1121, 'Invalid symbol.');
    return json(binanceDepthSnapshot(topOf(book, Number(limit)), now), weight);
  }
  if (exchange === 'bybit') {
    const problem = bybitProblem(q, depth);
    if (problem) return bybitReply(10001, problem, {}, now);
    const limit = q.get('limit');
    const n = limit === null || limit === '' ? 25 : Number(limit);
    // Bybit's linear book goes to 500 levels; the synthetic book has 200 (orderbook.200's reach).
    if (!Number.isInteger(n) || n < 1 || n > 500)
      return bybitReply(10001, 'params error: limit invalid', {}, now);
    const book = depth.bookAt('bybit', at);
    if (!book) return bybitReply(10001, 'params error: symbol invalid', {}, now);
    return bybitReply(0, 'OK', bybitOrderbookResult(topOf(book, n), now), now);
  }
  const instId = q.get('instId');
  if (instId === null || instId === '') return okxError(400, '50014', 'Parameter instId can not be empty.');
  const book = depth.has('okx') ? depth.bookAt('okx', at) : undefined;
  if (instId !== okxInstId(depth.symbol) || !book)
    return okxError(200, '51001', "Instrument ID, Instrument ID code or Spread ID doesn't exist.");
  const szText = q.get('sz');
  const sz = szText === null || szText === '' ? 1 : Number(szText);
  if (!Number.isInteger(sz) || sz < 1) return okxError(400, '51000', 'Parameter sz error');
  return json({
    code: '0',
    msg: '',
    data: [okxBooksRow(topOf(book, Math.min(sz, DEPTH_SHAPES.okx.levels)))],
  });
}

function bybitProblem(q: URLSearchParams, depth: SyntheticDepth): string | undefined {
  const category = q.get('category');
  if (category === null || category === '') return 'params error: category is empty';
  if (category !== 'linear') return `params error: the replay serves category linear only, not ${category}`;
  const symbol = q.get('symbol');
  if (symbol === null || symbol === '') return 'params error: symbol is empty';
  if (symbol !== depth.symbol) return 'params error: symbol invalid';
  return undefined;
}

function bybitReply(retCode: number, retMsg: string, result: unknown, now: number): Reply {
  return {
    status: 200,
    body: JSON.stringify({ retCode, retMsg, result, retExtInfo: {}, time: now }),
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...(retCode === 0 ? SYNTHETIC : {}) },
  };
}

function json(value: unknown, weight?: number): Reply {
  return {
    status: 200,
    body: JSON.stringify(value),
    headers: { ...JSON_HEADERS, ...SYNTHETIC },
    ...(weight !== undefined ? { weight } : {}),
  };
}

/** The replay's own paths, for tests on 127.0.0.1 (not an exchange's). */
export function isReplayTruthPath(path: string): boolean {
  return path === '/replay/depth' || path === '/replay/walls';
}

/**
 * GET /replay/depth?exchange=binance[&time=ms][&levels=n]: the book the replay serves at that time
 * (default now), in base units, with the exchange's ids for that step and the walls standing.
 * GET /replay/walls?exchange=okx&from=ms&to=ms: every wall placed in the window, with its fate.
 */
export function replayTruth(path: string, q: URLSearchParams, depth: SyntheticDepth, now: number): Reply {
  const exchange = q.get('exchange') as ExchangeId | null;
  if (!exchange || !EXCHANGE_IDS.includes(exchange) || !depth.has(exchange))
    return truthError(`exchange must be one of ${EXCHANGE_IDS.join(', ')} with a book for ${depth.symbol}`);
  const num = (name: string, fallback: number) => {
    const v = q.get(name);
    return v === null || v === '' ? fallback : Number(v);
  };
  if (path === '/replay/walls') {
    const from = num('from', now - 3_600_000);
    const to = num('to', now);
    if (!Number.isFinite(from) || !Number.isFinite(to)) return truthError('from and to must be epoch ms');
    return json({
      synthetic: DEPTH_SYNTHETIC_NOTE,
      exchange,
      symbol: depth.symbol,
      walls: depth.walls(exchange, from, to),
    });
  }
  const time = num('time', now);
  const levels = num('levels', DEPTH_SHAPES[exchange].levels);
  if (!Number.isFinite(time) || !Number.isInteger(levels) || levels < 1)
    return truthError('time must be epoch ms and levels a whole number ≥ 1');
  const book = depth.bookAt(exchange, time);
  if (!book) return truthError(`no book before the recording starts (${depth.market.firstTime})`);
  return json({
    synthetic: DEPTH_SYNTHETIC_NOTE,
    exchange,
    symbol: depth.symbol,
    time: book.time,
    step: book.step,
    mid: book.mid,
    /** The ids a REST snapshot or the stream message ending at this step carries. */
    ids:
      exchange === 'binance'
        ? { lastUpdateId: binanceUpdateId(book.step) }
        : exchange === 'bybit'
          ? { u: bybitUpdateId(book.step), seq: bybitSeq(book.step) }
          : { seqId: okxSeqId(book.step) },
    ...baseLevels(topOf(book, levels)),
    walls: depth.wallsAt(exchange, book.time),
  });
}

function truthError(message: string): Reply {
  return {
    status: 400,
    body: JSON.stringify({ error: message }),
    headers: { ...JSON_HEADERS },
  };
}
