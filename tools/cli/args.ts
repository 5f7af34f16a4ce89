import { type ParseArgsConfig, parseArgs } from 'node:util';
import { EXCHANGES, type ExchangeId } from '../../core/exchanges/types';
import { WINDOWS, type WindowId } from '../../core/model/types';

/** A value read from the command line, or the one-line reason it was refused. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const refuse = <T>(error: string): Parsed<T> => ({ ok: false, error });

/** Exit code for bad arguments or unusable input files: the caller's mistake, not ours. */
export const EXIT_USAGE = 2;
/** Exit code for an unexpected failure inside the program. */
export const EXIT_INTERNAL = 1;

/** Collapses a message to one line, so stderr never carries more than the one reason. */
export function oneLine(message: string): string {
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

type Options = NonNullable<ParseArgsConfig['options']>;
type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O; strict: true }>>['values'];

/** node:util parseArgs in strict mode, with its thrown errors turned into a refusal. */
export function parseFlags<O extends Options>(argv: readonly string[], options: O): Parsed<Values<O>> {
  try {
    const { values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
    return ok(values as Values<O>);
  } catch (error) {
    return refuse(error instanceof Error ? error.message : String(error));
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

export function parseWindow(text: string): Parsed<WindowId> {
  return (WINDOWS as readonly string[]).includes(text)
    ? ok(text as WindowId)
    : refuse(`--window must be one of ${WINDOWS.join(', ')} (got ${JSON.stringify(text)})`);
}

export function parseExchange(text: string): Parsed<ExchangeId> {
  const name = text.toLowerCase();
  return (EXCHANGES as readonly string[]).includes(name)
    ? ok(name as ExchangeId)
    : refuse(`--exchange must be one of ${EXCHANGES.join(', ')} (got ${JSON.stringify(text)})`);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;
const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A moment given as epoch milliseconds or an ISO 8601 date/time. An ISO time without a zone is
 * read as UTC (bar times are UTC), never as the machine's local time.
 */
export function parseAtTime(text: string): Parsed<number> {
  const t = text.trim();
  let ms: number;
  if (/^\d+$/.test(t)) ms = Number(t);
  else if (ISO_DATE.test(t)) ms = Date.parse(`${t}T00:00:00Z`);
  else if (ISO_DATE_TIME.test(t)) {
    const iso = t.replace(' ', 'T');
    ms = Date.parse(HAS_ZONE.test(iso) ? iso : `${iso}Z`);
  } else {
    return refuse(
      `--at must be an ISO time (e.g. 2026-06-20T12:00Z) or epoch ms (got ${JSON.stringify(text)})`,
    );
  }
  return Number.isSafeInteger(ms) ? ok(ms) : refuse(`--at ${JSON.stringify(text)} is not a valid time`);
}
