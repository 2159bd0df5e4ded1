import { describe, expect, it } from 'vitest';
import type { LlmStreamEvent } from '../llm/llm-client';
import { modelEvents } from './model-events';

const delta = (text: string): LlmStreamEvent => ({ type: 'text-delta', text });

async function collect(source: AsyncIterable<LlmStreamEvent>, signal = new AbortController().signal): Promise<LlmStreamEvent[]> {
  const events: LlmStreamEvent[] = [];
  for await (const event of modelEvents(source, signal)) events.push(event);
  return events;
}

describe('modelEvents', () => {
  it('merges text deltas that are already at hand, keeping other events in order', async () => {
    async function* source(): AsyncGenerator<LlmStreamEvent> {
      yield delta('Hel');
      yield delta('lo');
      yield { type: 'tool-call', call: { id: 'a', name: 'echo', arguments: '{}' } };
      yield delta(' there');
      yield { type: 'finish', reason: 'stop' };
    }
    expect(await collect(source())).toEqual([
      delta('Hello'),
      { type: 'tool-call', call: { id: 'a', name: 'echo', arguments: '{}' } },
      delta(' there'),
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('gives text at once rather than holding it for a delta that has not arrived', async () => {
    let release!: () => void;
    const later = new Promise<void>((resolve) => (release = resolve));
    async function* source(): AsyncGenerator<LlmStreamEvent> {
      yield delta('first');
      await later;
      yield delta('second');
    }
    const events = modelEvents(source(), new AbortController().signal);
    expect(await events.next()).toEqual({ done: false, value: delta('first') });
    release();
    expect(await events.next()).toEqual({ done: false, value: delta('second') });
    expect((await events.next()).done).toBe(true);
  });

  it('gives the text received before a failure, then the failure', async () => {
    async function* source(): AsyncGenerator<LlmStreamEvent> {
      yield delta('partial');
      throw new Error('connection lost');
    }
    const seen: LlmStreamEvent[] = [];
    await expect(async () => {
      for await (const event of modelEvents(source(), new AbortController().signal)) seen.push(event);
    }).rejects.toThrow('connection lost');
    expect(seen).toEqual([delta('partial')]);
  });

  it('stops when the signal aborts, without waiting for a stuck source, and asks the source to stop', async () => {
    let stopped = false;
    const source: AsyncIterable<LlmStreamEvent> = {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<LlmStreamEvent>>(() => {}),
        return: async () => {
          stopped = true;
          return { done: true, value: undefined };
        },
      }),
    };
    const controller = new AbortController();
    const events = collect(source, controller.signal);
    controller.abort();
    expect(await events).toEqual([]);
    expect(stopped).toBe(true);
  });
});
