/**
 * npm run bench [-- --json] runs it after tools/bench.ts (tools/bench/all.ts); alone:
 * tsx tools/bench-streams.ts [--json]. Issue 10's streaming budgets in Node, figures side by side,
 * no pass/fail on timings:
 * - burst: 1,000 liquidations a second for 10 s of stream time into the LiquidationBuffer and
 *   IndexedDB (fake-indexeddb), flushed every 2 s as the worker does: written vs sent,
 *   transactions, and the highest doubling of the rate whose 2 s flush still fits in 2 s
 *   (tools/bench/streams-burst.ts);
 * - memory: one hour of Binance's combined stream at replay ×60 through the stream session,
 *   buffer and store, heap before and after a full GC (tools/bench/streams-memory.ts);
 * - REST: the worker's sync over the replay exchange, a backfill then one sync a replay minute
 *   for 10 minutes, requests per exchange per minute against the ≤ 5 aim (tools/bench/streams-rest.ts).
 * fake-indexeddb is an in-memory JavaScript store: its write rates say what our code costs, not
 * what Chromium's IndexedDB (LevelDB on disk) takes.
 */
import 'fake-indexeddb/auto';
import { type BurstFigures, benchBurst, maxBurstRate } from './bench/streams-burst';
import { benchStreamMemory, type StreamMemoryFigures } from './bench/streams-memory';
import { benchRestPerMinute, type RestMinuteFigures } from './bench/streams-rest';
import { exitWithInternalError, exitWithUsageError, parseFlags } from './cli/args';
import { loadDemoBars } from './demo/demo-bars';

const PROGRAM = 'bench-streams';
const REST_AIM_PER_MINUTE = 5;
const n = (x: number) => Math.round(x).toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
const signedMb = (bytes: number) => `${bytes >= 0 ? '+' : '−'}${mb(Math.abs(bytes))}`;

function burstLine(b: BurstFigures, keptUpWith: number, firstFailed: BurstFigures | undefined): string {
  const limit = firstFailed
    ? `keeps up to ${n(keptUpWith)}/s (at ${n(firstFailed.ratePerSec)}/s a 2 s flush took ${n(firstFailed.slowestFlushMs)} ms${firstFailed.dropped > 0 ? `, ${n(firstFailed.dropped)} dropped` : ''})`
    : `keeps up with every rate tried, up to ${n(keptUpWith)}/s`;
  return (
    `burst ${n(b.ratePerSec)} events/s for ${b.simulatedSec} s: written ${n(b.written)} of ${n(b.sent)} sent` +
    ` (stored ${n(b.stored)}, dropped ${n(b.dropped)}) in ${n(b.transactions)} transactions` +
    ` = ${b.transactionsPerSimSec.toFixed(1)} transactions/s · slowest flush ${n(b.slowestFlushMs)} ms` +
    ` · ${n(b.writtenPerSec)} events/s written (wall) · ${limit}`
  );
}

function memoryLine(m: StreamMemoryFigures): string {
  return (
    `memory after ${m.streamSec / 3600} h of stream at ×${m.replaySpeed} (${n(m.frames)} frames, ${n(m.events)} events,` +
    ` ${n(m.liquidationsStored)} liquidations stored, ${m.malformed} malformed): heap ${mb(m.beforeBytes)} → ${mb(m.afterBytes)}` +
    ` (${signedMb(m.afterBytes - m.beforeBytes)}; ${signedMb(m.afterDbDeletedBytes - m.beforeBytes)} with the in-memory store deleted)` +
    ` · took ${n(m.wallMs)} ms (×60 allows ${n(m.budgetMs)} ms)`
  );
}

function restLine(r: RestMinuteFigures): string {
  const endpoints = Object.entries(r.endpoints)
    .map(([path, count]) => `${path} ${count}`)
    .join(', ');
  const ok = r.maxPerMinute <= REST_AIM_PER_MINUTE ? '✓' : '✗';
  return (
    `REST ${r.exchange}: backfill ${r.backfillRequests} requests, then ${r.perMinute.join('/')} per minute` +
    ` (max ${r.maxPerMinute}, aim ≤ ${REST_AIM_PER_MINUTE} ${ok}) · over ${r.perMinute.length} min: ${endpoints}`
  );
}

async function main(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, { json: { type: 'boolean' } });
  if (!flags.ok) exitWithUsageError(PROGRAM, `${flags.error} (usage: npm run bench [-- --json])`);
  const json = flags.value.json ?? false;
  const say = (line: string) => {
    if (!json) process.stdout.write(`${line}\n`);
  };
  process.stderr.write('note: streaming budgets in Node; IndexedDB is fake-indexeddb (in memory)\n');

  const burst = await benchBurst(1_000, 10);
  const search = await maxBurstRate(4);
  say(burstLine(burst, search.keptUpWith, search.firstFailed));
  // A minute first, so code compiled on first use is not counted as the stream's memory.
  await benchStreamMemory(60, 60);
  const memory = await benchStreamMemory(3_600, 60);
  say(memoryLine(memory));
  const rest = await benchRestPerMinute(loadDemoBars(), 10);
  for (const r of rest) say(restLine(r));
  if (json) {
    const { keptUpWith, runs } = search;
    process.stdout.write(`${JSON.stringify({ burst, maxBurst: { keptUpWith, runs }, memory, rest })}\n`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => exitWithInternalError(PROGRAM, error));
