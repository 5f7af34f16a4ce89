import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { BYBIT_KLINE_INTERVALS, bybitTickerFields } from './bybit-rest';
import { CandleFeeds } from './candle-feed';
import { clientMessage } from './client-message';
import { DepthStreams } from './depth-streams';
import {
  type LiquidationPushRecord,
  liquidationsBetween,
  logPushes,
  type ReplayLiquidation,
} from './liquidations';
import type { ReplayMarket } from './market';
import { trimmed } from './reply';

/**
 * One subscriber of Bybit's v5 public linear stream (wss://stream.bybit.com/v5/public/linear).
 * Topics are subscribed by {"op":"subscribe","args":[…]} and acknowledged; {"op":"ping"} gets a
 * pong. Shapes from https://bybit-exchange.github.io/docs/v5/ws/connect and
 * https://bybit-exchange.github.io/docs/v5/websocket/public/ (kline, ticker, all-liquidation, and
 * orderbook.200 from the SYNTHETIC books of depth-streams.ts).
 */

/** Fields the tickers topic carries (the REST ticker minus delivery and book-size extras). */
const TICKER_STREAM_FIELDS = [
  'symbol',
  'tickDirection',
  'price24hPcnt',
  'lastPrice',
  'prevPrice24h',
  'highPrice24h',
  'lowPrice24h',
  'prevPrice1h',
  'markPrice',
  'indexPrice',
  'openInterest',
  'openInterestValue',
  'turnover24h',
  'volume24h',
  'nextFundingTime',
  'fundingRate',
  'bid1Price',
  'bid1Size',
  'ask1Price',
  'ask1Size',
] as const;

/** Bybit pushes derivatives tickers every 100 ms. */
const TICKER_EVERY_MS = 100;

export class BybitStreamSession {
  readonly topics = new Set<string>();
  readonly connId = randomUUID();
  halfOpen = false;
  private lastNow: number;
  private readonly klines: CandleFeeds;
  private ticker?: { sentAt: number; fields: Record<string, string>; seq: number };

  constructor(
    private readonly ws: WebSocket,
    readonly path: string,
    private readonly market: ReplayMarket,
    private readonly liquidations: readonly ReplayLiquidation[],
    private readonly pushLog: LiquidationPushRecord[],
    now: number,
    private readonly depth?: DepthStreams,
  ) {
    this.klines = new CandleFeeds(market);
    this.lastNow = now;
  }

  streamNames(): string[] {
    return [...this.topics];
  }

  // {"req_id":"1","op":"subscribe","args":["kline.1.BTCUSDT"]} → {"success":true,"ret_msg":"","conn_id":"…","req_id":"1","op":"subscribe"}
  // {"req_id":"2","op":"ping"} → {"success":true,"ret_msg":"pong","conn_id":"…","req_id":"2","op":"ping"}
  onMessage(text: string): void {
    if (this.halfOpen) return;
    const msg = clientMessage(text);
    if (!msg) {
      this.send({
        success: false,
        ret_msg: `error:invalid json,msg:${text.slice(0, 80)}`,
        conn_id: this.connId,
        op: '',
      });
      return;
    }
    const reqId = typeof msg.req_id === 'string' ? { req_id: msg.req_id } : {};
    const op = typeof msg.op === 'string' ? msg.op : '';
    const args = Array.isArray(msg.args) ? msg.args.filter((a): a is string => typeof a === 'string') : [];
    if (op === 'ping') {
      this.send({ success: true, ret_msg: 'pong', conn_id: this.connId, ...reqId, op: 'ping' });
      return;
    }
    if (op === 'subscribe' || op === 'unsubscribe') {
      const problem = args.map((t) => this.topicProblem(t, op)).find((p) => p !== undefined);
      if (problem === undefined) {
        for (const t of args) {
          if (op === 'subscribe') this.topics.add(t);
          else {
            this.topics.delete(t);
            this.klines.forget(t);
            this.depth?.forget(t);
            if (t.startsWith('tickers.')) this.ticker = undefined;
          }
        }
      }
      this.send({
        success: problem === undefined,
        ret_msg: problem ?? '',
        conn_id: this.connId,
        ...reqId,
        op,
      });
      return;
    }
    this.send({ success: false, ret_msg: `error:unknown op,op:${op}`, conn_id: this.connId, ...reqId, op });
  }

  private topicProblem(topic: string, op: string): string | undefined {
    const parts = topic.split('.');
    const symbol = parts[parts.length - 1];
    const known =
      (parts[0] === 'kline' && parts.length === 3 && BYBIT_KLINE_INTERVALS[parts[1]!] !== undefined) ||
      ((parts[0] === 'tickers' || parts[0] === 'allLiquidation') && parts.length === 2) ||
      (this.depth !== undefined && DepthStreams.isBybitTopic(topic));
    if (!known) return `error:handler not found,topic:${topic}`;
    if (symbol !== this.market.symbol) return `Invalid symbol :[${topic}]`;
    if (op === 'subscribe' && this.topics.has(topic)) return `error:already subscribed,topic:${topic}`;
    return undefined;
  }

