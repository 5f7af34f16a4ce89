import { describe, expect, it } from 'vitest';
import { type ChromiumProbe, ChromiumUnavailable, decideChromium, locateChromium } from './chromium';

/** A Debian machine on which exactly `executables` exist. */
function machine(executables: string[], overrides: Partial<ChromiumProbe> = {}): ChromiumProbe {
  return {
    env: {},
    isExecutable: (path) => executables.includes(path),
    uid: 1000,
    hasAptGet: true,
    platform: 'linux',
    ...overrides,
  };
}

describe('which Chromium to drive', () => {
  it('takes the first usual place that holds one', () => {
    expect(decideChromium(machine(['/usr/bin/chromium', '/usr/bin/google-chrome']))).toEqual({
      kind: 'found',
      path: '/usr/bin/chromium',
    });
    expect(decideChromium(machine(['/opt/google/chrome/chrome']))).toEqual({
      kind: 'found',
      path: '/opt/google/chrome/chrome',
    });
    expect(
      decideChromium(
        machine(['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'], { platform: 'darwin' }),
      ),
    ).toEqual({ kind: 'found', path: '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome' });
  });

  it('prefers CHROMIUM_PATH over every usual place', () => {
    const probe = machine(['/usr/bin/chromium', '/home/me/chrome'], {
      env: { CHROMIUM_PATH: '/home/me/chrome' },
    });
    expect(decideChromium(probe)).toEqual({ kind: 'found', path: '/home/me/chrome' });
  });

  it('refuses a CHROMIUM_PATH that is not executable, in one line, even when a usual one exists', () => {
    const probe = machine(['/usr/bin/chromium'], { env: { CHROMIUM_PATH: '/nope/chrome' }, uid: 0 });
    const decision = decideChromium(probe);
    expect(decision.kind).toBe('impossible');
    if (decision.kind !== 'impossible') return;
    expect(decision.message).toContain('CHROMIUM_PATH=/nope/chrome is not an executable file');
    expect(decision.message).not.toContain('\n');
  });

  it('treats an empty CHROMIUM_PATH as unset', () => {
    expect(decideChromium(machine(['/usr/bin/chromium'], { env: { CHROMIUM_PATH: '' } }))).toEqual({
      kind: 'found',
      path: '/usr/bin/chromium',
    });
  });

  it("installs Debian's chromium (and the fonts) when none is found, as root with apt-get", () => {
    const decision = decideChromium(machine([], { uid: 0 }));
    expect(decision).toEqual({
      kind: 'install',
      announce:
        "HeatBands: Chromium not found; installing Debian's chromium package with apt-get (one time)…",
      commands: [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', 'chromium', 'fonts-dejavu-core'],
      ],
    });
  });

  it('says in one line what to run when it may not install', () => {
    const cases: Array<[Partial<ChromiumProbe>, string]> = [
      [{ uid: 1000 }, '`sudo apt-get install -y chromium fonts-dejavu-core`'],
      [{ uid: 0, hasAptGet: false }, 'install Chromium with your package manager'],
      [{ uid: 0, platform: 'darwin' }, '`export CHROMIUM_PATH=/path/to/chrome`'],
      [{ uid: undefined, platform: 'win32' }, '`set CHROMIUM_PATH=C:\\path\\to\\chrome.exe`'],
    ];
    for (const [overrides, advice] of cases) {
      const decision = decideChromium(machine([], overrides));
      expect(decision.kind).toBe('impossible');
      if (decision.kind !== 'impossible') continue;
      expect(decision.message).toMatch(/^HeatBands: Chromium not found/);
      expect(decision.message).toContain(advice);
      expect(decision.message).not.toContain('\n');
    }
  });

  it('never installs when only locating; it throws the one line instead', () => {
    expect(locateChromium(machine(['/usr/bin/chromium-browser']))).toBe('/usr/bin/chromium-browser');
    expect(() => locateChromium(machine([], { uid: 0 }))).toThrow(ChromiumUnavailable);
    expect(() => locateChromium(machine([]))).toThrow(/sudo apt-get install -y chromium/);
  });
});
