import { describe, expect, it } from 'vitest';
import { emptyHeatGrid } from '../model/heatGrid';
import type { TradeZone } from '../model/zones';
import { csvField, HEAT_GRID_CSV_HEADER, heatGridCsv, ZONES_CSV_HEADER, zonesCsv } from './csv';

/** RFC 4180 reader for the tests: quoted fields, doubled quotes, "\n" or "\r\n" records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field !== '' || record.length > 0) throw new Error('the last record is not terminated by a newline');
  return records;
}

/** 3 columns of 5 minutes × 4 rows of 0.1 from 64,000.3 (a bin size that shows float noise). */
function grid() {
  const g = emptyHeatGrid(3, 4);
  g.priceMin = 64_000.3;
  g.binSize = 0.1;
  g.priceMax = 64_000.7;
  g.timeStart = Date.UTC(2026, 5, 20, 12);
  g.timeEnd = g.timeStart + 15 * 60_000;
  for (let c = 0; c < 3; c++) g.columnTimes[c] = g.timeStart + c * 5 * 60_000;
  g.long.set([1_234_567.8, 0, 0, 0, 0, 0, 0, 0, 250.25, 0.001, 0, 0]);
  g.short.set([0, 0, 0, 9e6, 0, 0, 0, 0, 12.5, 0, 0, 3.3]);
  return g;
}

describe('heatGridCsv', () => {
  it('writes a header and one row per cell holding notional, that parse back to the grid', () => {
    const g = grid();
    const records = parseCsv(heatGridCsv(g));
    expect(records[0]).toEqual([...HEAT_GRID_CSV_HEADER]);
    const rows = records.slice(1).map((r) => r.map(Number));
    // Column 0 rows 0 and 3, column 2 rows 0 and 3; column 2 row 1 holds a tenth of a cent: left out.
    expect(rows).toHaveLength(4);
    const seen = new Set<number>();
    for (const [time, price, longUsd, shortUsd] of rows as [number, number, number, number][]) {
      const c = g.columnTimes.indexOf(time);
      const r = Math.round((price - g.priceMin) / g.binSize);
      expect(c).toBeGreaterThanOrEqual(0);
      expect(price).toBe(Number((g.priceMin + r * g.binSize).toFixed(6)));
      expect(Math.abs(longUsd - g.long[c * g.rows + r]!)).toBeLessThanOrEqual(0.005);
      expect(Math.abs(shortUsd - g.short[c * g.rows + r]!)).toBeLessThanOrEqual(0.005);
      seen.add(c * g.rows + r);
    }
    // Every cell worth a cent is there, and nothing else.
    for (let i = 0; i < g.columns * g.rows; i++) {
      expect(seen.has(i)).toBe(g.long[i]! >= 0.005 || g.short[i]! >= 0.005);
    }
  });

  it('gives times in epoch ms, prices as the row’s lower bound without float noise, oldest column first', () => {
    const text = heatGridCsv(grid());
    const lines = text.split('\n');
    expect(lines[1]).toBe(`${Date.UTC(2026, 5, 20, 12)},64000.3,1234567.75,0`);
    expect(lines[2]).toBe(`${Date.UTC(2026, 5, 20, 12)},64000.6,0,9000000`);
    expect(lines[3]).toBe(`${Date.UTC(2026, 5, 20, 12, 10)},64000.3,250.25,12.5`);
    expect(text.endsWith('3.3\n')).toBe(true);
    expect(text).not.toMatch(/\n\n|e[+-]|NaN|undefined/);
  });

  it('writes only the header for an empty grid', () => {
    expect(heatGridCsv(emptyHeatGrid(2, 3))).toBe('time,price,long_usd,short_usd\n');
  });
});

describe('zonesCsv', () => {
  const zones: TradeZone[] = [
    {
      side: 'long',
      priceLow: 62_540,
      priceHigh: 62_830,
      notionalUsd: 29_912_345.678,
      distancePct: -2.654321,
      intensity: 0.8,
      formedAt: 0,
      swept: true,
      roles: ['strongest'],
    },
    {
      side: 'long',
      priceLow: 63_990.1,
      priceHigh: 64_000.2,
      notionalUsd: 1e6,
      distancePct: -0.1,
      intensity: 0.2,
      formedAt: 0,
      swept: false,
      roles: [],
    },
    {
      side: 'short',
      priceLow: 65_030,
      priceHigh: 65_330,
      notionalUsd: 31_600_000,
      distancePct: 0.75,
      intensity: 1,
      formedAt: 0,
      swept: false,
      roles: ['nearest', 'strongest'],
    },
  ];

  it('writes a header and one row per zone that parse back to the zones', () => {
    const records = parseCsv(zonesCsv(zones));
    expect(records[0]).toEqual([...ZONES_CSV_HEADER]);
    expect(records[0]).toEqual([
      'side',
      'price_low',
      'price_high',
      'notional_usd',
      'distance_pct',
      'swept',
      'role',
    ]);
    expect(records).toHaveLength(zones.length + 1);
    records.slice(1).forEach(([side, low, high, usd, distance, swept, role], i) => {
      const z = zones[i]!;
      expect(side).toBe(z.side);
      expect(Number(low)).toBe(z.priceLow);
      expect(Number(high)).toBe(z.priceHigh);
      expect(Math.abs(Number(usd) - z.notionalUsd)).toBeLessThanOrEqual(0.005);
      expect(Math.abs(Number(distance) - z.distancePct)).toBeLessThanOrEqual(0.00005);
      expect(swept).toBe(String(z.swept));
      expect(role === '' ? [] : role!.split('+')).toEqual(z.roles);
    });
  });

  it('writes exactly the rows, each ended by one newline', () => {
    expect(zonesCsv(zones).split('\n')).toEqual([
      'side,price_low,price_high,notional_usd,distance_pct,swept,role',
      'long,62540,62830,29912345.68,-2.6543,true,strongest',
      'long,63990.1,64000.2,1000000,-0.1,false,',
      'short,65030,65330,31600000,0.75,false,nearest+strongest',
      '',
    ]);
    expect(zonesCsv([])).toBe(`${ZONES_CSV_HEADER.join(',')}\n`);
  });
});

describe('csvField', () => {
  it('quotes fields holding a comma, quote or line break, doubling inner quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    const tricky = ['a,b', 'say "hi"', 'two\nlines', ''];
    expect(parseCsv(`${tricky.map(csvField).join(',')}\n`)).toEqual([tricky]);
  });
});
