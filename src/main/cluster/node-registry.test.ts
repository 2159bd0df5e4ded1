import { describe, expect, it } from 'vitest';
import { NodeRegistry, NodeRegistryError, type NodeRegistryChange } from './node-registry';
import { createNodeClientFactory, ROUTED_BY_HEADER } from './node-client-factory';
import { localNodeConfig, nodeOrigin, normalizeModelName } from './node-address';
import { testCluster } from '../../../test/support/cluster-test-kit';

describe('NodeRegistry', () => {
  it('adds nodes with the config defaults, lists them, and indexes them by tier and model', () => {
    const { registry } = testCluster();
    const changes: string[] = [];
    registry.onDidChange((change) => changes.push(`${change.type}:${change.node.name}`));
    const laptop = registry.add({ name: 'laptop', host: 'localhost', model: 'qwen2.5:3b', tier: 0 }, { source: 'config' });
    registry.add({ name: 'server', host: 'server.local', model: 'qwen2.5', tier: 2, kind: 'ollama', port: 11434 }, { source: 'mdns' });

    expect(laptop.config).toMatchObject({ port: 8000, enabled: true, kind: 'harombe' });
    expect(laptop.origin).toBe('http://localhost:8000');
    expect(registry.list().map((node) => node.name)).toEqual(['laptop', 'server']);
    expect(registry.inTier(2).map((node) => node.name)).toEqual(['server']);
    expect(registry.serving('qwen2.5:latest').map((node) => node.name)).toEqual(['server']);
    expect(registry.get('server')?.status()).toMatchObject({
      name: 'server',
      kind: 'ollama',
      url: 'http://server.local:11434',
      source: 'mdns',
      health: { status: 'unknown' },
      circuit: { state: 'closed', open_until: null },
      in_flight: 0,
    });
    expect(changes).toEqual(['added:laptop', 'added:server']);
  });

  it('refuses a duplicate name or an invalid node, saying what to fix', () => {
    const { registry } = testCluster();
    registry.add({ name: 'box', host: 'a', model: 'm', tier: 0 }, { source: 'config' });
    expect(() => registry.add({ name: 'box', host: 'b', model: 'm', tier: 1 }, { source: 'runtime' })).toThrow(
      'A node named "box" already exists (from config); remove it first or pick another name.',
    );
    expect(() => registry.add({ name: 'big', host: 'b', model: 'm', tier: 3 }, { source: 'runtime' })).toThrow(NodeRegistryError);
    expect(() => registry.add({ name: 'big', host: 'b', model: 'm', tier: 3 }, { source: 'runtime' })).toThrow(/tier/);
    expect(registry.size).toBe(1);
  });

  it('replaces a node on request and removes nodes, telling listeners', () => {
    const { registry } = testCluster();
    const changes: NodeRegistryChange[] = [];
    registry.onDidChange((change) => changes.push(change));
    const first = registry.add({ name: 'box', host: 'a', model: 'm', tier: 0 }, { source: 'config' });
    const second = registry.add({ name: 'box', host: 'b', model: 'm', tier: 1 }, { source: 'config', replace: true });
    expect(registry.inTier(0)).toEqual([]);
    expect(registry.inTier(1)).toEqual([second]);
    expect(changes[1]).toEqual({ type: 'replaced', node: second, previous: first });
    expect(registry.remove('box')).toBe(true);
    expect(registry.remove('box')).toBe(false);
    expect(registry.list()).toEqual([]);
    expect(changes.at(-1)).toEqual({ type: 'removed', node: second });
  });

  it('drains a node and puts it back, telling listeners once per change; the drain in its config is where it starts', () => {
    const { registry } = testCluster();
    const drains: string[] = [];
    registry.onDidChangeDrain((change) => drains.push(`${change.node.name}:${change.drain}`));
    const box = registry.add({ name: 'box', host: 'a', model: 'm', tier: 0 }, { source: 'config' });
    const kept = registry.add({ name: 'kept', host: 'b', model: 'm', tier: 0, drain: true }, { source: 'config' });
    expect([box.drain, kept.drain]).toEqual([false, true]);
    expect(registry.setDrain('box', true)).toBe(true);
    expect(registry.setDrain('box', true)).toBe(true);
    expect(box.status().drain).toBe(true);
    expect(box.isRoutable(Date.now())).toBe(false);
    expect(registry.setDrain('box', false)).toBe(true);
    expect(registry.setDrain('nope', true)).toBe(false);
    expect(drains).toEqual(['box:true', 'box:false']);
  });

  it('previews a node as add() would make it, validated the same way, without adding it', () => {
    const { registry } = testCluster();
    const changes: NodeRegistryChange[] = [];
    registry.onDidChange((change) => changes.push(change));
    registry.add({ name: 'box', host: 'a', model: 'm', tier: 0 }, { source: 'config' });
    const preview = registry.preview({ name: 'box', host: 'gpu.lan', port: 11434, kind: 'ollama', model: 'm', tier: 2 });
    expect(preview).toMatchObject({ name: 'box', origin: 'http://gpu.lan:11434', tier: 2 });
    expect(registry.get('box')?.tier).toBe(0);
    expect(registry.size).toBe(1);
    expect(changes).toHaveLength(1);
    preview.circuit.dispose();
    expect(() => registry.preview({ name: 'bad', host: 'b', model: 'm', tier: 3 })).toThrow(NodeRegistryError);
  });

  it('forwards every node\'s circuit changes', async () => {
    const { registry } = testCluster({ circuit: { failureThreshold: 1 } });
    const node = registry.add({ name: 'box', host: 'a', model: 'm', tier: 0 }, { source: 'config' });
    const states: string[] = [];
    registry.onDidChangeCircuit((change) => states.push(`${change.node}:${change.status.state}`));
    await node.circuit.run(() => Promise.reject(new Error('boom'))).catch(() => undefined);
    expect(states).toEqual(['box:open']);
  });
});

