import { describe, expect, it } from 'vitest';
import { parseEventsCsv } from './events';

const HEADER = 'time,exchange,side,price,notional_usd';
const parse = (...lines: string[]) => parseEventsCsv(lines.join('\n'));

describe('parseEventsCsv reads the events CSV', () => {
  it('reads each row as a recorded liquidation, in time order', () => {
    const r = parse(
      HEADER,
      '1769301000000,binance,long,89183.49,145160.33',
      '1769301000500,okx,short,89315.2,2250',
    );
    expect(r).toEqual({
      ok: true,
      value: {
        events: [
          { time: 1769301000000, exchange: 'binance', side: 'long', price: 89183.49, notionalUsd: 145160.33 },
          { time: 1769301000500, exchange: 'okx', side: 'short', price: 89315.2, notionalUsd: 2250 },
        ],
        issues: [],
      },
    });
  });

  it('takes columns in any order, ignores unknown ones, any letter case, a BOM and CRLF line ends', () => {
    const r = parseEventsCsv(
      '\uFEFFSide,Notional_USD,symbol,Time,Exchange,Price\r\nSHORT,1000,BTCUSDT,1769301000000,Bybit,89000.5\r\n',
    );
    expect(r.ok && r.value.events).toEqual([
      { time: 1769301000000, exchange: 'bybit', side: 'short', price: 89000.5, notionalUsd: 1000 },
    ]);
  });

  it('skips comment lines and reports a `# synthetic:` mark', () => {
    const r = parse(
      '# synthetic: one event per hour at the low',
      '# another comment',
      HEADER,
      '# a comment between rows',
      '1769301000000,binance,long,89183.49,100',
    );
    expect(r.ok && r.value.synthetic).toBe('one event per hour at the low');
    expect(r.ok && r.value.events).toHaveLength(1);
    expect(parse(HEADER, '1769301000000,binance,long,89183.49,100')).not.toHaveProperty('value.synthetic');
  });

  it('drops junk rows and lists each with its line number and reason', () => {
    const r = parse(
      HEADER,
      '1769301000000,binance,long,89183.49,100', // line 2: kept
      'yesterday,binance,long,89183.49,100', // 3
      '1769301000000,kraken,long,89183.49,100', // 4
      '1769301000000,binance,sideways,89183.49,100', // 5
      '1769301000000,binance,long,-1,100', // 6
      '1769301000000,binance,long,89183.49,abc', // 7
      '1769301000000,binance,long,89183.49', // 8: a cell missing
      '1769301000000,binance,long,89183.49,0', // 9
      '', // 10: blank, skipped silently
      '1769301000000,binance,long,89183.49,100', // 11: repeats line 2
      '1769301000000.5,binance,long,89183.49,100', // 12
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.events).toHaveLength(1);
    expect(r.value.issues.map((i) => i.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 11, 12]);
    expect(r.value.issues.every((i) => i.message.startsWith('row dropped: '))).toBe(true);
    expect(r.value.issues[0]!.message).toMatch(/time "yesterday" is not epoch ms/);
    expect(r.value.issues[1]!.message).toMatch(/exchange "kraken" is not one of binance, bybit, okx/);
    expect(r.value.issues[2]!.message).toMatch(/side "sideways" is not long or short/);
    expect(r.value.issues[3]!.message).toMatch(/price "-1"/);
    expect(r.value.issues[4]!.message).toMatch(/notional_usd "abc"/);
    expect(r.value.issues[7]!.message).toMatch(/repeats an earlier event/);
  });

  it('sorts rows that are out of time order and says so', () => {
    const r = parse(HEADER, '2000,bybit,long,10,1', '1000,okx,short,11,2', '1000,okx,short,12,3');
    expect(r.ok && r.value.events.map((e) => [e.time, e.price])).toEqual([
      [1000, 11],
      [1000, 12],
      [2000, 10],
    ]);
    expect(r.ok && r.value.issues).toEqual([
      { line: 1, message: 'rows were not in time order; sorted by time' },
    ]);
  });

  it('refuses an empty file, a missing column, and a file without one valid event', () => {
    expect(parseEventsCsv('')).toEqual({ ok: false, error: 'the events CSV is empty' });
    expect(parseEventsCsv('\uFEFF\r\n# synthetic: nothing\r\n')).toEqual({
      ok: false,
      error: 'the events CSV is empty',
    });
    expect(parse('time,exchange,price,notional_usd', '1,binance,10,1')).toEqual({
      ok: false,
      error: 'the events CSV header lacks required column(s): side',
    });
    expect(parse(HEADER)).toEqual({ ok: false, error: 'the events CSV has no valid event' });
    expect(parse(HEADER, 'x,binance,long,10,1')).toEqual({
      ok: false,
      error: 'the events CSV has no valid event (line 2: time "x" is not epoch ms)',
    });
  });
});
