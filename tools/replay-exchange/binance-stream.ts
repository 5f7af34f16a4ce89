import type { WebSocket } from 'ws';
import { BINANCE_KLINE_INTERVALS } from './binance-rest';
import { CandleFeeds } from './candle-feed';
import { clientMessage } from './client-message';
import { DepthStreams } from './depth-streams';
import {
  type LiquidationPushRecord,
  liquidationsBetween,
  logPushes,
  type ReplayLiquidation,
} from './liquidations';
import { nextFundingTime, type ReplayMarket } from './market';
import { fixed } from './reply';

/**
 * One subscriber of Binance USDⓈ-M market streams (wss://fstream.binance.com). Streams come from
 * the URL (…/ws/<stream>[/<stream>…] raw, …/stream?streams=a/b combined with a {stream, data}
 * envelope) or from {"method":"SUBSCRIBE"} messages. Payload shapes from
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams
 * (Kline-Candlestick-Streams, Mark-Price-Stream, Liquidation-Order-Streams).
 *
 * Routing, as Binance has done since 2026-04-23 ("Important WebSocket Change Notice"): kline,
 * markPrice and forceOrder are "market" streams, delivered only under /market/ws and
 * /market/stream. The unrouted /ws and /stream (and /public) still open and acknowledge
 * subscriptions but stay silent for them, so a client on an old URL sees what it would see live.
 * The order-book diffs `<symbol>@depth@100ms` are "public" streams, delivered only under /public
 * (SYNTHETIC books, depth-streams.ts).
 */
export type BinanceRoute = 'market' | 'public' | 'unrouted';
export class BinanceStreamSession {
  readonly streams = new Set<string>();
  halfOpen = false;
  private lastNow: number;
  private readonly klines: CandleFeeds;
  private readonly markPushedAt = new Map<string, number>();

  constructor(
    private readonly ws: WebSocket,
    readonly path: string,
    private readonly route: BinanceRoute,
    private readonly combined: boolean,
    initial: readonly string[],
    private readonly market: ReplayMarket,
    private readonly liquidations: readonly ReplayLiquidation[],
    private readonly pushLog: LiquidationPushRecord[],
    now: number,
    private readonly depth?: DepthStreams,
  ) {
    for (const s of initial) if (s !== '') this.streams.add(s);
    this.klines = new CandleFeeds(market);
    this.lastNow = now;
  }

  /** /ws/a/b → raw a, b; /stream?streams=a/b → combined a, b; anything else: not a Binance stream URL. */
  streamNames(): string[] {
    return [...this.streams];
  }

  static parseUrl(
    path: string,
    query: URLSearchParams,
  ): { route: BinanceRoute; combined: boolean; streams: string[] } | undefined {
    const routed = /^\/(market|public)(\/.*)$/.exec(path);
    const route: BinanceRoute = routed ? (routed[1] as BinanceRoute) : 'unrouted';
    const rest = routed ? routed[2]! : path;
    if (rest === '/ws' || rest === '/ws/') return { route, combined: false, streams: [] };
    if (rest.startsWith('/ws/'))
      return { route, combined: false, streams: rest.slice(4).split('/').filter(Boolean) };
    if (rest === '/stream')
      return { route, combined: true, streams: (query.get('streams') ?? '').split('/').filter(Boolean) };
    return undefined;
  }

  // {"method":"SUBSCRIBE","params":["btcusdt@forceOrder"],"id":1} → {"result":null,"id":1}
  onMessage(text: string): void {
    if (this.halfOpen) return;
    const msg = clientMessage(text);
    if (!msg) {
      this.send({ error: { code: 3, msg: 'Invalid JSON' }, id: null });
      return;
    }
    const id = typeof msg.id === 'number' || typeof msg.id === 'string' ? msg.id : null;
    const params = Array.isArray(msg.params)
      ? msg.params.filter((p): p is string => typeof p === 'string')
      : [];
    if (msg.method === 'SUBSCRIBE') {
      for (const p of params) this.streams.add(p);
      this.send({ result: null, id });
    } else if (msg.method === 'UNSUBSCRIBE') {
      for (const p of params) {
        this.streams.delete(p);
        this.depth?.forget(p);
      }
      this.send({ result: null, id });
    } else if (msg.method === 'LIST_SUBSCRIPTIONS') {
      this.send({ result: [...this.streams], id });
    } else {
      this.send({ error: { code: 2, msg: 'Invalid request: unknown method' }, id });
    }
  }

