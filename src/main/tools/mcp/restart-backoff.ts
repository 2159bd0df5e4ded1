// The pause before restarting a crashed MCP server: cockatiel's exponential backoff for the delays, waited on an
// abortable timer (cockatiel's own retry pause is a setTimeout its signal does not cut: see health-monitor-retry.ts).
import { setTimeout as wait } from 'node:timers/promises';
import { ExponentialBackoff, type IBackoff } from 'cockatiel';

export interface RestartPolicy {
  /** The first restart's delay; later ones grow up to maxDelayMs. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Restarts in a row before the server is left failed. */
  maxAttempts: number;
  /** A server up this long has recovered: its next crash starts the count again. */
  stableAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialDelayMs: 1000, maxDelayMs: 30_000, maxAttempts: 5, stableAfterMs: 60_000 };

export class RestartBackoff {
  private readonly factory: ExponentialBackoff<unknown>;
  private state: IBackoff<unknown> | undefined;
  private attemptsMade = 0;

  constructor(readonly policy: RestartPolicy) {
    this.factory = new ExponentialBackoff({ initialDelay: policy.initialDelayMs, maxDelay: policy.maxDelayMs });
  }

  /** Restarts made since the last reset. */
  get attempts(): number {
    return this.attemptsMade;
  }

  get exhausted(): boolean {
    return this.attemptsMade >= this.policy.maxAttempts;
  }

  /** The next delay (ms), counting one more attempt. */
  next(): number {
    this.state = this.state ? this.state.next(undefined) : this.factory.next();
    this.attemptsMade += 1;
    return this.state.duration;
  }

  reset(): void {
    this.state = undefined;
    this.attemptsMade = 0;
  }
}

/** Waits `ms`, or less when `signal` aborts (then resolves false); leaves no timer behind either way. */
export async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await wait(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
