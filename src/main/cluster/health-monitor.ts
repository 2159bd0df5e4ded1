// Checks every node periodically (with jitter, a timeout, retries with backoff): status, smoothed latency, model served.
import type { NodeHealth } from '../../shared';
import type { ClusterNode } from './cluster-node';
import { Emitter, type Disposable } from '../base';
import { formatDuration } from '../../shared/format';
import type { NodeRegistry, NodeRegistryChange } from './node-registry';
import { normalizeModelName } from './node-address';
import { probeKey, probeNode, probeUrl, ProbeError, type ProbeResult } from './node-probe';
import { judgeHealth, type CheckOutcome } from './health-judgement';
import { HealthCheckRetry } from './health-monitor-retry';
import { HttpProbeTransport, type ProbeTransport } from './probe-transport';
import { systemClock, systemTimers, type Timers } from './timers';

export interface HealthMonitorOptions {
  registry: NodeRegistry;
  /** How checks reach the nodes. Default: the net module's node:http with keep-alive agents closed by stop(). */
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

/** A check's attempt failed and another follows after `delayMs`. */
export interface HealthRetry {
  /** What was asked: the probe's URL. */
  url: string;
  /** The attempt about to be made, 1 for the first retry. */
  attempt: number;
  delayMs: number;
  error: string;
}

export interface HealthChange {
  node: string;
  previous: NodeHealth;
  health: NodeHealth;
}

/**
 * The nodes behind one probe: the same URL asked with the same credentials (several models behind one Ollama, say)
 * get one check per interval, its answer judged for each of them.
 */
interface EndpointWatch {
  key: string;
  nodes: Set<ClusterNode>;
  timer?: unknown;
  running?: Promise<CheckOutcome>;
  controller?: AbortController;
  /** Outcomes of the last attempts, newest last: true = answered. */
  recent: boolean[];
}

const MAX_SERVED_MODELS = 50;
/** Periodic checks start on this grid (see onGrid): 10 slots a second, still spread by the jitter. */
const SCHEDULE_GRID_MS = 100;

/** Thrown into an attempt when its own timeout expires (as opposed to stop()). */
class AttemptTimeout extends Error {}

export class HealthMonitor {
  private readonly registry: NodeRegistry;
  private readonly transport: ProbeTransport;
  /** The transport this monitor made itself, and so closes. */
  private readonly ownTransport: ProbeTransport | undefined;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly settings: Required<Omit<HealthMonitorOptions, 'registry' | 'transport' | 'timers' | 'now' | 'random' | 'retries' | 'retryBaseMs' | 'retryMaxMs'>>;
  private readonly retry: HealthCheckRetry;
  private readonly watches = new Map<string, EndpointWatch>();
  private readonly healthChanges = new Emitter<HealthChange>();
  private readonly checks = new Emitter<HealthChange>();
  private readonly retryEvents = new Emitter<HealthRetry>();
  private registrySubscription: Disposable | undefined;
  private running = false;
  /** Every check under way, those of nodes removed meanwhile included: stop() waits for them all. */
  private readonly inFlight = new Set<Promise<CheckOutcome>>();

  constructor(options: HealthMonitorOptions) {
    this.registry = options.registry;
    this.ownTransport = options.transport ? undefined : new HttpProbeTransport();
    this.transport = options.transport ?? this.ownTransport!;
    this.timers = options.timers ?? systemTimers;
    this.now = options.now ?? systemClock;
    this.random = options.random ?? Math.random;
    this.retry = new HealthCheckRetry({
      retries: Math.max(0, Math.floor(options.retries ?? 2)),
      initialDelayMs: options.retryBaseMs ?? 500,
      maxDelayMs: options.retryMaxMs ?? 4_000,
      timers: this.timers,
      random: this.random,
    });
    this.settings = {
      intervalMs: options.intervalMs ?? 10_000,
      jitter: Math.min(1, Math.max(0, options.jitter ?? 0.1)),
      timeoutMs: options.timeoutMs ?? 5_000,
      slowThresholdMs: options.slowThresholdMs ?? 2_000,
      latencySmoothing: Math.min(1, Math.max(0.01, options.latencySmoothing ?? 0.3)),
      recentAttempts: Math.max(1, Math.floor(options.recentAttempts ?? 5)),
    };
  }

  /** A node's status or model check changed (what a person would notice; latency alone does not fire). */
  readonly onDidChangeHealth = this.healthChanges.event;
  /** Every finished check, changed or not. */
  readonly onDidCheck = this.checks.event;
  /** An attempt failed and the check waits to try again (the pause has begun). */
  readonly onDidScheduleRetry = this.retryEvents.event;