  /** Pushes what happened between the previous tick and `now`. */
  tick(now: number): void {
    if (this.halfOpen) return;
    if (now < this.lastNow) {
      // The clock was set back: start the feeds afresh, replay nothing twice.
      this.klines.clear();
      this.markPushedAt.clear();
      this.lastNow = now;
      return;
    }
    const sym = this.market.symbol.toLowerCase();
    // Order-book diffs are "public" streams: delivered only under /public (depth-streams.ts).
    if (this.route === 'public' && this.depth) {
      const names = this.streamNames();
      for (const stream of this.streams)
        if (DepthStreams.isBinanceStream(stream, this.market.symbol))
          this.depth.push(stream, now, names, (frame) => this.emit(stream, frame));
    }
    // Every stream served here is a "market" stream: silent outside /market (see above).
    const deliver = this.route === 'market';
    for (const stream of deliver ? this.streams : []) {
      if (stream === '!forceOrder@arr') {
        this.pushLiquidations(stream, now);
        continue;
      }
      const [streamSymbol, kind, speed] = stream.split('@');
      if (streamSymbol !== sym || kind === undefined) continue;
      if (kind.startsWith('kline_')) this.pushKlines(stream, kind.slice(6), now);
      else if (kind === 'markPrice') this.pushMark(stream, speed === '1s' ? 1000 : 3000, now);
      else if (kind === 'forceOrder') this.pushLiquidations(stream, now);
    }
    this.lastNow = now;
  }

  // {"e":"kline","E":1638747660000,"s":"BTCUSDT","k":{"t":1638747660000,"T":1638747719999,"s":"BTCUSDT","i":"1m","f":100,"L":200,
  //  "o":"0.0010","c":"0.0020","h":"0.0025","l":"0.0015","v":"1000","n":100,"x":false,"q":"1.0000","V":"500","Q":"0.500","B":"123456"}}
  // No trades in the recording: trade ids, counts and volumes are zero.
  private pushKlines(stream: string, interval: string, now: number): void {
    const d = this.market.priceDecimals;
    for (const c of this.klines.updates(stream, BINANCE_KLINE_INTERVALS[interval], now)) {
      this.emit(stream, {
        e: 'kline',
        E: now,
        s: this.market.symbol,
        k: {
          t: c.openTime,
          T: c.openTime + c.intervalMs - 1,
          s: this.market.symbol,
          i: interval,
          f: 0,
          L: 0,
          o: fixed(c.open, d),
          c: fixed(c.close, d),
          h: fixed(c.high, d),
          l: fixed(c.low, d),
          v: '0',
          n: 0,
          x: c.closed,
          q: '0',
          V: '0',
          Q: '0',
          B: '0',
        },
      });
    }
  }

  // {"e":"markPriceUpdate","E":1562305380000,"s":"BTCUSDT","p":"11794.15000000","i":"11784.62659091","P":"11784.25641265","r":"0.00038167","T":1562306400000}
  private pushMark(stream: string, everyMs: number, now: number): void {
    const last = this.markPushedAt.get(stream);
    if (last !== undefined && now - last < everyMs) return;
    const mark = this.market.priceAt(now);
    if (mark === undefined) return;
    this.markPushedAt.set(stream, now);
    this.emit(stream, {
      e: 'markPriceUpdate',
      E: now,
      s: this.market.symbol,
      p: fixed(mark, 8),
      i: fixed(mark, 8),
      P: fixed(mark, 8),
      r: fixed(this.market.fundingRateAt(now) ?? 0, 8),
      T: nextFundingTime(now),
    });
  }

  // {"e":"forceOrder","E":1568014460893,"o":{"s":"BTCUSDT","S":"SELL","o":"LIMIT","f":"IOC","q":"0.014","p":"9910","ap":"9910","X":"FILLED","l":"0.014","z":"0.014","T":1568014460893}}
  // S = SELL: a long position was liquidated (forced sell).
  private pushLiquidations(stream: string, now: number): void {
    const events = liquidationsBetween(this.liquidations, 'binance', this.lastNow, now);
    logPushes(this.pushLog, this.path, stream, now, events);
    for (const ev of events) {
      this.emit(stream, {
        e: 'forceOrder',
        E: ev.time,
        o: {
          s: this.market.symbol,
          S: ev.side === 'long' ? 'SELL' : 'BUY',
          o: 'LIMIT',
          f: 'IOC',
          q: ev.qty,
          p: ev.price,
          ap: ev.price,
          X: 'FILLED',
          l: ev.qty,
          z: ev.qty,
          T: ev.time,
        },
      });
    }
  }

  private emit(stream: string, data: unknown): void {
    this.send(this.combined ? { stream, data } : data);
  }

  private send(value: unknown): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(value));
  }
}
