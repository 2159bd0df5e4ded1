// Checks every node periodically (with jitter, a timeout, retries with backoff): status, smoothed latency, model served.
import type { NodeHealth } from '../../shared';
import type { ClusterNode } from './cluster-node';
import { Emitter, type Disposable } from './emitter';
import { formatDuration } from './format';
import type { NodeRegistry, NodeRegistryChange } from './node-registry';
import { probeNode, probeUrl, ProbeError, type ProbeResult } from './node-probe';
import { HttpProbeTransport, type ProbeTransport } from './probe-transport';
import { backoffDelay, sleep, systemClock, systemTimers, type Timers } from './timers';

export interface HealthMonitorOptions {
  registry: NodeRegistry;
  /** Checks go through this fetch when given (tests); otherwise over `transport`. */
  fetch?: typeof fetch;
  /** How checks reach the nodes when no fetch is given. Default: node:http with keep-alive, closed by stop(). */
  transport?: ProbeTransport;
  timers?: Timers;
  /** Wall clock (ms since the epoch). */
  now?: () => number;
  random?: () => number;
  /** Time between two checks of a node. Default 10 s. */
  intervalMs?: number;
  /** Random spread of that interval, 0..1: 0.1 is ±10%. Default 0.1. */
  jitter?: number;
  /** One attempt's limit. Default 5 s. */
  timeoutMs?: number;
  /** Further attempts when one fails, before the check counts as failed. Default 2. */
  retries?: number;
  /** First retry's delay, doubling after (with jitter). Default 500 ms. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Smoothed latency above this makes an answering node `degraded`. Default 2 s. */
  slowThresholdMs?: number;
  /** Weight of the newest latency in the moving average, 0..1. Default 0.3. */
  latencySmoothing?: number;
  /** How many recent attempts are remembered; a failure among them makes an answering node `degraded`. Default 5. */
  recentAttempts?: number;
}

export interface HealthChange {
  node: string;
  previous: NodeHealth;
  health: NodeHealth;
}

interface NodeWatch {
  timer?: unknown;
  running?: Promise<NodeHealth>;
  controller?: AbortController;
  /** Outcomes of the last attempts, newest last: true = answered. */
  recent: boolean[];
}

type CheckOutcome = { ok: true; latencyMs: number; result: ProbeResult } | { ok: false; error: string };

const MAX_SERVED_MODELS = 50;

/** Thrown into an attempt when its own timeout expires (as opposed to stop()). */
class AttemptTimeout extends Error {}

export class HealthMonitor {
  private readonly registry: NodeRegistry;
  private readonly transport: typeof fetch | ProbeTransport;
  /** The transport this monitor made itself, and so closes. */
  private readonly ownTransport: ProbeTransport | undefined;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly settings: Required<Omit<HealthMonitorOptions, 'registry' | 'fetch' | 'transport' | 'timers' | 'now' | 'random'>>;
  private readonly watches = new Map<ClusterNode, NodeWatch>();
  private readonly healthChanges = new Emitter<HealthChange>();
  private readonly checks = new Emitter<HealthChange>();
  private registrySubscription: Disposable | undefined;
  private running = false;

  constructor(options: HealthMonitorOptions) {
    this.registry = options.registry;
    this.ownTransport = options.fetch || options.transport ? undefined : new HttpProbeTransport();
    this.transport = options.fetch ?? options.transport ?? this.ownTransport!;
    this.timers = options.timers ?? systemTimers;
    this.now = options.now ?? systemClock;
    this.random = options.random ?? Math.random;
    this.settings = {
      intervalMs: options.intervalMs ?? 10_000,
      jitter: Math.min(1, Math.max(0, options.jitter ?? 0.1)),
      timeoutMs: options.timeoutMs ?? 5_000,
      retries: Math.max(0, Math.floor(options.retries ?? 2)),
      retryBaseMs: options.retryBaseMs ?? 500,
      retryMaxMs: options.retryMaxMs ?? 4_000,
      slowThresholdMs: options.slowThresholdMs ?? 2_000,
      latencySmoothing: Math.min(1, Math.max(0.01, options.latencySmoothing ?? 0.3)),
      recentAttempts: Math.max(1, Math.floor(options.recentAttempts ?? 5)),
    };
  }

