import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { CandleFeeds } from './candle-feed';
import { clientMessage } from './client-message';
import type { DepthStreams } from './depth-streams';
import {
  type LiquidationPushRecord,
  liquidationsBetween,
  logPushes,
  type ReplayLiquidation,
} from './liquidations';
import type { ReplayMarket } from './market';
import { contracts, OKX_BARS, okxCandleRow, type Swap, swapOf } from './okx-rest';
import { trimmed } from './reply';

/**
 * One subscriber of OKX's v5 public WebSocket (wss://ws.okx.com:8443). Two endpoints, as live:
 * /ws/v5/public carries mark-price, liquidation-orders and books (SYNTHETIC, depth-streams.ts),
 * /ws/v5/business the candle channels; a
 * channel asked of the other endpoint is refused with 60018. Subscriptions are
 * {"op":"subscribe","args":[{channel,…}]}, acknowledged one event per arg; the text "ping" gets
 * the text "pong". Shapes from https://www.okx.com/docs-v5/en/ ("Overview / WebSocket",
 * "WS / Candlesticks channel", "WS / Mark price channel", "WS / Liquidation orders channel").
 */
export type OkxEndpoint = 'public' | 'business';

export const OKX_WS_PATHS: Readonly<Record<string, OkxEndpoint>> = {
  '/ws/v5/public': 'public',
  '/ws/v5/business': 'business',
};

/** "Data will be pushed in 200 ms when there is change in markPrice, otherwise … in 10 seconds." */
const MARK_CHANGED_EVERY_MS = 200;
const MARK_UNCHANGED_EVERY_MS = 10_000;

type Arg = Record<string, string>;

export class OkxStreamSession {
  /** Subscribed args by their key (channel + instId/instType). */
  private readonly args = new Map<string, Arg>();
  readonly connId = randomUUID().slice(0, 8);
  halfOpen = false;
  private lastNow: number;
  private readonly candles: CandleFeeds;
  private readonly swap: Swap | undefined;
  private mark?: { sentAt: number; markPx: string };

  constructor(
    private readonly ws: WebSocket,
    readonly path: string,
    private readonly endpoint: OkxEndpoint,
    private readonly market: ReplayMarket,
    private readonly liquidations: readonly ReplayLiquidation[],
    private readonly pushLog: LiquidationPushRecord[],
    now: number,
    private readonly depth?: DepthStreams,
  ) {
    this.candles = new CandleFeeds(market);
    this.swap = swapOf(market);
    this.lastNow = now;
  }

  /** Channel names, for the faults' stream-fragment match ('liquidation-orders', 'candle1m'). */
  streamNames(): string[] {
    return [...this.args.values()].map((a) => a.channel!);
  }

  // ping → pong (text frames, not JSON)
  // {"op":"subscribe","args":[{"channel":"mark-price","instId":"BTC-USDT-SWAP"}]}
  //   → {"event":"subscribe","arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"connId":"a4d3ae55"}
  // {"event":"error","code":"60012","msg":"Invalid request: {\"op\": \"subscribe\", \"argss\":[…]}","connId":"a4d3ae55"}
  onMessage(text: string): void {
    if (this.halfOpen) return;
    if (text === 'ping') {
      this.sendText('pong');
      return;
    }
    const msg = clientMessage(text);
    const op = msg?.op;
    const args = Array.isArray(msg?.args) ? (msg.args as unknown[]) : undefined;
    if (!msg || (op !== 'subscribe' && op !== 'unsubscribe') || !args || args.length === 0) {
      this.sendError('60012', `Invalid request: ${text.slice(0, 200)}`);
      return;
    }
    const valid = args.every(
      (a) =>
        a !== null &&
        typeof a === 'object' &&
        Object.values(a as object).every((v) => typeof v === 'string') &&
        typeof (a as Arg).channel === 'string',
    );
    if (!valid) {
      this.sendError('60012', `Invalid request: ${text.slice(0, 200)}`);
      return;
    }
    for (const arg of args as Arg[]) {
      const problem = this.argProblem(arg);
      if (problem) {
        this.sendError('60018', problem);
        continue;
      }
      const key = argKey(arg);
      if (op === 'subscribe') this.args.set(key, { ...arg });
      else {
        this.args.delete(key);
        this.candles.forget(key);
        this.depth?.forget(key);
        if (arg.channel === 'mark-price') this.mark = undefined;
      }
      this.send({ event: op, arg, connId: this.connId });
    }
  }

