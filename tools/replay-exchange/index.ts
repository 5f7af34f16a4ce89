import { readFile } from 'node:fs/promises';
import { type Bar, parseBarCsv } from '../../core/data/bars';
import { isNeutralSymbol } from '../../core/exchanges/symbols';
import { REPLAY_HOSTS } from './certificate';
import { ReplayClock } from './clock';
import { SyntheticDepth } from './depth-book';
import { FaultBook, type FaultKind, type FaultRule } from './faults';
import {
  type LiquidationFileResult,
  type LiquidationPushRecord,
  parseEventsFile,
  type ReplayLiquidation,
} from './liquidations';
import { ReplayMarket } from './market';
import type { RequestRecord } from './requests';
import { startServer } from './server';

export type { SyntheticBook, SyntheticWall } from './depth-book';
export { SyntheticDepth } from './depth-book';
/**
 * The replay exchange: stands in for Binance USDⓈ-M and Bybit v5 public APIs (REST and
 * WebSocket) and OKX v5's public REST and WebSocket, and answers from a recorded bar CSV, in each exchange's own response format, as of
 * a replay clock. See README.md in this folder for every derivation rule and synthetic value.
 */
export type { FaultKind, FaultRule, LiquidationPushRecord, ReplayLiquidation, RequestRecord };

/**
 * The SYNTHETIC order books the replay would serve for these bars, without starting a server: the
 * same rule and seed as `startReplayExchange({ bars, symbol, depthSeed })`.
 */
export function syntheticDepth(bars: readonly Bar[], symbol = 'BTCUSDT', seed?: number): SyntheticDepth {
  return new SyntheticDepth(new ReplayMarket(bars, symbol), seed);
}

export interface ReplayOptions {
  csvPath?: string;
  bars?: Bar[];
  /** Neutral symbol, default BTCUSDT. */
  symbol?: string;
  /**
   * An events CSV (as `events`) whose rows are all pushed, a repeated row twice: a duplicated
   * frame on the wire, which the extension must store once.
   */
  liquidationsPath?: string;
  /**
   * The project's events CSV (`time,exchange,side,price,notional_usd`, core/data/events.ts),
   * replayed on every exchange's liquidation stream; a `# synthetic:` line marks its rows.
   */
  events?: string;
  /** Replay "now" at start, epoch ms. */
  start: number;
  /** Replay seconds per wall-clock second; default 1, 0 pauses. */
  speed?: number;
  /** 0 or undefined = a random free port. */
  port?: number;
  /** Seed of the synthetic order books (depth-book.ts); default 16. */
  depthSeed?: number;
}

export interface ReplayExchange {
  port: number;
  /** https://127.0.0.1:PORT */
  origin: string;
  /** http://127.0.0.1:PORT: the same port answers plain HTTP too (for Node-side tests). */
  plainOrigin: string;
  /** Ready for Chromium's --host-resolver-rules= flag. */
  hostResolverRules: string;
  clock: { now(): number; set(ms: number): void; setSpeed(x: number): void };
  faults: { add(rule: FaultRule): void; clear(): void };
  requests: ReadonlyArray<RequestRecord>;
  /** Every liquidation loaded (both files), by time; `synthetic` set on rows made by a rule. */
  liquidations: ReadonlyArray<ReplayLiquidation>;
  /** The synthetic ones alone: what a test harness must not count as real. */
  syntheticLiquidations: ReadonlyArray<ReplayLiquidation>;
  /** The stream log: each liquidation pushed, where, when, with its `synthetic` mark. */
  liquidationPushes: ReadonlyArray<LiquidationPushRecord>;
  /** Rows of either file that were dropped, with file and line (none dropped silently). */
  eventIssues: ReadonlyArray<string>;
  /**
   * The SYNTHETIC order books behind the depth REST and streams (the truth for tests):
   * `bookAt(exchange, time)`, `walls(exchange, from, to)`, `wallsAt(exchange, time)`.
   */
  depth: SyntheticDepth;
  close(): Promise<void>;
}

async function loadBars(options: ReplayOptions): Promise<Bar[]> {
  if (options.bars) return options.bars;
  if (!options.csvPath) throw new Error('replay-exchange: give csvPath or bars');
  const parsed = parseBarCsv(await readFile(options.csvPath, 'utf8'));
  if (!parsed.ok) throw new Error(`replay-exchange: ${options.csvPath}: ${parsed.error}`);
  return parsed.value.bars;
}

async function loadLiquidations(
  path: string | undefined,
  parse: (text: string) => LiquidationFileResult,
): Promise<{ events: ReplayLiquidation[]; issues: string[] }> {
  if (!path) return { events: [], issues: [] };
  const parsed = parse(await readFile(path, 'utf8'));
  if (!parsed.ok) throw new Error(`replay-exchange: ${path}: ${parsed.error}`);
  return { events: parsed.events, issues: (parsed.issues ?? []).map((i) => `${path}: ${i}`) };
}

export function hostResolverRules(port: number): string {
  return REPLAY_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(',');
}

export async function startReplayExchange(options: ReplayOptions): Promise<ReplayExchange> {
  const symbol = options.symbol ?? 'BTCUSDT';
  if (!isNeutralSymbol(symbol))
    throw new Error(`replay-exchange: ${symbol} is not a USDT perpetual symbol like BTCUSDT`);
  const market = new ReplayMarket(await loadBars(options), symbol);
  const depth = new SyntheticDepth(market, options.depthSeed);
  const recorded = await loadLiquidations(options.liquidationsPath, (text) =>
    parseEventsFile(text, { keepRepeats: true }),
  );
  const fromEvents = await loadLiquidations(options.events, parseEventsFile);
  // Array.prototype.sort is stable: same-millisecond events keep file order.
  const liquidations = [...recorded.events, ...fromEvents.events].sort((a, b) => a.time - b.time);
  const clock = new ReplayClock(options.start, options.speed ?? 1);
  const faults = new FaultBook();
  const server = await startServer({ market, depth, clock, faults, liquidations, port: options.port });
  return {
    port: server.port,
    origin: `https://127.0.0.1:${server.port}`,
    plainOrigin: `http://127.0.0.1:${server.port}`,
    hostResolverRules: hostResolverRules(server.port),
    clock: {
      now: () => clock.now(),
      set: (ms) => clock.set(ms),
      setSpeed: (x) => clock.setSpeed(x),
    },
    faults: {
      add: (rule) => faults.add(rule),
      clear: () => faults.clear(),
    },
    requests: server.requests,
    liquidations,
    syntheticLiquidations: liquidations.filter((e) => e.synthetic !== undefined),
    liquidationPushes: server.liquidationPushes,
    eventIssues: [...recorded.issues, ...fromEvents.issues],
    depth,
    close: () => server.close(),
  };
}
