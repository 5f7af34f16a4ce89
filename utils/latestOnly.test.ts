import { describe, expect, it } from 'vitest';
import { latestOnly } from './latestOnly';

/** A load whose result the test releases by hand, in any order. */
function manualLoads() {
  const pending: Array<{ resolve: (v: string) => void; signal: AbortSignal }> = [];
  const load = (signal: AbortSignal) =>
    new Promise<string>((resolve) => {
      pending.push({ resolve, signal });
    });
  return { load, pending };
}

describe('latestOnly', () => {
  it('never applies an older load that resolves after a newer one', async () => {
    const { load, pending } = manualLoads();
    const reload = latestOnly(load);
    const applied: string[] = [];
    const first = reload((v) => applied.push(v));
    const second = reload((v) => applied.push(v));
    pending[1]!.resolve('new');
    pending[0]!.resolve('old');
    await Promise.all([first, second]);
    expect(applied).toEqual(['new']);
  });

  it('aborts the older load so it can stop early', async () => {
    const { load, pending } = manualLoads();
    const reload = latestOnly(load);
    void reload(() => {});
    void reload(() => {});
    expect(pending[0]!.signal.aborted).toBe(true);
    expect(pending[1]!.signal.aborted).toBe(false);
  });

  it('swallows the failure of an aborted load, and passes on the failure of the current one', async () => {
    let call = 0;
    const reload = latestOnly(async (signal) => {
      call++;
      await Promise.resolve();
      if (signal.aborted) throw new DOMException('aborted', 'AbortError');
      if (call === 2) throw new Error('IndexedDB is gone');
      return 'x';
    });
    const first = reload(() => {});
    const second = reload(() => {});
    await expect(first).resolves.toBeUndefined();
    await expect(second).rejects.toThrow('IndexedDB is gone');
  });
});
