import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModelServerWatch, type ModelServerStateChange } from './model-server-watch';
import type { OllamaReadiness } from './ollama-readiness';

const HOST = 'http://127.0.0.1:11434';
const down: OllamaReadiness = { state: 'not-running', host: HOST, detail: `nothing is listening at ${HOST}` };
const ready: OllamaReadiness = { state: 'ready', host: HOST, version: '0.6.5' };
const noModel: OllamaReadiness = { state: 'model-missing', host: HOST, version: '0.6.5' };

function setup(first: OllamaReadiness) {
  let answer = first;
  const check = vi.fn(async () => answer);
  const watch = new ModelServerWatch({ target: () => ({ host: HOST, model: 'qwen2.5:7b' }), check, intervalMs: 15_000, staleAfterMs: 5_000 });
  const changes: ModelServerStateChange[] = [];
  watch.onDidChange((change) => changes.push(change));
  return { watch, check, changes, set: (next: OllamaReadiness) => (answer = next) };
}

describe('ModelServerWatch', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('says why the model server cannot answer and what to do, for this machine and in words for anyone', async () => {
    const { watch } = setup(down);
    expect(await watch.state()).toMatchObject({
      ready: false,
      reachable: false,
      modelPresent: false,
      url: HOST,
      reason: 'Ollama is not reachable',
      detail: `Ollama is not reachable: nothing is listening at ${HOST}`,
      hint: expect.stringContaining('ollama serve'),
    });
    const missing = setup(noModel);
    expect(await missing.watch.state()).toMatchObject({ ready: false, reachable: true, modelPresent: false, reason: 'the model qwen2.5:7b is not pulled', hint: expect.stringContaining('ollama pull qwen2.5:7b') });
  });

  it('checks in the background, answers from the last check while fresh, and tells each change once', async () => {
    const { watch, check, changes, set } = setup(ready);
    watch.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(check).toHaveBeenCalledTimes(1);
    await watch.state();
    expect(check).toHaveBeenCalledTimes(1);

    set(down);
    await vi.advanceTimersByTimeAsync(15_000);
    expect((await watch.state()).ready).toBe(false);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(check).toHaveBeenCalledTimes(4);
    // Down three times in a row is one change, not three log lines.
    expect(changes.map(({ previous, state }) => `${previous?.ready ?? 'none'}→${state.ready}`)).toEqual(['none→true', 'true→false']);
    await watch.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('answers for the model and host in use now: a config change is checked at once, not answered from the old check', async () => {
    let target = { host: HOST, model: 'qwen2.5:7b' };
    const check = vi.fn(async ({ model }: { model: string }): Promise<OllamaReadiness> => (model === 'qwen2.5:7b' ? noModel : ready));
    const watch = new ModelServerWatch({ target: () => target, check, intervalMs: 15_000, staleAfterMs: 5_000 });
    expect(await watch.state()).toMatchObject({ modelPresent: false, model: 'qwen2.5:7b' });
    target = { host: HOST, model: 'qwen2.5:1.5b' };
    expect(await watch.state()).toMatchObject({ ready: true, modelPresent: true, model: 'qwen2.5:1.5b' });
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('checks again when asked for a stale answer', async () => {
    const { watch, check, set } = setup(ready);
    expect((await watch.state()).ready).toBe(true);
    set(noModel);
    await vi.advanceTimersByTimeAsync(5_000);
    expect((await watch.state()).modelPresent).toBe(false);
    expect(check).toHaveBeenCalledTimes(2);
  });
});
