/**
 * npm run bench [-- --json]: the engine bench (tools/bench.ts), the streaming budgets
 * (tools/bench-streams.ts), the side-panel bench (tools/bench-sidepanel.ts), the overlay bench
 * (tools/bench-overlay.ts), the page-cost bench (tools/bench-page.ts: soak and bridge cost), then
 * the worker bench (tools/bench-worker.ts: engine runs, CPU before and after issue 14, bar to
 * bands), then the order-book depth bench (tools/bench-depth.ts: issue 16's budgets), each given the same flags; stops at the first that fails. A runner
 * rather than `a && b` in package.json, because npm appends `-- --json` to the last command only.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

for (const program of [
  'tools/bench.ts',
  'tools/bench-streams.ts',
  'tools/bench-sidepanel.ts',
  'tools/bench-overlay.ts',
  'tools/bench-page.ts',
  'tools/bench-worker.ts',
  'tools/bench-depth.ts',
]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', program, ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
