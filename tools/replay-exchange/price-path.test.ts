import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Bar, parseBarCsv } from '../../core/data/bars';
import { ohlcInBar, priceInBar } from './price-path';

/** A bar cut into `parts` equal sub-bars, each read with ohlcInBar. */
const splitBar = (bar: Bar, parts: number) =>
  Array.from({ length: parts }, (_, k) => ohlcInBar(bar, k / parts, (k + 1) / parts));

const bar = (open: number, high: number, low: number, close: number): Bar => ({
  time: 0,
  open,
  high,
  low,
  close,
});

function expectFaithfulSplit(b: Bar, parts: number): void {
  const subs = splitBar(b, parts);
  expect(subs).toHaveLength(parts);
  expect(subs[0]!.open).toBe(b.open);
  expect(subs[parts - 1]!.close).toBe(b.close);
  expect(Math.max(...subs.map((s) => s.high))).toBe(b.high);
  expect(Math.min(...subs.map((s) => s.low))).toBe(b.low);
  for (let k = 0; k < parts; k++) {
    const s = subs[k]!;
    for (const p of [s.open, s.high, s.low, s.close]) {
      expect(p).toBeGreaterThanOrEqual(b.low);
      expect(p).toBeLessThanOrEqual(b.high);
    }
    expect(s.high).toBeGreaterThanOrEqual(Math.max(s.open, s.close));
    expect(s.low).toBeLessThanOrEqual(Math.min(s.open, s.close));
    if (k > 0) expect(s.open).toBe(subs[k - 1]!.close);
  }
}

describe('the price path inside a bar (open → nearer extreme → farther extreme → close)', () => {
  it('visits the nearer extreme first', () => {
    const b = bar(100, 110, 98, 105); // low is nearer (2) than high (10)
    const [first] = splitBar(b, 5);
    expect(first!.low).toBe(98);
    expect(first!.high).toBe(100);
    expect(priceInBar(b, 1)).toBe(105);
  });

  it('on a tie visits the extreme away from the close first', () => {
    const up = bar(100, 105, 95, 104);
    expect(splitBar(up, 2)[0]!.low).toBe(95);
    expect(splitBar(up, 2)[0]!.high).toBe(100);
    const down = bar(100, 105, 95, 96);
    expect(splitBar(down, 2)[0]!.high).toBe(105);
    expect(splitBar(down, 2)[0]!.low).toBe(100);
  });

  it('keeps a flat bar flat', () => {
    expect(splitBar(bar(50, 50, 50, 50), 3)).toEqual([
      { open: 50, high: 50, low: 50, close: 50 },
      { open: 50, high: 50, low: 50, close: 50 },
      { open: 50, high: 50, low: 50, close: 50 },
    ]);
  });

  it('a 5-minute bar becomes five 1-minute bars inside its range that reproduce its open, close, high and low', () => {
    expectFaithfulSplit(bar(77578.6, 77629.4, 77568.5, 77587.2), 5);
    expectFaithfulSplit(bar(92979.25, 93371.12, 92824.32, 93140.74), 60);
  });

  it('holds for any valid bar and any number of parts', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.integer({ min: 1, max: 60 }),
        (low, o, c, spread, parts) => {
          const high = low * (1 + spread);
          const b = bar(low + (high - low) * o, high, low, low + (high - low) * c);
          expectFaithfulSplit(b, parts);
        },
      ),
    );
  });

  it('ohlcInBar over the whole bar is the bar itself', () => {
    const b = bar(100, 110, 98, 105);
    expect(ohlcInBar(b, 0, 1)).toEqual({ open: 100, high: 110, low: 98, close: 105 });
  });
});

const CSV = '../shared/data/btcusdt-5m-2026-05-25_2026-06-22.csv';
describe.skipIf(!existsSync(CSV))('on the recorded 5m BTCUSDT bars', () => {
  if (!existsSync(CSV)) console.warn(`skipped: ${CSV} not found (the shared data folder is absent)`);
  it('every bar splits into five faithful 1-minute bars', () => {
    const parsed = parseBarCsv(readFileSync(CSV, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.bars.length).toBeGreaterThan(8000);
    for (const b of parsed.value.bars) expectFaithfulSplit(b, 5);
    // The whole recording (about 8,000 bars × 5): seconds on a loaded 2-core machine.
  }, 60_000);
});
