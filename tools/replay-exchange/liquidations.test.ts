import { describe, expect, it } from 'vitest';
import { liquidationsBetween, parseEventsFile, parseLiquidationFile } from './liquidations';

describe('the liquidations file', () => {
  it('reads CSV with columns in any order and keeps price and qty text as written', () => {
    const r = parseLiquidationFile(
      'side,time,exchange,qty,price\nlong,1781002800123,binance,0.250,77012.40\n',
    );
    expect(r).toEqual({
      ok: true,
      events: [{ time: 1781002800123, exchange: 'binance', side: 'long', price: '77012.40', qty: '0.250' }],
    });
  });

  it('reads JSON Lines and sorts by time', () => {
    const r = parseLiquidationFile(
      '{"time":20,"exchange":"bybit","side":"short","price":"77140.1","qty":"1.204"}\n' +
        '{"time":10,"exchange":"binance","side":"long","price":77000,"qty":0.5}\n',
    );
    expect(r.ok && r.events.map((e) => e.time)).toEqual([10, 20]);
    expect(r.ok && r.events[0]!.qty).toBe('0.5');
  });

  it('rejects bad rows with the line number', () => {
    expect(parseLiquidationFile('time,exchange,side,price,qty\n1,binance,up,1,1\n')).toEqual({
      ok: false,
      error: expect.stringMatching(/^line 2: side/),
    });
    expect(parseLiquidationFile('time,exchange,side,price\n')).toEqual({
      ok: false,
      error: expect.stringMatching(/qty/),
    });
    expect(parseLiquidationFile('time,exchange,side,price,qty\n1,binance,long,-5,1\n').ok).toBe(false);
  });

  it('selects one exchange’s events in (from, to]', () => {
    const r = parseLiquidationFile(
      'time,exchange,side,price,qty\n10,binance,long,1,1\n20,bybit,long,1,1\n30,binance,short,1,1\n',
    );
    if (!r.ok) throw new Error(r.error);
    expect(liquidationsBetween(r.events, 'binance', 10, 30).map((e) => e.time)).toEqual([30]);
  });
});

describe('the events CSV (time,exchange,side,price,notional_usd)', () => {
  it('turns notional_usd into qty at 0.001 base units, at least one step, and keeps the price', () => {
    const r = parseEventsFile(
      'time,exchange,side,price,notional_usd\n20,okx,short,77100,7710\n10,binance,long,89183.49,145160.33\n30,bybit,long,80000,1\n',
    );
    expect(r).toEqual({
      ok: true,
      issues: ['line 1: rows were not in time order; sorted by time'],
      events: [
        { time: 10, exchange: 'binance', side: 'long', price: '89183.49', qty: '1.628' },
        { time: 20, exchange: 'okx', side: 'short', price: '77100', qty: '0.100' },
        { time: 30, exchange: 'bybit', side: 'long', price: '80000', qty: '0.001' },
      ],
    });
  });

  it('marks every row of a file with a `# synthetic:` line, with its rule', () => {
    const r = parseEventsFile(
      '# synthetic: cascade model v2\ntime,exchange,side,price,notional_usd\n10,okx,long,1,1\n',
    );
    expect(r.ok && r.events.map((e) => e.synthetic)).toEqual(['cascade model v2']);
    const bare = parseEventsFile('# synthetic:\ntime,exchange,side,price,notional_usd\n10,okx,long,1,1\n');
    expect(bare.ok && bare.events[0]!.synthetic).toBe('synthetic');
    const recorded = parseEventsFile('time,exchange,side,price,notional_usd\n10,okx,long,1,1\n');
    expect(recorded.ok && 'synthetic' in recorded.events[0]!).toBe(false);
  });

  it('refuses a file with no valid event, and reports dropped rows by line', () => {
    expect(parseEventsFile('time,exchange,side,price\n').ok).toBe(false);
    const r = parseEventsFile('time,exchange,side,price,notional_usd\n10,kraken,long,1,1\n20,okx,long,1,1\n');
    expect(r.ok && r.issues).toEqual([expect.stringMatching(/^line 2: row dropped: exchange/)]);
  });
});