  tick(now: number): void {
    if (this.halfOpen) return;
    if (now < this.lastNow) {
      this.klines.clear();
      this.ticker = undefined;
      this.lastNow = now;
      return;
    }
    for (const topic of this.topics) {
      const parts = topic.split('.');
      if (parts[0] === 'kline') this.pushKlines(topic, parts[1]!, now);
      else if (parts[0] === 'tickers') this.pushTicker(topic, now);
      else if (parts[0] === 'allLiquidation') this.pushLiquidations(topic, now);
      else if (parts[0] === 'orderbook')
        this.depth?.push(topic, now, this.streamNames(), (frame) => this.send(frame));
    }
    this.lastNow = now;
  }

  // {"topic":"kline.5.BTCUSDT","data":[{"start":1672324800000,"end":1672325099999,"interval":"5","open":"16649.5","close":"16677",
  //  "high":"16677","low":"16608","volume":"2.081","turnover":"34666.4005","confirm":false,"timestamp":1672324988882}],"ts":1672324988882,"type":"snapshot"}
  private pushKlines(topic: string, interval: string, now: number): void {
    const d = this.market.priceDecimals;
    for (const c of this.klines.updates(topic, BYBIT_KLINE_INTERVALS[interval], now)) {
      this.send({
        topic,
        data: [
          {
            start: c.openTime,
            end: c.openTime + c.intervalMs - 1,
            interval,
            open: trimmed(c.open, d),
            close: trimmed(c.close, d),
            high: trimmed(c.high, d),
            low: trimmed(c.low, d),
            volume: '0',
            turnover: '0',
            confirm: c.closed,
            timestamp: now,
          },
        ],
        ts: now,
        type: 'snapshot',
      });
    }
  }

  // First {"topic":"tickers.BTCUSDT","type":"snapshot","data":{…all fields…},"cs":…,"ts":…}, then "delta" messages with
  // the symbol and only the fields that changed.
  private pushTicker(topic: string, now: number): void {
    if (this.ticker && now - this.ticker.sentAt < TICKER_EVERY_MS) return;
    const rest = bybitTickerFields(this.market, now);
    if (!rest) return;
    const previous = this.ticker?.fields;
    const lastPrice = Number(rest.lastPrice);
    const before = previous ? Number(previous.lastPrice) : lastPrice;
    const tickDirection =
      lastPrice > before
        ? 'PlusTick'
        : lastPrice < before
          ? 'MinusTick'
          : previous?.tickDirection === 'MinusTick' || previous?.tickDirection === 'ZeroMinusTick'
            ? 'ZeroMinusTick'
            : 'ZeroPlusTick';
    const fields: Record<string, string> = {};
    for (const key of TICKER_STREAM_FIELDS)
      fields[key] = key === 'tickDirection' ? tickDirection : (rest[key] ?? '');
    const seq = (this.ticker?.seq ?? 0) + 1;
    if (!previous) {
      this.send({ topic, type: 'snapshot', data: fields, cs: seq, ts: now });
    } else {
      const changed: Record<string, string> = { symbol: fields.symbol! };
      for (const [k, v] of Object.entries(fields)) if (previous[k] !== v) changed[k] = v;
      if (Object.keys(changed).length === 1) {
        this.ticker = { sentAt: now, fields, seq: this.ticker!.seq };
        return;
      }
      this.send({ topic, type: 'delta', data: changed, cs: seq, ts: now });
    }
    this.ticker = { sentAt: now, fields, seq };
  }

  // {"topic":"allLiquidation.BTCUSDT","type":"snapshot","ts":1739502303204,"data":[{"T":1739502302929,"s":"BTCUSDT","S":"Sell","v":"20000","p":"0.04499"}]}
  // S = "Buy": a long position was liquidated.
  private pushLiquidations(topic: string, now: number): void {
    const events = liquidationsBetween(this.liquidations, 'bybit', this.lastNow, now);
    if (events.length === 0) return;
    this.send({
      topic,
      type: 'snapshot',
      ts: now,
      data: events.map((ev) => ({
        T: ev.time,
        s: this.market.symbol,
        S: ev.side === 'long' ? 'Buy' : 'Sell',
        v: ev.qty,
        p: ev.price,
      })),
    });
    logPushes(this.pushLog, this.path, topic, now, events);
  }

  private send(value: unknown): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(value));
  }
}
