/**
 * npm run bench [-- --json] runs it (tools/bench/all.ts); alone: tsx tools/bench-depth.ts [--json]
 * [--phase-sec N] [--pairs N]. Issue 16's budgets for the order books, each with ✓/✗:
 * - worker CPU for three books at 10 updates a second each ≤ 2 % of one core: in the REAL worker
 *   (built extension, headless Chromium, replay exchange at ×1, all three exchanges, a trading page
 *   open), recordDepth on and off taking turns in one run, CPU with minus without
 *   (tools/bench/depth-worker.ts); beside it the Node floor of parse + sync + sample
 *   (tools/bench/depth-books.ts) and of the once-a-second column fold and wall tracker
 *   (tools/bench/depth-memory.ts), so a reader sees where the time goes;
 * - memory for three books plus 30 minutes of one-second samples ≤ 10 MB: retained heap in Node
 *   after a forced GC (tools/bench/depth-memory.ts), and the real worker's heap on minus off;
 * - IndexedDB writes ≤ 1 transaction every 10 s: depth transactions counted in the real worker,
 *   cross-checked with the column boundaries it stored and with tools/bench/depth-record.ts
 *   (fake-indexeddb);
 * - overlay redraw with the depth profile and walls ≤ 2 ms median a frame (tools/bench/redraw.ts).
 * --json prints one line {"depth": {cpuPercentOfCore, memoryMB, transactionsPer10s, redrawMedianMs, …}}.
 */
import 'fake-indexeddb/auto';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { benchDepthBooks } from './bench/depth-books';
import { benchDepthMemory } from './bench/depth-memory';
import { benchDepthRecord } from './bench/depth-record';
import { runDepthScenario } from './bench/depth-worker';
import { benchRedraw } from './bench/redraw';
import { ensureChromiumOrExit } from './browser';
import { exitWithInternalError, exitWithUsageError, parseFlags } from './cli/args';

const PROGRAM = 'bench-depth';
const ROOT = resolve(import.meta.dirname, '..');
const BUDGET = { cpuPercentOfCore: 2, memoryMB: 10, transactionsPer10s: 1, redrawMedianMs: 2 } as const;
/** Market seconds of book updates for the Node CPU floor (10 minutes: the figure is per second). */
const BOOK_UPDATES = 6_000;
const MEMORY_SECONDS = 1_800;

const started = performance.now();
const note = (text: string) =>
  process.stderr.write(`note: [${((performance.now() - started) / 1000).toFixed(0)} s] ${text}\n`);
const mark = (ok: boolean) => (ok ? '✓' : '✗');

