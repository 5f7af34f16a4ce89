import { describe, expect, it } from 'vitest';
import { parseAtTime, parseExchange, parseFlags, parseWindow } from './args';

describe('command-line values', () => {
  it('reads --at as epoch ms or ISO time, an ISO time without zone as UTC', () => {
    const ms = Date.UTC(2026, 5, 18, 12, 30);
    expect(parseAtTime(String(ms))).toEqual({ ok: true, value: ms });
    expect(parseAtTime('2026-06-18T12:30Z')).toEqual({ ok: true, value: ms });
    expect(parseAtTime('2026-06-18T12:30:00.000Z')).toEqual({ ok: true, value: ms });
    expect(parseAtTime('2026-06-18T12:30')).toEqual({ ok: true, value: ms });
    expect(parseAtTime('2026-06-18 14:30+02:00')).toEqual({ ok: true, value: ms });
    expect(parseAtTime('2026-06-18')).toEqual({ ok: true, value: Date.UTC(2026, 5, 18) });
  });

  it('refuses times that are not times', () => {
    for (const bad of ['yesterday', '2026-13-45T99:99Z', '12.5', '', '-5']) {
      expect(parseAtTime(bad).ok).toBe(false);
    }
  });

  it('accepts only the known windows and exchanges', () => {
    expect(parseWindow('7d')).toEqual({ ok: true, value: '7d' });
    expect(parseWindow('14d').ok).toBe(false);
    expect(parseExchange('Bybit')).toEqual({ ok: true, value: 'bybit' });
    expect(parseExchange('kraken').ok).toBe(false);
  });

  it('turns parseArgs errors into a refusal instead of a throw', () => {
    const options = { csv: { type: 'string' }, json: { type: 'boolean' } } as const;
    const good = parseFlags(['--csv', 'a.csv', '--json'], options);
    expect(good).toEqual({ ok: true, value: { csv: 'a.csv', json: true } });
    expect(parseFlags(['--nope'], options).ok).toBe(false);
    expect(parseFlags(['stray'], options).ok).toBe(false);
    expect(parseFlags(['--csv'], options).ok).toBe(false);
  });
});
