// Waiting that an AbortSignal can cut short, even when the thing waited on ignores the signal.
const ABORTED = Symbol('aborted');

function whenAborted(signal: AbortSignal): { promise: Promise<typeof ABORTED>; dispose(): void } {
  let onAbort = () => {};
  const promise = new Promise<typeof ABORTED>((resolve) => {
    onAbort = () => resolve(ABORTED);
    if (signal.aborted) resolve(ABORTED);
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

/** The value of `work`, or `onAbort()` as soon as the signal aborts (a late rejection of `work` is ignored). */
export async function raceAbort<T>(work: Promise<T>, signal: AbortSignal, onAbort: () => T): Promise<T> {
  const aborted = whenAborted(signal);
  try {
    const winner = await Promise.race([work, aborted.promise]);
    return winner === ABORTED ? onAbort() : winner;
  } finally {
    aborted.dispose();
  }
}

/**
 * Iterates `source` until it ends or the signal aborts; on abort the source is asked to stop (return()) without
 * waiting for it, so a stream stuck on the network cannot hold the turn. One abort listener serves the whole stream
 * (racing each next() with a shared abort promise would pile a reaction onto it per item).
 */
export async function* untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  let wakeOnAbort: (() => void) | undefined;
  const onAbort = () => wakeOnAbort?.();
  signal.addEventListener('abort', onAbort, { once: true });
  let finished = false;
  try {
    for (;;) {
      if (signal.aborted) return;
      const next = await new Promise<IteratorResult<T> | typeof ABORTED>((resolve, reject) => {
        wakeOnAbort = () => resolve(ABORTED);
        iterator.next().then(resolve, reject);
      });
      wakeOnAbort = undefined;
      if (next === ABORTED) return;
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } catch (error) {
    finished = true;
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (!finished) void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}
