// The clock, timers and randomness cluster services use, injectable so tests drive time instead of waiting for it.

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Resolves the globals at call time, so vitest's fake timers (installed after construction) still apply. */
export const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const systemClock = (): number => Date.now();

/**
 * Waits `ms` on `timers`; rejects with the signal's reason when it aborts first. Leaves no timer behind either way.
 */
export function sleep(ms: number, timers: Timers, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      timers.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface BackoffOptions {
  /** The first retry's delay. */
  baseMs: number;
  /** No delay grows past this. */
  maxMs: number;
  /** Share of the delay that is random, 0..1: 0.5 waits between 50% and 100% of it. */
  jitter?: number;
  random?: () => number;
}

/** Exponential backoff with jitter: retry 1 waits about baseMs, retry 2 about 2×, … capped at maxMs. */
export function backoffDelay(retry: number, options: BackoffOptions): number {
  const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.5));
  const random = options.random ?? Math.random;
  const full = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  // Random spread keeps many clients that failed together from retrying together.
  return Math.round(full * (1 - jitter + jitter * random()));
}
