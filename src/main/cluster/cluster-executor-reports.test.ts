// What a person reads of a cluster request: the route event's failed-over nodes and reason, the silent node's hint,
// and no request sent where none should go (a node gone, a cancel during the pause, no pause for a skipped node).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServedRoute } from './cluster-executor';
import { COMPLEX, collect, setupExecutor, unreachable } from '../../../test/support/cluster-executor-kit';
import { Gate, pause, reply } from '../../../test/support/scripted-llm-client';

describe('ClusterExecutor, as a person reads it', () => {
  afterEach(() => vi.useRealTimers());

  it('gives a request served where it was routed the router\'s reason unchanged', async () => {
    const { executor, client, events } = setupExecutor();
    const decision = executor.decide({ messages: COMPLEX });
    client('server').push(reply('Here.'));
    let served: ServedRoute | undefined;
    await collect(executor.streamChat({ messages: COMPLEX }, { decision, onRoute: (route) => (served = route) }));
    expect(served?.reason).toBe(decision.reason);
    expect(events.find((event) => event.type === 'route')).toMatchObject({ node: 'server', reason: decision.reason, failed_over: [] });
  });

  it('lists the failed nodes in the route event and names each in the reason, separated by commas', async () => {
    const { executor, client, events } = setupExecutor({ retryBaseMs: 1 });
    const decision = executor.decide({ messages: COMPLEX });
    client('server').push([unreachable('http://server.lan:8000')]);
    client('server-b').push([unreachable('http://server-b.lan:8000')]);
    client('workstation').push(reply('From the workstation.'));
    const result = await collect(executor.streamChat({ messages: COMPLEX }, { decision }));
    expect(result.text).toBe('From the workstation.');
    const reason = `${decision.reason}; server failed before answering, server-b failed before answering; served by workstation (tier 1)`;
    expect(events.find((event) => event.type === 'route')).toEqual(expect.objectContaining({ node: 'workstation', failed_over: ['server', 'server-b'], reason }));
    expect(result.events.find((event) => event.type === 'route')).toMatchObject({ node: 'workstation', reason });
  });

  it('tells a person what a node silent past the first-token limit may be doing', async () => {
    vi.useFakeTimers();
    const { executor, client } = setupExecutor({ firstTokenTimeoutMs: 5_000, maxAttempts: 1 });
    client('server').push([pause(new Gate()), ...reply('never')]);
    const result = collect(executor.streamChat({ messages: COMPLEX }));
    await vi.advanceTimersByTimeAsync(5_000);
    const { error } = await result;
    expect(error?.message).toBe('Node "server" could not answer: Node "server" (http://server.lan:8000) sent nothing within 5 s. No other node could take the request.');
    expect(error?.hint).toBe('The node may be busy or still loading its model.');
  });

  it('asks the next node at once when the one before was only cut off by its open circuit (never asked)', async () => {
    vi.useFakeTimers();
    const { executor, client, registry, router } = setupExecutor({ retryBaseMs: 10_000 }, { failureThreshold: 1, halfOpenAfterMs: 60_000 });
    const decision = router.route({ messages: COMPLEX });
    await registry.get('server')!.circuit.run(() => Promise.reject(new Error('down'))).catch(() => undefined);
    client('server-b').push(reply('b, without waiting'));
    const result = collect(executor.streamChat({ messages: COMPLEX }, { decision }));
    // No timer advanced: a pause before server-b would leave it unasked.
    await vi.advanceTimersByTimeAsync(0);
    expect(client('server-b').requests).toHaveLength(1);
    expect((await result).text).toBe('b, without waiting');
  });

  it('asks no further node when the caller cancels during the pause before it', async () => {
    vi.useFakeTimers();
    const { executor, client, events } = setupExecutor({ retryBaseMs: 10_000 });
    client('server').push([unreachable('http://server.lan:8000')]);
    client('server-b').push(reply('should not be asked'));
    const controller = new AbortController();
    const result = collect(executor.streamChat({ messages: COMPLEX, signal: controller.signal }));
    await vi.waitFor(() => expect(events.some((event) => event.type === 'failover')).toBe(true));
    controller.abort();
    await vi.advanceTimersByTimeAsync(20_000);
    expect((await result).error?.code).toBe('aborted');
    expect(client('server-b').requests).toHaveLength(0);
    expect(events.filter((event) => event.type === 'route')).toEqual([]);
  });

  it('passes over a node removed from the cluster between routing and serving', async () => {
    const { executor, client, registry } = setupExecutor();
    const decision = executor.decide({ messages: COMPLEX });
    registry.remove('server');
    client('server-b').push(reply('b took it'));
    let served: ServedRoute | undefined;
    const result = await collect(executor.streamChat({ messages: COMPLEX }, { decision, onRoute: (route) => (served = route) }));
    expect(result.text).toBe('b took it');
    expect(served).toMatchObject({ node: 'server-b', failedOver: [] });
  });

  it('says every candidate left the cluster when all were removed before serving, and reports no decision', async () => {
    const { executor, registry, events } = setupExecutor();
    const decision = executor.decide({ messages: COMPLEX });
    for (const name of decision.candidates) registry.remove(name);
    const { error } = await collect(executor.streamChat({ messages: COMPLEX }, { decision }));
    expect(error?.message).toBe('No cluster node could answer (every candidate left the cluster).');
    expect(events).toEqual([]);
  });
});
