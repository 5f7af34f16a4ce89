import { describe, expect, it } from 'vitest';
import { parseEventsCsv } from '../../core/data/events';
import { loadDemoBars } from './demo-bars';
import { DEMO_EVENTS_RULE, demoEventsCsv } from './demo-events';

describe('the demo events: synthetic, marked, by the documented rule', () => {
  const bars = loadDemoBars();
  const csv = demoEventsCsv(bars, bars[0]!.time, bars.at(-1)!.time + 1);
  const parsed = parseEventsCsv(csv);

  it('reads back with the project events reader and carries the synthetic mark', () => {
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.synthetic).toBe(DEMO_EVENTS_RULE);
    expect(parsed.value.events.length).toBeGreaterThan(50);
  });

  it('puts longs at the low of falling bars and shorts at the high of rising ones', () => {
    if (!parsed.ok) return;
    for (const e of parsed.value.events) {
      const bar = bars.find((b) => b.time === e.time - 150_000)!;
      if (e.side === 'long') {
        expect(bar.close).toBeLessThan(bar.open);
        expect(e.price).toBe(bar.low);
      } else {
        expect(bar.close).toBeGreaterThan(bar.open);
        expect(e.price).toBe(bar.high);
      }
    }
  });
});
