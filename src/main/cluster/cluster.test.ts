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

  it('drain in harombe.yaml: no new requests there, health and circuit kept when only the drain changes', () => {
    const drainedServer = { ...nodes[1]!, drain: true };
    const cluster = new Cluster({ config: config({ cluster: { nodes: [nodes[0]!, drainedServer] } }), clientFactory: () => new ScriptedLlmClient(), local: false });
    for (const node of cluster.registry.list()) node.health = { ...node.health, status: 'available', model_ok: true };
    const complex = [{ role: 'user' as const, content: 'Design a sharded database and compare it with Spanner' }];
    expect(cluster.nodes().map((node) => [node.name, node.drain])).toEqual([['laptop', false], ['server', true]]);
    expect(cluster.router.route({ messages: complex })).toMatchObject({ node: 'laptop', reason: expect.stringContaining('skipped drained node server') });

    const server = cluster.registry.get('server')!;
    cluster.applyConfig(config({ cluster: { nodes } }));
    expect(cluster.registry.get('server')).toBe(server);
    expect(server.health.status).toBe('available');
    expect(cluster.router.route({ messages: complex }).node).toBe('server');

    // Drained at run time (not saved): an unrelated change to the file leaves it drained.
    cluster.setDrain('server', true);
    cluster.applyConfig(config({ cluster: { routing: { load_balance: false }, nodes } }));
    expect(cluster.registry.get('server')?.drain).toBe(true);
    cluster.applyConfig(config({ cluster: { nodes: [nodes[0]!, drainedServer] } }));
    cluster.applyConfig(config({ cluster: { nodes } }));
    expect(cluster.registry.get('server')?.drain).toBe(false);
  });

  it('streams node_drain with the node\'s status, and node_check after every health check with its latencies', async () => {
    vi.useFakeTimers();
    const cluster = new Cluster({ config: config(), fetch: fakeFetch, clientFactory: () => new ScriptedLlmClient(), local: false });
    const events: ClusterEvent[] = [];
    cluster.events.onEvent((event) => events.push(event));
    expect(cluster.setDrain('laptop', true)).toBe(true);
    expect(cluster.setDrain('nope', true)).toBe(false);
    expect(events).toEqual([expect.objectContaining({ type: 'node_drain', name: 'laptop', drain: true, node: expect.objectContaining({ name: 'laptop', drain: true }) })]);

    await cluster.health.checkNow('laptop');
    await cluster.health.checkNow('laptop');
    const checks = events.filter((event) => event.type === 'node_check');
    expect(checks.map((event) => event.type === 'node_check' && [event.name, event.health.recent_latencies_ms.length])).toEqual([
      ['laptop', 1],
      ['laptop', 2],
    ]);
    // A drained node is still checked and shown.
    expect(cluster.nodes().find((node) => node.name === 'laptop')).toMatchObject({ drain: true, health: { status: 'available' } });
    await cluster.dispose();
  });

  it('tells how to fix this machine\'s own Ollama where it is configured (ollama.host), not in cluster.nodes', async () => {
    const refused: typeof fetch = (input) =>
      String(input).endsWith('/api/tags')
        ? Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:11434'), { code: 'ECONNREFUSED' }) }))
        : fakeFetch(input);
    const cluster = new Cluster({ config: config(), fetch: refused, clientFactory: () => new ScriptedLlmClient(), health: { retries: 0 } });
    const health = await cluster.health.checkNow('local');
    expect(health).toMatchObject({ status: 'unavailable', fix: 'Is `ollama serve` running on this machine (localhost:11434)? Start it, or set ollama.host in harombe.yaml to where it runs.' });
    await cluster.dispose();
  });

  it('keeps the last 50 routing decisions for a client that connects later, listened to or not', () => {
    const cluster = new Cluster({ config: config(), clientFactory: () => new ScriptedLlmClient(), local: false });
    for (let index = 1; index <= 53; index += 1) {
      cluster.events.emit({ type: 'route', node: 'laptop', tier: 0, wanted_tier: 0, complexity: 'simple', reason: 'simple', failed_over: [], excerpt: `message ${index}` });
    }
    const routes = cluster.recentRoutes();
    expect(routes).toHaveLength(50);
    expect(routes[0]?.excerpt).toBe('message 4');
    expect(routes.at(-1)?.excerpt).toBe('message 53');
  });

  it('shows each node\'s success rate and speed from its metrics, null before any request', () => {
    let clock = 0;
    const cluster = new Cluster({ config: config(), clientFactory: () => new ScriptedLlmClient(), local: false, now: () => clock });
    expect(cluster.nodes()[0]).toMatchObject({ success_rate: null, tokens_per_second: null });
    const measurement = cluster.metrics.begin('laptop');
    clock = 100;
    measurement.firstToken();
    clock = 1_100;
    measurement.succeeded({ prompt_tokens: 5, completion_tokens: 20, total_tokens: 25 });
    cluster.metrics.begin('laptop').failed(new Error('refused'));
    expect(cluster.nodes()[0]).toMatchObject({ name: 'laptop', success_rate: 0.5, tokens_per_second: 20 });
    expect(cluster.nodes()[1]).toMatchObject({ name: 'server', success_rate: null, tokens_per_second: null });
  });
});
