// One request on one node as `harombe cluster status` counts it: its in-flight slot freed once, exactly one end
// reported, the first token timed, and a break in the middle of an answer held against the node's circuit.
import { describe, expect, it, vi } from 'vitest';
import { LlmError } from '../llm';
import type { ClusterMetrics, RequestMeasurement } from './cluster-metrics';
import { NodeAttempt } from './node-attempt';
import { testCluster } from '../../../test/support/cluster-test-kit';

/** Metrics that record what one request reported, in order. */
function recording(): { metrics: ClusterMetrics; said: string[] } {
  const said: string[] = [];
  const measurement: RequestMeasurement = {
    firstToken: () => said.push('firstToken'),
    piece: () => said.push('piece'),
    succeeded: (usage) => said.push(`succeeded ${usage?.completion_tokens ?? '-'}`),
    failed: (error) => said.push(`failed ${(error as Error).message}`),
    cancelled: () => said.push('cancelled'),
  };
  return { metrics: { begin: () => measurement } as unknown as ClusterMetrics, said };
}

const node = () => testCluster().add({ name: 'gpu', tier: 1 });

describe('NodeAttempt', () => {
  it('holds the node’s slot until its one end, and reports only that end', () => {
    const gpu = node();
    const { metrics, said } = recording();
    const attempt = new NodeAttempt(gpu, metrics);
    expect(gpu.inFlight).toBe(1);
    attempt.firstToken();
    attempt.piece();
    attempt.succeeded({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 });
    attempt.succeeded();
    attempt.failed(new Error('late'));
    attempt.cancelled();
    expect(gpu.inFlight).toBe(0);
    expect(said).toEqual(['firstToken', 'piece', 'succeeded 2']);
  });

  it('counts a failure before the answer began only once: the circuit’s run already did', async () => {
    const gpu = node();
    const { metrics, said } = recording();
    new NodeAttempt(gpu, metrics).failed(new LlmError('unreachable', 'down'));
    expect(said).toEqual(['failed down']);
    // The circuit records asynchronously: let a recording made by mistake land before looking.
    await new Promise((resolve) => setImmediate(resolve));
    expect(gpu.circuit.consecutiveFailures).toBe(0);
  });

  it('holds a break in the middle of the answer against the node’s circuit, once', async () => {
    const gpu = node();
    const { metrics, said } = recording();
    const attempt = new NodeAttempt(gpu, metrics);
    attempt.answered();
    attempt.failed(new LlmError('unreachable', 'cut off'));
    attempt.failed(new LlmError('unreachable', 'again'));
    attempt.cancelled();
    expect(said).toEqual(['failed cut off']);
    await vi.waitFor(() => expect(gpu.circuit.consecutiveFailures).toBe(1));
    expect(gpu.inFlight).toBe(0);
  });

  it('works without metrics (the node test, a cluster with none) and still frees the slot', () => {
    const gpu = node();
    for (const end of ['succeeded', 'failed', 'cancelled'] as const) {
      const attempt = new NodeAttempt(gpu, undefined);
      attempt.answered();
      attempt.firstToken();
      attempt.piece();
      if (end === 'failed') attempt.failed(new LlmError('server_error', 'broke'));
      else attempt[end]();
      expect(gpu.inFlight).toBe(0);
    }
  });
});
