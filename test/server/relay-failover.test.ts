// The /v1 relay on a coordinator fails over through the cluster's executor, the agent's own: it waits the executor's
// pause before the next node, and the pause and the failover read as they do for an agent turn.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Cluster, systemTimers, type Timers } from '../../src/main/cluster';
import { createApp } from '../../src/main/server/app';
import { harombeConfigSchema, type ClusterEvent } from '../../src/shared';
import { ollamaNode, standIn } from '../support/cluster-server-kit';
import { TEST_LOCAL_TOKEN, TEST_PORT, call, fakeWorld } from '../support/fake-services';
import type { OllamaStandIn } from '../support/ollama-stand-in';

/** The executor's pause between nodes, told apart from its other timers by its length. */
const PAUSE_MS = 4_321;

describe('the /v1 relay and the cluster\'s failover policy', () => {
  let first: OllamaStandIn;
  let second: OllamaStandIn;
  let cluster: Cluster;
  let app: ReturnType<typeof createApp>;
  let events: ClusterEvent[];
  /** Resolves when the executor starts its pause; endPause() lets it end. */
  let paused: Promise<void>;
  let endPause: () => void;

  beforeEach(async () => {
    [first, second] = await Promise.all([standIn('m2', 'first here'), standIn('m0', 'second here')]);
    let onPause: () => void = () => undefined;
    paused = new Promise<void>((resolve) => (onPause = resolve));
    endPause = () => undefined;
    // Every timer is real but the pause, which waits for the test.
    const timers: Timers = {
      setTimeout: (callback, ms) => {
        if (ms !== PAUSE_MS) return systemTimers.setTimeout(callback, ms);
        endPause = callback;
        onPause();
        return undefined;
      },
      clearTimeout: (handle) => systemTimers.clearTimeout(handle),
    };
    const config = { model: { name: 'm0' }, cluster: { nodes: [ollamaNode('first', first, 'm2', 2), ollamaNode('second', second, 'm0', 0)] } };
    cluster = new Cluster({
      config: harombeConfigSchema.parse(config),
      local: false,
      timers,
      random: () => 1,
      executor: { retryBaseMs: PAUSE_MS, retryMaxMs: PAUSE_MS },
    });
    events = [];
    cluster.events.onEvent((event) => events.push(event));
    const world = fakeWorld({ config, overrides: { cluster } });
    app = createApp(world.services, { host: '127.0.0.1', port: TEST_PORT, localToken: TEST_LOCAL_TOKEN, sseKeepAliveMs: 60_000 });
  });

  afterEach(async () => {
    await cluster.dispose();
    await Promise.all([first.stop(), second.stop()]);
  });

  it('asks the next node only once the executor\'s pause is over, and reports the failover as an agent turn would', async () => {
    first.on({}).failWith(500, 'llama runner process has terminated');
    const relayed = call(app, '/v1/chat/completions', { method: 'POST', json: { model: 'tier:2', stream: true, messages: [{ role: 'user', content: 'hi' }] } });
    await paused;
    expect(first.chatRequests).toHaveLength(1);
    expect(second.chatRequests).toHaveLength(0);
    endPause();
    const response = await relayed;
    expect(response.headers.get('x-harombe-node')).toBe('second');
    expect(await response.text()).toContain('second');
    expect(events.filter((event) => event.type === 'failover')).toEqual([
      expect.objectContaining({ from: 'first', to: 'second', error: expect.stringContaining('llama runner process has terminated') }),
    ]);
    expect(events.find((event) => event.type === 'route')).toMatchObject({
      node: 'second',
      failed_over: ['first'],
      reason: expect.stringContaining('first failed before answering; served by second (tier 0)'),
    });
  });
});
