// /cluster/nodes, /cluster/route, /cluster/events and /metrics (JSON and Prometheus) in-process, over a real cluster of stand-ins.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  apiErrorSchema,
  clusterNodeListResponseSchema,
  clusterRouteResponseSchema,
  metricsResponseSchema,
  nodeStatusSchema,
} from '../../src/shared';
import { createApp } from '../../src/main/server/app';
import { BodyEventReader, deadPort, twoTierCoordinator, type TwoTierCoordinator } from '../support/cluster-server-kit';
import { TEST_LOCAL_TOKEN, TEST_PORT, call, fakeWorld } from '../support/fake-services';
import type { OllamaStandIn } from '../support/ollama-stand-in';

const COMPLEX = 'Design a sharded database and compare it with Spanner, step by step';

async function errorOf(response: Response) {
  return apiErrorSchema.parse(await response.json()).error;
}

describe('without a cluster', () => {
  const { app } = (() => {
    const world = fakeWorld();
    return { app: createApp(world.services, { host: '127.0.0.1', port: TEST_PORT, localToken: TEST_LOCAL_TOKEN }) };
  })();

  it('/cluster/* answer 404 saying how to add a cluster', async () => {
    for (const [path, init] of [
      ['/cluster/nodes', {}],
      ['/cluster/route', { method: 'POST', json: { message: 'hi' } }],
      ['/cluster/nodes/x', { method: 'DELETE' }],
      ['/cluster/events', {}],
    ] as const) {
      const response = await call(app, path, init);
      expect(response.status, path).toBe(404);
      const error = await errorOf(response);
      expect(error.code).toBe('no_cluster');
      expect(error.hint).toContain('`harombe cluster init`');
    }
  });

  it('/metrics stays the empty seed shape; its Prometheus form is empty', async () => {
    expect(metricsResponseSchema.parse(await (await call(app, '/metrics')).json())).toMatchObject({ nodes: [], cluster_summary: { total_nodes: 0 } });
    const text = await call(app, '/metrics?format=prometheus');
    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toContain('text/plain');
    expect(await text.text()).toBe('');
  });
});

