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

  it('lists exactly five nodes that are out without counting a rest', () => {
    const cluster = testCluster();
    for (const name of ['a', 'b', 'c', 'd', 'e']) setHealth(cluster.add({ name, tier: 1 }), { status: 'unavailable' });
    expect(catchRouting(() => new Router({ registry: cluster.registry }).route({ messages: SIMPLE }))?.message).toBe(
      'no healthy node in any tier (a: unavailable; b: unavailable; c: unavailable; d: unavailable; e: unavailable)',
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

  it('by default prefers the nearer node, then the less busy one, and falls back to another tier', () => {
    const cluster = testCluster();
    const near = cluster.add({ name: 'near', tier: 2 });
    const far = cluster.add({ name: 'far', tier: 2 });
    const small = cluster.add({ name: 'small', tier: 1 });
    setHealth(near, { latency_ms: 5 });
    setHealth(far, { latency_ms: 200 });
    setHealth(small, {});
    const router = new Router({ registry: cluster.registry });
    for (let index = 0; index < 3; index += 1) expect(router.route({ messages: COMPLEX }).candidates).toEqual(['near', 'far', 'small']);
    const end = near.beginRequest();
    expect(router.route({ messages: COMPLEX }).node).toBe('far');
    end();
    setHealth(near, { status: 'unavailable' });
    setHealth(far, { status: 'unavailable' });
    expect(router.route({ messages: COMPLEX })).toMatchObject({ node: 'small', tier: 1, wantedTier: 2 });
  });

  it('with load_balance on, equally busy nodes still go nearest first; with it off, a busy near node still goes first', () => {
    const { router, server, add } = seedCluster({ load_balance: true, prefer_local: true });
    setHealth(server, { latency_ms: 90 });
    const near = add({ name: 'near', tier: 2 });
    setHealth(near, { latency_ms: 4 });
    for (let index = 0; index < 3; index += 1) expect(router.route({ messages: COMPLEX }).node).toBe('near');
    near.beginRequest();
    router.setRouting({ load_balance: false });
    for (let index = 0; index < 3; index += 1) expect(router.route({ messages: COMPLEX }).node).toBe('near');
  });

  it('with prefer_local off, latency does not pick the node: equal nodes take turns', () => {
    const { router, server, add } = seedCluster({ load_balance: false, prefer_local: false });
    setHealth(server, { latency_ms: 900 });
    setHealth(add({ name: 'near', tier: 2 }), { latency_ms: 4 });
    const picks = Array.from({ length: 4 }, () => router.route({ messages: COMPLEX }).node);
    expect(picks.filter((pick) => pick === 'server')).toHaveLength(2);
  });

  it('always puts a degraded node after a healthy one, whichever it meets first', () => {
    const { router, server, add } = seedCluster({ prefer_local: true, load_balance: true });
    setHealth(server, { status: 'degraded', latency_ms: 1 });
    setHealth(add({ name: 'steady', tier: 2 }), { latency_ms: 50 });
    for (let index = 0; index < 4; index += 1) expect(router.route({ messages: COMPLEX }).candidates.slice(0, 2)).toEqual(['steady', 'server']);
  });

  it('lists at most maxCandidates nodes, the wanted tier\'s before any fallback', () => {
    const cluster = testCluster();
    for (const name of ['a', 'b']) setHealth(cluster.add({ name, tier: 2 }), { status: 'degraded' });
    setHealth(cluster.add({ name: 'fresh', tier: 1 }), {});
    const router = new Router({ registry: cluster.registry, maxCandidates: 2 });
    const decision = router.route({ messages: COMPLEX });
    expect([...decision.candidates].sort()).toEqual(['a', 'b']);
    expect(decision.fallbacks).toHaveLength(1);
    expect(new Router({ registry: cluster.registry, maxCandidates: 0 }).route({ messages: COMPLEX }).candidates).toHaveLength(1);
  });

  it('routes to a node added to a tier that was empty', () => {
    const cluster = testCluster();
    setHealth(cluster.add({ name: 'small', tier: 0 }), {});
    const router = new Router({ registry: cluster.registry });
    expect(router.route({ messages: COMPLEX }).reason).toContain('no routable node in tier 2 (tier 2 has no nodes), fell back to tier 0');
    setHealth(cluster.add({ name: 'big', tier: 2 }), {});
    expect(router.route({ messages: COMPLEX }).node).toBe('big');
  });

  it('takes a forced tier outside 0–2 as the nearest one', () => {
    const { router } = seedCluster();
    expect(router.route({ messages: COMPLEX, tier: 7 })).toMatchObject({ node: 'server', wantedTier: 2 });
    expect(router.route({ messages: COMPLEX, tier: -3 })).toMatchObject({ node: 'laptop', wantedTier: 0 });
    expect(router.route({ messages: COMPLEX, tier: 1.4 })).toMatchObject({ node: 'workstation', wantedTier: 1 });
  });

  it('names only drained nodes as skipped, several of them by name and the rest by count', () => {
    const { router, registry, server, add } = seedCluster({ load_balance: false, prefer_local: false });
    setHealth(server, { status: 'unavailable' });
    setHealth(add({ name: 'spare', tier: 2 }), {});
    expect(router.route({ messages: COMPLEX }).reason).not.toContain('drained');
    const names = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7'];
    for (const name of names) setHealth(add({ name, tier: 2 }), {});
    registry.setDrain('d1', true);
    registry.setDrain('d2', true);
    // In the order the scan met them, which turns from one request to the next.
    expect(router.route({ messages: COMPLEX }).reason).toMatch(/; skipped drained nodes d[12], d[12]$/);
    for (const name of names.slice(0, 5)) registry.setDrain(name, true);
    expect(router.route({ messages: COMPLEX }).reason).toMatch(/; skipped drained nodes (d[1-5], ){4}d[1-5]$/);
    for (const name of names) registry.setDrain(name, true);
    expect(router.route({ messages: COMPLEX }).reason).toMatch(/; skipped drained nodes (d\d, ){4}d\d and 2 more$/);
  });

  it('says what keeps each node of the wanted tier out, five by name and the rest by count', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2026, 10, 26, 14, 0, 0));
    const { router, server, add } = seedCluster({ fallback_strategy: 'strict' });
    setHealth(server, { status: 'unavailable' });
    const off = add({ name: 'off', tier: 2, enabled: false });
    const wrong = add({ name: 'wrong', tier: 2, model: 'qwen2.5:72b' });
    const held = add({ name: 'held', tier: 2 });
    const probing = add({ name: 'probing', tier: 2 });
    for (const node of [off, wrong, held, probing]) setHealth(node, {});
    setHealth(wrong, { model_ok: false });
    held.circuit.isolate();
    await openCircuit(probing);
    vi.advanceTimersByTime(60_000);
    // The cool-down is over and both probes are out: nothing more goes there until they settle.
    const hang = () => new Promise<never>(() => undefined);
    void probing.circuit.run(hang);
    void probing.circuit.run(hang);
    for (const name of ['x1', 'x2']) setHealth(add({ name, tier: 2 }), { status: 'unavailable' });

    const error = catchRouting(() => router.route({ messages: COMPLEX }));
    expect(error).toMatchObject({
      name: 'RoutingError',
      wantedTier: 2,
      message:
        'no healthy node in tier 2 (server: unavailable; off: disabled; wrong: does not serve qwen2.5:72b; held: circuit held open; ' +
        'probing: circuit half-open, probe running; and 2 more); fallback_strategy is strict',
      hint: 'Bring a node of that tier back, or set cluster.routing.fallback_strategy to graceful to use other tiers.',
    });
  });

  it('asked for a model, names only the nodes that serve it when none can take the request', () => {
    const { router, server, laptop, add } = seedCluster();
    setHealth(add({ name: 'second-72b', tier: 1, model: 'qwen2.5:72b' }), { status: 'unavailable' });
    setHealth(server, { status: 'unavailable' });
    setHealth(laptop, { status: 'unavailable' });
    expect(catchRouting(() => router.route({ messages: SIMPLE, model: 'qwen2.5:72b' }))).toMatchObject({
      message: 'no healthy node serving qwen2.5:72b in any tier (server: unavailable; second-72b: unavailable)',
      hint: 'See `harombe cluster status`; a node comes back once its health check passes or its circuit cools down.',
    });
    router.setRouting({ fallback_strategy: 'strict' });
    // A tier-2 node of another model is not what was asked for: not named.
    setHealth(add({ name: 'other-model', tier: 2, model: 'llama3:8b' }), { status: 'unavailable' });
    expect(catchRouting(() => router.route({ messages: SIMPLE, model: 'qwen2.5:72b', tier: 2 }))?.message).toBe(
      'no healthy node serving qwen2.5:72b in tier 2 (server: unavailable); fallback_strategy is strict',
    );
  });

  it('tells what models the cluster serves, at most eight, when none serves the one asked for', () => {
    const cluster = testCluster();
    for (let index = 1; index <= 9; index += 1) setHealth(cluster.add({ name: `n${index}`, tier: 0, model: `m${index}` }), {});
    const router = new Router({ registry: cluster.registry });
    expect(catchRouting(() => router.route({ messages: SIMPLE, model: 'llama3:70b' }))).toMatchObject({
      name: 'RoutingError',
      message: 'no node in the cluster serves model llama3:70b (nodes serve: m1, m2, m3, m4, m5, m6, m7, m8)',
      hint: 'Ask for one of those models, or "auto" to let the cluster choose.',
    });
    expect(catchRouting(() => new Router({ registry: testCluster().registry }).route({ messages: SIMPLE, model: 'm1' }))?.message).toBe(
      'no node in the cluster serves model m1',
    );
    expect(catchRouting(() => new Router({ registry: testCluster().registry }).route({ messages: SIMPLE }))).toMatchObject({
      message: 'the cluster has no nodes',
      hint: 'Add nodes under cluster.nodes in harombe.yaml, or with `harombe cluster add`.',
    });
  });

  it('gives the last question as the excerpt, not an earlier one; a message of exactly 80 characters stays whole', () => {
    const { router } = seedCluster();
    const messages: ChatMessage[] = [
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'first answer' },
      { role: 'user', content: 'second question' },
      { role: 'assistant', content: 'second answer' },
    ];
    expect(router.route({ messages }).excerpt).toBe('second question');
    expect(router.route({ messages: [{ role: 'system', content: 'only a system prompt' }] }).excerpt).toBe('only a system prompt');
    const exact = 'x'.repeat(80);
    expect(router.route({ messages: [{ role: 'user', content: exact }] }).excerpt).toBe(exact);
    // Cut after a word: no space before the ellipsis.
    expect(router.route({ messages: [{ role: 'user', content: `${'y'.repeat(78)} and more` }] }).excerpt).toBe(`${'y'.repeat(78)}…`);
  });
});

function catchRouting(route: () => unknown): RoutingError | undefined {
  try {
    route();
  } catch (error) {
    if (error instanceof RoutingError) return error;
    throw error;
  }
  return undefined;
}
