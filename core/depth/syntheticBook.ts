import { toExchangeSymbol } from '../exchanges/symbols';
import type { ExchangeId } from '../exchanges/types';
import type { SortedLevels } from './localBook';

/**
 * A synthetic exchange-side order book that speaks each exchange's wire format: it holds the
 * "true" book, turns level changes into the exact stream frames and REST bodies the exchange
 * sends (Binance depthUpdate with U/u/pu, Bybit orderbook.200 with u + 1 per message, OKX books
 * with seqId/prevSeqId and sizes in contracts), and says what a correct local book must equal.
 * The BookSync tests and tools/bench/depth-books.ts drive it; nothing in the extension does.
 *
 * Ids follow each exchange's rule with irregular steps where the exchange's are irregular:
 * Binance u advances by 1–3 per event (several book changes per event), OKX seqId by 1–5.
 */

/** A change as sent on the wire: [price, size]; size 0 removes; OKX sizes are contracts. */
export type WireLevel = readonly [price: number, size: number];
export interface WireUpdate {
  bids: readonly WireLevel[];
  asks: readonly WireLevel[];
}

export interface SyntheticBookOptions {
  /** OKX contract size (base units per contract). */
  ctVal?: number;
  startTime?: number;
  /** Milliseconds between two pushes (the exchange's push interval). */
  stepMs?: number;
  /** The first id (Binance update id, Bybit u, OKX seqId). */
  startId?: number;
}

const text = (n: number) => String(n);
const wire = (levels: readonly WireLevel[], okx: boolean) =>
  levels.map(([p, q]) => (okx ? [text(p), text(q), '0', q > 0 ? '1' : '0'] : [text(p), text(q)]));

export class SyntheticBook {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();
  time: number;
  lastId: number;
  private readonly stepMs: number;
  private readonly ctVal: number;
  private pushes = 0;

  constructor(
    readonly exchange: ExchangeId,
    readonly symbol: string,
    options: SyntheticBookOptions = {},
  ) {
    this.time = options.startTime ?? 1_781_866_951_000;
    this.stepMs = options.stepMs ?? 100;
    this.lastId = options.startId ?? 1_000;
    this.ctVal = options.ctVal ?? 0.01;
  }

  /** Applies a change to the true book and returns the stream frame that carries it. */
  push(update: WireUpdate): string {
    this.time += this.stepMs;
    this.pushes++;
    for (const [p, q] of update.bids) q > 0 ? this.bids.set(p, q) : this.bids.delete(p);
    for (const [p, q] of update.asks) q > 0 ? this.asks.set(p, q) : this.asks.delete(p);
    const prev = this.lastId;
    const s = toExchangeSymbol(this.exchange, this.symbol);
    switch (this.exchange) {
      case 'binance': {
        this.lastId = prev + 1 + (this.pushes % 3);
        const data = {
          e: 'depthUpdate',
          E: this.time,
          T: this.time - 3,
          s,
          U: prev + 1,
          u: this.lastId,
          pu: prev,
          b: wire(update.bids, false),
          a: wire(update.asks, false),
        };
        return JSON.stringify({ stream: `${s.toLowerCase()}@depth@100ms`, data });
      }
      case 'bybit':
        this.lastId = prev + 1;
        return JSON.stringify({
          topic: `orderbook.200.${s}`,
          type: 'delta',
          ts: this.time,
          data: {
            s,
            b: wire(update.bids, false),
            a: wire(update.asks, false),
            u: this.lastId,
            seq: this.lastId * 7,
          },
          cts: this.time - 3,
        });
      case 'okx':
        this.lastId = prev + 1 + (this.pushes % 5);
        return this.okxFrame('update', update.bids, update.asks, prev);
    }
  }

  /** OKX's empty keep-alive update: prevSeqId == seqId, no levels. */
  keepAlive(): string {
    if (this.exchange !== 'okx') throw new Error('keep-alive updates are OKX only');
    this.time += this.stepMs;
    return this.okxFrame('update', [], [], this.lastId);
  }

  /** The snapshot a (re)subscription starts with (Bybit, OKX). */
  streamSnapshot(): string {
    const { bids, asks } = this.wireLevels();
    const s = toExchangeSymbol(this.exchange, this.symbol);
    if (this.exchange === 'okx') return this.okxFrame('snapshot', bids, asks, -1);
    if (this.exchange === 'bybit') {
      return JSON.stringify({
        topic: `orderbook.200.${s}`,
        type: 'snapshot',
        ts: this.time,
        data: { s, b: wire(bids, false), a: wire(asks, false), u: this.lastId, seq: this.lastId * 7 },
        cts: this.time - 3,
      });
    }
    throw new Error('Binance has no stream snapshot: use restSnapshot');
  }

  /** The REST snapshot's body, as of now. */
  restSnapshot(): string {
    const { bids, asks } = this.wireLevels();
    switch (this.exchange) {
      case 'binance':
        return JSON.stringify({
          lastUpdateId: this.lastId,
          E: this.time,
          T: this.time - 3,
          bids: wire(bids, false),
          asks: wire(asks, false),
        });
      case 'bybit':
        return JSON.stringify({
          retCode: 0,
          retMsg: 'OK',
          result: {
            s: toExchangeSymbol('bybit', this.symbol),
            b: wire(bids, false),
            a: wire(asks, false),
            ts: this.time,
            u: this.lastId,
            seq: this.lastId * 7,
            cts: this.time - 3,
          },
          retExtInfo: {},
          time: this.time + 20,
        });
      case 'okx':
        return JSON.stringify({
          code: '0',
          msg: '',
          data: [{ asks: wire(asks, true), bids: wire(bids, true), ts: text(this.time) }],
        });
    }
  }

  /** What a correct local book holds: the true book in base units, best first. */
  reference(): SortedLevels {
    const m = this.exchange === 'okx' ? this.ctVal : 1;
    const { bids, asks } = this.wireLevels();
    return {
      bids: bids.map(([p, q]) => [p, q * m] as const),
      asks: asks.map(([p, q]) => [p, q * m] as const),
    };
  }

  private wireLevels(): { bids: WireLevel[]; asks: WireLevel[] } {
    return {
      bids: [...this.bids].sort((x, y) => y[0] - x[0]),
      asks: [...this.asks].sort((x, y) => x[0] - y[0]),
    };
  }

  private okxFrame(
    action: 'snapshot' | 'update',
    bids: readonly WireLevel[],
    asks: readonly WireLevel[],
    prev: number,
  ) {
    return JSON.stringify({
      arg: { channel: 'books', instId: toExchangeSymbol('okx', this.symbol) },
      action,
      data: [
        {
          asks: wire(asks, true),
          bids: wire(bids, true),
          ts: text(this.time),
          checksum: 0,
          prevSeqId: prev,
          seqId: this.lastId,
        },
      ],
    });
  }
}
