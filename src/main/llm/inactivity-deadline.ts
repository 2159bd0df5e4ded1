// A deadline for a silent server: it expires when nothing arrives for `ms`, and restarts whenever something does.

/** The abort reason when a deadline expires, so a timeout is never mistaken for a person cancelling. */
export class DeadlineExpired extends Error {
  constructor(readonly ms: number) {
    super(`No answer within ${ms} ms`);
    this.name = 'DeadlineExpired';
  }
}

/**
 * Like httpx's read timeout (what the original harombe's `ollama.timeout` meant): a long answer that keeps streaming
 * is never cut off, a server that stops sending is. Pause it while the consumer holds a chunk, so a slow reader of
 * the stream is not blamed on the server.
 */
export class InactivityDeadline {
  private readonly controller = new AbortController();
  /** Armed once and restarted with refresh(): a stream touches it per chunk, and clear+set per chunk costs. */
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** While paused the timer may still fire; it is ignored, and the next touch() restarts it. */
  private paused = false;
  private disposed = false;

  /** `ms` undefined: never expires. */
  constructor(readonly ms: number | undefined) {
    this.touch();
  }

  /** Aborted when the deadline expires. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get expired(): boolean {
    return this.controller.signal.aborted;
  }

  /** Something arrived, or we start waiting again: the full `ms` from now. */
  touch(): void {
    if (this.disposed || this.expired || this.ms === undefined) return;
    this.paused = false;
    if (this.timer) {
      this.timer.refresh();
      return;
    }
    const ms = this.ms;
    this.timer = setTimeout(() => {
      if (!this.paused && !this.disposed) this.controller.abort(new DeadlineExpired(ms));
    }, ms);
  }

  /** Stops the clock until the next touch(). */
  pause(): void {
    this.paused = true;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** One signal aborted by whichever of these aborts first. */
export function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  return present.length === 1 ? present[0]! : AbortSignal.any(present);
}
