// Request metrics per node and for the cluster: counts, success rate, latency percentiles, first-token time, tokens/s.
import type { ClusterMetricsSnapshot, MetricsResponse, NodeMetricsDetail, Usage } from '../../shared';
import type { ClusterNode } from './cluster-node';
import type { Disposable } from '../base';
import { LatencyWindow } from './latency-window';
import type { NodeRegistry } from './node-registry';
import { PrometheusExport } from './prometheus-export';
import { systemClock } from './timers';

export interface ClusterMetricsOptions {
  registry: NodeRegistry;
  now?: () => number;
  /** Recent requests per node kept for percentiles. Default 512. */
  windowSize?: number;
}

/** One request on one node, from start to end; the executor reports what happens to it. */
export interface RequestMeasurement {
  /** The first piece of the answer arrived. */
  firstToken(): void;
  /** One streamed piece (a text delta or tool call), counted as a token when the server reports no usage. */
  piece(): void;
  succeeded(usage?: Usage): void;
  failed(error: unknown): void;
  /** The caller stopped (cancel, deadline): neither the node's success nor its failure. */
  cancelled(): void;
}

class NodeCounters {
  requests = 0;
  successes = 0;
  failures = 0;
  cancelled = 0;
  tokens = 0;
  /** Time spent generating (first token to end) by the requests whose tokens were counted. */
  generationMs = 0;
  successDurationMs = 0;
  lastRequestTime: number | undefined;
  lastError: string | undefined;
  readonly latency: LatencyWindow;
  readonly firstToken: LatencyWindow;

  constructor(windowSize: number) {
    this.latency = new LatencyWindow(windowSize);
    this.firstToken = new LatencyWindow(windowSize);
  }
}

export class ClusterMetrics {
  private readonly registry: NodeRegistry;
  private readonly now: () => number;
  private readonly windowSize: number;
  private readonly counters = new Map<string, NodeCounters>();
  private readonly prometheus: PrometheusExport;
  private readonly subscription: Disposable;

  constructor(options: ClusterMetricsOptions) {
    this.registry = options.registry;
    this.now = options.now ?? systemClock;
    this.windowSize = options.windowSize ?? 512;
    this.prometheus = new PrometheusExport(this.registry, () => this.now());
    this.subscription = this.registry.onDidChange((change) => {
      if (change.type === 'removed') this.forget(change.node.name);
    });
  }

  /** Starts measuring a request on `node`. Exactly one of succeeded / failed / cancelled ends it; later calls are ignored. */
  begin(node: string): RequestMeasurement {
    const counters = this.countersOf(node);
    const started = this.now();
    counters.requests += 1;
    counters.lastRequestTime = started;
    let firstTokenAt: number | undefined;
    let pieces = 0;
    let ended = false;
    const end = (): boolean => {
      if (ended) return false;
      ended = true;
      return true;
    };
    return {
      firstToken: () => {
        if (firstTokenAt !== undefined || ended) return;
        firstTokenAt = this.now();
        counters.firstToken.add(firstTokenAt - started);
      },
      piece: () => {
        if (!ended) pieces += 1;
      },
      succeeded: (usage) => {
        if (!end()) return;
        const finished = this.now();
        counters.successes += 1;
        counters.latency.add(finished - started);
        counters.successDurationMs += finished - started;
        const tokens = usage?.completion_tokens || pieces;
        counters.tokens += tokens;
        if (firstTokenAt !== undefined && tokens > 0) counters.generationMs += finished - firstTokenAt;
        this.prometheus.recordEnd(node, 'success', (finished - started) / 1000, firstTokenAt, started, tokens);
      },
      failed: (error) => {
        if (!end()) return;
        counters.failures += 1;
        counters.lastError = error instanceof Error ? error.message : String(error);
        this.prometheus.recordEnd(node, 'failure', (this.now() - started) / 1000, firstTokenAt, started, 0);
      },
      cancelled: () => {
        if (!end()) return;
        counters.cancelled += 1;
        this.prometheus.recordEnd(node, 'cancelled', (this.now() - started) / 1000, firstTokenAt, started, 0);
      },
    };
  }

  /** One node's numbers, or undefined when the node is not in the cluster. */
  node(name: string): NodeMetricsDetail | undefined {
    const node = this.registry.get(name);
    return node ? this.detail(node) : undefined;
  }

  /**
   * A node's success rate and generation speed (null before any finished request, and speed before any token), without
   * the percentiles node() sorts for: a node's status carries these, and a snapshot lists every node.
   */
  requestStats(name: string): { success_rate: number | null; tokens_per_second: number | null } {
    const counters = this.counters.get(name);
    if (!counters) return { success_rate: null, tokens_per_second: null };
    return {
      success_rate: rate(counters.successes, counters.failures),
      tokens_per_second: counters.tokens > 0 ? perSecond(counters.tokens, counters.generationMs) : null,
    };
  }

