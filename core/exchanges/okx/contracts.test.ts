import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Result } from '../errors';
import { contractsToBase, DEFAULT_CONTRACT_SIZES, parseInstruments, withDefaults } from './contracts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const reply = (data: unknown) => JSON.stringify({ code: '0', msg: '', data });
const swap = (over: Record<string, string>) => ({
  instType: 'SWAP',
  instId: 'BTC-USDT-SWAP',
  settleCcy: 'USDT',
  ctType: 'linear',
  ctVal: '0.01',
  ctValCcy: 'BTC',
  state: 'live',
  ...over,
});

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

describe('contract sizes', () => {
  it('the dated defaults: BTC-USDT-SWAP is 0.01 BTC, ETH-USDT-SWAP 0.1 ETH', () => {
    expect(DEFAULT_CONTRACT_SIZES.sizes.get('BTCUSDT')).toBe(0.01);
    expect(DEFAULT_CONTRACT_SIZES.sizes.get('ETHUSDT')).toBe(0.1);
    expect(DEFAULT_CONTRACT_SIZES.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(DEFAULT_CONTRACT_SIZES.source).toContain('/api/v5/public/instruments');
  });

  it('10 contracts of BTC-USDT-SWAP are 0.1 BTC; an unknown size converts to nothing', () => {
    expect(contractsToBase(10, DEFAULT_CONTRACT_SIZES.sizes.get('BTCUSDT'))).toBe(0.1);
    expect(contractsToBase(10, DEFAULT_CONTRACT_SIZES.sizes.get('ETHUSDT'))).toBe(1);
    expect(contractsToBase(10, undefined)).toBeUndefined();
  });
});

describe('parseInstruments (/api/v5/public/instruments?instType=SWAP)', () => {
  it('reads ctVal of every linear USDT swap so any of them can be converted', () => {
    const sizes = value(parseInstruments(fixture('instruments-swap.json')));
    expect([...sizes]).toEqual([
      ['BTCUSDT', 0.01],
      ['ETHUSDT', 0.1],
      ['SOLUSDT', 1],
    ]);
  });

  it('leaves out inverse swaps and announced listings whose fields are still empty', () => {
    const sizes = value(parseInstruments(fixture('instruments-swap.json')));
    expect(sizes.has('NEWUSDT')).toBe(false);
    expect([...sizes.keys()].some((k) => k.includes('USD-'))).toBe(false);
  });

  it('leaves out USDC-settled swaps', () => {
    const usdc = swap({ instId: 'BTC-USDC-SWAP', settleCcy: 'USDC' });
    expect(value(parseInstruments(reply([usdc]))).size).toBe(0);
  });

  it('an empty list is an empty table', () => {
    expect(value(parseInstruments(reply([]))).size).toBe(0);
  });

  it('refuses a contract value that is zero or not a number, naming data[0].ctVal', () => {
    for (const ctVal of ['0', 'abc', '-1']) {
      const r = parseInstruments(reply([swap({ ctVal })]));
      expect(r.ok ? undefined : r.error).toMatchObject({
        kind: 'malformed',
        exchange: 'okx',
        endpoint: '/api/v5/public/instruments',
        field: 'data[0].ctVal',
      });
    }
  });

  it('refuses a linear contract counted in another coin', () => {
    const r = parseInstruments(reply([swap({ ctValCcy: 'USD' })]));
    expect(r.ok ? undefined : r.error.field).toBe('data[0].ctValCcy');
  });

  it('passes OKX errors and broken bodies on as typed errors', () => {
    const r = parseInstruments(fixture('error-51001.json'));
    expect(r.ok ? undefined : r.error.kind).toBe('exchange');
    const h = parseInstruments(fixture('cloudflare-502.html'));
    expect(h.ok ? undefined : h.error.kind).toBe('malformed');
    const t = parseInstruments('{"code":"0","data":[{"instType":');
    expect(t.ok ? undefined : t.error.kind).toBe('malformed');
  });

  it('fetched sizes win over the defaults; missing ones fall back', () => {
    const merged = withDefaults(new Map([['BTCUSDT', 0.001]]));
    expect(merged.get('BTCUSDT')).toBe(0.001);
    expect(merged.get('ETHUSDT')).toBe(0.1);
  });
});
