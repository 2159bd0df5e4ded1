// What the cluster dashboard reads and does through the API, in-process over a real cluster of Ollama stand-ins: drain
// a node, test a node before adding it or now, the fix beside a reason, the sparkline, and the last routing decisions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  apiErrorSchema,
  clusterNodeDrainResponseSchema,
  clusterNodeListResponseSchema,
  clusterNodeTestResponseSchema,
  clusterRouteResponseSchema,
  clusterSnapshotEventSchema,
  nodeCheckEventSchema,
  nodeDrainEventSchema,
  routeDecisionEventSchema,
} from '../../src/shared';
import { BodyEventReader, deadPort, twoTierCoordinator, type TwoTierCoordinator } from '../support/cluster-server-kit';
import { waitFor } from '../support/cluster-e2e-kit';
import { call } from '../support/fake-services';
import type { OllamaStandIn } from '../support/ollama-stand-in';

const COMPLEX = 'Design a sharded database and compare it with Spanner, step by step';

async function errorOf(response: Response) {
  return apiErrorSchema.parse(await response.json()).error;
}

let setup: TwoTierCoordinator;
let world: TwoTierCoordinator['world'];
let fast: OllamaStandIn;
let big: OllamaStandIn;

beforeEach(async () => {
  setup = await twoTierCoordinator();
  ({ world, fast, big } = setup);
});

afterEach(async () => {
  await setup.dispose();
});

function drain(name: string, body: unknown) {
  return call(world.app, `/cluster/nodes/${name}/drain`, { method: 'PUT', json: body });
}

async function route(message: string) {
  return clusterRouteResponseSchema.parse(await (await call(world.app, '/cluster/route', { method: 'POST', json: { message } })).json());
}

