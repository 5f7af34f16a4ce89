import { storage } from '#imports';
import { parseLiveDepth } from '@/core/depth/liveDepthSchema';
import type { LiveDepth } from '@/core/depth/types';

/**
 * The live order-book depth the worker publishes once a second while depth streams (a `LiveDepth`,
 * core/depth/types.ts), in `storage.local` so the content scripts read it too. (`storage.session` was
 * tried: a trading page opened before the worker had opened that area to content scripts got no
 * `storage.session` at all, its watch threw and its overlay never started; e2e/overlay.e2e.ts "before
 * the first sync" caught it.) Stored as written
 * and validated on every read (core/depth/liveDepthSchema.ts): a view draws nothing it did not check.
 */
export const liveDepthItem = storage.defineItem<unknown>('local:liveDepth', { fallback: null });

export async function loadLiveDepth(): Promise<LiveDepth | undefined> {
  try {
    return parseLiveDepth(await liveDepthItem.getValue());
  } catch {
    // Storage that cannot be read now (an extension being reloaded) must not stop the overlay from
    // starting: the next publication arrives through the watch.
    return undefined;
  }
}

/** Calls `onChange` with each newly published depth (undefined when it does not validate). */
export function watchLiveDepth(onChange: (depth: LiveDepth | undefined) => void): () => void {
  return liveDepthItem.watch((raw) => onChange(parseLiveDepth(raw)));
}
