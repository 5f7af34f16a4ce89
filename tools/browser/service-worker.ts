import type { CDPSession, Page } from 'playwright-core';
import type { LaunchedExtension } from './launch';

/** Chromium's names for a service worker's run state (CDP ServiceWorker.ServiceWorkerVersionRunningStatus). */
export type WorkerRunningStatus = 'stopped' | 'starting' | 'running' | 'stopping';

interface VersionUpdate {
  versions: Array<{ scriptURL: string; runningStatus: WorkerRunningStatus }>;
}

/**
 * Stops and watches the extension's service worker through the DevTools protocol. MV3 kills idle
 * workers at any time; tests use this to prove state is re-read from storage, not kept in memory.
 * Playwright's own Worker handle is no guide here: it neither closes on a stop nor changes on a
 * restart (it simply re-attaches), so the run state comes from CDP's version updates.
 */
export class ServiceWorkerControl {
  private statusNow: WorkerRunningStatus | undefined;
  private readonly waiters = new Set<() => void>();
  /** Every run state seen, in order, since attach. */
  readonly history: WorkerRunningStatus[] = [];

  private constructor(
    private readonly cdp: CDPSession,
    private readonly page: Page,
    private readonly scriptPrefix: string,
  ) {
    cdp.on('ServiceWorker.workerVersionUpdated', (event: VersionUpdate) => {
      for (const version of event.versions) {
        if (!version.scriptURL.startsWith(this.scriptPrefix)) continue;
        this.statusNow = version.runningStatus;
        this.history.push(version.runningStatus);
      }
      for (const wake of this.waiters) wake();
    });
  }

  /** Attaches through a CDP session on a blank page of the same profile (the page is closed by `detach`). */
  static async attach(ext: LaunchedExtension): Promise<ServiceWorkerControl> {
    const page = await ext.context.newPage();
    const cdp = await ext.context.newCDPSession(page);
    const control = new ServiceWorkerControl(cdp, page, `chrome-extension://${ext.extensionId}/`);
    await cdp.send('ServiceWorker.enable');
    return control;
  }

  status(): WorkerRunningStatus | undefined {
    return this.statusNow;
  }

  /** Resolves once the worker reaches `status` (immediately if it already is there). */
  async waitFor(status: WorkerRunningStatus, timeoutMs = 10_000): Promise<void> {
    if (this.statusNow === status) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (this.statusNow !== status) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(`service worker did not become ${status} within ${timeoutMs} ms (now ${this.statusNow})`),
        );
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Stops every service worker of the profile, as Chrome does to an idle worker, and waits for it. */
  async stop(timeoutMs = 10_000): Promise<void> {
    await this.cdp.send('ServiceWorker.stopAllWorkers');
    await this.waitFor('stopped', timeoutMs);
  }

  /** Starts the worker directly. Recovery tests should rather wake it by a real event (message, alarm). */
  async start(ext: LaunchedExtension, timeoutMs = 10_000): Promise<void> {
    await this.cdp.send('ServiceWorker.startWorker', { scopeURL: `chrome-extension://${ext.extensionId}/` });
    await this.waitFor('running', timeoutMs);
  }

  async detach(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
    await this.page.close().catch(() => undefined);
  }
}

/**
 * Sends `chrome.runtime.sendMessage(message)` from an extension page, as the popup or side panel
 * would; this wakes a stopped worker. Resolves with the reply, or `{ error }` when nothing answered.
 */
export async function messageServiceWorker(
  page: Page,
  message: unknown,
): Promise<{ reply: unknown } | { error: string }> {
  return page.evaluate(
    `chrome.runtime.sendMessage(${JSON.stringify(message)}).then((reply) => ({ reply }), (e) => ({ error: String(e && e.message ? e.message : e) }))`,
  );
}

/** The worker's answer to `get-heatmap`, as the overlay gets it, or undefined when none came. */
export async function workerHeatmap(page: Page, symbol: string): Promise<unknown> {
  const answer = await messageServiceWorker(page, { type: 'get-heatmap', symbol });
  return 'reply' in answer ? answer.reply : undefined;
}

/**
 * Waits until the worker answers `get-heatmap` with bands (its first sync done), asking the way
 * the overlay does, once a second; throws with the last answer after `timeoutMs`.
 */
export async function waitForWorkerBands<T extends { ok: boolean; bands?: unknown[] }>(
  page: Page,
  symbol: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  // The worker publishes what its cache holds at once and again after each sync: wait until the
  // published estimate has settled (the same over three polls, a second apart), so a test compares
  // the page with the estimate it really draws.
  let last = '';
  let same = 0;
  for (;;) {
    const reply = (await workerHeatmap(page, symbol)) as T | undefined;
    const key = JSON.stringify(reply);
    same = key === last ? same + 1 : 0;
    last = key;
    if (reply?.ok && (reply.bands?.length ?? 0) > 0 && same >= 2) return reply;
    if (Date.now() > deadline) {
      throw new Error(`no bands from the worker within ${timeoutMs / 1000} s: ${JSON.stringify(reply)}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
