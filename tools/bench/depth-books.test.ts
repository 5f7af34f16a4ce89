import { describe, expect, it } from 'vitest';
import { benchDepthBook } from './depth-books';

describe('depth-books bench', () => {
  for (const exchange of ['binance', 'bybit', 'okx'] as const) {
    it(`${exchange}: replays its frames into a book equal to the synthetic exchange's, and counts CPU per market second`, () => {
      const b = benchDepthBook(exchange, 300);
      expect(b.matchesReference).toBe(true);
      expect(b.simulatedSec).toBe(30);
      expect(b.levelsHeld).toBeGreaterThan(b.levelsPerSide);
      expect(b.cpuMs).toBeGreaterThan(0);
      expect(b.cpuMsPerSimSec).toBeCloseTo(b.cpuMs / 30, 9);
      expect(b.sampleCpuMs).toBeLessThanOrEqual(b.cpuMs);
    });
  }
});