  /** A node's status or model check changed (what a person would notice; latency alone does not fire). */
  readonly onDidChangeHealth = this.healthChanges.event;
  /** Every finished check, changed or not. */
  readonly onDidCheck = this.checks.event;

  get isRunning(): boolean {
    return this.running;
  }

  /** Checks every node now, then each again every interval (± jitter); follows nodes added and removed. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.registrySubscription = this.registry.onDidChange((change) => this.follow(change));
    for (const node of this.registry.list()) this.schedule(node, 0);
  }

  /** Stops every timer and running check; resolves when none is left. */
  async stop(): Promise<void> {
    this.running = false;
    this.registrySubscription?.dispose();
    this.registrySubscription = undefined;
    const pending: Promise<unknown>[] = [];
    for (const [node, watch] of this.watches) {
      this.forget(node);
      if (watch.running) pending.push(watch.running.catch(() => undefined));
    }
    await Promise.all(pending);
    // Its agents are made again on the next start(); stopped, it keeps no socket open.
    this.ownTransport?.dispose();
  }

  dispose(): Promise<void> {
    const stopped = this.stop();
    this.healthChanges.dispose();
    this.checks.dispose();
    return stopped;
  }

  /** Checks one node now (retries included) and returns its new health; a check already running is joined. */
  checkNow(name: string): Promise<NodeHealth> {
    const node = this.registry.get(name);
    if (!node) return Promise.reject(new Error(`No node named "${name}" in the cluster.`));
    return this.check(node);
  }

  /** Checks every node now, in parallel. */
  async checkAll(): Promise<void> {
    await Promise.all(this.registry.list().map((node) => this.check(node).catch(() => undefined)));
  }

  private follow(change: NodeRegistryChange): void {
    if (change.type === 'removed' || change.type === 'replaced') this.forget(change.type === 'removed' ? change.node : change.previous);
    if (change.type === 'added' || change.type === 'replaced') this.schedule(change.node, 0);
  }

  private watchOf(node: ClusterNode): NodeWatch {
    let watch = this.watches.get(node);
    if (!watch) {
      watch = { recent: [] };
      this.watches.set(node, watch);
    }
    return watch;
  }

  private forget(node: ClusterNode): void {
    const watch = this.watches.get(node);
    if (!watch) return;
    if (watch.timer !== undefined) this.timers.clearTimeout(watch.timer);
    watch.controller?.abort(new Error('health monitor stopped'));
    this.watches.delete(node);
  }

  private schedule(node: ClusterNode, delayMs: number): void {
    // A disabled node is left alone (it may be switched off on purpose); checkNow() still checks it.
    if (!this.running || !node.enabled) return;
    const watch = this.watchOf(node);
    if (watch.timer !== undefined) this.timers.clearTimeout(watch.timer);
    watch.timer = this.timers.setTimeout(() => {
      watch.timer = undefined;
      void this.check(node)
        .catch(() => undefined)
        .then(() => {
          if (this.watches.get(node) === watch) this.schedule(node, this.nextInterval());
        });
    }, delayMs);
  }

  private nextInterval(): number {
    const { intervalMs, jitter } = this.settings;
    // Spread so that many nodes (and many coordinators) do not all check at the same instant.
    return Math.max(0, Math.round(intervalMs * (1 + jitter * (2 * this.random() - 1))));
  }

  private check(node: ClusterNode): Promise<NodeHealth> {
    const watch = this.watchOf(node);
    if (watch.running) return watch.running;
    const controller = new AbortController();
    watch.controller = controller;
    const running = this.runCheck(node, watch, controller.signal).finally(() => {
      if (watch.running === running) watch.running = undefined;
      if (watch.controller === controller) watch.controller = undefined;
    });
    watch.running = running;
    return running;
  }

