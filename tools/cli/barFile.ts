import { basename } from 'node:path';
import { type BarSeries, parseBarCsv } from '../../core/data/bars';
import { err, type Result } from '../../core/result';
import { readTextFile } from './textFile';

/** Reads and parses a bar CSV file; an unreadable or invalid file is a one-line refusal. */
export async function loadBarFile(path: string): Promise<Result<BarSeries>> {
  const text = await readTextFile(path);
  if (!text.ok) return text;
  const parsed = parseBarCsv(text.value);
  if (!parsed.ok) return err(`${path}: ${parsed.error}`);
  return parsed;
}

/** The short note printed to stderr after loading: what was read and what was not clean. */
export function describeSeries(path: string, series: BarSeries): string {
  const interval = formatInterval(series.intervalMs);
  const missing = series.gaps.reduce((sum, g) => sum + g.missingBars, 0);
  const parts = [`${series.bars.length} bars of ${interval}`, `${series.issues.length} issue(s)`];
  parts.push(
    series.gaps.length === 0 ? 'no gaps' : `${series.gaps.length} gap(s), ${missing} missing bar(s)`,
  );
  return `note: ${basename(path)}: ${parts.join(', ')}`;
}

function formatInterval(ms: number): string {
  if (ms <= 0) return 'unknown interval';
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${ms}ms`;
}

/** The symbol named at the start of a file name such as btcusdt-5m-….csv, if any. */
export function symbolFromFileName(path: string): string | undefined {
  const match = /^([a-z0-9]{2,15}?(?:usdt|usdc|usd|busd))(?=[-_.])/i.exec(basename(path));
  return match?.[1]?.toUpperCase();
}
