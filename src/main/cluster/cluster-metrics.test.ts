import { describe, expect, it } from 'vitest';
import { clusterMetricsSnapshotSchema, metricsResponseSchema } from '../../shared';
import { LlmError } from '../llm';
import { ClusterMetrics } from './cluster-metrics';
import { LatencyWindow } from './latency-window';
import { setHealth, testCluster } from '../../../test/support/cluster-test-kit';

describe('LatencyWindow', () => {
  it('gives nearest-rank percentiles over what it holds', () => {
    const window = new LatencyWindow(100);
    for (let value = 1; value <= 100; value += 1) window.add(value);
    expect(window.summary()).toEqual({ average: 50.5, p50: 50, p95: 95 });
    expect(window.percentile(99)).toBe(99);
    expect(new LatencyWindow().summary()).toEqual({ average: null, p50: null, p95: null });
  });

  it('keeps only the most recent samples', () => {
    const window = new LatencyWindow(3);
    for (const value of [1000, 1000, 1000, 1, 2, 3]) window.add(value);
    expect(window.size).toBe(3);
    expect(window.summary()).toEqual({ average: 2, p50: 2, p95: 3 });
  });
});

function setup() {
  let now = Date.parse('2026-11-26T14:00:00Z');
  const cluster = testCluster();
  const fast = cluster.add({ name: 'fast', tier: 0 });
  const big = cluster.add({ name: 'big', tier: 2 });
  setHealth(fast, { latency_ms: 4 });
  setHealth(big, { status: 'unavailable', latency_ms: null });
  const metrics = new ClusterMetrics({ registry: cluster.registry, now: () => now });
  return { ...cluster, metrics, fast, big, advance: (ms: number) => (now += ms) };
}

describe('ClusterMetrics', () => {
  it('counts requests, successes and failures, with latency, first-token time and generation speed', () => {
    const { metrics, advance } = setup();
    for (const [firstTokenMs, restMs, tokens] of [
      [100, 900, 20],
      [200, 1800, 40],
    ] as const) {
      const request = metrics.begin('fast');
      advance(firstTokenMs);
      request.firstToken();
      for (let piece = 0; piece < 5; piece += 1) request.piece();
      advance(restMs);
      request.succeeded({ prompt_tokens: 10, completion_tokens: tokens, total_tokens: 10 + tokens });
    }
    const failed = metrics.begin('fast');
    advance(5);
    failed.failed(new LlmError('unreachable', 'Cannot reach the model server at http://fast.lan:8000 (ECONNREFUSED).'));
    failed.succeeded(); // already ended: ignored
    metrics.begin('fast').cancelled();

    const fast = metrics.node('fast')!;
    expect(fast).toMatchObject({
      requests: 4,
      successes: 2,
      failures: 1,
      cancelled: 1,
      success_rate: 0.6667,
      latency_ms: { average: 1500, p50: 1000, p95: 2000 },
      time_to_first_token_ms: { average: 150, p50: 100, p95: 200 },
      total_tokens: 60,
      tokens_per_second: 22.2, // 60 tokens over 0.9 s + 1.8 s of generation
      last_error: 'Cannot reach the model server at http://fast.lan:8000 (ECONNREFUSED).',
    });
    expect(metrics.node('nobody')).toBeUndefined();
  });

  it('counts streamed pieces as tokens when the server reports no usage', () => {
    const { metrics, advance } = setup();
    const request = metrics.begin('fast');
    request.firstToken();
    for (let piece = 0; piece < 8; piece += 1) request.piece();
    advance(2_000);
    request.succeeded();
    expect(metrics.node('fast')).toMatchObject({ total_tokens: 8, tokens_per_second: 4 });
  });

  it('summarizes the cluster and fits the shared schemas', () => {
    const { metrics, fast } = setup();
    const release = fast.beginRequest();
    metrics.begin('fast').succeeded();
    const detailed = metrics.detailed();
    expect(clusterMetricsSnapshotSchema.parse(detailed)).toEqual(detailed);
    expect(detailed.summary).toEqual({
      total_nodes: 2,
      available_nodes: 1,
      requests: 1,
      success_rate: 1,
      average_latency_ms: 0,
      in_flight: 1,
      total_tokens: 0,
      tokens_per_second: 0,
    });
    expect(detailed.nodes.find((node) => node.name === 'big')).toMatchObject({ health: 'unavailable', requests: 0, success_rate: null });
    release();
  });

  it('answers GET /metrics in the seed shape the server contract declares', () => {
    const { metrics, advance } = setup();
    const request = metrics.begin('fast');
    advance(250);
    request.firstToken();
    request.succeeded({ prompt_tokens: 1, completion_tokens: 5, total_tokens: 6 });
    const seed = metrics.toSeedJson();
    expect(metricsResponseSchema.parse(seed)).toEqual(seed);
    expect(seed.nodes[0]).toEqual({
      name: 'fast',
      tier: 0,
      healthy: true,
      total_requests: 1,
      successful_requests: 1,
      failed_requests: 0,
      success_rate: 1,
      average_latency_ms: 250,
      total_tokens: 5,
      tokens_per_second: 0,
      last_request_time: '2026-11-26T14:00:00.000Z',
    });
    expect(seed.nodes[1]).toMatchObject({ name: 'big', healthy: false, total_requests: 0, success_rate: 0 });
    expect(seed.cluster_summary).toMatchObject({ total_nodes: 2, healthy_nodes: 1, total_requests: 1, average_success_rate: 1 });
    expect(metrics.snapshot()).toEqual(seed);
  });

  it('exports Prometheus text from its own registry, and drops a removed node', async () => {
    const { metrics, registry } = setup();
    metrics.begin('fast').succeeded();
    metrics.begin('big').failed(new Error('down'));
    const text = await metrics.toPrometheus();
    expect(metrics.prometheusContentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('# TYPE harombe_node_requests_total counter');
    expect(text).toContain('harombe_node_requests_total{node="fast",outcome="success"} 1');
    expect(text).toContain('harombe_node_requests_total{node="big",outcome="failure"} 1');
    expect(text).toContain('harombe_node_health{node="big",status="unavailable"} 1');
    expect(text).toContain('harombe_node_circuit_state{node="fast",state="closed"} 1');
    expect(text).toContain('harombe_node_health_check_latency_seconds{node="fast"} 0.004');
    expect(text).toContain('harombe_cluster_nodes{routable="true"} 1');
    expect(text).toContain('harombe_node_request_duration_seconds_count{node="fast"} 1');
    // A second exporter keeps its own numbers: nothing goes through prom-client's global registry.
    expect(await new ClusterMetrics({ registry }).toPrometheus()).not.toContain('outcome="success"} 1');

    registry.remove('big');
    const after = await metrics.toPrometheus();
    expect(after).not.toContain('node="big"');
    expect(metrics.toSeedJson().nodes.map((node) => node.name)).toEqual(['fast']);
  });
});
