// Waiting a cancel cuts short: a tool that ignores the signal cannot hold a cancelled turn, and nothing is left listening.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { raceAbort, untilAborted } from './abortable';

const never = new Promise<string>(() => {});
/** A value that arrives only after a trip through the event loop: later than anything already settled. */
const later = <T>(value: T) => new Promise<T>((resolve) => setImmediate(() => resolve(value)));
const abortListeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

describe('raceAbort', () => {
  it("gives the work's value when it comes first", async () => {
    const controller = new AbortController();
    expect(await raceAbort(later('done'), controller.signal, () => 'cancelled')).toBe('done');
  });

  it('gives the cancel answer at once for a signal already aborted, without waiting for the work', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await raceAbort(later('done'), controller.signal, () => 'cancelled')).toBe('cancelled');
  });

  it('gives the cancel answer when the signal aborts while the work ignores it', async () => {
    const controller = new AbortController();
    const raced = raceAbort(never, controller.signal, () => 'cancelled');
    controller.abort();
    expect(await raced).toBe('cancelled');
  });

  it("passes on the work's failure, and ignores one that comes after the cancel", async () => {
    const controller = new AbortController();
    await expect(raceAbort(Promise.reject(new Error('disk full')), controller.signal, () => 'cancelled')).rejects.toThrow('disk full');
    let fail!: (error: Error) => void;
    const raced = raceAbort(new Promise<string>((_resolve, reject) => (fail = reject)), controller.signal, () => 'cancelled');
    controller.abort();
    fail(new Error('too late'));
    expect(await raced).toBe('cancelled');
  });

  it('leaves no listener on the turn signal after each call (a long turn would pile them up)', async () => {
    const controller = new AbortController();
    for (let call = 0; call < 12; call += 1) await raceAbort(later(call), controller.signal, () => -1);
    await expect(raceAbort(Promise.reject(new Error('no')), controller.signal, () => 'cancelled')).rejects.toThrow('no');
    expect(abortListeners(controller.signal)).toBe(0);
  });
});

/** A source that counts how often it was asked to stop, and can hang on its next item. */
function source(items: string[], options: { hangAfter?: number; failAfter?: number } = {}) {
  const state = { returned: 0, hanging: false };
  let index = 0;
  const iterable: AsyncIterable<string> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        if (index === options.failAfter) throw new Error('connection reset');
        if (index === options.hangAfter) {
          state.hanging = true;
          return never.then(() => ({ done: true as const, value: undefined }));
        }
        return index < items.length ? { done: false, value: items[index++]! } : { done: true, value: undefined };
      },
      return: async () => {
        state.returned += 1;
        return { done: true, value: undefined };
      },
    }),
  };
  return { iterable, state };
}

async function collect(iterable: AsyncIterable<string>, onItem: (item: string) => void = () => {}): Promise<string[]> {
  const seen: string[] = [];
  for await (const item of iterable) {
    seen.push(item);
    onItem(item);
  }
  return seen;
}

describe('untilAborted', () => {
  it('gives every item of a source that ends, and does not ask it to stop', async () => {
    const controller = new AbortController();
    const { iterable, state } = source(['a', 'b', 'c']);
    expect(await collect(untilAborted(iterable, controller.signal))).toEqual(['a', 'b', 'c']);
    expect(state.returned).toBe(0);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('gives nothing for a signal already aborted, and asks the source to stop', async () => {
    const controller = new AbortController();
    controller.abort();
    const { iterable, state } = source(['a']);
    expect(await collect(untilAborted(iterable, controller.signal))).toEqual([]);
    expect(state.returned).toBe(1);
  });

  it('stops between items when aborted, asking the source to stop', async () => {
    const controller = new AbortController();
    const { iterable, state } = source(['a', 'b', 'c']);
    expect(await collect(untilAborted(iterable, controller.signal), () => controller.abort())).toEqual(['a']);
    expect(state.returned).toBe(1);
  });

  it('stops a source stuck on its next item as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const { iterable, state } = source(['a', 'b'], { hangAfter: 1 });
    const seen = collect(untilAborted(iterable, controller.signal));
    await new Promise<void>((resolve) => {
      const check = () => (state.hanging ? resolve() : setImmediate(check));
      check();
    });
    controller.abort();
    expect(await seen).toEqual(['a']);
    expect(state.returned).toBe(1);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it("passes on the source's failure without asking it to stop", async () => {
    const controller = new AbortController();
    const { iterable, state } = source(['a', 'b'], { failAfter: 1 });
    await expect(collect(untilAborted(iterable, controller.signal))).rejects.toThrow('connection reset');
    expect(state.returned).toBe(0);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('asks the source to stop when the reader leaves early', async () => {
    const controller = new AbortController();
    const { iterable, state } = source(['a', 'b', 'c']);
    for await (const item of untilAborted(iterable, controller.signal)) if (item === 'a') break;
    expect(state.returned).toBe(1);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('stops a source that cannot be asked to stop (no return()) without failing', async () => {
    const controller = new AbortController();
    const items = ['a', 'b'][Symbol.iterator]();
    const bare: AsyncIterable<string> = { [Symbol.asyncIterator]: () => ({ next: async () => items.next() }) };
    expect(await collect(untilAborted(bare, controller.signal), () => controller.abort())).toEqual(['a']);
  });
});
