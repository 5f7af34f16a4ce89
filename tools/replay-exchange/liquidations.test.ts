import { describe, expect, it } from 'vitest';
import { liquidationsBetween, parseLiquidationFile } from './liquidations';

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
