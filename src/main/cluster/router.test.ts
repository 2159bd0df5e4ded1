import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '../../shared';
import { Router, RoutingError, type RoutingOptions } from './router';
import { setHealth, testCluster } from '../../../test/support/cluster-test-kit';

const SIMPLE: ChatMessage[] = [{ role: 'user', content: 'hi' }];
const MEDIUM: ChatMessage[] = [{ role: 'user', content: 'Explain why the sky is blue' }];
const COMPLEX: ChatMessage[] = [{ role: 'user', content: 'Design a sharded database and compare it with Spanner' }];

function seedCluster(routing: Partial<RoutingOptions> = {}) {
  const cluster = testCluster({ circuit: { failureThreshold: 1, halfOpenAfterMs: 60_000 } });
  const laptop = cluster.add({ name: 'laptop', tier: 0, model: 'qwen2.5:3b' });
  const workstation = cluster.add({ name: 'workstation', tier: 1, model: 'qwen2.5:14b' });
  const server = cluster.add({ name: 'server', tier: 2, model: 'qwen2.5:72b' });
  for (const node of [laptop, workstation, server]) setHealth(node, {});
  const router = new Router({ registry: cluster.registry, routing });
  return { ...cluster, router, laptop, workstation, server };
}

async function openCircuit(node: { circuit: { run(action: () => Promise<never>): Promise<unknown> } }): Promise<void> {
  await node.circuit.run(() => Promise.reject(new Error('refused'))).catch(() => undefined);
}

