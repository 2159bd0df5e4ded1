// The cluster against real servers on loopback: Ollama stand-ins as `ollama` and `openai` nodes, one stopped and restarted.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { harombeConfigSchema, type CircuitEvent, type ClusterEvent } from '../src/shared';
import { Cluster, type ServedRoute } from '../src/main/cluster';
import type { LlmClient } from '../src/main/llm';
import { OllamaStandIn } from './support/ollama-stand-in';
import { LoopbackRelay } from './support/loopback-relay';

const SIMPLE = 'hi';
const MEDIUM = 'Explain why the sky is blue';
const COMPLEX = 'Design a sharded database and compare it with Spanner';

async function ask(client: LlmClient, message: string): Promise<string> {
  let text = '';
  for await (const event of client.streamChat({ messages: [{ role: 'user', content: message }] })) {
    if (event.type === 'text-delta') text += event.text;
  }
  return text;
}

async function standIn(model: string, answer: string): Promise<OllamaStandIn> {
  const server = await new OllamaStandIn({ models: [{ name: model }] }).start();
  server.otherwise().reply(answer);
  return server;
}

describe('a cluster of real nodes on loopback', () => {
  let laptop: OllamaStandIn;
  let workstation: OllamaStandIn;
  let server: OllamaStandIn;
  let relay: LoopbackRelay;
  let cluster: Cluster;
  let routes: ServedRoute[];
  let events: ClusterEvent[];

  beforeEach(async () => {
    laptop = await standIn('qwen2.5:3b', 'laptop here');
    workstation = await standIn('qwen2.5:14b', 'workstation here');
    server = await standIn('qwen2.5:72b', 'server here');
    // The server node is reached through a relay so that it can go down and come back at the same address.
    relay = await new LoopbackRelay(server.port).open();
    const config = harombeConfigSchema.parse({
      model: { name: 'qwen2.5:3b' },
      cluster: {
        routing: { prefer_local: true, load_balance: true, fallback_strategy: 'graceful' },
        nodes: [
          { name: 'laptop', host: '127.0.0.1', port: laptop.port, model: 'qwen2.5:3b', tier: 0, kind: 'ollama' },
          { name: 'workstation', host: '127.0.0.1', port: workstation.port, model: 'qwen2.5:14b', tier: 1, kind: 'ollama' },
          { name: 'server', host: '127.0.0.1', port: relay.port, model: 'qwen2.5:72b', tier: 2, kind: 'openai', auth_token: 'sk-test' },
        ],
      },
    });
    routes = [];
    events = [];
    cluster = new Cluster({
      config,
      local: false,
      circuit: { failureThreshold: 2, halfOpenAfterMs: 30_000, successThreshold: 2 },
      executor: { retryBaseMs: 5, retryMaxMs: 20 },
      health: { retries: 0, timeoutMs: 2_000 },
      onRoute: (route) => routes.push(route),
    });
    cluster.events.onEvent((event) => events.push(event));
  });

  afterEach(async () => {
    vi.useRealTimers();
    await cluster.dispose();
    await relay.close();
    await Promise.all([laptop.stop(), workstation.stop(), server.stop()]);
  });

  it('checks each kind of node and finds the model each one serves', async () => {
    cluster.registry.add(
      { name: 'liar', host: '127.0.0.1', port: laptop.port, model: 'llama3:70b', tier: 2, kind: 'ollama' },
      { source: 'runtime' },
    );
    await cluster.health.checkAll();
    const health = Object.fromEntries(cluster.nodes().map((node) => [node.name, node.health]));
    expect(health.laptop).toMatchObject({ status: 'available', model_ok: true, served_models: ['qwen2.5:3b'] });
    expect(health.server).toMatchObject({ status: 'available', model_ok: true });
    expect(health.liar).toMatchObject({ status: 'unavailable', model_ok: false });
    expect(health.liar?.reason).toContain('not llama3:70b as configured; run `ollama pull llama3:70b` there');
    // The OpenAI-kind node was asked for its models with its key.
    expect(server.requests.find((request) => request.path === '/v1/models')?.headers.authorization).toBe('Bearer sk-test');
  });

  it('routes each request to the tier its complexity asks for', async () => {
    expect(await ask(cluster.client, SIMPLE)).toBe('laptop here');
    expect(await ask(cluster.client, MEDIUM)).toBe('workstation here');
    expect(await ask(cluster.client, COMPLEX)).toBe('server here');
    expect(routes.map((route) => [route.node, route.tier, route.complexity])).toEqual([
      ['laptop', 0, 'simple'],
      ['workstation', 1, 'medium'],
      ['server', 2, 'complex'],
    ]);
    // Each node was asked for its own model.
    expect(server.lastChatRequest?.model).toBe('qwen2.5:72b');
    expect(cluster.metrics.node('server')).toMatchObject({ requests: 1, successes: 1, failures: 0 });
  });

  it('a node that goes down: failover before the first token, its circuit opens; back up: half-open, then closed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 10, 26, 14, 0, 0));
    expect(await ask(cluster.client, COMPLEX)).toBe('server here');

    await relay.close();
    await server.stop();
    // Two requests: each fails on the server before any token and is answered by the nearest tier.
    for (let request = 0; request < 2; request += 1) {
      expect(await ask(cluster.client, COMPLEX)).toBe('workstation here');
      expect(routes.at(-1)).toMatchObject({ node: 'workstation', wantedTier: 2, failedOver: ['server'] });
    }
    expect(cluster.registry.get('server')?.circuit.state).toBe('open');
    expect(cluster.nodes().find((node) => node.name === 'server')?.circuit.open_until).toBe(
      new Date(2026, 10, 26, 14, 0, 30).toISOString(),
    );

    // While open, the server is not even tried.
    const failoversBefore = events.filter((event) => event.type === 'failover').length;
    expect(await ask(cluster.client, COMPLEX)).toBe('workstation here');
    expect(events.filter((event) => event.type === 'failover')).toHaveLength(failoversBefore);
    expect(routes.at(-1)?.reason).toContain('no routable node in tier 2 (server: circuit open until 14:00:30), fell back to tier 1');

    // Back at the same address; after the cool-down two good answers close the circuit.
    server = await standIn('qwen2.5:72b', 'server is back');
    await relay.open(server.port);
    vi.setSystemTime(new Date(2026, 10, 26, 14, 0, 30));
    expect(await ask(cluster.client, COMPLEX)).toBe('server is back');
    expect(cluster.registry.get('server')?.circuit.state).toBe('half_open');
    expect(await ask(cluster.client, COMPLEX)).toBe('server is back');
    expect(cluster.registry.get('server')?.circuit.state).toBe('closed');

    const circuit = events.filter((event): event is CircuitEvent => event.type === 'circuit' && event.name === 'server');
    expect(circuit.map((event) => `${event.previous}→${event.circuit.state}`)).toEqual([
      'closed→open',
      'open→half_open',
      'half_open→closed',
    ]);
    expect(cluster.metrics.node('server')).toMatchObject({ successes: 3, failures: 2 });
    const prometheus = await cluster.metrics.toPrometheus();
    expect(prometheus).toContain('harombe_node_requests_total{node="server",outcome="failure"} 2');
  });

  it('a node that dies in the middle of an answer: the error names it, nothing is retried', async () => {
    server.on({ lastUserMessage: /sharded/ }).reply('a long answer that is cut off').closeAfter(3);
    let error: unknown;
    let said = '';
    try {
      for await (const event of cluster.client.streamChat({ messages: [{ role: 'user', content: COMPLEX }] })) {
        if (event.type === 'text-delta') said += event.text;
      }
    } catch (caught) {
      error = caught;
    }
    expect(said.length).toBeGreaterThan(0);
    expect((error as Error).message).toMatch(/^Node "server" \(http:\/\/127\.0\.0\.1:\d+\) failed in the middle of the answer: /);
    expect(workstation.chatRequests).toHaveLength(0);
    expect(cluster.registry.get('server')?.inFlight).toBe(0);
  });
});
