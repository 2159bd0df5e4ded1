import { afterEach, describe, expect, it, vi } from 'vitest';
import { harombeConfigSchema, type ClusterEvent, type HarombeConfigInput } from '../../shared';
import { Cluster } from './cluster';
import { ScriptedLlmClient } from '../../../test/support/scripted-llm-client';

const nodes = [
  { name: 'laptop', host: 'localhost', model: 'qwen2.5:3b', tier: 0 },
  { name: 'server', host: 'server.local', model: 'qwen2.5:72b', tier: 2 },
];

function config(input: HarombeConfigInput = {}) {
  return harombeConfigSchema.parse({ model: { name: 'qwen2.5:7b' }, cluster: { nodes }, ...input });
}

const fakeFetch: typeof fetch = (input) =>
  Promise.resolve(
    String(input).endsWith('/api/tags')
      ? Response.json({ models: [{ name: 'qwen2.5:7b' }] })
      : Response.json({ status: 'healthy', model: String(input).includes('server') ? 'qwen2.5:72b' : 'qwen2.5:3b', version: '0.1.0' }),
  );

describe('Cluster', () => {
  afterEach(() => vi.useRealTimers());

  it('builds the nodes from config plus the coordinator\'s own Ollama as `local`', () => {
    const cluster = new Cluster({ config: config(), clientFactory: () => new ScriptedLlmClient() });
    expect(cluster.nodes().map((node) => [node.name, node.kind, node.tier, node.source, node.url])).toEqual([
      ['laptop', 'harombe', 0, 'config', 'http://localhost:8000'],
      ['server', 'harombe', 2, 'config', 'http://server.local:8000'],
      ['local', 'ollama', 0, 'local', 'http://localhost:11434'],
    ]);
    const noLocal = new Cluster({ config: config({ model: { name: 'auto' }, cluster: { nodes } }) });
    expect(noLocal.nodes().map((node) => node.name)).toEqual(['laptop', 'server']);
    const tiered = new Cluster({ config: config(), local: { model: 'llama3:8b', tier: 1 } });
    expect(tiered.registry.get('local')?.config).toMatchObject({ model: 'llama3:8b', tier: 1 });
    expect(new Cluster({ config: config(), local: false }).registry.has('local')).toBe(false);
  });

  it('streams its events: health changes and nodes added or removed', async () => {
    vi.useFakeTimers();
    const cluster = new Cluster({ config: config(), fetch: fakeFetch, clientFactory: () => new ScriptedLlmClient() });
    const events: ClusterEvent[] = [];
    cluster.events.onEvent((event) => events.push(event));
    cluster.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(events.filter((event) => event.type === 'node_health').map((event) => event.type === 'node_health' && event.name)).toEqual([
      'laptop',
      'server',
      'local',
    ]);
    cluster.registry.add({ name: 'extra', host: 'extra.lan', model: 'm', tier: 1 }, { source: 'runtime' });
    cluster.registry.remove('extra');
    expect(events.slice(-2).map((event) => event.type)).toEqual(['node_added', 'node_removed']);
    await cluster.stop();
    expect(vi.getTimerCount()).toBe(0);
    await cluster.dispose();
  });

  it('applies a changed cluster section: routing now, config nodes added, changed or removed', () => {
    const cluster = new Cluster({ config: config(), clientFactory: () => new ScriptedLlmClient() });
    cluster.registry.add({ name: 'found', host: 'found.lan', model: 'm', tier: 1 }, { source: 'mdns' });
    const serverBefore = cluster.registry.get('server');
    cluster.applyConfig(
      config({
        cluster: {
          routing: { fallback_strategy: 'strict' },
          nodes: [nodes[1]!, { name: 'new', host: 'new.lan', model: 'm', tier: 1 }],
        },
      }),
    );
    expect(cluster.nodes().map((node) => node.name).sort()).toEqual(['found', 'local', 'new', 'server']);
    expect(cluster.registry.get('server')).toBe(serverBefore);
    for (const node of cluster.registry.list()) node.health = { ...node.health, status: 'unavailable' };
    expect(() => cluster.router.route({ messages: [{ role: 'user', content: 'hi' }] })).toThrow(/fallback_strategy is strict/);
  });
});
