import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseBarCsv } from '../../core/data/bars';
import { startReplayExchange } from './index';

/**
 * npm run replay -- --csv FILE [--start ISO|ms] [--speed N] [--port N] [--symbol BTCUSDT] [--liquidations FILE]
 *
 * Serves the recording until Ctrl-C and prints what a browser needs to reach it through the
 * real hostnames. Without --start, replay begins one day before the recording ends.
 */
const USAGE =
  'usage: npm run replay -- --csv FILE [--start ISO|ms] [--speed N] [--port N] [--symbol BTCUSDT] [--liquidations FILE]';

function parseStart(text: string): number {
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) throw new Error(`--start ${text}: expected an ISO date or epoch ms`);
  return ms;
}

function parseNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} ${text}: expected a number ≥ 0`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      csv: { type: 'string' },
      start: { type: 'string' },
      speed: { type: 'string' },
      port: { type: 'string' },
      symbol: { type: 'string' },
      liquidations: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !values.csv) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const parsed = parseBarCsv(await readFile(values.csv, 'utf8'));
  if (!parsed.ok) throw new Error(`${values.csv}: ${parsed.error}`);
  const { bars, intervalMs } = parsed.value;
  const recordingEnd = bars[bars.length - 1]!.time + intervalMs;
  const rx = await startReplayExchange({
    bars,
    start: values.start ? parseStart(values.start) : recordingEnd - 86_400_000,
    speed: parseNumber('speed', values.speed),
    port: parseNumber('port', values.port),
    symbol: values.symbol,
    liquidationsPath: values.liquidations,
  });
  console.log(`replay-exchange listening on port ${rx.port} (HTTPS and plain HTTP)`);
  console.log(`replay now: ${new Date(rx.clock.now()).toISOString()} (×${values.speed ?? 1})`);
  console.log(
    `recording: ${new Date(bars[0]!.time).toISOString()} → ${new Date(recordingEnd).toISOString()}`,
  );
  console.log(`--host-resolver-rules=${rx.hostResolverRules}`);
  console.log('Chromium also needs --ignore-certificate-errors (the certificate is self-signed).');
  const stop = () => {
    rx.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
