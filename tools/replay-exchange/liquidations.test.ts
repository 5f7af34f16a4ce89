import { describe, expect, it } from 'vitest';
import { liquidationsBetween, parseEventsFile } from './liquidations';

describe('the liquidations to replay', () => {
  it('pushes a repeated row twice with keepRepeats (a duplicated frame), once without', () => {
    const text =
      'time,exchange,side,price,notional_usd\n10,bybit,long,77000,115500\n10,bybit,long,77000,115500\n';
    const kept = parseEventsFile(text, { keepRepeats: true });
    expect(kept.ok && kept.events.map((e) => e.qty)).toEqual(['1.500', '1.500']);
    const once = parseEventsFile(text);
    expect(once.ok && once.events).toHaveLength(1);
    expect(once.ok && once.issues).toEqual([expect.stringMatching(/^line 3: row dropped: repeats/)]);
  });

  it('selects one exchange’s events in (from, to]', () => {
    const r = parseEventsFile(
      'time,exchange,side,price,notional_usd\n10,binance,long,1,1\n20,bybit,long,1,1\n30,binance,short,1,1\n',
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
