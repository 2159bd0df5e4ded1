// The download: progress as it comes, Cancel that hangs up, a failure in the server's words, done.
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../../../shared/api-client';
import type { ModelPullEvent } from '../../../../../shared/api-schemas';
import { createPullStore } from './pull-store';

/** A client whose pull yields `events`, then waits until its request is aborted when `hang` is set. */
function fakeClient(events: ModelPullEvent[], hang = false): { client: ApiClient; aborted: () => boolean } {
  let signal: AbortSignal | undefined;
  const client = {
    async *stream(_name: string, args: { signal?: AbortSignal }) {
      signal = args.signal;
      for (const event of events) yield event;
      if (hang) {
        await new Promise((_, reject) => args.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
      }
    },
  } as unknown as ApiClient;
  return { client, aborted: () => signal?.aborted ?? false };
}

function settled(store: ReturnType<typeof createPullStore>): Promise<void> {
  return new Promise((resolve) => {
    const stop = store.subscribe((state) => {
      if (state.pull && state.pull.phase !== 'pulling') {
        stop();
        resolve();
      }
    });
  });
}

const layer = { type: 'progress', status: 'pulling abc', digest: 'sha256:abc', total: 1000 } as const;

describe('the pull store', () => {
  it('shows progress while pulling, and Cancel hangs up the download (not installed)', async () => {
    let clock = 0;
    const store = createPullStore({ now: () => (clock += 1000) });
    const { client, aborted } = fakeClient([layer, { ...layer, completed: 500 }], true);
    const seen = new Promise<void>((resolve) => {
      const stop = store.subscribe((state) => {
        if (state.pull?.phase === 'pulling' && state.pull.progress.completedBytes === 500) {
          stop();
          resolve();
        }
      });
    });
    store.getState().start(client, 'qwen2.5:1.5b');
    await seen;
    const done = settled(store);
    store.getState().cancel();
    await done;
    expect(aborted()).toBe(true);
    expect(store.getState().pull).toEqual({ phase: 'cancelled', model: 'qwen2.5:1.5b' });
  });

  it('a failure says why, in the server’s words, with its hint', async () => {
    const store = createPullStore();
    const done = settled(store);
    store.getState().start(fakeClient([layer, { type: 'error', code: 'model_not_found', message: 'Could not pull nope:1b: no such model', hint: 'See ollama.com/library' }]).client, 'nope:1b');
    await done;
    expect(store.getState().pull).toEqual({ phase: 'failed', model: 'nope:1b', message: 'Could not pull nope:1b: no such model', hint: 'See ollama.com/library' });
  });

  it('a stream that ends without `done` is a failure to retry, never a finished download', async () => {
    const store = createPullStore();
    const done = settled(store);
    store.getState().start(fakeClient([layer]).client, 'qwen2.5:3b');
    await done;
    expect(store.getState().pull?.phase).toBe('failed');
  });

  it('done once the server says so', async () => {
    const store = createPullStore();
    const done = settled(store);
    store.getState().start(fakeClient([layer, { type: 'done', model: 'qwen2.5:3b' }]).client, 'qwen2.5:3b');
    await done;
    expect(store.getState().pull).toEqual({ phase: 'done', model: 'qwen2.5:3b' });
  });
});
