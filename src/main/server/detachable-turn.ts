// A streamed turn whose client may leave: while it waits for a person's approval it runs on, detached (answering the
// approval from anywhere — GET /confirmations, another tab after a reload — lets it finish and save; its timeout
// denies it); at any other moment the client leaving cancels it, so a model nobody reads is stopped — after a grace
// the client may ask for (a reloaded page rejoins through GET /conversations/:id/events), and not while someone follows it there.
import type { AgentEvent } from '../../shared';

export interface DetachOptions {
  /** Aborts when the client goes away (the stream closed). */
  clientSignal: AbortSignal;
  /** Stops the turn. */
  cancel(): void;
  /** The turn's last event is out (or it failed): whether or not anyone was still reading. */
  onEnd(): void;
  /** How long a turn left mid-answer runs on for someone to rejoin it; 0 (default): cancelled at once. */
  graceMs?: number;
  /** Someone follows the turn now (GET /conversations/:id/events): it runs on while they read. */
  isFollowed?: () => boolean;
}

export function detachWhenWaiting(events: AsyncIterable<AgentEvent>, options: DetachOptions): AsyncGenerator<AgentEvent, void, undefined> {
  const { clientSignal, cancel, onEnd, graceMs = 0, isFollowed = () => false } = options;
  const queue: AgentEvent[] = [];
  /** The last event asked for an approval: nothing else comes until it is answered (or expires). */
  let waiting = false;
  let ended = false;
  let detached = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  let grace: ReturnType<typeof setTimeout> | undefined;

  /** At the end of each grace: a turn nobody waits on or follows is cancelled; else it gets another grace. */
  const armGrace = () => {
    grace = setTimeout(() => {
      grace = undefined;
      if (ended) return;
      if (waiting || isFollowed()) armGrace();
      else cancel();
    }, graceMs);
    grace.unref?.();
  };

  const leave = () => {
    if (ended || detached) return;
    if (waiting || graceMs > 0) {
      detached = true;
      queue.length = 0;
      if (!waiting) armGrace();
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
      if (grace !== undefined) clearTimeout(grace);
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
