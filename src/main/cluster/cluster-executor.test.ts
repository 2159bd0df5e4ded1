import { afterEach, describe, expect, it, vi } from 'vitest';
import { LlmError } from '../llm';
import type { NodeCall, ServedRoute } from './cluster-executor';
import { ClusterLlmClient } from './cluster-llm-client';
import { COMPLEX, collect, setupExecutor, unreachable } from '../../../test/support/cluster-executor-kit';
import { setHealth } from '../../../test/support/cluster-test-kit';
import { Gate, finish, pause, reply, text } from '../../../test/support/scripted-llm-client';

const setup = setupExecutor;

describe('ClusterExecutor', () => {
  afterEach(() => vi.useRealTimers());

  it('streams from the routed node, reports the route before the first token, and counts the request', async () => {
    const { executor, client, registry, metrics, events } = setup();
    client('server').push(reply('Here is a design.'));
    const order: string[] = [];
    const routes: ServedRoute[] = [];
    const stream = executor.streamChat(
      { messages: COMPLEX },
      {
        onRoute: (route) => {
          routes.push(route);
          order.push('route');
        },
      },
    );
    for await (const event of stream) {
      order.push(event.type);
      if (event.type === 'text-delta') expect(registry.get('server')?.inFlight).toBe(1);
    }
    expect(order[0]).toBe('route');
    expect(order.at(-1)).toBe('finish');
    expect(routes[0]).toMatchObject({ node: 'server', tier: 2, complexity: 'complex', failedOver: [] });
    expect(registry.get('server')?.inFlight).toBe(0);
    expect(metrics.node('server')).toMatchObject({ requests: 1, successes: 1 });
    expect(events.filter((event) => event.type === 'route')).toMatchObject([{ node: 'server', wanted_tier: 2, failed_over: [] }]);
    // The node answers with its own model, whatever the request named.
    expect(client('server').requests[0]?.model).toBeUndefined();
  });

  it('fails over to the next node when one fails before its first token, and says who served', async () => {
    const { executor, client, registry, metrics, events } = setup();
    client('server').push([unreachable('http://server.lan:8000')]);
    client('server-b').push(reply('Answer from b.'));
    let served: ServedRoute | undefined;
    const result = await collect(executor.streamChat({ messages: COMPLEX }, { onRoute: (route) => (served = route) }));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe('Answer from b.');
    expect(served).toMatchObject({ node: 'server-b', failedOver: ['server'] });
    expect(served?.reason).toMatch(/; server failed before answering; served by server-b \(tier 2\)$/);
    expect(events.find((event) => event.type === 'failover')).toMatchObject({
      from: 'server',
      to: 'server-b',
      error: 'Cannot reach the model server at http://server.lan:8000 (ECONNREFUSED).',
    });
    expect(registry.get('server')?.circuit.consecutiveFailures).toBe(1);
    expect(metrics.node('server')).toMatchObject({ requests: 1, failures: 1 });
    expect(registry.get('server')?.inFlight).toBe(0);
  });

  it('a request no node served is still a decision: a route with no node, the nodes tried and the last error', async () => {
    const { executor, client, events } = setup({ retryBaseMs: 1 });
    for (const name of ['server', 'server-b', 'workstation', 'laptop']) client(name).push([unreachable(`http://${name}.lan:8000`)]);
    const result = await collect(executor.streamChat({ messages: COMPLEX }));
    expect(result.error).toBeDefined();
    const tried = events.filter((event) => event.type === 'failover').map((event) => event.from);
    expect(tried.length).toBeGreaterThan(1);
    const routes = events.filter((event) => event.type === 'route');
    expect(routes).toMatchObject([{ node: null, wanted_tier: 2, failed_over: tried, error: `Cannot reach the model server at http://${tried.at(-1)}.lan:8000 (ECONNREFUSED).` }]);
  });

  it('a cancelled request, or one the node refuses as malformed, adds no unserved decision', async () => {
    const { executor, client, events } = setup();
    client('server').push([{ type: 'error', error: new LlmError('bad_request', 'rejected the request (400)') }]);
    await collect(executor.streamChat({ messages: COMPLEX }));
    const gate = new Gate();
    client('server').push([pause(gate), ...reply('late')]);
    const controller = new AbortController();
    const cancelled = collect(executor.streamChat({ messages: COMPLEX, signal: controller.signal }));
    await gate.reached;
    controller.abort();
    expect((await cancelled).error?.code).toBe('aborted');
    expect(events.filter((event) => event.type === 'route')).toEqual([]);
  });

  it('does not fail over when the node calls the request malformed, nor count it against the node', async () => {
    const { executor, client, registry, metrics, events } = setup();
    client('server').push([{ type: 'error', error: new LlmError('bad_request', 'The model server at http://server.lan:8000 rejected the request (400): invalid message role') }]);
    client('server-b').push(reply('should not be asked'));
    const result = await collect(executor.streamChat({ messages: COMPLEX }));
    expect(result.error).toMatchObject({ code: 'bad_request', message: 'Node "server" could not answer: The model server at http://server.lan:8000 rejected the request (400): invalid message role' });
    expect(client('server-b').requests).toHaveLength(0);
    expect(events.filter((event) => event.type === 'failover')).toEqual([]);
    expect(registry.get('server')?.circuit.consecutiveFailures).toBe(0);
    expect(metrics.node('server')).toMatchObject({ requests: 1, failures: 0 });
  });

  it('waits a little (backoff with jitter) before trying the next node', async () => {
    vi.useFakeTimers();
    const { executor, client } = setup({ retryBaseMs: 400, random: () => 1 });
    client('server').push([unreachable('server')]);
    client('server-b').push(reply('ok'));
    const result = collect(executor.streamChat({ messages: COMPLEX }));
    await vi.advanceTimersByTimeAsync(399);
    expect(client('server-b').requests).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect((await result).text).toBe('ok');
  });

  it('ends with an error naming the node when it fails mid-answer, without retrying elsewhere', async () => {
    const { executor, client, registry } = setup();
    client('server').push([...text('The first half'), unreachable('http://server.lan:8000')]);
    client('server-b').push(reply('should not be asked'));
    const result = await collect(executor.streamChat({ messages: COMPLEX }));
    expect(result.text).toBe('The first half');
    expect(result.error).toBeInstanceOf(LlmError);
    expect(result.error?.message).toBe(
      'Node "server" (http://server.lan:8000) failed in the middle of the answer: Cannot reach the model server at http://server.lan:8000 (ECONNREFUSED).',
    );
    expect(client('server-b').requests).toHaveLength(0);
    await vi.waitFor(() => expect(registry.get('server')?.circuit.consecutiveFailures).toBe(1));
  });

  it('tries at most maxAttempts nodes and then says what each one did', async () => {
    const { executor, client } = setup({ maxAttempts: 2, retryBaseMs: 1 });
    client('server').push([unreachable('a')]);
    client('server-b').push([{ type: 'error', error: new LlmError('server_error', 'b is out of memory') }]);
    const result = await collect(executor.streamChat({ messages: COMPLEX }));
    expect(client('workstation').requests).toHaveLength(0);
    expect(result.error?.message).toBe(
      'No cluster node could answer (server: Cannot reach the model server at a (ECONNREFUSED); server-b: b is out of memory).',
    );
    expect(result.error?.code).toBe('server_error');
  });

  it('skips a node whose circuit is open without sending it anything', async () => {
    const { executor, client, registry, router } = setup({}, { failureThreshold: 1, halfOpenAfterMs: 60_000 });
    const decision = router.route({ messages: COMPLEX });
    await registry.get('server')!.circuit.run(() => Promise.reject(new Error('down'))).catch(() => undefined);
    client('server-b').push(reply('b'));
    let served: ServedRoute | undefined;
    const result = await collect(executor.streamChat({ messages: COMPLEX }, { decision, onRoute: (route) => (served = route) }));
    expect(result.text).toBe('b');
    expect(client('server').requests).toHaveLength(0);
    expect(served?.failedOver).toEqual([]);
    expect(served?.reason).toContain('server was cut off; served by server-b');
  });

  it('moves on when a node sends nothing within the first-token timeout, and counts it against the node', async () => {
    vi.useFakeTimers();
    const { executor, client, registry, events } = setup({ firstTokenTimeoutMs: 5_000 });
    client('server').push([pause(new Gate()), ...reply('never')]);
    client('server-b').push(reply('b was quick'));
    const result = collect(executor.streamChat({ messages: COMPLEX }));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(client('server-b').requests).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1 + 200);
    expect((await result).text).toBe('b was quick');
    expect(events.find((event) => event.type === 'failover')).toMatchObject({
      from: 'server',
      error: 'Node "server" (http://server.lan:8000) sent nothing within 5 s.',
    });
    expect(registry.get('server')?.circuit.consecutiveFailures).toBe(1);
  });

  it('never makes the caller wait past the deadline', async () => {
    vi.useFakeTimers();
    const { executor, client, registry } = setup({ deadlineMs: 8_000, firstTokenTimeoutMs: 60_000 });
    client('server').push([pause(new Gate()), ...reply('never')]);
    const result = collect(executor.streamChat({ messages: COMPLEX }));
    await vi.advanceTimersByTimeAsync(8_000);
    const { error } = await result;
    expect(error?.code).toBe('timeout');
    expect(error?.message).toMatch(/^No answer from the cluster within 8 s/);
    expect(registry.get('server')?.inFlight).toBe(0);
    // The cluster's own deadline is not the node's fault.
    expect(registry.get('server')?.circuit.consecutiveFailures).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('cuts a long answer at the deadline, naming the node that was answering', async () => {
    vi.useFakeTimers();
    const { executor, client } = setup({ deadlineMs: 1_000 });
    client('server').push([...text('Part one'), pause(new Gate()), finish()]);
    const result = collect(executor.streamChat({ messages: COMPLEX }));
    await vi.advanceTimersByTimeAsync(1_000);
    const { text: said, error } = await result;
    expect(said).toBe('Part one');
    expect(error?.message).toBe('No complete answer from the cluster within 1 s; node "server" was still answering.');
  });

  it('stops at once, without failover, when the caller cancels', async () => {
    const { executor, client, metrics } = setup();
    const gate = new Gate();
    client('server').push([pause(gate), ...reply('late')]);
    const controller = new AbortController();
    const result = collect(executor.streamChat({ messages: COMPLEX, signal: controller.signal }));
    await gate.reached;
    controller.abort();
    const { error } = await result;
    expect(error?.code).toBe('aborted');
    expect(client('server-b').requests).toHaveLength(0);
    expect(metrics.node('server')).toMatchObject({ cancelled: 1, failures: 0 });
  });

  it('frees the node when the consumer stops reading early', async () => {
    const { executor, client, registry, metrics } = setup();
    client('server').push(reply('one two three four'));
    for await (const event of executor.streamChat({ messages: COMPLEX })) {
      if (event.type === 'text-delta') break;
    }
    expect(registry.get('server')?.inFlight).toBe(0);
    expect(metrics.node('server')).toMatchObject({ requests: 1, cancelled: 1 });
  });
});

describe('ClusterLlmClient', () => {
  it('is an LlmClient that routes every request and reports where it went', async () => {
    const { executor, client } = setup();
    const routes: string[] = [];
    const cluster = new ClusterLlmClient({ executor, onRoute: (route) => routes.push(route.node) });
    const notices: string[] = [];
    cluster.onDidRoute((notice) => notices.push(`${notice.route.node}:${notice.request.messages.length}`));
    client('laptop').push(reply('Hello!'));
    client('workstation').push(reply('Named model.'));
    expect(cluster.model).toBe('auto');
    expect((await collect(cluster.streamChat({ messages: [{ role: 'user', content: 'hi' }] }))).text).toBe('Hello!');
    const named = await collect(cluster.streamChat({ messages: [{ role: 'user', content: 'hi' }], model: 'model-workstation' }));
    expect(named.text).toBe('Named model.');
    expect(routes).toEqual(['laptop', 'workstation']);
    expect(notices).toEqual(['laptop:1', 'workstation:1']);

    const perTurn: string[] = [];
    client('server').push(reply('Forced.'));
    await collect(cluster.withTier(2).withRouteListener((route) => perTurn.push(route.node)).streamChat({ messages: [{ role: 'user', content: 'hi' }] }));
    expect(perTurn).toEqual(['server']);
  });

  it('fails with the router\'s words when no node can take the request', async () => {
    const { executor, registry } = setup();
    for (const node of registry.list()) setHealth(node, { status: 'unavailable' });
    const { error } = await collect(new ClusterLlmClient({ executor }).streamChat({ messages: COMPLEX }));
    expect(error?.code).toBe('unreachable');
    expect(error?.message).toMatch(/^no healthy node in any tier \(server: unavailable; /);
  });
});

describe('ClusterExecutor.serve, with a surface\'s own call (as the /v1 relay asks nodes)', () => {
  afterEach(() => vi.useRealTimers());

  /** A call that answers each node's name from a script: a string is the answer, an Error its failure. */
  function scriptedCall(script: Record<string, string | Error>, options: { whole?: boolean } = {}) {
    const asked: string[] = [];
    const call: NodeCall<string> = {
      open: async (node) => {
        asked.push(node.name);
        const answer = script[node.name];
        if (answer instanceof Error) throw answer;
        return answer ?? 'unscripted';
      },
      ...options,
    };
    return { call, asked };
  }

  it('asks the next node after a failure before answering, and hands over the answer with the one measurement', async () => {
    const { executor, registry, metrics, events } = setup();
    const { call, asked } = scriptedCall({ server: Object.assign(new Error('node failed'), { status: 502 }), 'server-b': 'bytes from b' });
    const decision = executor.decide({ messages: COMPLEX });
    const attempt = await executor.serve(decision, call, new AbortController().signal);
    expect(asked).toEqual(['server', 'server-b']);
    expect(attempt).toMatchObject({ served: true, value: 'bytes from b', route: { node: 'server-b', failedOver: ['server'] } });
    expect(events.map((event) => event.type)).toEqual(['failover', 'route']);
    expect(registry.get('server-b')?.inFlight).toBe(1);
    if (!attempt.served) throw new Error('not served');
    attempt.measurement.firstToken();
    attempt.measurement.piece();
    attempt.measurement.succeeded();
    // A second ending is ignored: one request, one outcome.
    attempt.measurement.failed(new Error('late'));
    expect(registry.get('server-b')?.inFlight).toBe(0);
    expect(metrics.node('server-b')).toMatchObject({ requests: 1, successes: 1, failures: 0, total_tokens: 1 });
    expect(registry.get('server-b')?.circuit.consecutiveFailures).toBe(0);
    expect(metrics.node('server')).toMatchObject({ requests: 1, failures: 1 });
  });

  it('counts a break after the answer began on the node\'s circuit, once', async () => {
    const { executor, registry, metrics } = setup();
    const { call } = scriptedCall({ server: 'the first bytes' });
    const attempt = await executor.serve(executor.decide({ messages: COMPLEX }), call, new AbortController().signal);
    if (!attempt.served) throw new Error('not served');
    attempt.measurement.failed(new LlmError('unreachable', 'The node closed the connection mid-answer.'));
    attempt.measurement.failed(new LlmError('unreachable', 'again'));
    attempt.measurement.cancelled();
    await vi.waitFor(() => expect(registry.get('server')?.circuit.consecutiveFailures).toBe(1));
    expect(metrics.node('server')).toMatchObject({ requests: 1, failures: 1, cancelled: 0 });
    expect(registry.get('server')?.inFlight).toBe(0);
  });

  it('stops at a failure that is the request\'s, and returns it without counting it against the node', async () => {
    const { executor, registry, metrics, events } = setup();
    const { call, asked } = scriptedCall({ server: Object.assign(new Error('too large'), { status: 413 }) });
    const attempt = await executor.serve(executor.decide({ messages: COMPLEX }), call, new AbortController().signal);
    expect(asked).toEqual(['server']);
    expect(attempt).toMatchObject({ served: false, failures: [], stoppedBy: { error: { message: 'too large' }, skipped: false } });
    expect(events).toEqual([]);
    expect(registry.get('server')?.circuit.consecutiveFailures).toBe(0);
    expect(metrics.node('server')).toMatchObject({ requests: 1, failures: 0, cancelled: 1 });
  });

  it('gives a call that waits for the whole answer no first-token limit, and one that streams the policy\'s', async () => {
    vi.useFakeTimers();
    const { executor } = setup({ firstTokenTimeoutMs: 1_000, maxAttempts: 1 });
    const slow = (whole: boolean) => ({
      whole,
      open: (_node: unknown, signal: AbortSignal) =>
        new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => resolve('whole answer'), 5_000);
          signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)));
        }),
    });
    const decision = executor.decide({ messages: COMPLEX });
    const whole = executor.serve(decision, slow(true), new AbortController().signal);
    const streamed = executor.serve(decision, slow(false), new AbortController().signal);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await whole).toMatchObject({ served: true, value: 'whole answer' });
    expect(await streamed).toMatchObject({ served: false, failures: [{ error: { code: 'timeout', message: expect.stringContaining('sent nothing within 1 s') } }] });
  });
});