async function main(argv: readonly string[]): Promise<void> {
  const usage = 'usage: tsx tools/bench-depth.ts [--json] [--phase-sec N] [--pairs N]';
  const flags = parseFlags(argv, {
    json: { type: 'boolean' },
    'phase-sec': { type: 'string' },
    pairs: { type: 'string' },
  });
  if (!flags.ok) exitWithUsageError(PROGRAM, `${flags.error} (${usage})`);
  const phaseSec = Number(flags.value['phase-sec'] ?? 20);
  const pairs = Number(flags.value.pairs ?? 3);
  if (!(phaseSec >= 10 && phaseSec % 10 === 0) || !Number.isInteger(pairs) || pairs < 1)
    exitWithUsageError(
      PROGRAM,
      `--phase-sec takes a multiple of 10 s, --pairs a whole number ≥ 1 (${usage})`,
    );
  const browser = ensureChromiumOrExit();

  note('Node: three books parse + sync + sample, fold + walls over 30 min, depth record (fake-indexeddb)');
  // Memory first, on a heap the other runs have not fragmented yet.
  const memory = benchDepthMemory(MEMORY_SECONDS);
  const books = benchDepthBooks(BOOK_UPDATES);
  const record = await benchDepthRecord('realistic', 600);

  note(`${browser}, headless; building this tree (wxt build)`);
  execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'pipe' });
  note(`real worker: ${pairs} × (${phaseSec} s depth on, ${phaseSec} s off), replay ×1, three exchanges`);
  const worker = await runDepthScenario({
    executablePath: browser,
    extensionPath: join(ROOT, '.output/chrome-mv3'),
    phaseSec,
    pairs,
    note,
  });
  note('overlay redraw with the depth profile and walls');
  const redraw = await benchRedraw(browser, { depth: true });
  note('done');

  const figures = {
    cpuPercentOfCore: worker.cpuPercentOfCore,
    memoryMB: memory.retainedBytes / 1e6,
    transactionsPer10s: worker.transactionsPer10s,
    redrawMedianMs: redraw.medianMs,
  };
  const within = {
    cpu: figures.cpuPercentOfCore <= BUDGET.cpuPercentOfCore,
    memory: figures.memoryMB <= BUDGET.memoryMB,
    transactions: figures.transactionsPer10s <= BUDGET.transactionsPer10s,
    redraw: figures.redrawMedianMs <= BUDGET.redrawMedianMs,
  };
  if (flags.value.json) {
    const depth = {
      ...figures,
      budget: BUDGET,
      withinBudget: within,
      worker: {
        cpuPercentOn: worker.cpuPercentOn,
        cpuPercentOff: worker.cpuPercentOff,
        pairPercents: worker.pairPercents,
        heapDepthMB: worker.heapDepthMB,
        storedBoundariesPer10s: worker.storedBoundariesPer10s,
        storedColumns: worker.storedColumns,
        walls: worker.walls,
        workerRestarted: worker.workerRestarted,
        phaseSec,
        phases: worker.phases.map((p) => ({
          depth: p.depth,
          cpuMs: p.cpu.cpuMs,
          wallMs: p.cpu.wallMs,
          jsMs: p.cpu.jsMs,
          gcMs: p.cpu.gcMs,
          programMs: p.cpu.programMs,
          heapBytes: p.heapBytes,
          transactions: p.transactions,
          liveBooks: p.liveBooks,
        })),
      },
      node: {
        booksPercentOfCore: books.percentOfCore,
        booksCpuMsPerSec: books.totalCpuMsPerSimSec,
        booksMatchReference: books.books.every((b) => b.matchesReference),
        foldCpuMsPerSec: memory.foldCpuMsPerSec,
        foldAddCpuMs: memory.addCpuMs,
        wallPushCpuMs: memory.pushCpuMs,
        booksMB: memory.booksBytes / 1e6,
        builderBytes: memory.builderBytes,
        memorySeconds: memory.seconds,
        wallsSeen: memory.wallsSeen,
        recordTransactionsPer10s: { max: record.maxTransactionsPer10s, mean: record.meanTransactionsPer10s },
      },
      redraw: { p95Ms: redraw.p95Ms, floorMedianMs: redraw.floorMedianMs, frames: redraw.frames },
    };
    process.stdout.write(`${JSON.stringify({ depth })}\n`);
    return;
  }
  const pct = (n: number) => `${n.toFixed(2)} %`;
  const lines = [
    `depth (issue 16): three books (Binance, Bybit, OKX), replay ×1 SYNTHETIC books at 10 messages a second each`,
    `  worker CPU, depth on − off: ${pct(figures.cpuPercentOfCore)} of a core (on ${pct(worker.cpuPercentOn)}, off ${pct(worker.cpuPercentOff)}; ` +
      `pairs ${worker.pairPercents.map((n) => n.toFixed(2)).join(', ')} %; ${pairs} × ${phaseSec} s each) · budget ≤ ${BUDGET.cpuPercentOfCore} % ${mark(within.cpu)}`,
    `    where it goes (Node floor): parse + sync + sample ${books.totalCpuMsPerSimSec.toFixed(2)} ms per second = ${pct(books.percentOfCore)}` +
      `${books.books.every((b) => b.matchesReference) ? '' : ' (a book DIFFERS from its reference)'}; ` +
      `column fold ${(memory.addCpuMs / memory.seconds).toFixed(2)} ms/s + wall tracker ${(memory.pushCpuMs / memory.seconds).toFixed(2)} ms/s ` +
      `= ${pct(memory.foldCpuMsPerSec / 10)} (the rest in the worker: sockets, publishing liveDepth, IndexedDB)`,
    `  memory, three books + ${memory.seconds / 60} min of one-second samples (Node, retained after GC): ${figures.memoryMB.toFixed(2)} MB ` +
      `(books alone ${(memory.booksBytes / 1e6).toFixed(2)} MB, ${memory.levelsHeld} levels; ${memory.wallsSeen} walls seen; builders' typed arrays ${(memory.builderBytes / 1024).toFixed(0)} KB) · ` +
      `budget ≤ ${BUDGET.memoryMB} MB ${mark(within.memory)}`,
    `    real worker JS heap after GC, depth on − off (median): ${worker.heapDepthMB === null ? 'not read' : `${worker.heapDepthMB.toFixed(2)} MB`}`,
    `  IndexedDB depth transactions per 10 s (counted in the worker): ${figures.transactionsPer10s.toFixed(2)} · stored column boundaries per 10 s ` +
      `${worker.storedBoundariesPer10s.toFixed(2)} · Node (fake-indexeddb) at most ${record.maxTransactionsPer10s}, mean ${record.meanTransactionsPer10s.toFixed(2)} · ` +
      `budget ≤ ${BUDGET.transactionsPer10s} ${mark(within.transactions)}`,
    `  overlay redraw with the depth profile and walls: median ${figures.redrawMedianMs.toFixed(2)} ms, p95 ${redraw.p95Ms.toFixed(2)} ms ` +
      `(${redraw.frames} frames; floor ${redraw.floorMedianMs.toFixed(2)} ms) · budget ≤ ${BUDGET.redrawMedianMs} ms ${mark(within.redraw)}`,
    `  worker: columns stored ${Object.entries(worker.storedColumns)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; walls published ${worker.walls}` +
      `${worker.workerRestarted ? '; the worker RESTARTED mid-run' : ''}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => exitWithInternalError(PROGRAM, error));