describe('PUT /cluster/nodes/:name/drain', () => {
  it('drains a node: no new turns go there, the decision says it skipped it, and it comes back when put back', async () => {
    const events = new BodyEventReader((await call(world.app, '/cluster/events')).body!);
    try {
      await events.until('snapshot');
      const drained = clusterNodeDrainResponseSchema.parse(await (await drain('big', { drain: true })).json());
      expect(drained).toMatchObject({ node: { name: 'big', drain: true }, saved: false });
      expect(nodeDrainEventSchema.parse((await events.until('node_drain'))?.data)).toMatchObject({ name: 'big', drain: true, node: { drain: true } });

      const decision = await route(COMPLEX);
      expect(decision).toMatchObject({ node: 'fast', wanted_tier: 2 });
      expect(decision.reason).toContain('skipped drained node big');
      const answer = await call(world.app, '/v1/chat/completions', { method: 'POST', json: { model: 'auto', messages: [{ role: 'user', content: COMPLEX }] } });
      expect(((await answer.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe('fast here');
      expect(big.chatRequests).toHaveLength(0);

      expect(clusterNodeDrainResponseSchema.parse(await (await drain('big', { drain: false })).json()).node.drain).toBe(false);
      expect(await events.until('node_drain')).toMatchObject({ data: { name: 'big', drain: false } });
      expect((await route(COMPLEX)).node).toBe('big');
    } finally {
      await events.close();
    }
  });

  it('lets a turn already running on the node finish', async () => {
    big.on({}).reply(['one ', 'two ', 'three']).delayBetweenTokens(30);
    const running = await call(world.app, '/v1/chat/completions', {
      method: 'POST',
      json: { model: 'tier:2', stream: true, messages: [{ role: 'user', content: 'count' }] },
    });
    const reader = running.body!.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value, { stream: true });

    const drained = clusterNodeDrainResponseSchema.parse(await (await drain('big', { drain: true })).json());
    expect(drained.node).toMatchObject({ drain: true, in_flight: 1 });
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
    const said = [...text.matchAll(/"content":"([^"]*)"/g)].map((match) => match[1]).join('');
    expect(said).toBe('one two three');
    expect(text).toContain('[DONE]');
  });

  it('with save, sets drain: true on the node in the config, and takes it out when put back', async () => {
    const saved = clusterNodeDrainResponseSchema.parse(await (await drain('big', { drain: true, save: true })).json());
    expect(saved).toMatchObject({ node: { drain: true }, saved: true });
    expect(world.config.get().cluster?.nodes.find((node) => node.name === 'big')).toMatchObject({ name: 'big', drain: true });
    expect(world.config.get().cluster?.nodes.find((node) => node.name === 'fast')).not.toHaveProperty('drain');

    expect((await (await drain('big', { drain: false, save: true })).json()) as unknown).toMatchObject({ saved: true, node: { drain: false } });
    expect(world.config.get().cluster?.nodes.find((node) => node.name === 'big')).not.toHaveProperty('drain');
  });

  it('a node not in harombe.yaml is drained until restart (saved: false); a failed save drains nothing', async () => {
    await call(world.app, '/cluster/nodes', { method: 'POST', json: { name: 'gpu', host: '127.0.0.9', model: 'qwen2.5:14b', tier: 1 } });
    expect(await (await drain('gpu', { drain: true, save: true })).json()).toMatchObject({ saved: false, node: { name: 'gpu', drain: true } });

    world.config.failure = Object.assign(new Error('EACCES: permission denied'), { hint: 'Make harombe.yaml writable.' });
    const failed = await drain('big', { drain: true, save: true });
    expect(failed.status).toBe(500);
    expect(await errorOf(failed)).toMatchObject({ code: 'config_not_saved', hint: 'Make harombe.yaml writable.' });
    expect(world.cluster.registry.get('big')?.drain).toBe(false);
  });

  it('an unknown node is a 404, a body without drain a 400', async () => {
    const unknown = await drain('nope', { drain: true });
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe('node_not_found');
    const invalid = await drain('big', { save: true });
    expect(invalid.status).toBe(400);
    expect((await errorOf(invalid)).issues?.map((issue) => issue.path.join('.'))).toEqual(['drain']);
  });
});

describe('testing a node', () => {
  it('POST /cluster/nodes/test runs the cluster test checks on a definition, with a fix per failure, and adds nothing', async () => {
    const good = clusterNodeTestResponseSchema.parse(
      await (await call(world.app, '/cluster/nodes/test', { method: 'POST', json: { name: 'spare', host: '127.0.0.1', port: fast.port, model: 'qwen2.5:3b', tier: 1, kind: 'ollama' } })).json(),
    );
    expect(good.passed).toBe(true);
    expect(good.checks.map((check) => [check.name, check.status])).toEqual([
      ['reachable', 'pass'],
      ['auth', 'pass'],
      ['model', 'pass'],
      ['completion', 'pass'],
    ]);
    expect(good.checks[3]?.detail).toContain('"fast here"');
    expect(good.status).toBeUndefined();

    const missing = clusterNodeTestResponseSchema.parse(
      await (await call(world.app, '/cluster/nodes/test', { method: 'POST', json: { name: 'spare', host: '127.0.0.1', port: fast.port, model: 'qwen2.5:14b', tier: 1, kind: 'ollama' } })).json(),
    );
    expect(missing.passed).toBe(false);
    expect(missing.checks.find((check) => check.name === 'model')).toMatchObject({ status: 'fail', fix: 'Run `ollama pull qwen2.5:14b` on 127.0.0.1, or set the model of spare to one it has (it serves qwen2.5:3b).' });

    const dead = await deadPort();
    const down = clusterNodeTestResponseSchema.parse(
      await (await call(world.app, '/cluster/nodes/test', { method: 'POST', json: { name: 'spare', host: '127.0.0.1', port: dead, model: 'm', tier: 1, kind: 'ollama' } })).json(),
    );
    expect(down.checks.map((check) => check.status)).toEqual(['fail', 'skip', 'skip', 'skip']);
    expect(down.checks[0]?.fix).toContain('Run `ollama serve` on 127.0.0.1');

    expect(world.cluster.registry.has('spare')).toBe(false);
    expect(fast.chatRequests).toHaveLength(1);
  });

  it('POST /cluster/nodes/test with a key the server refuses: reachable, then auth ✗ with the fix', async () => {
    fast.fault({ path: '/api/tags', httpError: { status: 401, message: 'invalid api key' } });
    const wrongKey = clusterNodeTestResponseSchema.parse(
      await (await call(world.app, '/cluster/nodes/test', { method: 'POST', json: { name: 'keyed', host: '127.0.0.1', port: fast.port, model: 'qwen2.5:3b', tier: 1, kind: 'ollama', auth_token: 'wrong' } })).json(),
    );
    expect(wrongKey.checks.map((check) => [check.name, check.status])).toEqual([
      ['reachable', 'pass'],
      ['auth', 'fail'],
      ['model', 'skip'],
      ['completion', 'skip'],
    ]);
    expect(wrongKey.checks[1]?.fix).toBe('Set auth_token of keyed in cluster.nodes to the key the server expects.');
    expect(JSON.stringify(wrongKey)).not.toContain('wrong"');
  });

  it('POST /cluster/nodes/test stops its completion when the caller goes away (no model left generating)', async () => {
    big.on({}).hang();
    const caller = new AbortController();
    const pending = Promise.resolve(
      call(world.app, '/cluster/nodes/test', {
        method: 'POST',
        json: { name: 'spare', host: '127.0.0.1', port: big.port, model: 'qwen2.5:72b', tier: 2, kind: 'ollama' },
        signal: caller.signal,
      }),
    ).catch(() => undefined);
    await waitFor(() => big.requests.some((request) => request.path === '/v1/chat/completions'), 'the completion to reach the node');
    caller.abort();
    const completion = big.requests.find((request) => request.path === '/v1/chat/completions')!;
    expect(await completion.settled).toBe('client-closed');
    await pending;
  });

  it('POST /cluster/nodes/test refuses a node the add form would refuse', async () => {
    const invalid = await call(world.app, '/cluster/nodes/test', { method: 'POST', json: { name: 'x', host: 'h', model: 'm', tier: 7 } });
    expect(invalid.status).toBe(400);
    expect((await errorOf(invalid)).issues?.map((issue) => issue.path.join('.'))).toEqual(['tier']);
    const noAddress = await call(world.app, '/cluster/nodes/test', { method: 'POST', json: { name: 'x', host: 'http://a b', model: 'm', tier: 1 } });
    expect(noAddress.status).toBe(400);
  });

  it('POST /cluster/nodes/:name/test checks a node of the cluster now: its health is checked again, the test runs', async () => {
    expect(world.cluster.registry.get('fast')?.health.last_check).toBeNull();
    const tested = clusterNodeTestResponseSchema.parse(await (await call(world.app, '/cluster/nodes/fast/test', { method: 'POST' })).json());
    expect(tested).toMatchObject({ passed: true, node: { name: 'fast', tier: 0 }, status: { name: 'fast', health: { status: 'available' } } });
    expect(tested.status?.health.last_check).not.toBeNull();
    const unknown = await call(world.app, '/cluster/nodes/nope/test', { method: 'POST' });
    expect(unknown.status).toBe(404);
  });
});

describe('what a node card shows', () => {
  it('a node that is down says why and what to do; each check adds to its sparkline', async () => {
    const dead = await deadPort();
    world.cluster.registry.add({ name: 'dead', host: '127.0.0.1', port: dead, model: 'qwen2.5:7b', tier: 1, kind: 'ollama' }, { source: 'runtime' });
    big.removeModel('qwen2.5:72b');
    await world.cluster.health.checkAll();
    await world.cluster.health.checkNow('fast');
    const { nodes } = clusterNodeListResponseSchema.parse(await (await call(world.app, '/cluster/nodes')).json());
    const byName = new Map(nodes.map((node) => [node.name, node]));
    expect(byName.get('dead')?.health).toMatchObject({
      status: 'unavailable',
      fix: `Is \`ollama serve\` running on 127.0.0.1:${dead}? Start it there with OLLAMA_HOST=0.0.0.0, or correct the host and port of dead in cluster.nodes.`,
      recent_latencies_ms: [null],
    });
    expect(byName.get('big')?.health).toMatchObject({ status: 'unavailable', fix: expect.stringContaining('Run `ollama pull qwen2.5:72b` on 127.0.0.1') });
    expect(byName.get('fast')?.health).toMatchObject({ status: 'available', fix: null });
    expect(byName.get('fast')?.health.recent_latencies_ms).toHaveLength(2);
    expect(byName.get('fast')).toMatchObject({ drain: false, success_rate: null, tokens_per_second: null });
  });
});

describe('GET /cluster/events for the dashboard', () => {
  it('the snapshot holds the last routing decisions with their message excerpts; then each new one, and each health check', async () => {
    for (const content of ['hi', `${COMPLEX}\nwith a second line`]) {
      await call(world.app, '/v1/chat/completions', { method: 'POST', json: { model: 'auto', messages: [{ role: 'user', content }] } });
    }
    const events = new BodyEventReader((await call(world.app, '/cluster/events')).body!);
    try {
      const snapshot = clusterSnapshotEventSchema.parse((await events.next())?.data);
      expect(snapshot.routes.map((decision) => [decision.excerpt, decision.node, decision.tier, decision.complexity])).toEqual([
        ['hi', 'fast', 0, 'simple'],
        [`${COMPLEX} with a second line`.slice(0, 79) + '…', 'big', 2, 'complex'],
      ]);
      expect(snapshot.nodes.find((node) => node.name === 'fast')?.success_rate).toBe(1);

      await call(world.app, '/v1/chat/completions', { method: 'POST', json: { model: 'auto', messages: [{ role: 'user', content: 'hello again' }] } });
      expect(routeDecisionEventSchema.parse((await events.until('route'))?.data)).toMatchObject({ excerpt: 'hello again', node: 'fast', failed_over: [] });

      await world.cluster.health.checkNow('big');
      const check = nodeCheckEventSchema.parse((await events.until('node_check'))?.data);
      expect(check).toMatchObject({ name: 'big', health: { status: 'available' } });
      expect(check.health.recent_latencies_ms).toHaveLength(1);
    } finally {
      await events.close();
    }
  });
});
