import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Bar, parseBarCsv } from './bars';
import {
  FROZEN_OI_MIN_MS,
  frozenOpenInterestRuns,
  unfreezeNewest,
  unfreezeOpenInterest,
} from './openInterest';

const M5 = 300_000;
const H = 3_600_000;
const T0 = 1_780_000_200_000;

/** 5-minute bars whose OI changes every bar, except bars [from, to] which repeat bar from's value. */
function series(n: number, frozen?: [number, number], step = M5): Bar[] {
  const bars: Bar[] = [];
  for (let i = 0; i < n; i++) {
    const oiUsd = frozen && i > frozen[0] && i <= frozen[1] ? bars[frozen[0]]!.oiUsd! : 8e9 + i * 1e6;
    bars.push({ time: T0 + i * step, open: 100, high: 101, low: 99, close: 100, oiUsd });
  }
  return bars;
}

describe('frozen open interest', () => {
  it('finds a run of one repeated value lasting the threshold, and nothing in a changing series', () => {
    expect(frozenOpenInterestRuns(series(500))).toEqual([]);
    const bars = series(500, [100, 299]);
    expect(frozenOpenInterestRuns(bars)).toEqual([
      { from: bars[100]!.time, to: bars[299]!.time, bars: 200, oiUsd: bars[100]!.oiUsd },
    ]);
  });

  it('measures the threshold in time: 3 hours is 37 five-minute readings or 4 hourly ones', () => {
    expect(FROZEN_OI_MIN_MS).toBe(3 * H);
    expect(frozenOpenInterestRuns(series(100, [10, 45]))).toEqual([]); // 36 readings: 2 h 55 min
    expect(frozenOpenInterestRuns(series(100, [10, 46]))).toHaveLength(1); // 37 readings: 3 h
    expect(frozenOpenInterestRuns(series(30, [10, 12], H))).toEqual([]); // 2 h
    expect(frozenOpenInterestRuns(series(30, [10, 13], H))).toHaveLength(1);
  });

  it('a bar whose OI is not known ends a run', () => {
    const bars = series(100, [10, 60]);
    bars[40] = { ...bars[40]!, oiUsd: undefined };
    expect(frozenOpenInterestRuns(bars)).toEqual([]);
    expect(frozenOpenInterestRuns([])).toEqual([]);
  });

  it('marks the repeats not known, keeps the first reading, and leaves other bars as given', () => {
    const bars = series(300, [100, 199]);
    const { bars: out, runs } = unfreezeOpenInterest(bars);
    expect(runs).toHaveLength(1);
    expect(out[100]).toBe(bars[100]);
    expect(out[100]!.oiUsd).toBe(bars[100]!.oiUsd);
    expect(out.slice(101, 200).every((b) => b.oiUsd === undefined)).toBe(true);
    expect(out[150]).toEqual({ ...bars[150], oiUsd: undefined });
    expect(out[200]).toBe(bars[200]);
    expect(bars[150]!.oiUsd).toBe(bars[100]!.oiUsd); // the input is not mutated
  });

  it('a live feed blanks the newest bar once its run has lasted the threshold', () => {
    const bars = series(300, [100, 199]);
    expect(unfreezeNewest(bars.slice(0, 136))).toBe(bars[135]); // 2 h 55 min so far
    expect(unfreezeNewest(bars.slice(0, 137)).oiUsd).toBeUndefined(); // 3 h
    expect(unfreezeNewest(bars.slice(0, 201))).toBe(bars[200]);
  });
});

const FIVE_MIN = '../shared/data/btcusdt-5m-2026-05-25_2026-06-22.csv';
const HOURLY = '../shared/data/btcusdt-1h-2025-12-04_2026-03-31.csv';
const shared = existsSync(FIVE_MIN) && existsSync(HOURLY);
if (!shared) console.warn(`skipping the recorded-file frozen-OI test: ${FIVE_MIN} or ${HOURLY} is absent`);
describe.skipIf(!shared)('frozen open interest in the recorded files', () => {
  const read = (file: string) => {
    const parsed = parseBarCsv(readFileSync(file, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value.bars;
  };

  it('finds the 5-minute file’s known defect: 2026-06-14 15:00 → 06-20 10:55 UTC, 1,679 repeats', () => {
    expect(frozenOpenInterestRuns(read(FIVE_MIN))).toEqual([
      {
        from: Date.UTC(2026, 5, 14, 15, 0),
        to: Date.UTC(2026, 5, 20, 10, 55),
        bars: 1_680,
        oiUsd: 6_458_250_197.86,
      },
    ]);
  });

  it('finds nothing in the hourly scoring file', () => {
    expect(frozenOpenInterestRuns(read(HOURLY))).toEqual([]);
  });
});
