import { describe, expect, it } from 'vitest';
import { createTerminalStyle } from '../chat/terminal-style';
import { askNode, nodeBaseUrl } from './node-inquiry';
import { explainTiers, renderTierExplanations, type ExplainedNode } from './tier-explanation';

const plain = createTerminalStyle(false);
const HEALTH = { status: 'healthy', model: 'qwen2.5:32b', version: '1.0.0', node: { name: 'gpu', tier: 1 } };
const HARDWARE = {
  profile: { kind: 'nvidia', gpus: [{ vendor: 'NVIDIA', model: 'NVIDIA GeForce RTX 4090', vramGb: 24 }], totalMemoryGb: 64, usableVramGb: 20.4, cpu: { brand: 'x', cores: 16, speedGhz: null }, platform: 'linux' },
  recommendation: { model: 'qwen2.5:32b', reason: 'fits' },
};

/** A stand-in for a node's HTTP API; `token`: what /hardware wants. */
function nodeFetch(token: string | undefined, asked: string[]): typeof fetch {
  return async (input, init) => {
    const url = String(input);
    asked.push(url);
    const json = (status: number, value: unknown) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
    if (url.endsWith('/health')) return json(200, HEALTH);
    if (url.endsWith('/hardware')) {
      const sent = new Headers(init?.headers).get('authorization');
      return token && sent !== `Bearer ${token}` ? json(401, { error: { code: 'unauthorized', message: 'A bearer token is required' } }) : json(200, HARDWARE);
    }
    return json(404, { error: { code: 'not_found', message: 'no' } });
  };
}

function node(name: string, overrides: Partial<ExplainedNode> = {}): ExplainedNode {
  return { name, kind: 'harombe', host: '127.0.0.1', port: 8000, url: 'http://127.0.0.1:8000', model: 'qwen2.5:32b', tier: 1, enabled: true, source: 'config', ...overrides };
}

describe('askNode', () => {
  it('reads a host:port as its base URL, port 8000 unless given', () => {
    expect(nodeBaseUrl('127.0.0.1').origin).toBe('http://127.0.0.1:8000');
    expect(nodeBaseUrl('127.0.0.2:8001').origin).toBe('http://127.0.0.2:8001');
    expect(nodeBaseUrl('https://127.0.0.1').origin).toBe('https://127.0.0.1');
  });

  it("gets the node's name, model and hardware; a refused /hardware says to pass the node's token", async () => {
    const asked: string[] = [];
    const open = await askNode('127.0.0.1:8000', { fetch: nodeFetch(undefined, asked) });
    expect(open).toMatchObject({ url: 'http://127.0.0.1:8000', health: { model: 'qwen2.5:32b', node: { name: 'gpu', tier: 1 } }, hardware: { kind: 'nvidia', gpuMemoryGb: 24, ramGb: 64 } });
    const refused = await askNode('127.0.0.1:8000', { fetch: nodeFetch('secret', asked) });
    expect(refused.hardware).toBeUndefined();
    expect(refused.hardwareProblem).toMatch(/\/hardware refused without the node's token \(401\): pass --token/);
    expect((await askNode('127.0.0.1:8000', { fetch: nodeFetch('secret', asked), token: 'secret' })).hardware).toEqual({ kind: 'nvidia', gpuMemoryGb: 24, ramGb: 64 });
  });
});

describe('cluster status --explain', () => {
  it('shows per node the configured tier, the suggested one and why, never asking a disabled node', async () => {
    const asked: string[] = [];
    const explanations = await explainTiers(
      [
        node('gpu'),
        node('example', { host: '127.0.0.9', url: 'http://127.0.0.9:8000', model: 'qwen2.5:72b', tier: 2, enabled: false }),
        node('local', { kind: 'ollama', source: 'local', model: 'qwen2.5:1.5b', tier: 0, url: 'http://127.0.0.1:11434' }),
        node('nas', { kind: 'ollama', model: 'qwen2.5:7b', tier: 0, url: 'http://127.0.0.3:11434' }),
      ],
      { ask: (target) => askNode(new URL(target.url), { fetch: nodeFetch(undefined, asked) }), localHardware: async () => ({ kind: 'cpu', gpuMemoryGb: null, ramGb: 16 }) },
    );
    expect(asked).toEqual(['http://127.0.0.1:8000/health', 'http://127.0.0.1:8000/hardware']);
    expect(explanations).toEqual([
      { name: 'gpu', configured: 1, suggested: 2, reason: 'qwen2.5:32b (~19 GB) runs in 24 GB of NVIDIA VRAM at ~28 tokens/s: a powerful-tier model' },
      { name: 'example', configured: 2, suggested: 2, reason: "qwen2.5:72b (72B) is a powerful-tier model; the machine's hardware is unknown (disabled, so not asked)" },
      { name: 'local', configured: 0, suggested: 0, reason: 'qwen2.5:1.5b (~1 GB) runs in 16 GB RAM (CPU only) at ~33 tokens/s: a fast-tier model' },
      { name: 'nas', configured: 0, suggested: 1, reason: "qwen2.5:7b (7B) is a medium-tier model; the machine's hardware is unknown (a plain ollama server does not report its hardware)" },
    ]);
    const lines = renderTierExplanations(explanations, plain);
    expect(lines).toContain('  gpu      tier 1, suggested 2  qwen2.5:32b (~19 GB) runs in 24 GB of NVIDIA VRAM at ~28 tokens/s: a powerful-tier model');
  });
});
