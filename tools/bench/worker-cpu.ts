import type { CDPSession } from 'playwright-core';
import type { LaunchedExtension } from '../browser';

/**
 * The extension service worker's CPU time, from the V8 sampling profiler attached to the worker's
 * own DevTools target. What works for a service worker target (Chromium 14x, checked by hand):
 * `Profiler.*` and `Runtime.*` answer; `Performance.getMetrics` (TaskDuration, ScriptDuration) is
 * page-only ("'Performance.enable' wasn't found"), and `SystemInfo.getProcessInfo` gives a whole
 * renderer process, which the worker shares with the side panel. Playwright's `newCDPSession`
 * takes a page or frame only, so the worker is reached from the browser-level session:
 * `Target.attachToTarget` (not flattened) and `Target.sendMessageToTarget`.
 *
 * CPU time = the profile's span minus its `(idle)` samples: the worker thread's JavaScript,
 * garbage collection and `(program)` (V8 and Blink native work on that thread, e.g. structured
 * clones and IndexedDB requests). Work the worker causes on other threads or processes (the
 * browser's IndexedDB backend, the network service, the pages it messages) is not in it.
 */
export interface WorkerCpu {
  /** Wall time the profile spans, ms. */
  wallMs: number;
  /** Non-idle time on the worker thread, ms. */
  cpuMs: number;
  jsMs: number;
  gcMs: number;
  programMs: number;
  samples: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string };
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Sampling interval, µs: V8's default. */
const SAMPLING_US = 1000;

export class WorkerProfiler {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  /** Set when the worker's target went away (a stopped worker): its profile is lost. */
  detached = false;

  private constructor(
    private readonly browserSession: CDPSession,
    private readonly sessionId: string,
  ) {
    browserSession.on('Target.receivedMessageFromTarget', (event) => {
      if (event.sessionId !== this.sessionId) return;
      const message = JSON.parse(event.message) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      const waiter = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id!);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    });
    browserSession.on('Target.detachedFromTarget', (event) => {
      if (event.sessionId === this.sessionId) this.detached = true;
    });
  }

  /** Attaches to the extension's running service worker. */
  static async attach(ext: LaunchedExtension): Promise<WorkerProfiler> {
    const browser = ext.context.browser();
    if (!browser) throw new Error('no browser-level CDP session for this context');
    const session = await browser.newBrowserCDPSession();
    const { targetInfos } = await session.send('Target.getTargets');
    const worker = targetInfos.find(
      (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${ext.extensionId}/`),
    );
    if (!worker) throw new Error('the extension has no running service worker target');
    const { sessionId } = await session.send('Target.attachToTarget', {
      targetId: worker.targetId,
      flatten: false,
    });
    const profiler = new WorkerProfiler(session, sessionId);
    await profiler.send('Profiler.enable');
    await profiler.send('Profiler.setSamplingInterval', { interval: SAMPLING_US });
    return profiler;
  }

  private send(method: string, params: object = {}): Promise<unknown> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.browserSession
        .send('Target.sendMessageToTarget', {
          sessionId: this.sessionId,
          message: JSON.stringify({ id, method, params }),
        })
        .catch((error: Error) => {
          this.pending.delete(id);
          reject(error);
        });
    });
  }

  start(): Promise<unknown> {
    return this.send('Profiler.start');
  }

  async stop(): Promise<WorkerCpu> {
    const { profile } = (await this.send('Profiler.stop')) as { profile: Profile };
    return cpuOf(profile);
  }

  /**
   * The worker's JS heap after a full collection (`HeapProfiler.collectGarbage`, then
   * `Runtime.getHeapUsage`), bytes: what it holds, not yesterday's garbage.
   */
  async heapUsedAfterGc(): Promise<number> {
    await this.send('HeapProfiler.collectGarbage');
    const { usedSize } = (await this.send('Runtime.getHeapUsage')) as { usedSize: number };
    return usedSize;
  }

  async detach(): Promise<void> {
    await this.browserSession.detach().catch(() => undefined);
  }
}

/** Sums the profile's time deltas by what each sample was doing. */
export function cpuOf(profile: Profile): WorkerCpu {
  const names = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName]));
  let idle = 0;
  let gc = 0;
  let program = 0;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const name = names.get(profile.samples[i]!);
    if (name === '(idle)') idle += ms;
    else if (name === '(garbage collector)') gc += ms;
    else if (name === '(program)') program += ms;
  }
  const cpuMs = total - idle;
  return {
    wallMs: (profile.endTime - profile.startTime) / 1000,
    cpuMs,
    jsMs: cpuMs - gc - program,
    gcMs: gc,
    programMs: program,
    samples: profile.samples.length,
  };
}
