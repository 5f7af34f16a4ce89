import { describe, expect, it } from 'vitest';
import { oiGapNote } from './oiGapNote';

describe('oiGapNote', () => {
  it('names the exchange, the UTC span, and what it means for the estimate', () => {
    expect(
      oiGapNote({ exchange: 'binance', from: Date.UTC(2026, 5, 14, 15), to: Date.UTC(2026, 5, 20, 10, 55) }),
    ).toBe(
      'Data gap: Binance open interest did not change from 2026-06-14 15:00 to 2026-06-20 10:55 UTC (a stalled feed); no new positions are estimated there.',
    );
  });
});
