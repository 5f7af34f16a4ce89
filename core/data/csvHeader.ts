import { err, ok, type Result } from '../result';

/**
 * A CSV header line as column positions by lower-case name (a BOM and spaces ignored), or which
 * required columns it lacks. Shared by the bar and the events readers.
 */
export function readCsvHeader(
  line: string,
  required: readonly string[],
  what: string,
): Result<Map<string, number>> {
  const names = line.split(',').map((h) =>
    h
      .trim()
      .replace(/^\uFEFF/, '')
      .toLowerCase(),
  );
  const col = new Map(names.map((h, i) => [h, i]));
  const missing = required.filter((c) => !col.has(c));
  return missing.length > 0 ? err(`${what} header lacks required column(s): ${missing.join(', ')}`) : ok(col);
}
