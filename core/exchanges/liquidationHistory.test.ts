import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ExchangeAdapter } from './adapter';
import { binance } from './binance/index';
import { RequestBudget } from './budget';
import { createMarketDataClient } from './client';
import { createTransport } from './http';
import { okx } from './okx/index';

/** The REST refill of a stream gap's liquidations: OKX publishes a history, Binance does not. */
const fixture = readFileSync(new URL('./okx/fixtures/liquidation-orders-btc.json', import.meta.url), 'utf8');

function clientFor(adapter: ExchangeAdapter, reply: string) {
  const asked: string[] = [];
  const transport = createTransport({
    fetch: async (url) => {
      asked.push(String(url));
      return new Response(reply, { status: 200 });
    },
    budget: new RequestBudget(adapter.rateLimits, { now: Date.now }),
    now: Date.now,
    // Budget waits end at once.
    sleep: () => Promise.resolve(),
    random: () => 0,
  });
  return { client: createMarketDataClient({ adapter, transport }), asked };
}

describe('liquidation history for a stream gap', () => {
  it('reads OKX liquidation orders as events, oldest first, none merged away', async () => {
    const { client, asked } = clientFor(okx, fixture);
    const got = await client.liquidations('BTCUSDT', { startTime: 0, endTime: Date.now() });
    if (!got.ok) throw new Error(JSON.stringify(got.error));
    expect(got.value.length).toBeGreaterThan(0);
    const times = got.value.map((e) => e.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(got.value.every((e) => e.exchange === 'okx' && e.notionalUsd > 0)).toBe(true);
    expect(asked.some((u) => u.includes('/api/v5/public/liquidation-orders'))).toBe(true);
  });

  it('says Binance publishes none, asking nothing', async () => {
    const { client, asked } = clientFor(binance, '[]');
    const got = await client.liquidations('BTCUSDT', { startTime: 0, endTime: 1 });
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.error.kind).toBe('not-offered');
    expect(asked).toEqual([]);
  });
});
