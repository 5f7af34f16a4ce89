import { describe, expect, it } from 'vitest';
import type { DepthColumn } from '../depth/types';
import { DEPTH_CSV_COLUMNS, depthColumnsToCsv, parseDepthCsv } from './depthCsv';

const T0 = Date.UTC(2026, 11, 6, 12);
const HEADER = DEPTH_CSV_COLUMNS.join(',');

/** Sizes as the export keeps them: to the cent (500.125 comes back as 500.13). */
function toCents(c: DepthColumn): void {
  for (const a of [c.bidMax, c.bidMean, c.askMax, c.askMean]) {
    for (let i = 0; i < a.length; i++) a[i] = Math.round(a[i]! * 100) / 100;
  }
}

/** A 10 s column of bins loBin..hiBin of 0.1 (a size that shows float noise), sizes to the cent. */
function column(
  time: number,
  exchange: DepthColumn['exchange'],
  loBin: number,
  hiBin: number,
  mid: number,
): DepthColumn {
  const n = hiBin - loBin + 1;
  const c: DepthColumn = {
    exchange,
    symbol: 'BTCUSDT',
    time,
    spanMs: 10_000,
    binSize: 0.1,
    loBin,
    hiBin,
    mid,
    samples: 10,
    bidMax: new Float32Array(n),
    bidMean: new Float32Array(n),
    askMax: new Float32Array(n),
    askMean: new Float32Array(n),
    stoodSec: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const bid = (loBin + i) * 0.1 < mid;
    const max = 1000 * (i + 1) + 0.25;
    (bid ? c.bidMax : c.askMax)[i] = max;
    (bid ? c.bidMean : c.askMean)[i] = max / 2;
    c.stoodSec[i] = i % 11;
  }
  return c;
}

const columns = () => [
  column(T0, 'binance', 640_000, 640_005, 64_000.33),
  column(T0, 'okx', 639_998, 640_004, 64_000.1),
  // A gap of one column, then a narrower book.
  column(T0 + 20_000, 'binance', 640_001, 640_003, 64_000.21),
];

describe('depthColumnsToCsv', () => {
  it('writes a header and one line per column × bin, prices without float noise', () => {
    const text = depthColumnsToCsv(columns());
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'time,exchange,symbol,span_s,samples,mid,bin_low,bin_high,bid_max_usd,bid_mean_usd,ask_max_usd,ask_mean_usd,stood_s',
    );
    expect(lines[1]).toBe(`${T0},binance,BTCUSDT,10,10,64000.33,64000,64000.1,1000.25,500.13,0,0,0`);
    expect(lines[4]).toBe(`${T0},binance,BTCUSDT,10,10,64000.33,64000.3,64000.4,4000.25,2000.13,0,0,3`);
    expect(lines[5]).toBe(`${T0},binance,BTCUSDT,10,10,64000.33,64000.4,64000.5,0,0,5000.25,2500.13,4`);
    expect(lines).toHaveLength(1 + 6 + 7 + 3 + 1);
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toMatch(/\n\n|e[+-]|NaN|undefined/);
  });
});

