import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Bar, parseBarCsv } from '../../core/data/bars';

/** The embedded slice of real 5-minute BTCUSDT bars (provenance in tools/demo-data/README.md). */
export const DEMO_CSV = resolve(import.meta.dirname, '../demo-data/btcusdt-5m-2026-06-01_2026-06-03.csv');
export const DEMO_SYMBOL = 'BTCUSDT';

/** The slice's bars; throws with the parser's reason if the file is damaged (it ships with the repo). */
export function loadDemoBars(): Bar[] {
  const parsed = parseBarCsv(readFileSync(DEMO_CSV, 'utf8'));
  if (!parsed.ok) throw new Error(`${DEMO_CSV}: ${parsed.error}`);
  return parsed.value.bars;
}
