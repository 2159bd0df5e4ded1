import { describe, expect, it } from 'vitest';
import { checkOllama, describeReadiness, nextSteps } from './ollama-readiness';

const host = 'http://127.0.0.1:11434';

/** A stand-in for fetch that answers by path, or fails like undici does. */
function fakeFetch(routes: Record<string, () => Response | Promise<Response>>): typeof fetch {
  return (async (url: string | URL | Request) => {
    const path = new URL(String(url)).pathname;
    const route = routes[path];
    if (!route) return new Response('404 page not found', { status: 404 });
    return route();
  }) as typeof fetch;
}

const refused = (async () => {
  throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
}) as typeof fetch;

const version = () => Response.json({ version: '0.5.7' });
const tags = (...names: string[]) => () => Response.json({ models: names.map((name) => ({ name, model: name })) });

describe('checkOllama', () => {
  it('reports not running when nothing listens, and lists every step', async () => {
    const readiness = await checkOllama({ host, model: 'qwen2.5:1.5b', fetch: refused });
    expect(readiness).toEqual({ state: 'not-running', host, detail: `nothing is listening at ${host}` });
    expect(describeReadiness(readiness, 'qwen2.5:1.5b')).toBe(`Ollama is not running: nothing is listening at ${host}.`);
    expect(nextSteps(readiness, 'qwen2.5:1.5b', 'harombe chat')).toEqual([
      'Start Ollama: `ollama serve` (or install it from https://ollama.com)',
      'Pull the model: `ollama pull qwen2.5:1.5b`',
      'Start chatting: `harombe chat`',
    ]);
  });

  it('reports not running when something else answers at the host', async () => {
    const readiness = await checkOllama({ host, model: 'qwen2.5:1.5b', fetch: fakeFetch({}) });
    expect(readiness).toMatchObject({ state: 'not-running', detail: `${host} answered HTTP 404 to /api/version; is that Ollama?` });
  });

  it('reports a timeout in words', async () => {
    const slow = (async () => {
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    }) as typeof fetch;
    const readiness = await checkOllama({ host, model: 'qwen2.5:1.5b', fetch: slow, timeoutMs: 2000 });
    expect(readiness).toMatchObject({ state: 'not-running', detail: `no answer from ${host} within 2 s` });
  });

  it('reports the model missing when Ollama runs without it', async () => {
    const readiness = await checkOllama({ host, model: 'qwen2.5:1.5b', fetch: fakeFetch({ '/api/version': version, '/api/tags': tags('llama3.2:latest') }) });
    expect(readiness).toEqual({ state: 'model-missing', host, version: '0.5.7' });
    expect(describeReadiness(readiness, 'qwen2.5:1.5b')).toBe(`Ollama 0.5.7 is running at ${host}, but qwen2.5:1.5b is not pulled yet.`);
    expect(nextSteps(readiness, 'qwen2.5:1.5b', 'harombe chat')).toEqual(['Pull the model: `ollama pull qwen2.5:1.5b`', 'Start chatting: `harombe chat`']);
  });

  it('reports ready when the model is pulled, treating a missing tag as :latest', async () => {
    const fetch = fakeFetch({ '/api/version': version, '/api/tags': tags('qwen2.5:1.5b', 'llama3.2:latest') });
    const readiness = await checkOllama({ host: `${host}/`, model: 'qwen2.5:1.5b', fetch });
    expect(readiness.state).toBe('ready');
    expect(nextSteps(readiness, 'qwen2.5:1.5b', 'harombe chat')).toEqual(['Start chatting: `harombe chat`']);
    expect((await checkOllama({ host, model: 'llama3.2', fetch })).state).toBe('ready');
    expect((await checkOllama({ host, model: 'llama3.2:1b', fetch })).state).toBe('model-missing');
  });
});