describe('parseDepthCsv', () => {
  it('reads back what it wrote, to the cent, and writes the same bytes again', () => {
    const text = depthColumnsToCsv(columns());
    // Written newest first, read back sorted by time, then exchange.
    const { columns: back, problems } = parseDepthCsv(depthColumnsToCsv(columns().reverse()));
    expect(problems).toEqual([]);
    const want = columns();
    for (const c of want) toCents(c);
    expect(back).toEqual(want);
    expect(depthColumnsToCsv(back)).toBe(text);
  });

  it('keeps an unknown bin inside a column unknown (empty fields) through a round trip', () => {
    const c = column(T0, 'bybit', 640_000, 640_003, 64_000.25);
    c.bidMax[1] = Number.NaN;
    c.bidMean[1] = Number.NaN;
    c.askMax[1] = Number.NaN;
    c.askMean[1] = Number.NaN;
    const text = depthColumnsToCsv([c]);
    expect(text.split('\n')[2]).toBe(`${T0},bybit,BTCUSDT,10,10,64000.25,64000.1,64000.2,,,,,1`);
    const { columns: back, problems } = parseDepthCsv(text);
    expect(problems).toEqual([]);
    toCents(c);
    expect(back).toEqual([c]);
  });

  it('rejects junk lines, each named with its line and why, and keeps everything else', () => {
    const good = depthColumnsToCsv(columns()).trimEnd().split('\n');
    const row = (i: number) => good[i]!.split(',');
    const edit = (i: number, field: string, value: string) => {
      const cells = row(i);
      cells[DEPTH_CSV_COLUMNS.indexOf(field as (typeof DEPTH_CSV_COLUMNS)[number])] = value;
      return cells.join(',');
    };
    const text = [
      '# a comment is skipped',
      ...good.slice(0, 3),
      'not,a,depth,line',
      edit(3, 'bid_max_usd', 'lots'),
      edit(4, 'exchange', 'kraken'),
      edit(4, 'bid_mean_usd', '99999'),
      edit(4, 'stood_s', '11'),
      edit(4, 'mid', '64001'),
      edit(4, 'bin_low', '64000.35'),
      edit(4, 'ask_mean_usd', ''),
      good[2]!,
      edit(4, 'bin_low', '64000.33').replace(',64000.4,', ',64000.43,'),
      '',
      ...good.slice(3),
    ].join('\r\n');
    const { columns: back, problems } = parseDepthCsv(text);
    expect(problems).toEqual([
      'line 5: time "not" is not epoch ms; line skipped',
      'line 6: bid_max_usd "lots" is not USD ≥ 0; line skipped',
      'line 7: exchange "kraken" is not one of binance, bybit, okx; line skipped',
      'line 8: a mean size is above its max; line skipped',
      'line 9: stood_s 11 is above samples 10; line skipped',
      "line 10: mid 64001 differs from 64000.33 on line 3, the column's first; line skipped",
      "line 11: bin size 0.05 differs from 0.1 on line 3, the column's first; line skipped",
      'line 12: some size fields are empty: all four are empty (unknown) or none; line skipped',
      'line 13: bin 64000.1–64000.2 repeats an earlier line of its column; line skipped',
      'line 14: bin_low 64000.33 is not a multiple of the bin size 0.1; line skipped',
    ]);
    // Every good line is still there: the same columns as without the junk.
    expect(back).toEqual(parseDepthCsv(`${good.join('\n')}\n`).columns);
  });

  it('marks a bin whose line was lost inside a column as unknown, and reads gaps between columns as gaps', () => {
    const good = depthColumnsToCsv(columns()).trimEnd().split('\n');
    // Line 3 (column 1's second bin) replaced by junk.
    const text = [...good.slice(0, 2), 'junk', ...good.slice(3)].join('\n');
    const { columns: back, problems } = parseDepthCsv(text);
    expect(problems).toEqual(['line 3: time "junk" is not epoch ms; line skipped']);
    expect(back.map((c) => [c.time, c.exchange, c.loBin, c.hiBin])).toEqual([
      [T0, 'binance', 640_000, 640_005],
      [T0, 'okx', 639_998, 640_004],
      [T0 + 20_000, 'binance', 640_001, 640_003],
    ]);
    expect(back[0]!.bidMax[1]).toBeNaN();
    expect(back[0]!.askMean[1]).toBeNaN();
    expect(back[0]!.bidMax[0]).toBe(1000.25);
  });

  it('gives no columns and one clear problem for an empty file or a header lacking a column', () => {
    expect(parseDepthCsv('')).toEqual({ columns: [], problems: ['the depth CSV is empty'] });
    expect(parseDepthCsv('\uFEFF# only a comment\n\n')).toEqual({
      columns: [],
      problems: ['the depth CSV is empty'],
    });
    expect(parseDepthCsv('time,exchange,symbol\n1,okx,BTCUSDT\n')).toEqual({
      columns: [],
      problems: [
        'line 1: the depth CSV header lacks required column(s): span_s, samples, mid, bin_low, bin_high, bid_max_usd, bid_mean_usd, ask_max_usd, ask_mean_usd, stood_s',
      ],
    });
  });

  it('reads columns in any order and says when the file declares itself synthetic', () => {
    const lines = depthColumnsToCsv(columns()).trimEnd().split('\n');
    const order = [...DEPTH_CSV_COLUMNS].reverse();
    const swap = (l: string) => {
      const cells = l.split(',');
      return order.map((f) => cells[DEPTH_CSV_COLUMNS.indexOf(f)]).join(',');
    };
    const text = `# synthetic: a test book\n${lines.map(swap).join('\n')}\n`;
    const parsed = parseDepthCsv(text);
    expect(parsed.synthetic).toBe('a test book');
    expect(parsed.problems).toEqual([]);
    expect(parsed.columns).toEqual(parseDepthCsv(lines.join('\n')).columns);
    expect(HEADER.split(',')).toHaveLength(13);
  });
});