describe('a coordinator', () => {
  let fast: OllamaStandIn;
  let big: OllamaStandIn;
  let world: TwoTierCoordinator['world'];
  let setup: TwoTierCoordinator;

  beforeEach(async () => {
    setup = await twoTierCoordinator();
    ({ fast, big, world } = setup);
  });

  afterEach(async () => {
    await setup.dispose();
  });

  it('GET /cluster/nodes lists every node with its health, circuit and load', async () => {
    const dead = await deadPort();
    world.cluster.registry.add({ name: 'dead', host: '127.0.0.1', port: dead, model: 'qwen2.5:7b', tier: 1, kind: 'ollama' }, { source: 'runtime' });
    await world.cluster.health.checkAll();
    const { nodes } = clusterNodeListResponseSchema.parse(await (await call(world.app, '/cluster/nodes')).json());
    expect(nodes.map((node) => [node.name, node.tier, node.source, node.health.status, node.circuit.state, node.in_flight])).toEqual([
      ['fast', 0, 'config', 'available', 'closed', 0],
      ['big', 2, 'config', 'available', 'closed', 0],
      ['dead', 1, 'runtime', 'unavailable', 'closed', 0],
    ]);
    expect(nodes[2]?.health.reason).toContain(`Cannot reach http://127.0.0.1:${dead}/api/tags`);
  });

  it('POST /cluster/nodes adds a node at run time; a duplicate is a 409, a bad node a 400', async () => {
    const added = await call(world.app, '/cluster/nodes', { method: 'POST', json: { name: 'gpu', host: '127.0.0.9', model: 'qwen2.5:14b', tier: 1, auth_token: 'sk-secret' } });
    expect(added.status).toBe(200);
    const text = await added.text();
    expect(text).not.toContain('sk-secret');
    expect(nodeStatusSchema.parse(JSON.parse(text))).toMatchObject({ name: 'gpu', kind: 'harombe', port: 8000, tier: 1, source: 'runtime', url: 'http://127.0.0.9:8000' });
    expect(world.cluster.registry.get('gpu')?.source).toBe('runtime');
    // Not saved unless asked.
    expect(world.config.updates).toEqual([]);

    const duplicate = await call(world.app, '/cluster/nodes', { method: 'POST', json: { name: 'fast', host: 'x', model: 'm', tier: 0 } });
    expect(duplicate.status).toBe(409);
    expect(await errorOf(duplicate)).toMatchObject({ code: 'node_exists', message: expect.stringContaining('"fast" already exists') });

    const invalid = await call(world.app, '/cluster/nodes', { method: 'POST', json: { name: 'x', host: 'h', model: 'm', tier: 7, colour: 'red' } });
    expect(invalid.status).toBe(400);
    const issues = (await errorOf(invalid)).issues?.map((issue) => issue.path.join('.'));
    expect(issues).toEqual(expect.arrayContaining(['tier']));
  });

  it('POST /cluster/nodes with save writes the node into the config; a failed save adds nothing', async () => {
    const saved = await call(world.app, '/cluster/nodes', { method: 'POST', json: { name: 'gpu', host: '127.0.0.9', model: 'qwen2.5:14b', tier: 1, kind: 'ollama', save: true } });
    expect(saved.status).toBe(200);
    expect(world.config.get().cluster?.nodes.map((node) => node.name)).toEqual(['fast', 'big', 'gpu']);
    expect(world.config.get().cluster?.nodes[2]).toEqual({ name: 'gpu', host: '127.0.0.9', port: 8000, model: 'qwen2.5:14b', tier: 1, enabled: true, kind: 'ollama' });
    expect(world.cluster.registry.get('gpu')?.source).toBe('config');

    world.config.failure = Object.assign(new Error('EACCES: permission denied'), { hint: 'Make harombe.yaml writable.' });
    const failed = await call(world.app, '/cluster/nodes', { method: 'POST', json: { name: 'other', host: 'h', model: 'm', tier: 0, save: true } });
    expect(failed.status).toBe(500);
    expect(await errorOf(failed)).toMatchObject({ code: 'config_not_saved', hint: 'Make harombe.yaml writable.' });
    expect(world.cluster.registry.has('other')).toBe(false);
  });

  it('DELETE /cluster/nodes/:name removes a node (from the config too with ?save=true); unknown is a 404', async () => {
    const removed = await call(world.app, '/cluster/nodes/fast', { method: 'DELETE' });
    expect(await removed.json()).toEqual({ name: 'fast', removed: true, saved: false });
    expect(world.cluster.registry.has('fast')).toBe(false);
    expect(world.config.get().cluster?.nodes.map((node) => node.name)).toEqual(['fast', 'big']);

    const saved = await call(world.app, '/cluster/nodes/big?save=true', { method: 'DELETE' });
    expect(await saved.json()).toEqual({ name: 'big', removed: true, saved: true });
    expect(world.config.get().cluster?.nodes.map((node) => node.name)).toEqual(['fast']);

    const unknown = await call(world.app, '/cluster/nodes/nope', { method: 'DELETE' });
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe('node_not_found');
    expect((await call(world.app, '/cluster/nodes/fast?save=maybe', { method: 'DELETE' })).status).toBe(400);
  });

  it('POST /cluster/route says where a message would go and why, without sending it anywhere', async () => {
    const simple = clusterRouteResponseSchema.parse(await (await call(world.app, '/cluster/route', { method: 'POST', json: { message: 'hi' } })).json());
    expect(simple).toMatchObject({ node: 'fast', tier: 0, wanted_tier: 0, complexity: 'simple', candidates: ['fast', 'big'], fallbacks: ['big'] });
    expect(simple.reason).toContain('simple');

    const complex = clusterRouteResponseSchema.parse(await (await call(world.app, '/cluster/route', { method: 'POST', json: { message: COMPLEX } })).json());
    expect(complex).toMatchObject({ node: 'big', tier: 2, complexity: 'complex' });

    const forced = await (await call(world.app, '/cluster/route', { method: 'POST', json: { message: 'hi', tier: 2 } })).json();
    expect(forced).toMatchObject({ node: 'big', wanted_tier: 2 });
    expect(fast.chatRequests.length + big.chatRequests.length).toBe(0);

    const missing = await call(world.app, '/cluster/route', { method: 'POST', json: { message: 'hi', model: 'mistral:7b' } });
    expect(missing.status).toBe(503);
    expect(await errorOf(missing)).toMatchObject({ code: 'no_route', message: expect.stringContaining('no node in the cluster serves model mistral:7b') });
  });

  it('GET /metrics: the seed JSON and, asked for, Prometheus text with a series per node', async () => {
    await call(world.app, '/v1/chat/completions', { method: 'POST', json: { model: 'auto', messages: [{ role: 'user', content: 'hi' }] } });
    const json = metricsResponseSchema.parse(await (await call(world.app, '/metrics')).json());
    expect(json.nodes.map((node) => [node.name, node.total_requests, node.successful_requests])).toEqual([
      ['fast', 1, 1],
      ['big', 0, 0],
    ]);
    expect(json.cluster_summary).toMatchObject({ total_nodes: 2, total_requests: 1 });

    for (const [path, headers] of [['/metrics?format=prometheus', {}], ['/metrics', { accept: 'text/plain;version=0.0.4' }]] as const) {
      const response = await call(world.app, path, { headers });
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      expect(text).toContain('harombe_node_requests_total{node="fast",outcome="success"} 1');
      expect(text).toContain('harombe_node_circuit_state{node="big",state="closed"} 1');
      expect(text).toContain('harombe_node_in_flight{node="big"} 0');
    }
  });

  it('GET /cluster/events: a snapshot first, then node_added after POST /cluster/nodes, route after a /v1 request', async () => {
    const response = await call(world.app, '/cluster/events');
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = new BodyEventReader(response.body!);
    try {
      const snapshot = await events.next();
      expect(snapshot?.event).toBe('snapshot');
      expect((snapshot?.data.nodes as { name: string }[]).map((node) => node.name)).toEqual(['fast', 'big']);

      await call(world.app, '/cluster/nodes', { method: 'POST', json: { name: 'gpu', host: '127.0.0.9', model: 'qwen2.5:14b', tier: 1 } });
      const added = await events.next();
      expect(added).toMatchObject({ event: 'node_added', data: { type: 'node_added', node: { name: 'gpu', source: 'runtime' } } });

      await call(world.app, '/cluster/nodes/gpu', { method: 'DELETE' });
      expect(await events.next()).toMatchObject({ event: 'node_removed', data: { name: 'gpu' } });

      await call(world.app, '/v1/chat/completions', { method: 'POST', json: { model: 'tier:2', messages: [{ role: 'user', content: 'hi' }] } });
      expect(await events.next()).toMatchObject({ event: 'route', data: { node: 'big', tier: 2, wanted_tier: 2, failed_over: [] } });
    } finally {
      await events.close();
    }
  });
});
