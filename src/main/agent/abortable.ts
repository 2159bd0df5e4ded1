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
