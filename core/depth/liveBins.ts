import type { ExchangeId } from '../exchanges/types';
import type { LiveDepth } from './types';

/**
 * The published live depth summed over the books a view shows: the followed exchanges whose book
 * is live (a book syncing or out of sync is left out and named, never counted as empty). Bin k
 * covers [k·binSize, (k+1)·binSize). A bin is known when at least one counted book's reach touches
 * it and the book published it; `books[i]` says how many did, so a view can tell a sum over every
 * book from a sum over some (one book's 200 levels reach less far than another's 1,000). A bin no
 * counted book knows is unknown: its USD is 0 in the arrays but it must never be drawn or read as
 * empty.
 */
export interface SummedDepth {
  symbol: string;
  time: number;
  binSize: number;
  /** Bin of index 0 of the arrays. */
  loBin: number;
  /** USD per bin, summed over the books that know it. */
  bid: Float64Array;
  ask: Float64Array;
  /** How many counted books know the bin; 0: unknown. */
  books: Uint8Array;
  /** The books summed. */
  counted: ExchangeId[];
  /** Followed books left out, and why (syncing, out of sync). */
  excluded: Array<{ exchange: ExchangeId; reason: string }>;
  /** The mean mid of the counted books; undefined when none is counted. */
  mid: number | undefined;
}

/** A counted book's known bins [first, last], inclusive: where its reach and its arrays overlap. */
function knownBins(
  book: LiveDepth['books'][number],
  binSize: number,
): { first: number; last: number } | undefined {
  const first = Math.max(book.loBin, Math.floor(book.reachLow / binSize));
  const last = Math.min(book.loBin + book.bids.length - 1, Math.floor(book.reachHigh / binSize));
  return last >= first ? { first, last } : undefined;
}

export function sumLiveDepth(depth: LiveDepth, exchanges: readonly ExchangeId[]): SummedDepth {
  const { binSize } = depth;
  const excluded: SummedDepth['excluded'] = [];
  const counted: Array<{ book: LiveDepth['books'][number]; first: number; last: number }> = [];
  for (const book of depth.books) {
    if (!exchanges.includes(book.exchange)) continue;
    if (book.health.state !== 'live') {
      excluded.push({ exchange: book.exchange, reason: book.health.reason });
      continue;
    }
    const known = knownBins(book, binSize);
    if (known) counted.push({ book, ...known });
    else excluded.push({ exchange: book.exchange, reason: 'no level within its reach' });
  }
  const base = { symbol: depth.symbol, time: depth.time, binSize, excluded };
  if (counted.length === 0) {
    const none = new Float64Array(0);
    return { ...base, loBin: 0, bid: none, ask: none, books: new Uint8Array(0), counted: [], mid: undefined };
  }
  const loBin = Math.min(...counted.map((c) => c.first));
  const hiBin = Math.max(...counted.map((c) => c.last));
  const size = hiBin - loBin + 1;
  const bid = new Float64Array(size);
  const ask = new Float64Array(size);
  const books = new Uint8Array(size);
  let midSum = 0;
  for (const { book, first, last } of counted) {
    midSum += book.mid;
    for (let k = first; k <= last; k++) {
      const at = k - loBin;
      bid[at]! += book.bids[k - book.loBin]!;
      ask[at]! += book.asks[k - book.loBin]!;
      books[at]!++;
    }
  }
  return {
    ...base,
    loBin,
    bid,
    ask,
    books,
    counted: counted.map((c) => c.book.exchange),
    mid: midSum / counted.length,
  };
}