describe('Router', () => {
  afterEach(() => vi.useRealTimers());

  it('sends each request to the tier its complexity asks for, with the classifier\'s reason', () => {
    const { router } = seedCluster();
    expect(router.route({ messages: SIMPLE })).toMatchObject({ node: 'laptop', tier: 0, wantedTier: 0, complexity: 'simple' });
    expect(router.route({ messages: MEDIUM })).toMatchObject({ node: 'workstation', tier: 1, complexity: 'medium' });
    const complex = router.route({ messages: COMPLEX });
    expect(complex).toMatchObject({ node: 'server', tier: 2, complexity: 'complex' });
    expect(complex.reason).toMatch(/^complex: asks to design and compare \(2 complex keywords\), \d+ chars$/);
    expect(complex.candidates).toEqual(['server', 'workstation', 'laptop']);
    expect(complex.fallbacks).toEqual(['workstation', 'laptop']);
  });

  it('honours a forced tier', () => {
    const { router } = seedCluster();
    const decision = router.route({ messages: SIMPLE, tier: 2 });
    expect(decision).toMatchObject({ node: 'server', tier: 2, wantedTier: 2, complexity: 'simple' });
    expect(decision.reason).toBe('tier 2 requested (simple: a greeting, 2 chars)');
  });

  it('skips nodes that are disabled, unavailable, serve the wrong model, or whose circuit is open', async () => {
    const { router, add } = seedCluster({ load_balance: false, prefer_local: false });
    const names = ['off', 'down', 'wrong', 'open', 'good'];
    const [off, down, wrong, open, good] = names.map((name) => add({ name, tier: 2, enabled: name !== 'off' }));
    for (const node of [off!, down!, wrong!, open!, good!]) setHealth(node, {});
    setHealth(down!, { status: 'unavailable' });
    setHealth(wrong!, { model_ok: false });
    await openCircuit(open!);
    for (let index = 0; index < 10; index += 1) {
      expect(['server', 'good']).toContain(router.route({ messages: COMPLEX }).node);
    }
  });

  it('routes no new request to a drained node, says it skipped it, and routes there again once put back', () => {
    const { router, registry } = seedCluster();
    expect(registry.setDrain('server', true)).toBe(true);
    const drained = router.route({ messages: COMPLEX });
    expect(drained).toMatchObject({ node: 'workstation', tier: 1, wantedTier: 2 });
    expect(drained.candidates).not.toContain('server');
    expect(drained.reason).toContain('no routable node in tier 2 (server: drained), fell back to tier 1');
    expect(drained.reason).toMatch(/; skipped drained node server$/);
    // A request for another tier never looked at the drained node: nothing to say about it.
    expect(router.route({ messages: SIMPLE }).reason).not.toContain('drained');

    registry.setDrain('server', false);
    const back = router.route({ messages: COMPLEX });
    expect(back.node).toBe('server');
    expect(back.reason).not.toContain('drained');
  });

  it('names a drained node it passed over for another of the same tier', () => {
    const { router, registry, add } = seedCluster({ load_balance: false, prefer_local: false });
    setHealth(add({ name: 'spare', tier: 2 }), {});
    registry.setDrain('server', true);
    for (let index = 0; index < 4; index += 1) {
      const decision = router.route({ messages: COMPLEX });
      expect(decision.node).toBe('spare');
      expect(decision.reason).toContain('skipped drained node server');
    }
  });

  it('gives each decision the message it was about, on one line and cut at 80 characters', () => {
    const { router } = seedCluster();
    expect(router.route({ messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: '  hi\n\nthere  ' }] }).excerpt).toBe('hi there');
    const long = `Design a sharded database ${'and compare it with Spanner '.repeat(10)}`;
    const excerpt = router.route({ messages: [{ role: 'user', content: long }, { role: 'assistant', content: 'Sure.' }] }).excerpt;
    expect(excerpt).toHaveLength(80);
    expect(excerpt).toMatch(/^Design a sharded database and compare it with Spanner and compare it with .*…$/);
  });

  it('prefer_local: the lowest smoothed latency first', () => {
    const { router, add } = seedCluster({ prefer_local: true, load_balance: false });
    setHealth(add({ name: 'far', tier: 2 }), { latency_ms: 180 });
    setHealth(add({ name: 'near', tier: 2 }), { latency_ms: 3 });
    setHealth(add({ name: 'unmeasured', tier: 2 }), { latency_ms: null });
    for (let index = 0; index < 5; index += 1) {
      expect(router.route({ messages: COMPLEX, tier: 2 }).candidates).toEqual(['near', 'server', 'far']);
    }
  });

  it('load_balance: the node with the fewest requests running, counted as they start and end', () => {
    const { router, add, server } = seedCluster({ load_balance: true, prefer_local: false });
    const second = add({ name: 'server-b', tier: 2 });
    setHealth(second, {});
    const endFirst = server.beginRequest();
    expect(router.route({ messages: COMPLEX }).node).toBe('server-b');
    const endSecond = second.beginRequest();
    second.beginRequest();
    expect(router.route({ messages: COMPLEX }).node).toBe('server');
    endSecond();
    endSecond(); // ending twice counts once
    expect(second.inFlight).toBe(1);
    endFirst();
    expect(router.route({ messages: COMPLEX }).node).toBe('server');
  });

  it('breaks ties round-robin so equal nodes share the load', () => {
    const { router, add } = seedCluster({ load_balance: true, prefer_local: false });
    for (const name of ['b', 'c']) setHealth(add({ name, tier: 2 }), {});
    const picks = Array.from({ length: 6 }, () => router.route({ messages: COMPLEX }).node);
    expect(new Set(picks)).toEqual(new Set(['server', 'b', 'c']));
    expect(picks.slice(0, 3).sort()).toEqual(['b', 'c', 'server']);
  });

  it('puts degraded nodes after healthy ones of the same tier', () => {
    const { router, server, add } = seedCluster({ prefer_local: true, load_balance: true });
    setHealth(server, { status: 'degraded', latency_ms: 1 });
    setHealth(add({ name: 'steady', tier: 2 }), { latency_ms: 50 });
    expect(router.route({ messages: COMPLEX }).candidates.slice(0, 2)).toEqual(['steady', 'server']);
  });

  it('graceful: falls back to the nearest tier first, and says so', () => {
    const { router, server, laptop } = seedCluster();
    setHealth(server, { status: 'unavailable' });
    const decision = router.route({ messages: COMPLEX });
    expect(decision).toMatchObject({ node: 'workstation', tier: 1, wantedTier: 2 });
    expect(decision.candidates).toEqual(['workstation', 'laptop']);
    expect(decision.reason).toContain('; no routable node in tier 2 (server: unavailable), fell back to tier 1');

    setHealth(server, {});
    setHealth(laptop, { status: 'unavailable' });
    expect(router.route({ messages: SIMPLE }).candidates).toEqual(['workstation', 'server']);
  });

  it('strict: refuses with the tier and what is wrong with its nodes', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2026, 10, 26, 14, 1, 10));
    const { router, server } = seedCluster({ fallback_strategy: 'strict' });
    setHealth(server, { status: 'unavailable' });
    await openCircuit(server);
    const error = (() => {
      try {
        router.route({ messages: COMPLEX });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(RoutingError);
    expect((error as RoutingError).message).toBe(
      'no healthy node in tier 2 (server: unavailable, circuit open until 14:02:10); fallback_strategy is strict',
    );
    expect((error as RoutingError).code).toBe('unreachable');
    expect(router.route({ messages: SIMPLE }).candidates).toEqual(['laptop']);
  });

  it('routes by model name to the nodes serving it, whatever their tier', () => {
    const { router, add } = seedCluster();
    setHealth(add({ name: 'second-72b', tier: 1, model: 'qwen2.5:72b' }), {});
    const decision = router.route({ messages: SIMPLE, model: 'qwen2.5:72b' });
    expect(decision.candidates).toEqual(['second-72b', 'server']);
    expect(decision.reason).toMatch(/^model qwen2\.5:72b requested; /);
    expect(router.route({ messages: SIMPLE, model: 'auto' }).node).toBe('laptop');
    expect(() => router.route({ messages: SIMPLE, model: 'llama3:70b' })).toThrow(
      'no node in the cluster serves model llama3:70b (nodes serve: qwen2.5:3b, qwen2.5:14b, qwen2.5:72b)',
    );
  });

  it('says when no node is left anywhere, and when the cluster is empty', () => {
    const { router, laptop, workstation, server } = seedCluster();
    for (const node of [laptop, workstation, server]) setHealth(node, { status: 'unavailable' });
    expect(() => router.route({ messages: SIMPLE })).toThrow(
      'no healthy node in any tier (laptop: unavailable; workstation: unavailable; server: unavailable)',
    );
    const empty = new Router({ registry: testCluster().registry });
    expect(() => empty.route({ messages: SIMPLE })).toThrow('the cluster has no nodes');
  });

  it('takes routing changes at once', () => {
    const { router, server } = seedCluster();
    setHealth(server, { status: 'unavailable' });
    expect(router.route({ messages: COMPLEX }).node).toBe('workstation');
    router.setRouting({ fallback_strategy: 'strict' });
    expect(() => router.route({ messages: COMPLEX })).toThrow(RoutingError);
  });
});
