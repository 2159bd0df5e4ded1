// The cluster assembled from harombe.yaml: registry, health monitor, router, executor, metrics and events, with start/stop.
import type { HarombeConfig, NodeConfig, NodeStatus, NodeTestResult, RouteDecisionEvent } from '../../shared';
import { clusterConfigSchema } from '../../shared';
import type { CircuitBreakerOptions } from './circuit-breaker';
import type { ComplexityOptions } from './classify-complexity';
import { ClusterEvents, connectClusterEvents } from './cluster-events';
import { ClusterExecutor, type ClusterExecutorOptions, type ServedRoute } from './cluster-executor';
import { ClusterLlmClient } from './cluster-llm-client';
import { ClusterMetrics } from './cluster-metrics';
import type { Disposable } from '../base';
import { HealthMonitor, type HealthMonitorOptions } from './health-monitor';
import { localNodeConfig, LOCAL_NODE_NAME, type LocalNodeOptions } from './node-address';
import { createNodeClientFactory, type NodeClientFactory } from './node-client-factory';
import type { ClusterNode } from './cluster-node';
import { NodeRegistry, type NodeConfigInput } from './node-registry';
import { testNode, type NodeTestOptions } from './node-test';
import { fetchProbeTransport } from './probe-transport';
import { Router } from './router';
import { systemClock, systemTimers, type Timers } from './timers';
import { suggestTiers, type HardwareSummary } from './tier-suggestion';

export interface ClusterOptions {
  config: Pick<HarombeConfig, 'cluster' | 'ollama' | 'model'>;
  /**
   * The coordinator's own Ollama as node `local` (kind ollama at ollama.host). Default: model.name at tier 0, left
   * out while model.name is `auto` (pass the resolved model). `false`: no local node. A config node named `local` wins.
   */
  local?: LocalNodeOptions | false;
  fetch?: typeof fetch;
  timers?: Timers;
  now?: () => number;
  random?: () => number;
  /** Default: each node's /v1 through the OpenAI-compatible client, with ollama.timeout as its silence limit. */
  clientFactory?: NodeClientFactory;
  circuit?: CircuitBreakerOptions;
  health?: Omit<HealthMonitorOptions, 'registry' | 'timers' | 'now' | 'random'>;
  executor?: Omit<ClusterExecutorOptions, 'registry' | 'router' | 'metrics' | 'events' | 'timers' | 'random'>;
  complexity?: ComplexityOptions;
  /** Every served route (the ClusterLlmClient's onRoute). */
  onRoute?: (route: ServedRoute) => void;
}

export class Cluster {
  readonly registry: NodeRegistry;
  readonly health: HealthMonitor;
  readonly router: Router;
  readonly metrics: ClusterMetrics;
  readonly events: ClusterEvents;
  readonly executor: ClusterExecutor;
  /** The cluster as an LlmClient: hand it to the agent instead of a single model's client. */
  readonly client: ClusterLlmClient;
  private readonly eventWiring: Disposable;
  /** The drain harombe.yaml last said for a config node whose entry changed in nothing else. */
  private readonly configuredDrain = new WeakMap<ClusterNode, boolean>();
  /** Hardware (and model size) nodes announced over mDNS, by name: their suggested tier uses it. */
  private readonly hardware = new Map<string, { hardware?: HardwareSummary; modelBytes?: number }>();

