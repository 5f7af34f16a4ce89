import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCli } from './cli/runCli';

const unit = z.number().finite().min(-1).max(1);
const share = z.number().finite().min(0).max(1);
const side = z.strictObject({
  spearman: unit,
  partial_spearman: unit,
  top_decile_capture: unit.min(0),
  baseline_top_decile_capture: unit.min(0),
  baseline_spearman: unit,
  predicted_usd: z.number().finite().min(0),
  actual_usd: z.number().finite().min(0),
  calibration: z
    .array(
      z.strictObject({
        bucket: z.number().int().min(1).max(5),
        predicted: share,
        observed: share,
        n: z.number().int(),
      }),
    )
    .min(1)
    .max(5),
  calibration_in_rank_order: z.boolean(),
});
const part = z.strictObject({
  from: z.number().int(),
  to: z.number().int(),
  bars: z.number().int().positive(),
  long: side,
  short: side,
});
const report = z.strictObject({
  split: z.strictObject({ tuning_share: z.literal(0.6), at: z.number().int() }),
  tuning: part,
  held_back: part,
  whole: part,
});

const FIXTURE = 'tools/fixtures/btcusdt-1h-2026-01-25_2026-02-09.csv';

describe('npm run backtest', () => {
  it('scores a file with actual liquidations on its first 60 %, last 40 % and whole, and prints the documented JSON', async () => {
    const [scored, text, unscorable] = await Promise.all([
      runCli('tools/backtest.ts', ['--csv', FIXTURE, '--json']),
      runCli('tools/backtest.ts', ['--csv', FIXTURE]),
      runCli('tools/backtest.ts', ['--csv', 'tools/fixtures/btcusdt-5m-2026-06-08_2026-06-09.csv']),
    ]);
    expect(scored.code).toBe(0);
    const doc = report.parse(JSON.parse(scored.stdout));
    // 383 bars, the first 168 only build state; bars lacking actual values are not scored.
    const n = doc.whole.bars;
    expect(n).toBeGreaterThan(150);
    expect(n).toBeLessThanOrEqual(383 - 168);
    expect(scored.stderr).toMatch(/383 bars of 1h, 0 issue\(s\), 1 gap\(s\), 1 missing bar/);

    // The split: the first ⌊0.6·n⌋ scored hours, then the rest from split.at on.
    expect(doc.tuning.bars).toBe(Math.floor(0.6 * n));
    expect(doc.tuning.bars + doc.held_back.bars).toBe(n);
    expect(doc.tuning.from).toBe(doc.whole.from);
    expect(doc.held_back.from).toBe(doc.split.at);
    expect(doc.tuning.to).toBeLessThan(doc.split.at);
    expect(doc.held_back.to).toBe(doc.whole.to);
    for (const sideName of ['long', 'short'] as const) {
      // Totals add up over the parts; each part's calibration covers its hours and its whole side.
      const [t, h, w] = [doc.tuning[sideName], doc.held_back[sideName], doc.whole[sideName]];
      expect(t.actual_usd + h.actual_usd).toBeCloseTo(w.actual_usd, 2);
      expect(t.predicted_usd + h.predicted_usd).toBeCloseTo(w.predicted_usd, 2);
      for (const p of [doc.tuning, doc.held_back, doc.whole]) {
        const c = p[sideName].calibration;
        expect(c.reduce((s, b) => s + b.n, 0)).toBe(p.bars);
        expect(c.reduce((s, b) => s + b.observed * b.n, 0)).toBeCloseTo(1, 9);
        expect(c.map((b) => b.bucket)).toEqual(c.map((_, i) => i + 1));
      }
    }

    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^side +figure +first 60 % +last 40 % +whole$/m);
    expect(text.stdout).toMatch(/^ {2}last 40 % \(held back\): +\d+ hours, /m);
    expect(text.stdout).toMatch(/^long +partial_spearman( +-?\d\.\d{3}){3}$/m);
    expect(text.stdout).toMatch(/^both +predicted ÷ actual ratio( +×\d+\.\d\d){3}$/m);
    expect(text.stdout).toMatch(/^short +last 40 % +1 +\d+ +\d\.\d{4} % +\d\.\d{4} %$/m);
    expect(text.stdout).toMatch(
      /aims on the last 40 % \(held back\):\n {2}(met|not met) +partial Spearman ≥ 0\.65/,
    );

    expect(unscorable.code).toBe(2);
    expect(unscorable.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(unscorable.stderr).toMatch(/no liq_long_usd \/ liq_short_usd values/);
  }, 60_000);
});
