import type { BaseLevel } from '../../core/depth/types';
import { toExchangeSymbol } from '../../core/exchanges/symbols';
import {
  type BookDiff,
  binanceUpdateId,
  bybitSeq,
  bybitUpdateId,
  hashInts,
  type LevelChange,
  okxSeqId,
  type SyntheticBook,
} from './depth-book';
import { fixed, trimmed } from './reply';

/**
 * The synthetic book (depth-book.ts) in each exchange's own wire format: REST snapshots and stream
 * frames. Pure. Continuity ids come from the 100 ms steps the message covers, so a REST snapshot
 * taken at step k carries the same id as the stream message that ends at step k (Binance u, OKX
 * seqId); the ids a message links back to (pu, prevSeqId) and Bybit's stream `u` are the caller's,
 * from what it last sent (depth-streams.ts).
 */

/** Decimals of a step like 0.001 → 3. */
function stepDecimals(step: number): number {
  return Math.max(0, Math.round(-Math.log10(step)));
}

/** How one exchange writes prices and sizes of one book. */
interface Writer {
  price(tick: number): string;
  size(lots: number): string;
}

function writer(book: SyntheticBook, priceDecimals: number, trim: boolean): Writer {
  const qtyDecimals = stepDecimals(book.lotBase);
  const pd = stepDecimals(book.tick);
  return {
    price: (t) => (trim ? trimmed(t * book.tick, pd) : fixed(t * book.tick, Math.max(pd, priceDecimals))),
    size: (lots) =>
      trim ? trimmed(lots * book.lotBase, qtyDecimals) : fixed(lots * book.lotBase, qtyDecimals),
  };
}

function levels(ticks: Float64Array, lots: Float64Array, w: Writer): [string, string][] {
  const out: [string, string][] = new Array(ticks.length);
  for (let i = 0; i < ticks.length; i++) out[i] = [w.price(ticks[i]!), w.size(lots[i]!)];
  return out;
}

function changes(list: readonly LevelChange[], w: Writer): [string, string][] {
  return list.map(([t, lots]) => [w.price(t), lots === 0 ? zeroSize(w) : w.size(lots)]);
}

function zeroSize(w: Writer): string {
  return w.size(0);
}

// ---- Binance USDⓈ-M -----------------------------------------------------------------------------

/** Binance writes BTCUSDT prices with 2 decimals (pricePrecision) and quantities with 3. */
const binanceWriter = (book: SyntheticBook) => writer(book, 2, false);

// GET /fapi/v1/depth?symbol=BTCUSDT&limit=5
// {"lastUpdateId":1027024,"E":1589436922972,"T":1589436922959,"bids":[["4.00000000","431.00000000"]],"asks":[["4.00000200","12.00000000"]]}
export function binanceDepthSnapshot(book: SyntheticBook, now: number) {
  const w = binanceWriter(book);
  return {
    lastUpdateId: binanceUpdateId(book.step),
    E: now,
    T: book.time,
    bids: levels(book.bidTicks, book.bidLots, w),
    asks: levels(book.askTicks, book.askLots, w),
  };
}

// <symbol>@depth@100ms, e.g. (recorded 2021-07-22, /work/shared/data/binance-futures-ws-sample-2021-07-22.txt):
// {"e":"depthUpdate","E":1626992741037,"T":1626992741024,"s":"SUSHIUSDT","U":600859599090,"u":600859600917,
//  "pu":600859598061,"b":[["7.5040","813"],["7.6090","0"]],"a":[["7.6150","1563"]]}
// U = first update id in the event, u = final, pu = the previous event's u (the caller's: the last u sent on
// this stream). Quantities are absolute; 0 removes.
export function binanceDepthEvent(
  book: SyntheticBook,
  pu: number,
  diff: BookDiff,
  now: number,
): Record<string, unknown> {
  const w = binanceWriter(book);
  return {
    e: 'depthUpdate',
    E: now,
    T: book.time,
    s: book.symbol,
    U: pu + 1,
    u: binanceUpdateId(book.step),
    pu,
    b: changes(diff.bids, w),
    a: changes(diff.asks, w),
  };
}

// ---- Bybit v5 linear ----------------------------------------------------------------------------

/** Bybit writes prices at the tick (BTCUSDT 0.1) and sizes at the qty step (0.001). */
const bybitWriter = (book: SyntheticBook) => writer(book, 0, false);

// GET /v5/market/orderbook?category=linear&symbol=BTCUSDT&limit=1
// {"retCode":0,"retMsg":"OK","result":{"s":"BTCUSDT","b":[["62710.2","5.52"]],"a":[["62710.3","0.01"]],
//  "ts":1709199771584,"u":243781,"seq":3887177875,"cts":1709199771580},"retExtInfo":{},"time":1709199771643}
export function bybitOrderbookResult(book: SyntheticBook, now: number) {
  const w = bybitWriter(book);
  return {
    s: book.symbol,
    b: levels(book.bidTicks, book.bidLots, w),
    a: levels(book.askTicks, book.askLots, w),
    ts: now,
    u: bybitUpdateId(book.step),
    seq: bybitSeq(book.step),
    cts: book.time,
  };
}

