import { storage } from '#imports';
import { parseLiveDepth } from '@/core/depth/liveDepthSchema';
import type { LiveDepth } from '@/core/depth/types';

/**
 * The live order-book depth the worker publishes once a second while depth streams (a `LiveDepth`,
 * core/depth/types.ts), in `storage.session` (memory, not disk, at one write a second), which the
 * worker opens to the content scripts (`openSessionStorageToContentScripts`). Stored as written
 * and validated on every read (core/depth/liveDepthSchema.ts): a view draws nothing it did not check.
 */
export const liveDepthItem = storage.defineItem<unknown>('session:liveDepth', { fallback: null });

export async function loadLiveDepth(): Promise<LiveDepth | undefined> {
  try {
    return parseLiveDepth(await liveDepthItem.getValue());
  } catch {
    // A content script that starts before the worker opened session storage to it (a browser
    // start, an install) cannot read it yet; the next publication arrives through the watch.
    return undefined;
  }
}

/** Calls `onChange` with each newly published depth (undefined when it does not validate). */
export function watchLiveDepth(onChange: (depth: LiveDepth | undefined) => void): () => void {
  return liveDepthItem.watch((raw) => onChange(parseLiveDepth(raw)));
}

/**
 * Lets the content scripts read `storage.session` (Chrome keeps it to extension pages by default).
 * What is there is the worker's published state for views (live depth, prices, progress): nothing
 * a page could not see on its own chart, and the page itself never gets access, only our scripts.
 * Called by the worker at every start (the level lasts as long as the session's data).
 */
export async function openSessionStorageToContentScripts(): Promise<void> {
  await browser.storage.session
    ?.setAccessLevel?.({ accessLevel: 'TRUSTED_AND_UNTRUSTED_CONTEXTS' })
    .catch((error: unknown) => console.warn('HeatBands: session storage stays closed to pages:', error));
}
