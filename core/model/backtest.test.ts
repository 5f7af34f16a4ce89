import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Bar, parseBarCsv } from '../data/bars';
import { backtestSeries, baselineSpearman, runBacktest, SCORE_FROM_INDEX } from './backtest';
import { DEFAULT_CONFIG, type EngineConfig } from './config';
import { PUBLISHED_SCORE } from './publishedScore';

const H = 3_600_000;
const flat = (i: number, oiUsd: number, extra: Partial<Bar> = {}): Bar => ({
  time: i * H,
  open: 100,
  high: 100,
  low: 100,
  close: 100,
  oiUsd,
  liqLongUsd: 1,
  liqShortUsd: 1,
  ...extra,
});

const simple: EngineConfig = {
  ...DEFAULT_CONFIG,
  leverage: { tiers: [100], weights: [1], maxLeverage: 125 },
  split: { ...DEFAULT_CONFIG.split, takerK: 0, directionK: 0 },
  ageing: { halfLifeHours: null },
  entry: { placement: 'typical', leverageBands: false, bandPoints: 0 },
  grid: { ...DEFAULT_CONFIG.grid, backtestBinPct: 0.0001 },
};

describe('backtestSeries', () => {
  it('predicts bar t from levels built before t, next to the excursion baseline from oi(t−1)', () => {
    const bars: Bar[] = [];
    for (let i = 0; i < SCORE_FROM_INDEX; i++) bars.push(flat(i, 1_000));
    // Bar 168 opens 200 USD of OI (100 long at ≈ 99.40, 100 short at ≈ 100.60) and ranges 99.9–100.1:
    // its own new levels must not count for it.
    bars.push(flat(168, 1_200, { high: 100.1, low: 99.9 }));
    // Bar 169 falls to 99: the long level triggers; base_long = oi(168)·(100 − 99)/100 = 12.
    bars.push(flat(169, 1_200, { low: 99, close: 99.5 }));
    // Bar 170 has no actual values: not scored.
    bars.push(flat(170, 1_200, { liqLongUsd: undefined }));
    const s = backtestSeries(bars, simple);
    expect(Array.from(s.time)).toEqual([168 * H, 169 * H]);
    expect(Array.from(s.predLong)).toEqual([0, expect.closeTo(100, 6)]);
    expect(Array.from(s.predShort)).toEqual([0, 0]);
    expect(s.baseLong[1]).toBeCloseTo(12, 9);
    expect(s.baseShort[0]).toBeCloseTo(1_000 * 0.001, 9);
  });

  it('scores nothing before index 168', () => {
    const bars = Array.from({ length: 100 }, (_, i) => flat(i, 1_000 + i));
    expect(runBacktest(bars, simple).bars).toBe(0);
  });
});

const HOURLY = '../shared/data/btcusdt-1h-2025-12-04_2026-03-31.csv';
if (!existsSync(HOURLY)) console.warn(`skipping the scored backtest: ${HOURLY} is absent`);
describe.skipIf(!existsSync(HOURLY))('backtest on the recorded hourly BTCUSDT file, DEFAULT_CONFIG', () => {
  const parsed = existsSync(HOURLY) ? parseBarCsv(readFileSync(HOURLY, 'utf8')) : undefined;
  const bars = parsed?.ok ? parsed.value.bars : [];

  it('beats the excursion baseline on both sides: partial Spearman ≥ 0.55, top-decile capture ≥ baseline', () => {
    const report = runBacktest(bars);
    console.info('backtest', JSON.stringify(report));
    expect(report.bars).toBeGreaterThan(2_500);
    for (const side of [report.long, report.short]) {
      expect(side.partial_spearman).toBeGreaterThanOrEqual(0.55);
      expect(side.top_decile_capture).toBeGreaterThanOrEqual(side.baseline_top_decile_capture);
    }
  });

  it('matches the score the extension publishes (core/model/publishedScore.ts)', () => {
    const report = runBacktest(bars);
    expect(report.bars).toBe(PUBLISHED_SCORE.report.bars);
    for (const side of ['long', 'short'] as const) {
      for (const [key, value] of Object.entries(PUBLISHED_SCORE.report[side])) {
        expect(report[side][key as keyof typeof report.long], `${side}.${key}`).toBeCloseTo(value, 9);
      }
    }
  });

  it('reports the baseline’s own Spearman for comparison', () => {
    const b = baselineSpearman(bars);
    expect(b.long).toBeGreaterThan(0);
    expect(b.short).toBeGreaterThan(0);
  });
});
