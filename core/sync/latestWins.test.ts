import { describe, expect, it } from 'vitest';
import { latestWins } from './latestWins';

function controlled() {
  const calls: string[] = [];
  const finishers: Array<() => void> = [];
  const run = latestWins(async (arg: string) => {
    calls.push(arg);
    await new Promise<void>((done) => finishers.push(done));
    return `done ${arg}`;
  });
  const finishNext = async () => {
    await new Promise((r) => setTimeout(r, 0));
    finishers.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { calls, run, finishNext };
}

describe('latestWins', () => {
  it('runs at once when idle', async () => {
    const { calls, run, finishNext } = controlled();
    const a = run('a');
    await finishNext();
    expect(await a).toBe('done a');
    expect(calls).toEqual(['a']);
  });

  it('queues one follow-up with the latest argument for calls made during a run', async () => {
    const { calls, run, finishNext } = controlled();
    const a = run('a');
    const b = run('b');
    const c = run('c');
    await finishNext();
    expect(await a).toBe('done a');
    await finishNext();
    expect(await b).toBe('done c');
    expect(await c).toBe('done c');
    expect(calls).toEqual(['a', 'c']);
  });

  it('still runs the follow-up when the running call fails', async () => {
    const calls: string[] = [];
    let fail = true;
    const run = latestWins(async (arg: string) => {
      calls.push(arg);
      await new Promise((r) => setTimeout(r, 1));
      if (fail) {
        fail = false;
        throw new Error('boom');
      }
      return arg;
    });
    const a = run('a');
    const b = run('b');
    await expect(a).rejects.toThrow('boom');
    expect(await b).toBe('b');
    expect(calls).toEqual(['a', 'b']);
  });
});
