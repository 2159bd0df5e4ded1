// The /v1 relay follows the route's failover policy (a cluster's, the agent's): it waits the route's pause before the
// next node, and gives a silent node the route's first-token timeout, not its own 60 s.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { relayChatCompletion } from '../../src/main/server/openai-compat/relay-chat-completion';
import type { Upstream, UpstreamRoute } from '../../src/main/server/openai-compat/upstream-resolver';
import { standIn } from '../support/cluster-server-kit';
import type { OllamaStandIn } from '../support/ollama-stand-in';

const body = { model: 'auto', stream: true, messages: [{ role: 'user' as const, content: 'hi' }] };

describe('the /v1 relay and the route\'s failover policy', () => {
  let first: OllamaStandIn;
  let second: OllamaStandIn;
  const upstream = (server: OllamaStandIn, node: string): Upstream => ({ baseUrl: `${server.url}/v1`, model: 'm', node });

  beforeEach(async () => {
    [first, second] = await Promise.all([standIn('m', 'first here'), standIn('m', 'second here')]);
  });

  afterEach(async () => {
    await Promise.all([first.stop(), second.stop()]);
  });

  it('asks the next node only once the route\'s pause is over', async () => {
    first.on({}).failWith(500, 'llama runner process has terminated');
    let paused: () => void = () => undefined;
    const pausing = new Promise<void>((resolve) => (paused = resolve));
    let endPause: () => void = () => undefined;
    const route: UpstreamRoute = {
      candidates: [upstream(first, 'first'), upstream(second, 'second')],
      pauseBeforeNext: () => {
        paused();
        return new Promise<void>((resolve) => (endPause = resolve));
      },
    };
    const relayed = relayChatCompletion(body, new AbortController().signal, { resolver: { resolve: () => route, listModels: async () => [] }, deadlineMs: 30_000 });
    await pausing;
    expect(first.chatRequests).toHaveLength(1);
    expect(second.chatRequests).toHaveLength(0);
    endPause();
    const response = await relayed;
    expect(response.headers.get('x-harombe-node')).toBe('second');
    expect(await response.text()).toContain('second');
  });

  it('gives a silent node the route\'s first-token timeout, then asks the next', async () => {
    first.on({}).hang();
    const route: UpstreamRoute = { candidates: [upstream(first, 'first'), upstream(second, 'second')], firstByteTimeoutMs: 200 };
    const failovers: string[] = [];
    route.failedOver = (_from, _to, error) => failovers.push(error);
    // The relay's own default (60 s) would outlast this test's 20 s limit.
    const response = await relayChatCompletion(body, new AbortController().signal, { resolver: { resolve: () => route, listModels: async () => [] }, deadlineMs: 30_000 });
    expect(response.headers.get('x-harombe-node')).toBe('second');
    expect(failovers).toEqual([expect.stringContaining('sent nothing within')]);
  });
});
