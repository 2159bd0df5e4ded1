// /v1 on a coordinator: `auto`, `tier:N` and model names routed over stand-in nodes, failover before the first byte, the loop guard.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAiErrorSchema, openAiModelListSchema, type ClusterEvent } from '../../src/shared';
import { ROUTED_BY_HEADER } from '../../src/main/cluster';
import { deadPort, twoTierCoordinator, type TwoTierCoordinator } from '../support/cluster-server-kit';
import { call } from '../support/fake-services';
import type { OllamaStandIn } from '../support/ollama-stand-in';

const COMPLEX = 'Design a sharded database and compare it with Spanner, step by step';

function ask(world: TwoTierCoordinator['world'], model: string, content: string, init: { headers?: Record<string, string>; stream?: boolean } = {}) {
  return call(world.app, '/v1/chat/completions', {
    method: 'POST',
    ...(init.headers ? { headers: init.headers } : {}),
    json: { model, messages: [{ role: 'user', content }], ...(init.stream ? { stream: true } : {}) },
  });
}

async function answerOf(response: Response): Promise<string> {
  const body = (await response.json()) as { choices: { message: { content: string } }[] };
  return body.choices[0]!.message.content;
}

describe('/v1 through the cluster', () => {
  let fast: OllamaStandIn;
  let big: OllamaStandIn;
  let localOllama: OllamaStandIn;
  let world: TwoTierCoordinator['world'];
  let setup: TwoTierCoordinator;
  let events: ClusterEvent[];

  beforeEach(async () => {
    setup = await twoTierCoordinator();
    ({ fast, big, localOllama, world } = setup);
    events = [];
    world.cluster.events.onEvent((event) => events.push(event));
  });

  afterEach(async () => {
    await setup.dispose();
  });

  it('model "auto" is routed by how hard the request is; each node is asked for its own model', async () => {
    const simple = await ask(world, 'auto', 'hi');
    expect(simple.headers.get('x-harombe-node')).toBe('fast');
    expect(await answerOf(simple)).toBe('fast here');
    expect(fast.lastChatRequest?.model).toBe('qwen2.5:3b');

    const complex = await ask(world, 'auto', COMPLEX);
    expect(complex.headers.get('x-harombe-node')).toBe('big');
    expect(await answerOf(complex)).toBe('big here');
    expect(big.lastChatRequest?.model).toBe('qwen2.5:72b');
    expect(events.filter((event) => event.type === 'route').map((event) => [event.node, event.complexity])).toEqual([
      ['fast', 'simple'],
      ['big', 'complex'],
    ]);
  });

  it('"tier:N" goes to that tier; a tier that does not exist is a 400', async () => {
    expect(await answerOf(await ask(world, 'tier:2', 'hi'))).toBe('big here');
    expect(await answerOf(await ask(world, 'tier:0', COMPLEX))).toBe('fast here');
    const wrong = await ask(world, 'tier:7', 'hi');
    expect(wrong.status).toBe(400);
    expect(openAiErrorSchema.parse(await wrong.json()).error).toMatchObject({ code: 'invalid_model', message: expect.stringContaining('tiers are 0, 1 and 2') });
  });

  it('a model name goes to the nodes serving it; a name no node serves, to the local Ollama', async () => {
    expect(await answerOf(await ask(world, 'qwen2.5:72b', 'hi'))).toBe('big here');
    expect(await answerOf(await ask(world, 'qwen2.5:3b', COMPLEX))).toBe('fast here');
    const local = await ask(world, 'llama3.2:1b', 'hi');
    expect(local.headers.get('x-harombe-node')).toBe('coordinator');
    expect(await answerOf(local)).toBe('local here');
    expect(localOllama.lastChatRequest?.model).toBe('llama3.2:1b');
  });

  it('a node failing before its first byte (5xx, refused connection) hands the request to the next; the circuit and metrics see it', async () => {
    big.on({}).failWith(500, 'llama runner process has terminated').once();
    const failedOver = await ask(world, 'tier:2', 'hi');
    expect(failedOver.status).toBe(200);
    expect(failedOver.headers.get('x-harombe-node')).toBe('fast');
    expect(await answerOf(failedOver)).toBe('fast here');
    expect(events.find((event) => event.type === 'failover')).toMatchObject({ from: 'big', to: 'fast', error: expect.stringContaining('llama runner process has terminated') });
    expect(events.find((event) => event.type === 'route')).toMatchObject({ node: 'fast', wanted_tier: 2, failed_over: ['big'] });
    expect(world.cluster.metrics.node('big')).toMatchObject({ requests: 1, failures: 1 });
    expect(world.cluster.registry.get('big')?.circuit.consecutiveFailures).toBe(1);

    // Nobody listening on the big node's port: refused, and the second failure in a row opens its circuit.
    await big.stop();
    const refused = await ask(world, 'tier:2', 'hi', { stream: true });
    expect(refused.headers.get('x-harombe-node')).toBe('fast');
    expect(await refused.text()).toContain('data: [DONE]');
    expect(world.cluster.registry.get('big')?.circuit.state).toBe('open');
    // Open: not even tried any more.
    const requestsBefore = world.cluster.metrics.node('big')?.requests;
    expect(await answerOf(await ask(world, 'tier:2', 'hi'))).toBe('fast here');
    expect(world.cluster.metrics.node('big')?.requests).toBe(requestsBefore);
  });

  it('every candidate failing is a 502 naming each node; a request the node calls malformed is not retried elsewhere', async () => {
    const nowhere = await deadPort();
    world.cluster.registry.add({ name: 'ghost', host: '127.0.0.1', port: nowhere, model: 'qwen2.5:72b', tier: 2, kind: 'ollama' }, { source: 'runtime' });
    big.on({}).failWith(503, 'loading model');
    const failed = await ask(world, 'qwen2.5:72b', 'hi');
    expect(failed.status).toBe(502);
    const message = openAiErrorSchema.parse(await failed.json()).error.message;
    expect(message).toMatch(/No node could answer \(.*(big|ghost): .*; .*(big|ghost): /);

    fast.on({}).failWith(400, 'invalid message role');
    const malformed = await ask(world, 'tier:0', 'hi');
    expect(malformed.status).toBe(400);
    expect(big.chatRequests.filter((request) => request.lastUserMessage === 'hi').length).toBe(1);
    // The node's circuit does not count the caller's mistake.
    expect(world.cluster.registry.get('fast')?.circuit.consecutiveFailures).toBe(0);
  });

  it('once bytes flowed there is no retry: a node breaking off mid-stream ends the response and counts against it', async () => {
    fast.on({}).reply('one two three four five six').closeAfter(2);
    const response = await ask(world, 'tier:0', 'hi', { stream: true });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect(big.chatRequests).toHaveLength(0);
    expect(world.cluster.metrics.node('fast')).toMatchObject({ failures: 1 });
    expect(world.cluster.registry.get('fast')?.inFlight).toBe(0);
  });

  it('counts a streaming request as in flight on its node until the client stops reading', async () => {
    fast.on({}).reply('one two three four five six').delayBetweenTokens(60_000);
    const response = await ask(world, 'tier:0', 'hi', { stream: true });
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('data:');
    expect(world.cluster.registry.get('fast')?.inFlight).toBe(1);
    await reader.cancel();
    expect(world.cluster.registry.get('fast')?.inFlight).toBe(0);
    expect(world.cluster.metrics.node('fast')).toMatchObject({ requests: 1, cancelled: 1, failures: 0 });
  });

  it('streams usage into the metrics', async () => {
    fast.on({}).reply('a b c').usage({ prompt_tokens: 5, completion_tokens: 42 });
    const response = await call(world.app, '/v1/chat/completions', {
      method: 'POST',
      json: { model: 'tier:0', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] },
    });
    await response.text();
    expect(world.cluster.metrics.node('fast')).toMatchObject({ successes: 1, total_tokens: 42 });
  });

  it('the loop guard: a request a coordinator relayed here is answered by the local model only', async () => {
    const guarded = { headers: { [ROUTED_BY_HEADER]: 'coordinator' } };
    for (const model of ['auto', 'tier:2']) {
      const response = await ask(world, model, COMPLEX, guarded);
      expect(response.headers.get('x-harombe-node')).toBe('coordinator');
      expect(await answerOf(response)).toBe('local here');
    }
    // A model only a node serves is not served here: the local Ollama's 404, never a hop to that node.
    const elsewhere = await ask(world, 'qwen2.5:72b', COMPLEX, guarded);
    expect(elsewhere.status).toBe(404);
    expect(fast.chatRequests.length + big.chatRequests.length).toBe(0);
    expect(localOllama.chatRequests.map((request) => request.model)).toEqual(['llama3.2:1b', 'llama3.2:1b', 'qwen2.5:72b']);
    expect(events.filter((event) => event.type === 'route')).toEqual([]);
  });

  it('marks what it relays to another harombe, so that node answers from its own model', async () => {
    world.cluster.registry.add({ name: 'peer', host: '127.0.0.1', port: big.port, model: 'qwen2.5:72b', tier: 1, kind: 'harombe', auth_token: 'peer-token' }, { source: 'runtime' });
    expect(await answerOf(await ask(world, 'tier:1', 'hi'))).toBe('big here');
    const relayed = big.requests.find((request) => request.path === '/v1/chat/completions');
    expect(relayed?.headers[ROUTED_BY_HEADER]).toBe('coordinator');
    expect(relayed?.headers.authorization).toBe('Bearer peer-token');
  });

  it('GET /v1/models lists auto, the tiers, every node model and the local models', async () => {
    const list = openAiModelListSchema.parse(await (await call(world.app, '/v1/models')).json());
    expect(list.data.map((model) => model.id)).toEqual(['auto', 'tier:0', 'tier:1', 'tier:2', 'qwen2.5:3b', 'qwen2.5:72b', 'llama3.2:1b']);

    await localOllama.stop();
    const withoutLocal = openAiModelListSchema.parse(await (await call(world.app, '/v1/models')).json());
    expect(withoutLocal.data.map((model) => model.id)).toEqual(['auto', 'tier:0', 'tier:1', 'tier:2', 'qwen2.5:3b', 'qwen2.5:72b']);
  });
});
