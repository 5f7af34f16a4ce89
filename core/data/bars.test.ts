import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commonSpacing, parseBarCsv } from './bars';

// Rows from the recorded Binance BTCUSDT 5-minute file (../shared/data), 2026-05-25.
const HEADER = 'time,open,high,low,close,oi_usd,funding_rate,taker_delta_base';
const R1 = '1779724800000,77587.2,77608.3,77533.4,77563.3,7720258802.82,0.00003527,-223.195';
const R2 = '1779725100000,77563.2,77571.8,77541.8,77541.9,7727604319.41,0.00001426,6.800';
const R3 = '1779725400000,77541.8,77560.7,77472,77473.9,7725452397.90,0.00001426,-118.668';
const R5 = '1779726000000,77473.9,77500.0,77450.1,77490.0,7726000000.00,0.00001426,12.5';

const parse = (...lines: string[]) => parseBarCsv(lines.join('\n'));

describe('parseBarCsv reads the bar CSV format', () => {
  it('reads every column, optional ones included, as numbers', () => {
    const r = parse(HEADER, R1, R2);
    expect(r).toMatchObject({ ok: true });
    if (!r.ok) return;
    expect(r.value.bars[0]).toEqual({
      time: 1779724800000,
      open: 77587.2,
      high: 77608.3,
      low: 77533.4,
      close: 77563.3,
      oiUsd: 7720258802.82,
      fundingRate: 0.00003527,
      takerDeltaBase: -223.195,
    });
    expect(r.value.intervalMs).toBe(300_000);
    expect(r.value.issues).toEqual([]);
  });

  it('takes columns in any order, ignores unknown ones, and reads liquidation columns', () => {
    const r = parse(
      'close,time,liq_short_usd,extra,open,low,high,oi_usd,liq_long_usd',
      '93140.74,1764828000000,1499665.49,x,92979.25,92824.32,93371.12,8248989576,42620.54',
    );
    expect(r.ok && r.value.bars[0]).toEqual({
      time: 1764828000000,
      open: 92979.25,
      high: 93371.12,
      low: 92824.32,
      close: 93140.74,
      oiUsd: 8248989576,
      liqLongUsd: 42620.54,
      liqShortUsd: 1499665.49,
    });
  });

  it('keeps gaps as gaps and lists them, never filling bars in', () => {
    const r = parse(HEADER, R1, R2, R3, R5);
    expect(r.ok && r.value.bars.map((b) => b.time)).toEqual([
      1779724800000, 1779725100000, 1779725400000, 1779726000000,
    ]);
    expect(r.ok && r.value.gaps).toEqual([{ after: 1779725400000, missingBars: 1 }]);
  });

  it('treats an empty, zero or negative oi_usd as not known, and says so', () => {
    const r = parse(
      HEADER,
      R1.replace('7720258802.82', ''),
      R2.replace('7727604319.41', '0'),
      R3.replace('7725452397.90', '-5'),
    );
    expect(r.ok && r.value.bars.map((b) => b.oiUsd)).toEqual([undefined, undefined, undefined]);
    // An empty cell means "not known" by the format's own definition: only 0 and -5 are reported.
    expect(r.ok && r.value.issues.map((i) => i.line)).toEqual([3, 4]);
  });

  it('drops junk rows with their line number and keeps the rest', () => {
    const r = parse(
      HEADER,
      R1,
      'not,a,bar',
      '1779725100000,77563.2,77500,77541.8,77541.9,1,0,0', // high below low
      '1779725100000,abc,77571.8,77541.8,77541.9,1,0,0',
      '1779725100000,0x10,77571.8,77541.8,77541.9,1,0,0',
      R3,
      '',
    );
    expect(r.ok && r.value.bars).toHaveLength(2);
    expect(r.ok && r.value.issues.map((i) => i.line)).toEqual([3, 4, 5, 6]);
    expect(r.ok && r.value.issues[1]!.message).toMatch(/inconsistent/);
  });

  it('blanks a junk optional cell instead of dropping the bar', () => {
    const r = parse(HEADER, R1.replace('-223.195', 'NaN'));
    expect(r.ok && r.value.bars[0]!.takerDeltaBase).toBeUndefined();
    expect(r.ok && r.value.issues[0]!.message).toMatch(/taker_delta_base/);
  });

  it('sorts unsorted rows, keeps the later of two rows with one time, and says both', () => {
    const r = parse(HEADER, R3, R1, R2, R2.replace('77541.9,', '77550.0,'));
    expect(r.ok && r.value.bars.map((b) => b.time)).toEqual([1779724800000, 1779725100000, 1779725400000]);
    expect(r.ok && r.value.bars[1]!.close).toBe(77550);
    expect(r.ok && r.value.issues.map((i) => i.message).join(' | ')).toMatch(/repeated time.*sorted by time/);
  });

  it('refuses a file without the required columns or without any valid bar, with a clear error', () => {
    expect(parse('time,open,high,low,close', R1)).toEqual({
      ok: false,
      error: 'the CSV header lacks required column(s): oi_usd',
    });
    expect(parse('')).toEqual({ ok: false, error: 'the CSV is empty' });
    expect(parse(HEADER, 'x,y,z')).toEqual({ ok: false, error: 'the CSV has no valid bar' });
  });

  it('reads Windows line endings and a byte-order mark', () => {
    const r = parseBarCsv(`\uFEFF${HEADER}\r\n${R1}\r\n${R2}\r\n`);
    expect(r.ok && r.value.bars).toHaveLength(2);
  });

  it('takes the most common spacing as the interval, whatever the gaps', () => {
    const times = [0, 300_000, 600_000, 1_500_000, 1_800_000];
    expect(commonSpacing(times.map((time) => ({ time, open: 1, high: 1, low: 1, close: 1 })))).toBe(300_000);
  });
});

const HOURLY = '../shared/data/btcusdt-1h-2025-12-04_2026-03-31.csv';
if (!existsSync(HOURLY)) console.warn(`skipping the recorded-file CSV test: ${HOURLY} is absent`);
describe.skipIf(!existsSync(HOURLY))('parseBarCsv on the recorded hourly file', () => {
  it('reads all 2,821 bars and reports its real 2-hour gaps', () => {
    const r = parseBarCsv(readFileSync(HOURLY, 'utf8'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.bars).toHaveLength(2821);
    expect(r.value.intervalMs).toBe(3_600_000);
    expect(r.value.gaps.length).toBeGreaterThan(0);
    expect(r.value.gaps.every((g) => g.missingBars >= 1)).toBe(true);
  });
});
