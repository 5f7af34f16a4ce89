import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../exchanges/adapter';
import type { LiquidationEvent } from '../exchanges/types';
import { streamProfiles } from './streamProfiles';

/**
 * Which positions a liquidation closed, read through the same profile the worker streams with.
 * Binance's S is the liquidation ORDER's side (SELL closes a long); Bybit's allLiquidation S is the
 * liquidated POSITION's side ("Buy" = a long); OKX's side is the order's ("sell" closes a long).
 */
const fixture = (exchange: string, name: string) =>
  readFileSync(new URL(`../exchanges/${exchange}/fixtures/${name}`, import.meta.url), 'utf8');

function liquidations(text: string, exchange: 'binance' | 'bybit' | 'okx'): LiquidationEvent[] {
  const [profile] = streamProfiles(exchange, 'BTCUSDT', ['liquidations', 'markPrice']);
  const parsed = profile!.parse(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value.flatMap((e: StreamEvent) => (e.type === 'liquidation' ? [e.event] : []));
}

describe('liquidation sides, one real-shaped frame per exchange', () => {
  it('Binance forceOrder in a combined-stream envelope: SELL → a long was liquidated, BUY → a short', () => {
    const raw = JSON.parse(fixture('binance', 'ws-forceOrder-btcusdt-raw.json'));
    const sell = JSON.stringify({ stream: 'btcusdt@forceOrder', data: raw });
    const buy = JSON.stringify({ stream: 'btcusdt@forceOrder', data: { ...raw, o: { ...raw.o, S: 'BUY' } } });
    expect(liquidations(sell, 'binance')).toEqual([
      {
        exchange: 'binance',
        symbol: 'BTCUSDT',
        time: 1779725522112,
        side: 'long',
        price: 77468.3,
        quantityBase: 0.412,
        notionalUsd: 77468.3 * 0.412,
      },
    ]);
    expect(liquidations(buy, 'binance').map((e) => e.side)).toEqual(['short']);
  });

  it('Bybit allLiquidation: "Buy" → a long was liquidated, "Sell" → a short (position side)', () => {
    const events = liquidations(fixture('bybit', 'ws-all-liquidation-btcusdt.json'), 'bybit');
    expect(events.map((e) => [e.side, e.price, e.quantityBase, e.time])).toEqual([
      ['long', 104120.5, 0.412, 1750000560987],
      ['short', 105710, 1.5, 1750000561101],
    ]);
  });

  it('OKX liquidation-orders: side "sell" → a long, contracts × 0.01 BTC; other swaps ignored', () => {
    const events = liquidations(fixture('okx', 'ws-liquidation-orders.json'), 'okx');
    expect(events).toEqual([
      expect.objectContaining({
        exchange: 'okx',
        symbol: 'BTCUSDT',
        side: 'long',
        price: 66301.5,
        time: 1781866951226,
      }),
    ]);
    expect(events[0]!.quantityBase).toBeCloseTo(1.25, 10);
  });
});
