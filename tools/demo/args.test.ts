import { describe, expect, it } from 'vitest';
import { DEFAULT_SPEED, parseDemoArgs } from './args';

describe('demo arguments', () => {
  it('runs headed at the default replay speed when a display is set', () => {
    expect(parseDemoArgs([], ':0')).toEqual({
      ok: true,
      value: { live: false, headless: false, speed: DEFAULT_SPEED, seconds: 30, build: true },
    });
  });

  it('runs headless without a display, or when asked to', () => {
    expect(parseDemoArgs([], undefined)).toMatchObject({ ok: true, value: { headless: true } });
    expect(parseDemoArgs(['--headless'], ':0')).toMatchObject({ ok: true, value: { headless: true } });
  });

  it('takes a speed, a wait and --no-build', () => {
    expect(parseDemoArgs(['--speed', '30', '--seconds', '12', '--no-build'], undefined)).toMatchObject({
      ok: true,
      value: { speed: 30, seconds: 12, build: false },
    });
  });

  it('refuses bad numbers and unknown flags with a reason', () => {
    expect(parseDemoArgs(['--speed', '-2'], undefined)).toEqual({
      ok: false,
      error: '--speed needs a positive number',
    });
    expect(parseDemoArgs(['--seconds'], undefined)).toEqual({
      ok: false,
      error: '--seconds needs a positive number',
    });
    expect(parseDemoArgs(['--fast'], undefined)).toEqual({ ok: false, error: 'unknown argument --fast' });
  });

  it('opens the live sites only headed', () => {
    expect(parseDemoArgs(['--live'], ':0')).toMatchObject({
      ok: true,
      value: { live: true, headless: false },
    });
    expect(parseDemoArgs(['--live'], undefined)).toMatchObject({ ok: false });
    expect(parseDemoArgs(['--live', '--headless'], ':0')).toMatchObject({ ok: false });
  });
});
