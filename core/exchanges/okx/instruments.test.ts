import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { instrumentRequest } from './endpoints';
import { parseInstrument } from './instruments';

const ETH = readFileSync(resolve(import.meta.dirname, 'fixtures/instruments-eth-swap.json'), 'utf8');
const reply = (row: Record<string, string>) => JSON.stringify({ code: '0', msg: '', data: [row] });
const row = JSON.parse(ETH).data[0] as Record<string, string>;

describe('OKX instruments', () => {
  it('asks for one swap by instId', () => {
    const spec = instrumentRequest('ETHUSDT');
    expect(spec.url).toBe('https://www.okx.com/api/v5/public/instruments?instType=SWAP&instId=ETH-USDT-SWAP');
    expect(spec.pool).toBe('instruments');
  });

  it('reads the contract size (ctVal × ctMult) and the tick size of ETH-USDT-SWAP', () => {
    expect(parseInstrument('ETHUSDT', ETH)).toEqual({
      ok: true,
      value: { symbol: 'ETHUSDT', contractSize: 0.1, tickSize: 0.01 },
    });
    const doubled = parseInstrument('ETHUSDT', reply({ ...row, ctMult: '2' }));
    expect(doubled.ok && doubled.value.contractSize).toBeCloseTo(0.2, 12);
  });

  it('refuses what it cannot convert: another instrument, an inverse contract, ctVal in USD', () => {
    expect(parseInstrument('BTCUSDT', ETH)).toMatchObject({ ok: false, error: { kind: 'malformed' } });
    expect(parseInstrument('ETHUSDT', reply({ ...row, ctType: 'inverse' }))).toMatchObject({ ok: false });
    expect(parseInstrument('ETHUSDT', reply({ ...row, ctValCcy: 'USD' }))).toMatchObject({ ok: false });
    expect(parseInstrument('ETHUSDT', reply({ ...row, ctVal: '' }))).toMatchObject({ ok: false });
  });

  it('passes on OKX errors (51001: no such instrument)', () => {
    const body = JSON.stringify({ code: '51001', msg: "Instrument ID doesn't exist.", data: [] });
    expect(parseInstrument('ETHUSDT', body)).toMatchObject({ ok: false, error: { kind: 'exchange' } });
  });
});
