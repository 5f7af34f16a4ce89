/**
 * A view's loads, where only the newest may land: starting a load aborts the one before, and an
 * aborted load's result is never applied, however late it resolves. Without this, a slow load
 * started before a settings change could paint the old market over the new one.
 */
export function latestOnly<T>(
  load: (signal: AbortSignal) => Promise<T>,
): (apply: (value: T) => void) => Promise<void> {
  let current: AbortController | undefined;
  return async (apply) => {
    current?.abort();
    const controller = new AbortController();
    current = controller;
    try {
      const value = await load(controller.signal);
      if (!controller.signal.aborted) apply(value);
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    }
  };
}
