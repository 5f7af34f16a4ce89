import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { EXIT_USAGE } from '../cli/args';

/**
 * The one place that decides which Chromium the demo and the e2e suite drive (playwright-core never
 * downloads a browser here: shared/notes/browser-testing.md). Order: CHROMIUM_PATH, then the
 * usual install places of Chromium and Chrome; when none is there and this process may install
 * system packages (root with apt-get), Debian's `chromium`; otherwise one line saying what to run.
 */

/** Where Chromium or Chrome usually lives, per platform, most likely first. */
function usualChromiumPaths(platform: NodeJS.Platform, env: ChromiumProbe['env'] = {}): string[] {
  if (platform === 'darwin') {
    return [
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    ];
  }
  if (platform === 'win32') {
    return [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA]
      .filter((dir): dir is string => !!dir)
      .map((dir) => `${dir}\\Google\\Chrome\\Application\\chrome.exe`);
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
    '/opt/google/chrome/chrome',
  ];
}

/** What the decision depends on; `systemProbe()` reads it from this machine. */
export interface ChromiumProbe {
  env: Readonly<Record<string, string | undefined>>;
  isExecutable(path: string): boolean;
  /** process.getuid?.(): undefined where there are no uids (Windows). */
  uid: number | undefined;
  hasAptGet: boolean;
  platform: NodeJS.Platform;
}

/** Debian's browser, and a font for the text of the pages and screenshots (as .ci/run always installed). */
const APT_PACKAGES = ['chromium', 'fonts-dejavu-core'] as const;

export type ChromiumDecision =
  | { kind: 'found'; path: string }
  /** Run `commands` in order (inheriting stdio), then decide again. */
  | { kind: 'install'; announce: string; commands: string[][] }
  /** Nothing to run with and nothing this process may do about it: `message` says what to do. */
  | { kind: 'impossible'; message: string };

const PREFIX = 'HeatBands:';

function howToInstall(probe: ChromiumProbe): string {
  if (probe.platform === 'win32') {
    return 'install Google Chrome, or `set CHROMIUM_PATH=C:\\path\\to\\chrome.exe`';
  }
  if (probe.platform === 'darwin') {
    return 'install Chromium or Google Chrome, or `export CHROMIUM_PATH=/path/to/chrome`';
  }
  if (probe.hasAptGet) {
    return `run \`sudo apt-get install -y ${APT_PACKAGES.join(' ')}\`, or \`export CHROMIUM_PATH=/path/to/chromium\``;
  }
  return 'install Chromium with your package manager, or `export CHROMIUM_PATH=/path/to/chromium`';
}

export function decideChromium(probe: ChromiumProbe): ChromiumDecision {
  const chosen = probe.env.CHROMIUM_PATH;
  if (chosen) {
    return probe.isExecutable(chosen)
      ? { kind: 'found', path: chosen }
      : {
          kind: 'impossible',
          message: `${PREFIX} CHROMIUM_PATH=${chosen} is not an executable file; point it at Chromium or Chrome, or unset it`,
        };
  }
  const usual = usualChromiumPaths(probe.platform, probe.env);
  const path = usual.find((p) => probe.isExecutable(p));
  if (path) return { kind: 'found', path };
  if (probe.platform === 'linux' && probe.uid === 0 && probe.hasAptGet) {
    return {
      kind: 'install',
      announce: `${PREFIX} Chromium not found; installing Debian's chromium package with apt-get (one time)…`,
      commands: [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', ...APT_PACKAGES],
      ],
    };
  }
  return {
    kind: 'impossible',
    message: `${PREFIX} Chromium not found (CHROMIUM_PATH is unset; looked in ${usual.join(', ')}); ${howToInstall(probe)}`,
  };
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && isExecutableFile(join(dir, command)));
}

function systemProbe(env: NodeJS.ProcessEnv = process.env): ChromiumProbe {
  return {
    env,
    isExecutable: isExecutableFile,
    uid: process.getuid?.(),
    hasAptGet: onPath('apt-get', env),
    platform: process.platform,
  };
}

/** No browser to drive; the message is the one line to show, saying what to run. */
export class ChromiumUnavailable extends Error {
  override name = 'ChromiumUnavailable';
}

/** The browser to drive, without installing anything (for code that runs after `ensureChromiumOrExit`). */
export function locateChromium(probe: ChromiumProbe = systemProbe()): string {
  const decision = decideChromium(probe);
  if (decision.kind === 'found') return decision.path;
  throw new ChromiumUnavailable(
    decision.kind === 'impossible'
      ? decision.message
      : `${PREFIX} Chromium not found; \`npm run e2e\` and \`npm run demo\` install it first, or run \`apt-get install -y ${APT_PACKAGES.join(' ')}\``,
  );
}

/**
 * The browser to drive, installing Debian's when that is missing and allowed. Prints one line
 * before installing and lets apt-get's own progress through. Throws `ChromiumUnavailable`.
 */
function ensureChromium(probe: ChromiumProbe = systemProbe()): string {
  const decision = decideChromium(probe);
  if (decision.kind === 'found') return decision.path;
  if (decision.kind === 'impossible') throw new ChromiumUnavailable(decision.message);
  console.error(decision.announce);
  for (const [command, ...args] of decision.commands) {
    const run = spawnSync(command!, args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (run.status !== 0) {
      throw new ChromiumUnavailable(
        `${PREFIX} \`${[command, ...args].join(' ')}\` failed (${run.error?.message ?? `exit ${run.status ?? run.signal}`}); fix that, or \`export CHROMIUM_PATH=/path/to/chromium\``,
      );
    }
  }
  const after = decideChromium(probe);
  if (after.kind === 'found') return after.path;
  throw new ChromiumUnavailable(
    `${PREFIX} apt-get installed ${APT_PACKAGES.join(' ')} but no Chromium is at ${usualChromiumPaths(probe.platform).join(', ')}; \`export CHROMIUM_PATH=/path/to/chromium\``,
  );
}

/**
 * `ensureChromium` for a command-line program: on failure, the one line on stderr and exit code 2
 * (like a bad argument, the fix is the caller's), never a stack trace.
 */
export function ensureChromiumOrExit(): string {
  try {
    return ensureChromium();
  } catch (error) {
    if (!(error instanceof ChromiumUnavailable)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(EXIT_USAGE);
  }
}
