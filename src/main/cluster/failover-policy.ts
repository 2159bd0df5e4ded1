// How a request moves between nodes, for the agent's executor and the /v1 relay alike: how many nodes it tries, how
// long one may stay silent, and the pause before the next. One policy, so the two surfaces cannot drift apart again.
import { backoffDelay, sleep, systemTimers, type Timers } from './timers';

export interface FailoverPolicyOptions {
  /** Nodes tried for one request, the first included. Default 3. */
  maxAttempts?: number;
  /** How long one node may take to send anything before the next is tried. Default 60 s. */
  firstTokenTimeoutMs?: number;
  /** Pause before trying the next node, doubling (with jitter). Default 250 ms, at most 2 s. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  timers?: Timers;
  random?: () => number;
}

export class FailoverPolicy {
  readonly maxAttempts: number;
  readonly firstTokenTimeoutMs: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly timers: Timers;
  private readonly random: () => number;

  constructor(options: FailoverPolicyOptions = {}) {
    this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 3));
    this.firstTokenTimeoutMs = options.firstTokenTimeoutMs ?? 60_000;
    this.retryBaseMs = options.retryBaseMs ?? 250;
    this.retryMaxMs = options.retryMaxMs ?? 2_000;
    this.timers = options.timers ?? systemTimers;
    this.random = options.random ?? Math.random;
  }

  /**
   * Waits before the next node when `reached` nodes already failed after being asked (a node its circuit refused
   * was never asked: no pause for it). Rejects with the signal's reason when it aborts meanwhile.
   */
  pauseBeforeNext(reached: number, signal?: AbortSignal): Promise<void> {
    if (reached === 0) return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
    const delay = backoffDelay(reached, { baseMs: this.retryBaseMs, maxMs: this.retryMaxMs, random: this.random });
    return sleep(delay, this.timers, signal);
  }
}
