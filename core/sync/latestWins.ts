/**
 * One run at a time, and nothing asked for is lost: a call made while a run is going queues ONE
 * follow-up run with the latest argument (later calls replace it), and every caller gets the
 * result of a run that started after its call. So a refresh or a settings change during a sync
 * is honoured right after it, never folded into a run that started with older settings.
 */
export function latestWins<A, R>(run: (arg: A) => Promise<R>): (arg: A) => Promise<R> {
  let running: Promise<R> | undefined;
  let queued: { arg: A; result: Promise<R> } | undefined;

  const start = (arg: A): Promise<R> => {
    const current = run(arg).finally(() => {
      if (running === current) running = undefined;
    });
    running = current;
    return current;
  };

  return (arg: A) => {
    if (!running) return start(arg);
    if (queued) {
      queued.arg = arg;
      return queued.result;
    }
    const entry: { arg: A; result: Promise<R> } = {
      arg,
      result: running
        .catch(() => undefined)
        .then((): Promise<R> => {
          queued = undefined;
          return start(entry.arg);
        }),
    };
    queued = entry;
    return entry.result;
  };
}
