// The health checks' retry: cockatiel's exponential backoff for the delays, waited on timers an AbortSignal cuts short.
import { ExponentialBackoff, noJitterGenerator, type GeneratorFn, type IBackoff } from 'cockatiel';
import { sleep, type Timers } from './timers';

export interface HealthCheckRetryOptions {
  /** Further attempts after the first fails. */
  retries: number;
  /** The first retry's delay; each later one doubles, up to maxDelayMs. */
  initialDelayMs: number;
  maxDelayMs: number;
  timers: Timers;
  /** 0..1, for the jitter: each delay is 50–100% of the exponential one, so nodes that failed together spread out. */
  random: () => number;
}

export interface RetryEvent {
  /** The attempt about to be made, 1 for the first retry. */
  attempt: number;
  delayMs: number;
  error: unknown;
}

/**
 * Not cockatiel's `retry()` policy: in cockatiel 4.0.0 its pause between attempts is a plain `setTimeout` that the
 * signal given to `execute(fn, signal)` does not cancel, so stop() would wait that pause out or leave its timer
 * behind. The delays still come from cockatiel's `ExponentialBackoff`; the pause is an abortable sleep.
 */
export class HealthCheckRetry {
  private readonly backoff: ExponentialBackoff<number>;

  constructor(private readonly options: HealthCheckRetryOptions) {
    // cockatiel's halfJitterGenerator, with the injected randomness so tests (and their timers) can rely on it.
    const halfJitter: GeneratorFn<number> = (state, generatorOptions) => {
      const [delay, next] = noJitterGenerator(state, generatorOptions);
      return [Math.round(delay * (0.5 + 0.5 * this.options.random())), next];
    };
    this.backoff = new ExponentialBackoff({ generator: halfJitter, initialDelay: options.initialDelayMs, maxDelay: options.maxDelayMs });
  }

  /**
   * Runs `attempt` until it resolves or the retries are spent (then rejects with the last error). An abort of `signal`
   * rejects at once with its reason, during an attempt's result or a pause alike, and leaves no timer behind.
   * `onRetry` hears of each pause once its timer is set.
   */
  async execute<T>(attempt: (attemptNumber: number) => Promise<T>, signal: AbortSignal, onRetry?: (event: RetryEvent) => void): Promise<T> {
    let backoff: IBackoff<unknown> | undefined;
    for (let attemptNumber = 0; ; attemptNumber += 1) {
      if (signal.aborted) throw signal.reason;
      try {
        return await attempt(attemptNumber);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (attemptNumber >= this.options.retries) throw error;
        backoff = backoff ? backoff.next(undefined) : this.backoff.next();
        const pause = sleep(backoff.duration, this.options.timers, signal);
        onRetry?.({ attempt: attemptNumber + 1, delayMs: backoff.duration, error });
        await pause;
      }
    }
  }
}
