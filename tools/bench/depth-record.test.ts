import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { benchDepthRecord, depthRecordLines } from './depth-record';

describe('depth record bench', () => {
  it('runs the recording end to end: one transaction per 10 s boundary, within the 12 h budget', async () => {
    const f = await benchDepthRecord('full', 120);
    // 12 boundaries crossed in 120 s of samples at +137 ms, three exchanges each; the last still open.
    expect(f.columns).toBe(33);
    expect(f.samples).toBe(360);
    expect(f.maxTransactionsPer10s).toBe(1);
    expect(f.meanTransactionsPer10s).toBe(1);
    expect(f.serializedPer12h).toBeGreaterThan(f.cellsPer12h);
    expect(f.serializedPer12h).toBeLessThanOrEqual(f.budgetBytes);
    expect(f.builderBytes).toBeLessThan(100 * 1024);
    expect(depthRecordLines(f)).toHaveLength(2);
  });
});