  /** Everything, in the shapes of src/shared/cluster-schema.ts (for the dashboard and `harombe cluster metrics`). */
  detailed(): ClusterMetricsSnapshot {
    const now = this.now();
    const nodes = this.registry.list();
    const details = nodes.map((node) => this.detail(node));
    let successes = 0;
    let failures = 0;
    let durationMs = 0;
    let tokens = 0;
    let generationMs = 0;
    for (const node of nodes) {
      const counters = this.counters.get(node.name);
      if (!counters) continue;
      successes += counters.successes;
      failures += counters.failures;
      durationMs += counters.successDurationMs;
      tokens += counters.tokens;
      generationMs += counters.generationMs;
    }
    return {
      nodes: details,
      summary: {
        total_nodes: nodes.length,
        available_nodes: nodes.filter((node) => node.isRoutable(now)).length,
        requests: details.reduce((sum, detail) => sum + detail.requests, 0),
        success_rate: rate(successes, failures),
        average_latency_ms: successes ? round(durationMs / successes) : null,
        in_flight: nodes.reduce((sum, node) => sum + node.inFlight, 0),
        total_tokens: tokens,
        tokens_per_second: perSecond(tokens, generationMs),
      },
    };
  }

  /** GET /metrics as the server's contract (src/shared/api-contract.ts) has it: `{ nodes: [...], cluster_summary }`. */
  toSeedJson(): MetricsResponse {
    const now = this.now();
    const { nodes, summary } = this.detailed();
    return {
      nodes: nodes.map((detail) => {
        const counters = this.counters.get(detail.name);
        return {
          name: detail.name,
          tier: detail.tier,
          healthy: this.registry.get(detail.name)?.isRoutable(now) ?? false,
          total_requests: detail.requests,
          successful_requests: detail.successes,
          failed_requests: detail.failures,
          success_rate: detail.success_rate ?? 0,
          average_latency_ms: counters?.successes ? round(counters.successDurationMs / counters.successes) : 0,
          total_tokens: detail.total_tokens,
          tokens_per_second: detail.tokens_per_second,
          last_request_time: detail.last_request_time,
        };
      }),
      cluster_summary: {
        total_nodes: summary.total_nodes,
        healthy_nodes: summary.available_nodes,
        total_requests: summary.requests,
        average_success_rate: summary.success_rate ?? 0,
        average_latency_ms: summary.average_latency_ms ?? 0,
        total_tokens: summary.total_tokens,
        tokens_per_second: summary.tokens_per_second,
      },
    };
  }

  /** The server's MetricsProvider: the seed-shaped JSON. */
  snapshot(): MetricsResponse {
    return this.toSeedJson();
  }

  /** Prometheus text exposition (a private prom-client registry, never the global one). */
  toPrometheus(): Promise<string> {
    return this.prometheus.text();
  }

  /** The Content-Type to serve toPrometheus() with. */
  get prometheusContentType(): string {
    return this.prometheus.contentType;
  }

  dispose(): void {
    this.subscription.dispose();
    this.prometheus.dispose();
  }

  private countersOf(name: string): NodeCounters {
    let counters = this.counters.get(name);
    if (!counters) {
      counters = new NodeCounters(this.windowSize);
      this.counters.set(name, counters);
    }
    return counters;
  }

  private forget(name: string): void {
    this.counters.delete(name);
    this.prometheus.forget(name);
  }

  private detail(node: ClusterNode): NodeMetricsDetail {
    const counters = this.counters.get(node.name);
    const circuit = node.circuit.status();
    return {
      name: node.name,
      tier: node.tier,
      health: node.health.status,
      circuit: circuit.state,
      open_until: circuit.open_until,
      in_flight: node.inFlight,
      requests: counters?.requests ?? 0,
      successes: counters?.successes ?? 0,
      failures: counters?.failures ?? 0,
      cancelled: counters?.cancelled ?? 0,
      success_rate: counters ? rate(counters.successes, counters.failures) : null,
      latency_ms: counters ? counters.latency.summary() : { average: null, p50: null, p95: null },
      time_to_first_token_ms: counters ? counters.firstToken.summary() : { average: null, p50: null, p95: null },
      total_tokens: counters?.tokens ?? 0,
      tokens_per_second: counters ? perSecond(counters.tokens, counters.generationMs) : 0,
      last_request_time: counters?.lastRequestTime === undefined ? null : new Date(counters.lastRequestTime).toISOString(),
      last_error: counters?.lastError ?? null,
    };
  }
}

function rate(successes: number, failures: number): number | null {
  const finished = successes + failures;
  return finished === 0 ? null : Math.round((successes / finished) * 10_000) / 10_000;
}

function perSecond(tokens: number, ms: number): number {
  return ms > 0 ? Math.round((tokens / (ms / 1000)) * 10) / 10 : 0;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
