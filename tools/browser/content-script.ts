import type { CDPSession, Page } from 'playwright-core';
import type { LaunchedExtension } from './launch';

interface ExecutionContextDescription {
  id: number;
  origin: string;
  name: string;
  auxData?: { isDefault?: boolean; type?: string; frameId?: string };
}

export interface ContentScriptWorld {
  contextId: number;
  frameId: string;
}

/**
 * Watches a page for the isolated worlds Chromium creates when the extension injects a content
 * script (CDP names them after the extension and gives them its origin). Call before navigating.
 * This is how a test sees that the content script really ran, whatever the script itself does.
 */
export class ContentScriptWatch {
  private readonly worlds = new Map<number, ContentScriptWorld>();

  private constructor(
    private readonly cdp: CDPSession,
    private readonly extensionOrigin: string,
  ) {
    cdp.on('Runtime.executionContextCreated', ({ context }: { context: ExecutionContextDescription }) => {
      if (context.origin !== this.extensionOrigin || context.auxData?.type !== 'isolated') return;
      this.worlds.set(context.id, { contextId: context.id, frameId: context.auxData.frameId ?? '' });
    });
    cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }: { executionContextId: number }) => {
      this.worlds.delete(executionContextId);
    });
    cdp.on('Runtime.executionContextsCleared', () => this.worlds.clear());
  }

  static async start(ext: LaunchedExtension, page: Page): Promise<ContentScriptWatch> {
    const cdp = await ext.context.newCDPSession(page);
    const watch = new ContentScriptWatch(cdp, `chrome-extension://${ext.extensionId}`);
    await cdp.send('Runtime.enable');
    return watch;
  }

  /** The extension's live content-script worlds in the page (one per frame it was injected into). */
  current(): ContentScriptWorld[] {
    return [...this.worlds.values()];
  }

  async waitForWorld(timeoutMs = 10_000): Promise<ContentScriptWorld> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const world = this.current()[0];
      if (world) return world;
      if (Date.now() > deadline)
        throw new Error(`no content script of the extension ran within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Evaluates an expression inside the content script's world (its `chrome.runtime`, not the page's). */
  async evaluate<T>(world: ContentScriptWorld, expression: string): Promise<T> {
    const result = (await this.cdp.send('Runtime.evaluate', {
      expression,
      contextId: world.contextId,
      returnByValue: true,
      awaitPromise: true,
    })) as {
      result: { value: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (result.exceptionDetails) {
      const { text, exception } = result.exceptionDetails;
      throw new Error(`content-script evaluation failed: ${exception?.description ?? text}`);
    }
    return result.result.value;
  }

  async stop(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
  }
}
