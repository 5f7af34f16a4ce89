import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCli } from './cli/runCli';

const unit = z.number().finite().min(-1).max(1);
const side = z.strictObject({
  spearman: unit,
  partial_spearman: unit,
  top_decile_capture: unit.min(0),
  baseline_top_decile_capture: unit.min(0),
});
const report = z.strictObject({ bars: z.number().int().positive(), long: side, short: side });

describe('npm run backtest', () => {
  it('scores a file with actual liquidations and prints the documented JSON', async () => {
    const [scored, unscorable] = await Promise.all([
      runCli('tools/backtest.ts', ['--csv', 'tools/fixtures/btcusdt-1h-2026-01-25_2026-02-09.csv', '--json']),
      runCli('tools/backtest.ts', ['--csv', 'tools/fixtures/btcusdt-5m-2026-06-08_2026-06-09.csv']),
    ]);
    expect(scored.code).toBe(0);
    const doc = report.parse(JSON.parse(scored.stdout));
    // 383 bars, the first 168 only build state; bars lacking actual values are not scored.
    expect(doc.bars).toBeGreaterThan(150);
    expect(doc.bars).toBeLessThanOrEqual(383 - 168);
    expect(scored.stderr).toMatch(/383 bars of 1h, 0 issue\(s\), 1 gap\(s\), 1 missing bar/);

    expect(unscorable.code).toBe(2);
    expect(unscorable.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(unscorable.stderr).toMatch(/no liq_long_usd \/ liq_short_usd values/);
  }, 60_000);
});