describe('node addresses', () => {
  it('builds origins for host names, IPv6 literals and hosts written with a scheme', () => {
    expect(nodeOrigin('192.168.1.100', 8000)).toBe('http://192.168.1.100:8000');
    expect(nodeOrigin('fe80::1', 8000)).toBe('http://[fe80::1]:8000');
    expect(nodeOrigin('https://gpu.example.com', 8443)).toBe('https://gpu.example.com:8443');
  });

  it('makes the local node from ollama.host', () => {
    expect(localNodeConfig({ ollama: { host: 'http://localhost:11434', timeout: 120 } }, { model: 'qwen2.5:7b' })).toEqual({
      node: { name: 'local', host: 'localhost', port: 11434, model: 'qwen2.5:7b', tier: 0, enabled: true, kind: 'ollama' },
      origin: 'http://localhost:11434',
    });
    expect(localNodeConfig({ ollama: { host: 'https://ollama.lan', timeout: 120 } }, { model: 'm', tier: 1 }).node).toMatchObject({
      port: 443,
      tier: 1,
    });
  });

  it('compares model names as Ollama does', () => {
    expect(normalizeModelName('Qwen2.5')).toBe('qwen2.5:latest');
    expect(normalizeModelName('registry.lan:5000/library/llama3')).toBe('registry.lan:5000/library/llama3:latest');
    expect(normalizeModelName('llama3:8b')).toBe('llama3:8b');
  });
});

describe('createNodeClientFactory', () => {
  const seen: { url: string; headers: Headers }[] = [];
  const fakeFetch: typeof fetch = async (input, init) => {
    seen.push({ url: String(input instanceof Request ? input.url : input), headers: new Headers(init?.headers) });
    return new Response('data: [DONE]\n\n', { headers: { 'content-type': 'text/event-stream' } });
  };
  const registry = new NodeRegistry({ clientFactory: createNodeClientFactory({ fetch: fakeFetch }) });

  it.each([
    ['harombe', 'secret-token', 'Bearer secret-token', 'coordinator'],
    ['ollama', undefined, 'Bearer ollama', null],
    ['openai', 'sk-local', 'Bearer sk-local', null],
  ] as const)('talks to a %s node at its /v1 with the right key', async (kind, token, authorization, routedBy) => {
    seen.length = 0;
    const node = registry.add(
      { name: `n-${kind}`, host: '127.0.0.1', port: 9999, model: 'm', tier: 0, kind, ...(token ? { auth_token: token } : {}) },
      { source: 'runtime' },
    );
    for await (const _event of node.client.streamChat({ messages: [{ role: 'user', content: 'hi' }] })) {
      // drain
    }
    expect(node.client.endpoint).toBe('http://127.0.0.1:9999');
    expect(seen[0]?.url).toBe('http://127.0.0.1:9999/v1/chat/completions');
    expect(seen[0]?.headers.get('authorization')).toBe(authorization);
    expect(seen[0]?.headers.get(ROUTED_BY_HEADER)).toBe(routedBy);
  });
});