  get isRunning(): boolean {
    return this.running;
  }

  /** Checks every node now, then each again every interval (± jitter); follows nodes added and removed. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.registrySubscription = this.registry.onDidChange((change) => this.follow(change));
    // Nodes checked on demand before start() and removed since are not followed any more.
    for (const watch of [...this.watches.values()]) {
      for (const node of watch.nodes) if (this.registry.get(node.name) !== node) watch.nodes.delete(node);
      if (watch.nodes.size === 0) this.forget(watch);
    }
    for (const node of this.registry.list()) this.watchFor(node);
    for (const watch of this.watches.values()) this.schedule(watch, 0);
  }

  /** Stops every timer and running check; resolves when none is left. */
  async stop(): Promise<void> {
    this.running = false;
    this.registrySubscription?.dispose();
    this.registrySubscription = undefined;
    for (const watch of [...this.watches.values()]) this.forget(watch);
    await Promise.all([...this.inFlight].map((check) => check.catch(() => undefined)));
    // Its agents are made again on the next start(); stopped, it keeps no socket open.
    this.ownTransport?.dispose();
  }

  dispose(): Promise<void> {
    const stopped = this.stop();
    this.healthChanges.dispose();
    this.checks.dispose();
    this.retryEvents.dispose();
    return stopped;
  }

  /** Checks one node now (retries included) and returns its new health; a check already running is joined. */
  async checkNow(name: string): Promise<NodeHealth> {
    const node = this.registry.get(name);
    if (!node) throw new Error(`No node named "${name}" in the cluster.`);
    await this.check(this.watchFor(node), node);
    return node.health;
  }

  /** Checks every enabled node now, in parallel (one probe per endpoint); a disabled node is never contacted. */
  async checkAll(): Promise<void> {
    const watches = new Set(this.registry.list().map((node) => this.watchFor(node)));
    await Promise.all([...watches].filter(hasEnabled).map((watch) => this.check(watch).catch(() => undefined)));
  }

  /** How many probes each round makes: the endpoints being watched. */
  get endpointCount(): number {
    return this.watches.size;
  }

  private follow(change: NodeRegistryChange): void {
    if (change.type === 'removed' || change.type === 'replaced') this.unwatch(change.type === 'removed' ? change.node : change.previous);
    if (change.type === 'added' || change.type === 'replaced') {
      // A new node is checked at once; the others at its endpoint are checked along (their answer is the same).
      this.schedule(this.watchFor(change.node), 0);
    }
  }

  private watchFor(node: ClusterNode): EndpointWatch {
    const key = probeKey(node);
    let watch = this.watches.get(key);
    if (!watch) {
      watch = { key, nodes: new Set(), recent: [] };
      this.watches.set(key, watch);
    }
    watch.nodes.add(node);
    return watch;
  }

  private unwatch(node: ClusterNode): void {
    const watch = this.watches.get(probeKey(node));
    if (!watch) return;
    watch.nodes.delete(node);
    if (watch.nodes.size === 0) this.forget(watch);
  }

  private forget(watch: EndpointWatch): void {
    if (watch.timer !== undefined) this.timers.clearTimeout(watch.timer);
    watch.timer = undefined;
    watch.controller?.abort(new Error('health monitor stopped'));
    if (this.watches.get(watch.key) === watch) this.watches.delete(watch.key);
  }

  private schedule(watch: EndpointWatch, delayMs: number): void {
    // Disabled nodes are left alone (they may be switched off on purpose); checkNow() still checks them.
    if (!this.running || this.watches.get(watch.key) !== watch || !hasEnabled(watch)) return;
    if (watch.timer !== undefined) this.timers.clearTimeout(watch.timer);
    watch.timer = this.timers.setTimeout(() => {
      watch.timer = undefined;
      void this.check(watch)
        .catch(() => undefined)
        .then(() => this.schedule(watch, this.onGrid(this.nextInterval())));
    }, delayMs);
  }

  /**
   * The delay stretched to the next multiple of SCHEDULE_GRID_MS on the clock: checks due within one grid step start
   * together, in one wake-up of the process, rather than each in its own (which costs more than the check itself).
   */
  private onGrid(delayMs: number): number {
    const due = this.now() + delayMs;
    return Math.ceil(due / SCHEDULE_GRID_MS) * SCHEDULE_GRID_MS - this.now();
  }

