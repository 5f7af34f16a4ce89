import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBarCsv } from '../core/data/bars';
import { DEFAULT_CONFIG } from '../core/model/config';
import { evaluate } from './tune-sides';

const HOURLY = '../shared/data/btcusdt-1h-2025-12-04_2026-03-31.csv';
if (!existsSync(HOURLY)) console.warn(`skipping the held-back side figures: ${HOURLY} is absent`);
describe.skipIf(!existsSync(HOURLY))('DEFAULT_CONFIG on the held-back last 40 % of the hourly file', () => {
  it('beats the baseline on both sides and keeps the long : short totals within ×1.5 of the real', () => {
    const parsed = parseBarCsv(readFileSync(HOURLY, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    const { tune, held, whole } = evaluate(parsed.value.bars, DEFAULT_CONFIG);
    expect(tune.bars + held.bars).toBe(whole.bars);
    expect(held.bars).toBe(1_062);
    for (const side of [held.long, held.short]) {
      expect(side.partial).toBeGreaterThanOrEqual(0.55);
      expect(side.capture).toBeGreaterThanOrEqual(side.baseCapture);
    }
    expect(Math.abs(Math.log(held.ratioOfRatios))).toBeLessThanOrEqual(Math.log(1.5));
  }, 30_000);
});
