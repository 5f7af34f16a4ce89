import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTRACT_SIZES } from './contracts';

describe('contract sizes', () => {
  it('the dated defaults: BTC-USDT-SWAP is 0.01 BTC, ETH-USDT-SWAP 0.1 ETH', () => {
    expect(DEFAULT_CONTRACT_SIZES.sizes.get('BTCUSDT')).toBe(0.01);
    expect(DEFAULT_CONTRACT_SIZES.sizes.get('ETHUSDT')).toBe(0.1);
    expect(DEFAULT_CONTRACT_SIZES.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(DEFAULT_CONTRACT_SIZES.source).toContain('/api/v5/public/instruments');
  });
});