  private nextInterval(): number {
    const { intervalMs, jitter } = this.settings;
    // Spread so that many nodes (and many coordinators) do not all check at the same instant.
    return Math.max(0, Math.round(intervalMs * (1 + jitter * (2 * this.random() - 1))));
  }

  /** Probes the endpoint once (joining a probe already running) and judges every enabled node there, and `also`. */
  private async check(watch: EndpointWatch, also?: ClusterNode): Promise<void> {
    if (!watch.running) {
      const controller = new AbortController();
      watch.controller = controller;
      const running = this.runCheck(watch, controller.signal).finally(() => {
        this.inFlight.delete(running);
        if (watch.running === running) watch.running = undefined;
        if (watch.controller === controller) watch.controller = undefined;
      });
      this.inFlight.add(running);
      watch.running = running;
    }
    const outcome = await watch.running;
    if (also && !also.enabled) this.settle(also, watch, outcome);
  }

  private async runCheck(watch: EndpointWatch, signal: AbortSignal): Promise<CheckOutcome> {
    let outcome: CheckOutcome;
    try {
      const { result, latencyMs, finished } = await this.retry.execute(() => this.measuredAttempt(watch, signal), signal, (retry) =>
        this.retryEvents.fire({
          url: probeUrl(watch.nodes.values().next().value!),
          attempt: retry.attempt,
          delayMs: retry.delayMs,
          error: errorMessage(retry.error),
        }),
      );
      outcome = {
        ok: true,
        latencyMs,
        result,
        servedModels: result.servedModels.slice(0, MAX_SERVED_MODELS),
        servedKeys: new Set(result.servedModels.map(normalizeModelName)),
        availableReason: `answered in ${formatDuration(Math.round(latencyMs))}`,
        at: new Date(finished).toISOString(),
      };
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      outcome = { ok: false, error: errorMessage(error), at: new Date(this.now()).toISOString() };
    }
    for (const node of watch.nodes) if (node.enabled) this.settle(node, watch, outcome);
    return outcome;
  }

  /** One attempt, timed and remembered among the recent ones (a failure there keeps an answering node degraded). */
  private async measuredAttempt(watch: EndpointWatch, signal: AbortSignal): Promise<{ result: ProbeResult; latencyMs: number; finished: number }> {
    const started = this.now();
    try {
      const result = await this.attempt(watch, signal);
      this.remember(watch, true);
      const finished = this.now();
      return { result, latencyMs: Math.max(0, finished - started), finished };
    } catch (error) {
      // An attempt cut short by stop() says nothing about the node.
      if (!signal.aborted) this.remember(watch, false);
      throw error;
    }
  }

  /** One probe with its own timeout; stop() aborts it too. */
  private async attempt(watch: EndpointWatch, stopSignal: AbortSignal): Promise<ProbeResult> {
    const target = watch.nodes.values().next().value!;
    const controller = new AbortController();
    const onStop = () => controller.abort(stopSignal.reason);
    stopSignal.addEventListener('abort', onStop, { once: true });
    const timer = this.timers.setTimeout(() => controller.abort(new AttemptTimeout()), this.settings.timeoutMs);
    try {
      return await probeNode(target, this.transport, controller.signal);
    } catch (error) {
      if (controller.signal.reason instanceof AttemptTimeout) {
        throw new ProbeError(`No answer from ${probeUrl(target)} within ${formatDuration(this.settings.timeoutMs)}.`);
      }
      throw error;
    } finally {
      this.timers.clearTimeout(timer);
      stopSignal.removeEventListener('abort', onStop);
    }
  }

  private remember(watch: EndpointWatch, ok: boolean): void {
    watch.recent.push(ok);
    if (watch.recent.length > this.settings.recentAttempts) watch.recent.shift();
  }

  private settle(node: ClusterNode, watch: EndpointWatch, outcome: CheckOutcome): void {
    const previous = node.health;
    const next = judgeHealth(
      { ...node.config, modelKey: node.modelKey, source: node.source },
      previous,
      outcome,
      watch.recent,
      this.settings,
    );
    // A node removed or replaced while its check ran keeps no stale result.
    if (this.registry.get(node.name) !== node) return;
    node.health = next;
    const change = { node: node.name, previous, health: next };
    this.checks.fire(change);
    if (previous.status !== next.status || previous.model_ok !== next.model_ok) this.healthChanges.fire(change);
  }
}

function hasEnabled(watch: EndpointWatch): boolean {
  for (const node of watch.nodes) if (node.enabled) return true;
  return false;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
