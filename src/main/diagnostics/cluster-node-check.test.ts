import { describe, expect, it } from 'vitest';
import type { NodeConfig } from '../../shared';
import { checkClusterNode } from './cluster-node-check';

function node(overrides: Partial<NodeConfig>): NodeConfig {
  return { name: 'gpu-box', host: '10.0.0.5', port: 8000, model: 'qwen2.5:14b', tier: 1, enabled: true, kind: 'harombe', ...overrides };
}

interface Seen {
  url: string;
  authorization: string | null;
}

function answering(body: unknown, status = 200, seen: Seen[] = []): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    seen.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization') });
    return Response.json(body, { status });
  }) as typeof fetch;
}

const refused = (async () => {
  throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
}) as typeof fetch;

describe('checkClusterNode', () => {
  it('asks a harombe node for /health and shows its version and model', async () => {
    const seen: Seen[] = [];
    const check = await checkClusterNode(node({ auth_token: 'secret' }), { timeoutMs: 1000, fetch: answering({ status: 'healthy', model: 'qwen2.5:14b', version: '0.1.0' }, 200, seen) });
    expect(check).toMatchObject({ id: 'cluster-node:gpu-box', name: 'node gpu-box', status: 'pass', detail: 'harombe 0.1.0 at http://10.0.0.5:8000/health, model qwen2.5:14b' });
    // harombe's /health is public: the token is not sent where it is not needed.
    expect(seen).toEqual([{ url: 'http://10.0.0.5:8000/health', authorization: null }]);
  });

  it('warns when a harombe node serves another model than the config says', async () => {
    const check = await checkClusterNode(node({}), { timeoutMs: 1000, fetch: answering({ status: 'healthy', model: 'llama3.2:3b', version: '0.1.0' }) });
    expect(check).toMatchObject({ status: 'warn', detail: expect.stringContaining('serves llama3.2:3b') });
  });

  it('fails a harombe node that is up but whose model server cannot answer, with the fix for that machine', async () => {
    const degraded = {
      status: 'degraded',
      model: 'qwen2.5:14b',
      version: '0.1.0',
      model_server: { reachable: false, model_present: false, error: 'Ollama is not reachable', hint: 'Start it with `ollama serve`.', checked_at: '2026-12-02T04:00:00Z' },
    };
    const check = await checkClusterNode(node({}), { timeoutMs: 1000, fetch: answering(degraded) });
    expect(check).toMatchObject({
      status: 'fail',
      detail: 'harombe 0.1.0 at http://10.0.0.5:8000/health is up but cannot answer: Ollama is not reachable',
      fix: 'On gpu-box: Start it with `ollama serve`.',
    });
  });

  it('asks an Ollama node for /api/version', async () => {
    const seen: Seen[] = [];
    const check = await checkClusterNode(node({ kind: 'ollama', port: 11434 }), { timeoutMs: 1000, fetch: answering({ version: '0.6.5' }, 200, seen) });
    expect(check).toMatchObject({ status: 'pass', detail: 'Ollama 0.6.5 at http://10.0.0.5:11434/api/version' });
    expect(seen[0]?.url).toBe('http://10.0.0.5:11434/api/version');
  });

  it('sends the auth token as a bearer to an OpenAI-compatible node and looks for its model', async () => {
    const seen: Seen[] = [];
    const check = await checkClusterNode(node({ kind: 'openai', host: 'https://llm.example.test', port: 443, model: 'gpt-x', auth_token: 'sk-1' }), {
      timeoutMs: 1000,
      fetch: answering({ data: [{ id: 'gpt-x' }] }, 200, seen),
    });
    expect(check.status).toBe('pass');
    expect(seen).toEqual([{ url: 'https://llm.example.test/v1/models', authorization: 'Bearer sk-1' }]);
  });

  it('fails an unreachable node, naming where it looked, and a refused token', async () => {
    const down = await checkClusterNode(node({}), { timeoutMs: 1000, fetch: refused });
    expect(down).toMatchObject({ status: 'fail', detail: 'unreachable: nothing is listening at http://10.0.0.5:8000/health' });
    expect(down.fix).toContain('gpu-box');
    const locked = await checkClusterNode(node({ kind: 'openai' }), { timeoutMs: 1000, fetch: answering({ error: 'no' }, 401) });
    expect(locked).toMatchObject({ status: 'fail', fix: expect.stringContaining('auth_token') });
  });

  it('fails a node that answers but is not what its kind says', async () => {
    const check = await checkClusterNode(node({}), { timeoutMs: 1000, fetch: answering({ hello: 'world' }) });
    expect(check).toMatchObject({ status: 'fail', detail: 'http://10.0.0.5:8000/health did not answer like harombe' });
  });

  it('skips a disabled node', async () => {
    expect((await checkClusterNode(node({ enabled: false }), { timeoutMs: 1000, fetch: refused })).status).toBe('skip');
  });
});
