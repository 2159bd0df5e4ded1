// One model call's events as the agent reads them: until the turn is cancelled, with text already at hand merged.
import type { LlmStreamEvent } from '../llm/llm-client';

/**
 * How many microtask turns the next event may take and still count as already at hand. A delta parsed from the
 * network read that brought the last one arrives within a few; one that needs another read never arrives without a
 * trip through the event loop, so no count of microtasks waits for it.
 */
const AT_HAND_TICKS = 64;

type Outcome = IteratorResult<LlmStreamEvent> | { failed: true; error: unknown };

/**
 * Iterates `source` until it ends or the signal aborts (on abort the source is asked to stop, without waiting for
 * it, so a stream stuck on the network cannot hold the turn). Consecutive text deltas that are already available (a
 * server's chunks that came in one network read, as a fast model's do) go out as one delta, so what follows runs once
 * per read rather than once per token. A delta is never held for one that has not arrived yet. On abort, text already received is still given.
 */
export async function* modelEvents(source: AsyncIterable<LlmStreamEvent>, signal: AbortSignal): AsyncGenerator<LlmStreamEvent, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  let outcome: Outcome | undefined;
  let wake: (() => void) | undefined;
  const settle = (result: Outcome) => {
    outcome = result;
    wake?.();
  };
  const pull = () => {
    outcome = undefined;
    iterator.next().then(settle, (error: unknown) => settle({ failed: true, error }));
  };
  // A flag rather than signal.aborted in the loop: reading a combined signal's `aborted` re-checks every source.
  let aborted = signal.aborted;
  const onAbort = () => {
    aborted = true;
    wake?.();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  let finished = false;
  let text = '';
  try {
    pull();
    for (;;) {
      if (outcome === undefined && text !== '') {
        for (let tick = 0; tick < AT_HAND_TICKS && outcome === undefined && !aborted; tick += 1) await undefined;
      }
      const moreText = outcome !== undefined && !('failed' in outcome) && !outcome.done && outcome.value.type === 'text-delta';
      if (text !== '' && (aborted || !moreText)) {
        const merged = text;
        text = '';
        yield { type: 'text-delta', text: merged };
      }
      if (aborted) return;
      if (outcome === undefined) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      const result = outcome;
      if ('failed' in result) {
        finished = true;
        throw result.error;
      }
      if (result.done) {
        finished = true;
        return;
      }
      const event = result.value;
      if (event.type === 'text-delta') {
        text += event.text;
        pull();
        continue;
      }
      yield event;
      pull();
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (!finished) void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}
