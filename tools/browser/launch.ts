import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Worker } from 'playwright-core';
import { locateChromium } from './chromium';

/** What the harness needs from the replay exchange (tools/replay-exchange): where to route the hosts. */
export interface ReplayRouting {
  hostResolverRules: string;
}

export interface LaunchOptions {
  /** Route the exchange hosts (REST and WebSocket, from the worker too) to a local replay exchange. */
  replay?: ReplayRouting;
  headless?: boolean;
  /** The unpacked extension; defaults to $HEATBANDS_EXTENSION, else the WXT build output. */
  extensionPath?: string;
  viewport?: { width: number; height: number } | null;
  /** More Chromium flags. */
  args?: string[];
  /** The browser; defaults to the one `locateChromium()` finds (it never installs: see chromium.ts). */
  executablePath?: string;
  /**
   * Start the profile with the extensions page's Developer mode on. Without it, `chrome.runtime.reload()`
   * of the command-line-loaded unpacked extension leaves it disabled (its pages answer
   * ERR_BLOCKED_BY_CLIENT and no worker starts); with it, the extension reloads as in a developer's browser.
   */
  developerMode?: boolean;
}

export interface LaunchedExtension {
  context: BrowserContext;
  extensionId: string;
  /** The worker as found at launch. After a stop it is stale: use `currentServiceWorker()`. */
  serviceWorker: Worker;
  userDataDir: string;
  /** The extension's live service worker, or undefined while it is stopped. */
  currentServiceWorker(): Worker | undefined;
  close(): Promise<void>;
}

const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3');

function extensionIdOf(worker: Worker): string {
  return new URL(worker.url()).host;
}

function isExtensionWorker(worker: Worker): boolean {
  return worker.url().startsWith('chrome-extension://');
}

/**
 * Launches Chromium with the built extension in a throw-away profile. With a replay exchange, the
 * exchange hostnames resolve to it, so the worker's own fetch and WebSocket calls reach it under
 * their real URLs (Playwright's routing does not see the worker's WebSockets, and its
 * ignoreHTTPSErrors does not cover the worker: see shared/notes/browser-testing.md).
 */
export async function launchExtension(options: LaunchOptions = {}): Promise<LaunchedExtension> {
  // HEATBANDS_EXTENSION runs the suite against another build (e.g. an older one, to see a test fail).
  const extensionPath = options.extensionPath ?? process.env.HEATBANDS_EXTENSION ?? EXTENSION_DIR;
  const executablePath = options.executablePath ?? locateChromium();
  const args = [`--disable-extensions-except=${extensionPath}`, `--load-extension=${extensionPath}`];
  if (options.replay) {
    args.push(`--host-resolver-rules=${options.replay.hostResolverRules}`, '--ignore-certificate-errors');
  }
  args.push(...(options.args ?? []));

  const userDataDir = await mkdtemp(join(tmpdir(), 'heatbands-e2e-'));
  let context: BrowserContext | undefined;
  try {
    if (options.developerMode) {
      await mkdir(join(userDataDir, 'Default'), { recursive: true });
      await writeFile(
        join(userDataDir, 'Default', 'Preferences'),
        JSON.stringify({ extensions: { ui: { developer_mode: true } } }),
      );
    }
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: options.headless ?? true,
      args,
      viewport: options.viewport === undefined ? { width: 1280, height: 800 } : options.viewport,
      // Playwright would kill the browser and exit on Ctrl-C before `close()` could remove the
      // profile; the demo handles the signals itself and closes cleanly.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const ctx = context;
    const serviceWorker =
      ctx.serviceWorkers().find(isExtensionWorker) ??
      (await ctx.waitForEvent('serviceworker', { predicate: isExtensionWorker, timeout: 15_000 }));
    const extensionId = extensionIdOf(serviceWorker);
    let closed = false;
    return {
      context: ctx,
      extensionId,
      serviceWorker,
      userDataDir,
      currentServiceWorker: () =>
        ctx.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`)),
      async close() {
        if (closed) return;
        closed = true;
        try {
          await ctx.close();
        } finally {
          await removeProfile(userDataDir);
        }
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    await removeProfile(userDataDir);
    throw error;
  }
}

/** Removes a profile folder; Chromium may still be writing into it for a moment as it exits. */
function removeProfile(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
}
