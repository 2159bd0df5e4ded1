// The cluster's metrics as Prometheus text, through prom-client with a private registry (never the process-wide one).
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CircuitState, NodeHealthStatus } from '../../shared';
import type { NodeRegistry } from './node-registry';

export type RequestOutcome = 'success' | 'failure' | 'cancelled';

const OUTCOMES: readonly RequestOutcome[] = ['success', 'failure', 'cancelled'];
const HEALTH_STATES: readonly NodeHealthStatus[] = ['unknown', 'available', 'degraded', 'unavailable'];
const CIRCUIT_STATES: readonly CircuitState[] = ['closed', 'open', 'half_open', 'isolated'];

export class PrometheusExport {
  private readonly registry = new Registry();
  private readonly requests: Counter<'node' | 'outcome'>;
  private readonly tokens: Counter<'node'>;
  private readonly duration: Histogram<'node'>;
  private readonly firstToken: Histogram<'node'>;

  constructor(nodes: NodeRegistry, now: () => number) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'harombe_node_requests_total',
      help: 'Requests sent to a cluster node, by how they ended (success, failure, cancelled by the caller).',
      labelNames: ['node', 'outcome'],
      registers,
    });
    this.tokens = new Counter({
      name: 'harombe_node_generated_tokens_total',
      help: 'Tokens a node generated (its reported usage, else one per streamed piece).',
      labelNames: ['node'],
      registers,
    });
    this.duration = new Histogram({
      name: 'harombe_node_request_duration_seconds',
      help: 'Time from sending a request to a node until its answer ended.',
      labelNames: ['node'],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    });
    this.firstToken = new Histogram({
      name: 'harombe_node_time_to_first_token_seconds',
      help: 'Time from sending a request to a node until the first piece of its answer.',
      labelNames: ['node'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    new Gauge({
      name: 'harombe_node_in_flight',
      help: 'Requests running on a node now.',
      labelNames: ['node'],
      registers,
      collect() {
        this.reset();
        for (const node of nodes.list()) this.set({ node: node.name }, node.inFlight);
      },
    });
    new Gauge({
      name: 'harombe_node_health',
      help: 'A node\'s health status: 1 for the current status, 0 for the others.',
      labelNames: ['node', 'status'],
      registers,
      collect() {
        this.reset();
        for (const node of nodes.list()) {
          for (const status of HEALTH_STATES) this.set({ node: node.name, status }, Number(node.health.status === status));
        }
      },
    });
    new Gauge({
      name: 'harombe_node_health_check_latency_seconds',
      help: 'Smoothed (EWMA) time a node takes to answer its health check.',
      labelNames: ['node'],
      registers,
      collect() {
        this.reset();
        for (const node of nodes.list()) {
          if (node.health.latency_ms !== null) this.set({ node: node.name }, node.health.latency_ms / 1000);
        }
      },
    });
    new Gauge({
      name: 'harombe_node_circuit_state',
      help: 'A node\'s circuit breaker: 1 for the current state, 0 for the others.',
      labelNames: ['node', 'state'],
      registers,
      collect() {
        this.reset();
        for (const node of nodes.list()) {
          for (const state of CIRCUIT_STATES) this.set({ node: node.name, state }, Number(node.circuit.state === state));
        }
      },
    });
    new Gauge({
      name: 'harombe_node_circuit_open_until_seconds',
      help: 'When an open circuit lets its node be tried again (Unix time); absent while closed.',
      labelNames: ['node'],
      registers,
      collect() {
        this.reset();
        for (const node of nodes.list()) {
          const until = node.circuit.openUntil;
          if (until !== undefined) this.set({ node: node.name }, until / 1000);
        }
      },
    });
    new Gauge({
      name: 'harombe_cluster_nodes',
      help: 'Nodes in the cluster, and how many would be routed to now.',
      labelNames: ['routable'],
      registers,
      collect() {
        const all = nodes.list();
        const moment = now();
        const routable = all.filter((node) => node.isRoutable(moment)).length;
        this.set({ routable: 'true' }, routable);
        this.set({ routable: 'false' }, all.length - routable);
      },
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  recordEnd(
    node: string,
    outcome: RequestOutcome,
    durationSeconds: number,
    firstTokenAt: number | undefined,
    startedAt: number,
    tokens: number,
  ): void {
    this.requests.inc({ node, outcome });
    if (outcome === 'success') this.duration.observe({ node }, Math.max(0, durationSeconds));
    if (firstTokenAt !== undefined) this.firstToken.observe({ node }, Math.max(0, (firstTokenAt - startedAt) / 1000));
    if (tokens > 0) this.tokens.inc({ node }, tokens);
  }

  /** Drops a removed node's series. */
  forget(node: string): void {
    for (const outcome of OUTCOMES) this.requests.remove({ node, outcome });
    this.tokens.remove({ node });
    this.duration.remove({ node });
    this.firstToken.remove({ node });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  dispose(): void {
    this.registry.clear();
  }
}
