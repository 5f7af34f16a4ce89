import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../core/exchanges/index';
import { parseInstrument } from '../../core/exchanges/okx/instruments';
import { EXCHANGE_IDS } from '../../core/exchanges/types';
import { loadDemoBars } from '../demo/demo-bars';
import { startReplayExchange } from './index';
import { syntheticEthBars } from './scaled-bars';
import { get, getJson } from './test-support';

describe('the synthetic ETHUSDT market', () => {
  const btc = loadDemoBars();
  const eth = syntheticEthBars(btc);

  it('scales every price by 0.035 to 0.01, keeps bars consistent, and keeps USD amounts', () => {
    expect(eth).toHaveLength(btc.length);
    for (const [i, b] of eth.entries()) {
      const src = btc[i]!;
      expect(Math.abs(b.close - src.close * 0.035)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
      expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
      expect(b.oiUsd).toBe(src.oiUsd);
      // Taker flow keeps its USD value (up to the rounding of the scaled close).
      if (src.takerDeltaBase !== undefined)
        expect(b.takerDeltaBase! * 0.035).toBeCloseTo(src.takerDeltaBase, 9);
    }
  });

  it('is served by the replay with OKX instruments of 0.1 ETH per contract, and OKX open interest in those contracts', async () => {
    const start = eth[0]!.time + 86_400_000;
    const rx = await startReplayExchange({ bars: eth, symbol: 'ETHUSDT', start, speed: 0 });
    try {
      type Reply = { code: string; data: Record<string, string>[] };
      const okx = (path: string) => getJson<Reply>(rx.port, 'www.okx.com', path);
      const path = '/api/v5/public/instruments?instType=SWAP&instId=ETH-USDT-SWAP';
      const inst = await okx(path);
      expect(inst.code).toBe('0');
      expect(inst.data[0]).toMatchObject({
        instId: 'ETH-USDT-SWAP',
        ctVal: '0.1',
        ctValCcy: 'ETH',
        tickSz: '0.01',
      });
      // The extension's own reader accepts it as OKX sends it.
      const body = (await get(rx.port, 'www.okx.com', path)).body;
      expect(parseInstrument('ETHUSDT', body)).toEqual({
        ok: true,
        value: { symbol: 'ETHUSDT', contractSize: 0.1, tickSize: 0.01 },
      });
      const oi = await okx('/api/v5/public/open-interest?instType=SWAP&instId=ETH-USDT-SWAP');
      const row = oi.data[0]!;
      expect(Number(row.oi) * 0.1).toBeCloseTo(Number(row.oiCcy), 3);
      expect(Number(row.oiUsd) / Number(row.oiCcy)).toBeGreaterThan(1_000);
      expect(Number(row.oiUsd) / Number(row.oiCcy)).toBeLessThan(5_000);
      // Each exchange's instrument specification gives ETHUSDT's 0.01 price step, read by the adapters.
      for (const id of EXCHANGE_IDS) {
        const spec = ADAPTERS[id].tickSizeRequest!('ETHUSDT');
        const u = new URL(spec.url);
        const res = await get(rx.port, u.host, `${u.pathname}${u.search}`);
        expect([id, res.status]).toEqual([id, 200]);
        expect([id, ADAPTERS[id].parseTickSize!('ETHUSDT', res.body)]).toEqual([
          id,
          { ok: true, value: 0.01 },
        ]);
      }
    } finally {
      await rx.close();
    }
  });
});
