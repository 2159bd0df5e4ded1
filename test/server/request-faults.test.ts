// A request's own fault never counts against a node: bodies nested too deep are 400s, a request harombe cannot send is
// its own 500, and neither opens a circuit, counts as a node's failure or fails over (the attack in issue 9: five small
// bodies nested 10,000 arrays deep once took a whole cluster offline).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiErrorSchema, openAiErrorSchema, type ClusterEvent } from '../../src/shared';
import type { LlmError, LlmStreamEvent } from '../../src/main/llm';
import { twoTierCoordinator, type TwoTierCoordinator } from '../support/cluster-server-kit';
import { call } from '../support/fake-services';

/** What only harombe's insides would say: JavaScript's and Node's error texts, a stack frame. */
const INTERNAL_TEXT = /Maximum call stack|ERR_[A-Z_]{4,}|RangeError|TypeError|\n\s+at /;

const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

function deepObject(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let level = 0; level < depth; level += 1) value = { inner: value };
  return value;
}

describe('a request that is its own fault, on a coordinator with two stand-in nodes', () => {
  let setup: TwoTierCoordinator;
  let world: TwoTierCoordinator['world'];
  let events: ClusterEvent[];

  beforeEach(async () => {
    setup = await twoTierCoordinator();
    world = setup.world;
    events = [];
    world.cluster.events.onEvent((event) => events.push(event));
  });

  afterEach(async () => {
    await setup.dispose();
  });

  function ask(body: string) {
    return call(world.app, '/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  }

  function expectNodesUntouched(): void {
    for (const name of ['fast', 'big']) {
      expect(world.cluster.registry.get(name)?.circuit.status()).toMatchObject({ state: 'closed', consecutive_failures: 0 });
      expect(world.cluster.metrics.node(name)).toMatchObject({ failures: 0 });
    }
    expect(events.filter((event) => event.type === 'failover')).toEqual([]);
  }

  it('five bodies nested 10,000 arrays deep are five 400s; no circuit opens, and a normal request is answered afterwards', async () => {
    const attack = `{"model":"auto","messages":[{"role":"user","content":"hi"}],"extra":${nestedArrays(10_000)}}`;
    for (let round = 0; round < 5; round += 1) {
      const response = await ask(attack);
      expect(response.status).toBe(400);
      const { error } = openAiErrorSchema.parse(await response.json());
      expect(error).toMatchObject({ code: 'json_too_deep', type: 'invalid_request_error', message: expect.stringContaining('more than 64 levels') });
      expect(error.message).not.toMatch(INTERNAL_TEXT);
    }
    expectNodesUntouched();
    expect(setup.fast.chatRequests.length + setup.big.chatRequests.length).toBe(0);

    const normal = await ask('{"model":"auto","messages":[{"role":"user","content":"hi"}]}');
    expect(normal.status).toBe(200);
    expect(((await normal.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe('fast here');

    // Every JSON route checks the depth, in its own error shape.
    const chat = await call(world.app, '/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"message":"hi","extra":${nestedArrays(65)}}` });
    expect(chat.status).toBe(400);
    expect(apiErrorSchema.parse(await chat.json()).error.code).toBe('json_too_deep');
  });

  it('a request harombe fails to send is its own 500: logged, no internal text for the client, never the node\'s failure', async () => {
    // A token the config allows but an HTTP header cannot carry (a character beyond Latin-1): node:http refuses it
    // with ERR_INVALID_CHAR while harombe sends the request, through the production transport, before any byte leaves.
    const configs = ['fast', 'big'].map((name) => world.cluster.registry.get(name)!.config);
    for (const config of configs) world.cluster.registry.add({ ...config, auth_token: 'token-€' }, { source: 'config', replace: true });
    for (let round = 0; round < 5; round += 1) {
      const response = await ask('{"model":"auto","messages":[{"role":"user","content":"hi"}]}');
      expect(response.status).toBe(500);
      const { error } = openAiErrorSchema.parse(await response.json());
      expect(error).toMatchObject({ code: 'internal', type: 'api_error' });
      expect(error.message).not.toMatch(INTERNAL_TEXT);
    }
    expectNodesUntouched();
    expect(setup.fast.chatRequests.length + setup.big.chatRequests.length).toBe(0);
    expect(world.logger.lines.filter((line) => line.includes('ERR_INVALID_CHAR') || line.includes('Invalid character'))).toHaveLength(5);

    for (const config of configs) world.cluster.registry.add(config, { source: 'config', replace: true });
    expect((await ask('{"model":"tier:2","messages":[{"role":"user","content":"hi"}]}')).headers.get('x-harombe-node')).toBe('big');
  });

  it('an agent request harombe cannot serialize (a tool schema 10,000 levels deep) fails once as harombe\'s own error', async () => {
    const request = {
      messages: [{ role: 'user' as const, content: 'hi' }],
      tools: [{ name: 'deep', description: 'a tool whose schema nests too deep', parameters: deepObject(10_000) }],
    };
    let failure: LlmError | undefined;
    try {
      for await (const event of world.cluster.executor.streamChat(request)) void (event satisfies LlmStreamEvent);
    } catch (error) {
      failure = error as LlmError;
    }
    expect(failure).toMatchObject({ code: 'internal', message: expect.stringContaining('on harombe\'s side') });
    expect(failure?.message).not.toMatch(INTERNAL_TEXT);
    expectNodesUntouched();
    expect(setup.fast.chatRequests.length + setup.big.chatRequests.length).toBe(0);

    const events: LlmStreamEvent[] = [];
    for await (const event of world.cluster.executor.streamChat({ messages: [{ role: 'user', content: 'hi' }] })) events.push(event);
    expect(events.some((event) => event.type === 'text-delta')).toBe(true);
  });
});
