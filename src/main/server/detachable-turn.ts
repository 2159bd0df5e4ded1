// A streamed turn whose client may leave: while it waits for a person's approval it runs on, detached (answering the
// approval from anywhere — GET /confirmations, another tab after a reload — lets it finish and save; its timeout
// denies it); at any other moment the client leaving cancels it, so a model nobody reads is stopped.
import type { AgentEvent } from '../../shared';

export interface DetachOptions {
  /** Aborts when the client goes away (the stream closed). */
  clientSignal: AbortSignal;
  /** Stops the turn. */
  cancel(): void;
  /** The turn's last event is out (or it failed): whether or not anyone was still reading. */
  onEnd(): void;
}

export function detachWhenWaiting(events: AsyncIterable<AgentEvent>, { clientSignal, cancel, onEnd }: DetachOptions): AsyncGenerator<AgentEvent, void, undefined> {
  const queue: AgentEvent[] = [];
  /** The last event asked for an approval: nothing else comes until it is answered (or expires). */
  let waiting = false;
  let ended = false;
  let detached = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;

  const leave = () => {
    if (ended || detached) return;
    if (waiting) {
      detached = true;
      queue.length = 0;
    } else {
      cancel();
    }
    wake?.();
  };

  const pump = async () => {
    try {
      for await (const event of events) {
        waiting = event.type === 'confirm_required';
        if (detached) continue;
        queue.push(event);
        wake?.();
      }
    } catch (error) {
      failure = { error };
    } finally {
      ended = true;
      onEnd();
      wake?.();
    }
  };

  async function* reader(): AsyncGenerator<AgentEvent, void, undefined> {
    clientSignal.addEventListener('abort', leave, { once: true });
    void pump();
    try {
      for (;;) {
        while (queue.length > 0) yield queue.shift()!;
        if (ended) {
          if (failure) throw failure.error;
          return;
        }
        if (detached || clientSignal.aborted) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      clientSignal.removeEventListener('abort', leave);
      // Stopped reading early (the stream closed): detach or cancel, as above.
      leave();
    }
  }
  return reader();
}
