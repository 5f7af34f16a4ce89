import { err, ok, type Result } from '../../core/result';
import {
  exitWithInternalError,
  exitWithUsageError,
  orExit,
  readCommandLine,
  stringOptions,
} from '../cli/args';
import { loadBarFile } from '../cli/barFile';
import { startReplayExchange } from './index';

/**
 * npm run replay -- --csv FILE [--start ISO|ms] [--speed N] [--port N] [--symbol BTCUSDT] [--liquidations FILE] [--events FILE]
 *
 * Serves the recording until Ctrl-C and prints what a browser needs to reach it through the
 * real hostnames. Without --start, replay begins one day before the recording ends.
 * Bad arguments or an unusable file: one line on stderr and exit code 2, like the other CLIs.
 */
const PROGRAM = 'replay';
const USAGE =
  'usage: npm run replay -- --csv FILE [--start ISO|ms] [--speed N] [--port N] [--symbol BTCUSDT] [--liquidations FILE] [--events FILE]';

function parseStart(text: string): Result<number> {
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(ms) ? ok(ms) : err(`--start ${text}: expected an ISO date or epoch ms`);
}

function parseNumber(name: string, text: string | undefined): Result<number | undefined> {
  if (text === undefined) return ok(undefined);
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? ok(n) : err(`--${name} ${text}: expected a number ≥ 0`);
}

async function main(): Promise<void> {
  const values = readCommandLine(
    PROGRAM,
    USAGE,
    process.argv.slice(2),
    stringOptions('start', 'speed', 'port', 'symbol', 'liquidations', 'events'),
  );
  if (!values) return;
  const { bars, intervalMs } = orExit(PROGRAM, await loadBarFile(values.csv));
  const recordingEnd = bars[bars.length - 1]!.time + intervalMs;
  // An unreadable --liquidations or --events file is bad input (exit 2), like a bad --csv.
  const rx = await startReplayExchange({
    bars,
    start: values.start ? orExit(PROGRAM, parseStart(values.start)) : recordingEnd - 86_400_000,
    speed: orExit(PROGRAM, parseNumber('speed', values.speed)),
    port: orExit(PROGRAM, parseNumber('port', values.port)),
    symbol: values.symbol,
    liquidationsPath: values.liquidations,
    events: values.events,
  }).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (message.startsWith('replay-exchange:')) exitWithUsageError(PROGRAM, message);
    throw error;
  });
  console.log(`replay-exchange listening on port ${rx.port} (HTTPS and plain HTTP)`);
  console.log(`replay now: ${new Date(rx.clock.now()).toISOString()} (×${values.speed ?? 1})`);
  console.log(
    `recording: ${new Date(bars[0]!.time).toISOString()} → ${new Date(recordingEnd).toISOString()}`,
  );
  for (const issue of rx.eventIssues) console.log(`events: ${issue}`);
  if (rx.liquidations.length > 0) {
    const synthetic = rx.syntheticLiquidations.length;
    console.log(
      `liquidations: ${rx.liquidations.length} events` +
        (synthetic > 0 ? `, ${synthetic} SYNTHETIC (${rx.syntheticLiquidations[0]!.synthetic})` : ''),
    );
  }
  console.log('order books: SYNTHETIC, a seeded rule around the recorded price (README, "Order-book depth")');
  console.log(`--host-resolver-rules=${rx.hostResolverRules}`);
  console.log('Chromium also needs --ignore-certificate-errors (the certificate is self-signed).');
  const stop = () => {
    rx.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => exitWithInternalError(PROGRAM, error));
