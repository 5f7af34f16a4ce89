import { type ParseArgsConfig, parseArgs } from 'node:util';
import { z } from 'zod';
import { EXCHANGE_IDS as EXCHANGES, type ExchangeId } from '../../core/exchanges/types';
import { isWindowId, WINDOWS, type WindowId } from '../../core/model/types';
import { err, ok, type Result } from '../../core/result';

/** Exit code for bad arguments or unusable input files: the caller's mistake, not ours. */
export const EXIT_USAGE = 2;
/** Exit code for an unexpected failure inside the program. */
const EXIT_INTERNAL = 1;

/** Collapses a message to one line, so stderr never carries more than the one reason. */
function oneLine(message: string): string {
  return message.replace(/\s+/g, ' ').trim();
}

/** Prints the reason on one stderr line and exits with code 2; never a stack trace. */
export function exitWithUsageError(program: string, message: string): never {
  process.stderr.write(`${program}: ${oneLine(message)}\n`);
  process.exit(EXIT_USAGE);
}

/** Last resort for a bug: still one line, but exit code 1 so it is not mistaken for bad input. */
export function exitWithInternalError(program: string, error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${program}: internal error: ${oneLine(message)}\n`);
  process.exit(EXIT_INTERNAL);
}

/** The value of a read, or its one-line reason on stderr and exit code 2. */
export function orExit<T>(program: string, read: Result<T>): T {
  if (!read.ok) exitWithUsageError(program, read.error);
  return read.value;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** `--name VALUE` options for each name, e.g. `stringOptions('window', 'at')`. */
export function stringOptions<const N extends string>(...names: N[]): Record<N, { type: 'string' }> {
  return Object.fromEntries(names.map((name) => [name, { type: 'string' }])) as Record<N, { type: 'string' }>;
}
type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O; strict: true }>>['values'];

/** node:util parseArgs in strict mode, with its thrown errors turned into a refusal. */
export function parseFlags<O extends Options>(argv: readonly string[], options: O): Result<Values<O>> {
  try {
    const { values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
    return ok(values as Values<O>);
  } catch (error) {
    return err(error instanceof Error ? error.message : String(error));
  }
}

/**
 * The command line of a CLI that reads one bar CSV: strict flags plus -h/--help and a required
 * --csv. Bad arguments exit 2 with one line; --help prints the usage and returns undefined.
 */
export function readCommandLine<O extends Options>(
  program: string,
  usage: string,
  argv: readonly string[],
  options: O,
): (Values<O> & { csv: string }) | undefined {
  const flags = parseFlags(argv, {
    ...options,
    csv: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!flags.ok) exitWithUsageError(program, `${flags.error} (${usage})`);
  const values = flags.value as Record<string, unknown>;
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return undefined;
  }
  if (typeof values.csv !== 'string') exitWithUsageError(program, `--csv FILE is required (${usage})`);
  return values as Values<O> & { csv: string };
}

export function parseWindow(text: string): Result<WindowId> {
  return isWindowId(text)
    ? ok(text)
    : err(`--window must be one of ${WINDOWS.join(', ')} (got ${JSON.stringify(text)})`);
}

/** --tick: the symbol's price step, a positive decimal (0.1 for BTCUSDT on all three exchanges). */
export function parseTickSize(text: string): Result<number> {
  const n = Number(text);
  return /^\d*\.?\d+(?:e-?\d+)?$/i.test(text.trim()) && Number.isFinite(n) && n > 0
    ? ok(n)
    : err(`--tick must be a positive price step such as 0.1 (got ${JSON.stringify(text)})`);
}

export function parseExchange(text: string): Result<ExchangeId> {
  const parsed = z.enum(EXCHANGES).safeParse(text.toLowerCase());
  return parsed.success
    ? ok(parsed.data)
    : err(`--exchange must be one of ${EXCHANGES.join(', ')} (got ${JSON.stringify(text)})`);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;
const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A moment given as epoch milliseconds or an ISO 8601 date/time. An ISO time without a zone is
 * read as UTC (bar times are UTC), never as the machine's local time.
 */
export function parseAtTime(text: string): Result<number> {
  const t = text.trim();
  let ms: number;
  if (/^\d+$/.test(t)) ms = Number(t);
  else if (ISO_DATE.test(t)) ms = Date.parse(`${t}T00:00:00Z`);
  else if (ISO_DATE_TIME.test(t)) {
    const iso = t.replace(' ', 'T');
    ms = Date.parse(HAS_ZONE.test(iso) ? iso : `${iso}Z`);
  } else {
    return err(`--at must be an ISO time (e.g. 2026-06-20T12:00Z) or epoch ms (got ${JSON.stringify(text)})`);
  }
  return Number.isSafeInteger(ms) ? ok(ms) : err(`--at ${JSON.stringify(text)} is not a valid time`);
}