  constructor(options: ClusterOptions) {
    const { config } = options;
    const cluster = config.cluster ?? clusterConfigSchema.parse({});
    const timers = options.timers ?? systemTimers;
    const now = options.now ?? systemClock;
    const random = options.random ?? Math.random;
    const clientFactory =
      options.clientFactory ??
      createNodeClientFactory({
        timeoutMs: config.ollama.timeout * 1000,
        defaultTemperature: config.model.temperature,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
    this.registry = new NodeRegistry({ clientFactory, ...(options.circuit ? { circuit: options.circuit } : {}) });
    this.events = new ClusterEvents(now);
    this.metrics = new ClusterMetrics({ registry: this.registry, now });
    this.health = new HealthMonitor({
      ...options.health,
      registry: this.registry,
      timers,
      now,
      random,
      // A fetch given for the nodes' answers (tests) answers their health checks too.
      ...(options.fetch ? { transport: fetchProbeTransport(options.fetch) } : {}),
    });
    this.eventWiring = connectClusterEvents(this.events, this.registry, this.health, (node) => this.statusOf(node));
    this.router = new Router({
      registry: this.registry,
      routing: cluster.routing,
      ...(options.complexity ? { complexity: options.complexity } : {}),
    });
    this.executor = new ClusterExecutor({
      ...options.executor,
      registry: this.registry,
      router: this.router,
      metrics: this.metrics,
      events: this.events,
      timers,
      random,
    });
    this.client = new ClusterLlmClient({ executor: this.executor, ...(options.onRoute ? { onRoute: options.onRoute } : {}) });

    for (const node of cluster.nodes) this.registry.add(node, { source: 'config' });
    const localModel = options.local === false ? undefined : (options.local?.model ?? autoless(config.model.name));
    if (localModel !== undefined && !this.registry.has(LOCAL_NODE_NAME)) {
      const local = localNodeConfig(config, { model: localModel, tier: options.local ? options.local.tier : undefined });
      this.registry.add(local.node, { source: 'local', origin: local.origin });
    }
  }

  /** Starts health checks (every node now, then periodically). */
  start(): void {
    this.health.start();
  }

  /** Stops health checks and waits for running ones; requests in flight finish on their own. */
  async stop(): Promise<void> {
    await this.health.stop();
  }

  /** Stops everything and lets go of every node. */
  async dispose(): Promise<void> {
    await this.health.dispose();
    this.eventWiring.dispose();
    this.metrics.dispose();
    this.events.dispose();
    this.registry.dispose();
  }

  /** Every node as the API shows it. */
  nodes(): NodeStatus[] {
    return this.registry.list().map((node) => this.statusOf(node));
  }

  /** One node as the API shows it: its own state, its success rate and speed from the metrics, and its suggested tier. */
  statusOf(node: ClusterNode): NodeStatus {
    const hardware = this.hardware.get(node.name);
    const [suggestion] = suggestTiers([{ name: node.name, model: node.config.model, ...hardware, configuredTier: node.tier }]);
    return { ...node.status(this.metrics.requestStats(node.name)), suggested_tier: suggestion!.suggested, tier_reason: suggestion!.reason };
  }

  /** What a node said of its machine (its mDNS announcement), for its suggested tier; undefined forgets it. */
  noteHardware(name: string, known: { hardware?: HardwareSummary; modelBytes?: number } | undefined): void {
    if (known && (known.hardware || known.modelBytes !== undefined)) this.hardware.set(name, known);
    else this.hardware.delete(name);
  }

  /** The last routing decisions (at most 50), oldest first. */
  recentRoutes(): RouteDecisionEvent[] {
    return this.events.recentRoutes();
  }

  /** Drains a node (no new turns; running ones finish; still checked) or puts it back; false when there is none. */
  setDrain(name: string, drain: boolean): boolean {
    return this.registry.setDrain(name, drain);
  }

  /**
   * Runs the `harombe cluster test` checks on a node definition that is not (or not yet) in the cluster: nothing is
   * added, nothing stays behind.
   */
  async testDefinition(input: NodeConfigInput, options: NodeTestOptions): Promise<NodeTestResult> {
    const node = this.registry.preview(input);
    try {
      const result = await testNode(node, options);
      // The person is deciding where the node goes: say which tier its model (and announced hardware) suggests.
      const [suggestion] = suggestTiers([{ name: input.name, model: input.model, ...this.hardware.get(input.name) }]);
      return { ...result, suggested_tier: suggestion!.suggested, tier_reason: suggestion!.reason };
    } finally {
      node.circuit.dispose();
    }
  }

  /** Checks a node of the cluster now: a health check (its status updates as usual), then the test's checks. */
  async testExisting(name: string, options: NodeTestOptions): Promise<NodeTestResult | undefined> {
    const node = this.registry.get(name);
    if (!node) return undefined;
    // A disabled node is never contacted (its test says so): it may be an example nobody has pointed at a machine yet.
    if (!node.enabled) return testNode(node, options);
    const [, result] = await Promise.all([this.health.checkNow(name).catch(() => undefined), testNode(node, options)]);
    return result;
  }

  /**
   * Applies a changed cluster section: routing at once; config nodes added, removed, or replaced when changed
   * (a replaced node starts over: fresh health, closed circuit). Runtime, mDNS and local nodes stay.
   */
  applyConfig(config: Pick<HarombeConfig, 'cluster'>): void {
    const cluster = config.cluster ?? clusterConfigSchema.parse({});
    this.router.setRouting(cluster.routing);
    const wanted = new Map(cluster.nodes.map((node) => [node.name, node]));
    for (const node of this.registry.list()) {
      if (node.source === 'config' && !wanted.has(node.name)) this.registry.remove(node.name);
    }
    for (const [name, node] of wanted) {
      const current = this.registry.get(name);
      if (current?.source === 'config' && sameApartFromDrain(current.config, node)) {
        // Draining changes no address, model or tier: the node keeps its health, circuit and running requests. Only a
        // change in the file applies, so a drain set at run time (not saved) outlasts an unrelated config change.
        const configured = node.drain ?? false;
        if (configured !== (this.configuredDrain.get(current) ?? current.config.drain ?? false)) this.registry.setDrain(name, configured);
        this.configuredDrain.set(current, configured);
        continue;
      }
      this.registry.add(node, { source: 'config', replace: true });
    }
  }
}

function sameApartFromDrain(a: NodeConfig, b: NodeConfig): boolean {
  return JSON.stringify({ ...a, drain: undefined }) === JSON.stringify({ ...b, drain: undefined });
}

function autoless(model: string): string | undefined {
  return model === 'auto' ? undefined : model;
}