  // 60018: "Wrong URL or channel:candle1m,instId:BTC-USDT-SWAP doesn't exist. Please use the correct URL, channel and
  // parameters referring to API document."
  private argProblem(arg: Arg): string | undefined {
    const channel = arg.channel!;
    const described = Object.entries(arg)
      .map(([k, v]) => `${k}:${v}`)
      .join(',');
    const wrong = `Wrong URL or ${described} doesn't exist. Please use the correct URL, channel and parameters referring to API document.`;
    const candle = channel.startsWith('candle') && OKX_BARS[channel.slice(6)] !== undefined;
    const endpoint: OkxEndpoint | undefined = candle
      ? 'business'
      : channel === 'mark-price' || channel === 'liquidation-orders' || (channel === 'books' && this.depth)
        ? 'public'
        : undefined;
    if (endpoint !== this.endpoint) return wrong;
    if (channel === 'liquidation-orders') return arg.instType === 'SWAP' ? undefined : wrong;
    return arg.instId !== undefined && arg.instId === this.swap?.instId ? undefined : wrong;
  }

  tick(now: number): void {
    if (this.halfOpen) return;
    if (now < this.lastNow) {
      this.candles.clear();
      this.mark = undefined;
      this.lastNow = now;
      return;
    }
    for (const [key, arg] of this.args) {
      if (arg.channel === 'mark-price') this.pushMark(arg, now);
      else if (arg.channel === 'liquidation-orders') this.pushLiquidations(arg, now);
      else if (arg.channel === 'books')
        this.depth?.push(key, now, this.streamNames(), (frame) => this.send(frame), arg);
      else this.pushCandles(key, arg, now);
    }
    this.lastNow = now;
  }

  // {"arg":{"channel":"candle1m","instId":"BTC-USDT-SWAP"},"data":[["1781866920000","66471.2","66480","66466.1","66478.9","0","0","0","0"]]}
  // One row per push; a bar's final version has confirm "1". No volume in the recording: "0".
  private pushCandles(key: string, arg: Arg, now: number): void {
    for (const c of this.candles.updates(key, OKX_BARS[arg.channel!.slice(6)], now)) {
      this.send({ arg, data: [okxCandleRow(c, this.market.priceDecimals)] });
    }
  }

  // {"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"instType":"SWAP","instId":"BTC-USDT-SWAP","markPx":"66478.9","ts":"1781866951200"}]}
  private pushMark(arg: Arg, now: number): void {
    const price = this.market.priceAt(now);
    if (price === undefined || !this.swap) return;
    const markPx = trimmed(price, this.market.priceDecimals);
    const since = this.mark ? now - this.mark.sentAt : Number.POSITIVE_INFINITY;
    const due =
      since >= MARK_UNCHANGED_EVERY_MS || (since >= MARK_CHANGED_EVERY_MS && markPx !== this.mark?.markPx);
    if (!due) return;
    this.mark = { sentAt: now, markPx };
    this.send({ arg, data: [{ instType: 'SWAP', instId: this.swap.instId, markPx, ts: String(now) }] });
  }

  // {"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"details":[{"bkLoss":"0","bkPx":"77012.4","ccy":"",
  //  "posSide":"long","side":"sell","sz":"25","ts":"1781002800123"}],"instFamily":"BTC-USDT","instId":"BTC-USDT-SWAP",
  //  "instType":"SWAP","uly":"BTC-USDT"}]}
  // A long liquidated is a forced sell closing a long (posSide "long", side "sell"); sz = qty / ctVal contracts.
  private pushLiquidations(arg: Arg, now: number): void {
    const swap = this.swap;
    if (!swap) return;
    const events = liquidationsBetween(this.liquidations, 'okx', this.lastNow, now);
    if (events.length === 0) return;
    this.send({
      arg,
      data: [
        {
          details: events.map((e) => ({
            bkLoss: '0',
            bkPx: e.price,
            ccy: '',
            posSide: e.side,
            side: e.side === 'long' ? 'sell' : 'buy',
            sz: trimmed(contracts(Number(e.qty), swap), 6),
            ts: String(e.time),
          })),
          instFamily: swap.instFamily,
          instId: swap.instId,
          instType: 'SWAP',
          uly: swap.instFamily,
        },
      ],
    });
    logPushes(this.pushLog, this.path, arg.channel!, now, events);
  }

  private sendError(code: string, msg: string): void {
    this.send({ event: 'error', code, msg, connId: this.connId });
  }

  private send(value: unknown): void {
    this.sendText(JSON.stringify(value));
  }

  private sendText(text: string): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(text);
  }
}

function argKey(arg: Arg): string {
  return `${arg.channel}|${arg.instId ?? ''}|${arg.instType ?? ''}|${arg.instFamily ?? ''}`;
}
