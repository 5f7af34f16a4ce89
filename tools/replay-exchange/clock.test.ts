import { describe, expect, it } from 'vitest';
import { ReplayClock } from './clock';

describe('the replay clock', () => {
  const wall = () => {
    let t = 1_000_000;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  };

  it('starts at the chosen instant and runs at ×speed', () => {
    const w = wall();
    const clock = new ReplayClock(5_000, 60, w.now);
    expect(clock.now()).toBe(5_000);
    w.advance(1_000);
    expect(clock.now()).toBe(65_000);
  });

  it('can jump and change speed without losing time already elapsed', () => {
    const w = wall();
    const clock = new ReplayClock(0, 1, w.now);
    w.advance(500);
    clock.setSpeed(10);
    expect(clock.now()).toBe(500);
    w.advance(100);
    expect(clock.now()).toBe(1_500);
    clock.set(42);
    w.advance(10);
    expect(clock.now()).toBe(142);
  });

  it('stands still at speed 0 and refuses nonsense', () => {
    const w = wall();
    const clock = new ReplayClock(7, 0, w.now);
    w.advance(10_000);
    expect(clock.now()).toBe(7);
    expect(() => clock.setSpeed(-1)).toThrow(/speed/);
    expect(() => clock.set(Number.NaN)).toThrow(/epoch ms/);
  });
});
