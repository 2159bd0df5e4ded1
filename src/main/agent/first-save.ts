// When a turn's new user message first reaches the disk: a short delay after the turn starts, unless a full save comes first.
import type { Conversation } from '../../shared';

/** Longest a turn's new user message waits to be saved. */
export const FIRST_SAVE_DELAY_MS = 250;

/** Runs `callback` after `delayMs`; returns what cancels it. A timer that must not keep the process alive. */
export type Schedule = (callback: () => void, delayMs: number) => () => void;

export const unrefTimeout: Schedule = (callback, delayMs) => {
  const timer = setTimeout(callback, delayMs);
  timer.unref?.();
  return () => clearTimeout(timer);
};

/**
 * A quick answer is saved once, with the answer, and no disk work runs between the request and the first token; a
 * model slow to start (loading) or a long answer still finds the message on disk within the delay. Only what is
 * settled is saved early — the history and the new message, never a step still running (tool calls whose results
 * have not come would leave a conversation that cannot be continued after a crash).
 */
export class FirstSave {
  private cancel: (() => void) | undefined;
  private started = false;
  /** The early save, once begun; its failure is reported by the full save that follows. */
  private pending: Promise<void> | undefined;

  constructor(
    private readonly save: (conversation: Conversation) => Promise<void>,
    private readonly schedule: Schedule = unrefTimeout,
    private readonly delayMs: number = FIRST_SAVE_DELAY_MS,
  ) {}

  /** Starts the delay; `settled` is read when it ends, so it gives the conversation as it stands then. */
  arm(settled: () => Conversation): void {
    if (this.started || this.cancel) return;
    this.cancel = this.schedule(() => this.begin(settled()), this.delayMs);
  }

  /**
   * Called by every full save: no early save starts after it, and one already begun is handed back to await with
   * it (writes of one conversation must not be left racing).
   */
  takeOver(): Promise<void> | undefined {
    this.started = true;
    this.cancel?.();
    this.cancel = undefined;
    const pending = this.pending;
    this.pending = undefined;
    return pending;
  }

  private begin(snapshot: Conversation): void {
    if (this.started) return;
    this.started = true;
    this.cancel = undefined;
    this.pending = this.save(snapshot);
    this.pending.catch(() => undefined);
  }
}