  private async runCheck(node: ClusterNode, watch: NodeWatch, signal: AbortSignal): Promise<NodeHealth> {
    const { retries, retryBaseMs, retryMaxMs } = this.settings;
    let lastError = 'the check did not run';
    for (let attempt = 0; attempt <= retries; attempt += 1) {
      if (attempt > 0) {
        await sleep(backoffDelay(attempt, { baseMs: retryBaseMs, maxMs: retryMaxMs, random: this.random }), this.timers, signal);
      }
      const started = this.now();
      try {
        const result = await this.attempt(node, signal);
        this.remember(watch, true);
        return this.settle(node, watch, { ok: true, latencyMs: Math.max(0, this.now() - started), result });
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        this.remember(watch, false);
        lastError = error instanceof Error ? error.message : String(error);
      }
    }
    return this.settle(node, watch, { ok: false, error: lastError });
  }

  /** One probe with its own timeout; stop() aborts it too. */
  private async attempt(node: ClusterNode, stopSignal: AbortSignal): Promise<ProbeResult> {
    const controller = new AbortController();
    const onStop = () => controller.abort(stopSignal.reason);
    stopSignal.addEventListener('abort', onStop, { once: true });
    const timer = this.timers.setTimeout(() => controller.abort(new AttemptTimeout()), this.settings.timeoutMs);
    try {
      return await probeNode(node, this.transport, controller.signal);
    } catch (error) {
      if (controller.signal.reason instanceof AttemptTimeout) {
        throw new ProbeError(`No answer from ${probeUrl(node)} within ${formatDuration(this.settings.timeoutMs)}.`);
      }
      throw error;
    } finally {
      this.timers.clearTimeout(timer);
      stopSignal.removeEventListener('abort', onStop);
    }
  }

  private remember(watch: NodeWatch, ok: boolean): void {
    watch.recent.push(ok);
    if (watch.recent.length > this.settings.recentAttempts) watch.recent.shift();
  }

  private settle(node: ClusterNode, watch: NodeWatch, outcome: CheckOutcome): NodeHealth {
    const previous = node.health;
    const next = this.judge(node, previous, watch, outcome);
    // A node removed or replaced while its check ran keeps no stale result.
    if (this.registry.get(node.name) !== node) return next;
    node.health = next;
    const change = { node: node.name, previous, health: next };
    this.checks.fire(change);
    if (previous.status !== next.status || previous.model_ok !== next.model_ok) this.healthChanges.fire(change);
    return next;
  }

  private judge(node: ClusterNode, previous: NodeHealth, watch: NodeWatch, outcome: CheckOutcome): NodeHealth {
    const lastCheck = new Date(this.now()).toISOString();
    if (!outcome.ok) {
      return {
        ...previous,
        status: 'unavailable',
        reason: outcome.error,
        last_check: lastCheck,
        consecutive_failures: previous.consecutive_failures + 1,
      };
    }
    const { latencySmoothing, slowThresholdMs } = this.settings;
    const latency =
      previous.latency_ms === null
        ? outcome.latencyMs
        : latencySmoothing * outcome.latencyMs + (1 - latencySmoothing) * previous.latency_ms;
    const base = {
      latency_ms: Math.round(latency * 10) / 10,
      last_check: lastCheck,
      consecutive_failures: 0,
      model_ok: outcome.result.modelOk,
      served_models: outcome.result.servedModels.slice(0, MAX_SERVED_MODELS),
    };
    if (!outcome.result.modelOk) {
      const served = outcome.result.servedModels;
      const list = served.length === 0 ? 'no models' : served.slice(0, 5).join(', ') + (served.length > 5 ? ', …' : '');
      const fix = node.config.kind === 'ollama' ? `run \`ollama pull ${node.config.model}\` there` : 'fix the node\'s model';
      return {
        ...base,
        status: 'unavailable',
        reason: `serves ${list}, not ${node.config.model} as configured; ${fix}`,
      };
    }
    if (latency > slowThresholdMs) {
      return {
        ...base,
        status: 'degraded',
        reason: `slow: ${formatDuration(Math.round(latency))} on average (over ${formatDuration(slowThresholdMs)})`,
      };
    }
    const failed = watch.recent.filter((ok) => !ok).length;
    if (failed > 0) {
      return {
        ...base,
        status: 'degraded',
        reason: `recovering: ${failed} of the last ${watch.recent.length} checks failed`,
      };
    }
    return { ...base, status: 'available', reason: `answered in ${formatDuration(Math.round(outcome.latencyMs))}` };
  }
}