// orderbook.200.BTCUSDT: a snapshot first, then deltas (only the changed levels, size 0 removes); `u` is the
// subscription's message count (the caller's), one more per delta whatever the replay speed:
// {"topic":"orderbook.50.BTCUSDT","type":"snapshot","ts":1672304484978,"data":{"s":"BTCUSDT","b":[["16493.50","0.006"]],
//  "a":[["16611.00","0.029"]],"u":18521288,"seq":7961638724},"cts":1672304484976}
export function bybitOrderbookFrame(
  topic: string,
  book: SyntheticBook,
  diff: BookDiff | undefined,
  now: number,
  u: number,
): Record<string, unknown> {
  const w = bybitWriter(book);
  return {
    topic,
    type: diff ? 'delta' : 'snapshot',
    ts: now,
    data: {
      s: book.symbol,
      b: diff ? changes(diff.bids, w) : levels(book.bidTicks, book.bidLots, w),
      a: diff ? changes(diff.asks, w) : levels(book.askTicks, book.askLots, w),
      u,
      seq: bybitSeq(book.step),
    },
    cts: book.time,
  };
}

// ---- OKX v5 swap --------------------------------------------------------------------------------

/** OKX levels: [price, size in contracts, "0" (deprecated), number of orders]. */
function okxLevel(book: SyntheticBook, tick: number, lots: number, pd: number): string[] {
  // lots are 0.01 contracts each; the order count is a seeded function of the level (stable while it is unchanged).
  const orders = lots === 0 ? 0 : 1 + (hashInts(tick, lots) % Math.min(40, lots));
  return [trimmed(tick * book.tick, pd), trimmed(lots / 100, 2), '0', String(orders)];
}

function okxLevels(book: SyntheticBook, ticks: Float64Array, lots: Float64Array): string[][] {
  const pd = stepDecimals(book.tick);
  const out: string[][] = new Array(ticks.length);
  for (let i = 0; i < ticks.length; i++) out[i] = okxLevel(book, ticks[i]!, lots[i]!, pd);
  return out;
}

// GET /api/v5/market/books?instId=BTC-USDT-SWAP&sz=1
// {"code":"0","msg":"","data":[{"asks":[["41006.8","0.60038921","0","1"]],"bids":[["41006.3","0.30178218","0","2"]],"ts":"1629966436396"}]}
export function okxBooksRow(book: SyntheticBook) {
  return {
    asks: okxLevels(book, book.askTicks, book.askLots),
    bids: okxLevels(book, book.bidTicks, book.bidLots),
    ts: String(book.time),
  };
}

// books on /ws/v5/public: a snapshot (prevSeqId -1), then updates every 100 ms with only the changed levels
// (prevSeqId: the caller's, the seqId of the last message sent);
// checksum 0 since 2026-06-23 (continuity by seqId/prevSeqId).
// {"arg":{"channel":"books","instId":"BTC-USDT-SWAP"},"action":"snapshot","data":[{"asks":[["8476.98","415","0","13"]],
//  "bids":[["8476.97","256","0","12"]],"ts":"1597026383085","checksum":0,"prevSeqId":-1,"seqId":123456}]}
export function okxBooksPush(
  arg: Record<string, string>,
  book: SyntheticBook,
  prevSeqId: number | undefined,
  diff: BookDiff | undefined,
): Record<string, unknown> {
  const pd = stepDecimals(book.tick);
  const list = (l: readonly LevelChange[]) => l.map(([t, lots]) => okxLevel(book, t, lots, pd));
  return {
    arg,
    action: diff ? 'update' : 'snapshot',
    data: [
      {
        asks: diff ? list(diff.asks) : okxLevels(book, book.askTicks, book.askLots),
        bids: diff ? list(diff.bids) : okxLevels(book, book.bidTicks, book.bidLots),
        ts: String(book.time),
        checksum: 0,
        prevSeqId: prevSeqId ?? -1,
        seqId: okxSeqId(book.step),
      },
    ],
  };
}

/** OKX's keep-alive when the book has not changed: empty update, prevSeqId = seqId = the last seqId. */
export function okxBooksKeepAlive(arg: Record<string, string>, seqId: number, now: number) {
  return {
    arg,
    action: 'update',
    data: [{ asks: [], bids: [], ts: String(now), checksum: 0, prevSeqId: seqId, seqId }],
  };
}

export function okxInstId(symbol: string): string {
  return toExchangeSymbol('okx', symbol);
}

/** The book as the depth layer's neutral levels: [price, quantity in base units], best first. */
export function baseLevels(book: SyntheticBook): { bids: BaseLevel[]; asks: BaseLevel[] } {
  const pd = stepDecimals(book.tick);
  const qd = stepDecimals(book.lotBase);
  const side = (ticks: Float64Array, lots: Float64Array) => {
    const out: BaseLevel[] = new Array(ticks.length);
    for (let i = 0; i < ticks.length; i++)
      out[i] = [Number(fixed(ticks[i]! * book.tick, pd)), Number(fixed(lots[i]! * book.lotBase, qd))];
    return out;
  };
  return { bids: side(book.bidTicks, book.bidLots), asks: side(book.askTicks, book.askLots) };
}

/** A frame with one broken field (the 'depth-malformed' fault): its final continuity id is no number. */
export function withBrokenId(frame: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(frame);
  const target = ('data' in copy ? (Array.isArray(copy.data) ? copy.data[0] : copy.data) : copy) as Record<
    string,
    unknown
  >;
  for (const key of ['u', 'seqId']) if (key in target) target[key] = `${String(target[key])}?`;
  return copy;
}
