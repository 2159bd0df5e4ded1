// Runs a request on the cluster for the agent and the /v1 relay alike: decides the nodes, asks each through its circuit
// until one's answer begins (a silence limit on each, a pause between them), reports failovers and routes, and
// measures every attempt. The two surfaces differ only in their NodeCall: how they ask a node, and what they do next.
import type { ChatRequest, LlmStreamEvent } from '../llm';
import { LlmError } from '../llm';
import { CircuitOpenError } from './circuit-breaker';
import type { ClusterEvents } from './cluster-events';
import { streamChatOnCluster, type ClusterRequestOptions } from './cluster-executor-chat';
import type { ClusterMetrics } from './cluster-metrics';
import type { ClusterNode } from './cluster-node';
import { failsOver, FailoverPolicy, type FailoverPolicyOptions } from './failover-policy';
import { formatDuration } from '../../shared/format';
import { NodeAttempt } from './node-attempt';
import type { NodeRegistry } from './node-registry';
import type { RouteDecision, RouteRequest, Router } from './router';
import { systemTimers, type Timers } from './timers';

export type { ClusterRequestOptions } from './cluster-executor-chat';

export interface ClusterExecutorOptions extends FailoverPolicyOptions {
  registry: NodeRegistry;
  router: Router;
  metrics?: ClusterMetrics;
  events?: ClusterEvents;
  /** The agent's whole request, failovers and answer included; the caller never waits longer. Default 5 min. */
  deadlineMs?: number;
}

/** Where a request was finally served, and why. */
export interface ServedRoute extends RouteDecision {
  /** Nodes that failed before answering, in the order tried. */
  failedOver: readonly string[];
}

/** How one surface asks one node: the agent for LLM events through the node's client, the relay for bytes. */
export interface NodeCall<T> {
  /**
   * Sends the request to `node` and resolves once its answer has begun (its first piece in hand) or, with `whole`,
   * is complete. `signal` aborts when the caller gives up or the node stays silent too long.
   */
  open(node: ClusterNode, signal: AbortSignal): Promise<T>;
  /** open() waits for the whole answer: no first-token limit applies, only the caller's own deadline. */
  whole?: boolean;
}

/** A node that did not answer. */
export interface FailedAttempt {
  node: ClusterNode;
  /** What open() (or the circuit) failed with; the silence limit's LlmError `timeout` when the node stayed silent. */
  error: unknown;
  /** Refused by the circuit without a request being sent. */
  skipped: boolean;
}

/** How a request went: a node's answer begun, with the measurement its end goes to; or every failure, in order. */
export type ClusterAttempt<T> =
  | { served: true; value: T; node: ClusterNode; route: ServedRoute; measurement: NodeAttempt }
  | {
      served: false;
      failures: readonly FailedAttempt[];
      /** The failure that was not the node's and ended the request early (another node would fare no better). */
      stoppedBy: FailedAttempt | undefined;
      /** Candidates the request could have tried. */
      tried: number;
    };

/** Why an attempt was stopped from our side: the node was silent past the first-token limit. */
class FirstTokenTimeout extends Error {}

/** A failure the circuit must not count (the caller hung up, the request or harombe was at fault); unwrapped after. */
class NotTheNodes extends LlmError {
  constructor(
    code: 'aborted' | 'bad_request',
    readonly original: unknown,
  ) {
    super(code, original instanceof Error ? original.message : String(original));
  }
}

export class ClusterExecutor {
  private readonly registry: NodeRegistry;
  private readonly router: Router;
  private readonly metrics: ClusterMetrics | undefined;
  private readonly events: ClusterEvents | undefined;
  private readonly deadlineMs: number;
  private readonly timers: Timers;
  /** Attempts, silence limit and pauses between nodes, the same for both surfaces. */
  private readonly policy: FailoverPolicy;

  constructor(options: ClusterExecutorOptions) {
    this.registry = options.registry;
    this.router = options.router;
    this.metrics = options.metrics;
    this.events = options.events;
    this.deadlineMs = options.deadlineMs ?? 300_000;
    this.timers = options.timers ?? systemTimers;
    this.policy = new FailoverPolicy(options);
  }

  /** Which nodes, in order (throws a RoutingError when none can take the request). */
  decide(request: RouteRequest): RouteDecision {
    return this.router.route(request);
  }

  /** The agent's call: decides (unless given a decision) and streams the answer of the first node that starts one. */
  streamChat(request: ChatRequest, options: ClusterRequestOptions = {}): AsyncGenerator<LlmStreamEvent, void, undefined> {
    return streamChatOnCluster(
      { decide: (route) => this.decide(route), serve: (decision, call, signal) => this.serve(decision, call, signal), deadlineMs: this.deadlineMs, timers: this.timers },
      request,
      options,
    );
  }

  /**
   * Asks the decision's candidates in turn through `call` until one's answer begins. Emits `failover` for each node
   * that failed (or was cut off) and `route` for the one that answers, or a `route` with no node when every candidate
   * failed (not when the caller cancelled, nor when the request itself was refused); never throws for a node's failure.
   */
  async serve<T>(decision: RouteDecision, call: NodeCall<T>, signal: AbortSignal): Promise<ClusterAttempt<T>> {
    const failures: FailedAttempt[] = [];
    const candidates = decision.candidates.slice(0, this.policy.maxAttempts);
    for (const [index, name] of candidates.entries()) {
      if (signal.aborted) break;
      const node = this.registry.get(name);
      if (!node) continue;
      try {
        await this.policy.pauseBeforeNext(failures.filter((failure) => !failure.skipped).length, signal);
      } catch {
        break;
      }
      const attempt = await this.attempt(node, call, signal);
      if (!('value' in attempt)) {
        if (attempt.final) return { served: false, failures, stoppedBy: attempt, tried: candidates.length };
        failures.push(attempt);
        if (signal.aborted) break;
        this.events?.emit({ type: 'failover', from: name, to: candidates[index + 1] ?? null, error: messageOf(attempt.error) });
        continue;
      }
      const route = this.served(decision, node, failures);
      this.events?.emit({
        type: 'route',
        node: route.node,
        tier: route.tier,
        wanted_tier: route.wantedTier,
        complexity: route.complexity,
        reason: route.reason,
        failed_over: [...route.failedOver],
        excerpt: route.excerpt,
      });
      attempt.measurement.answered();
      return { served: true, value: attempt.value, node, route, measurement: attempt.measurement };
    }
    if (!signal.aborted && failures.length > 0) this.emitUnserved(decision, failures);
    return { served: false, failures, stoppedBy: undefined, tried: candidates.length };
  }

  /** One node, through its circuit, within the first-token limit; counted and measured once the circuit lets it through. */
  private async attempt<T>(
    node: ClusterNode,
    call: NodeCall<T>,
    signal: AbortSignal,
  ): Promise<{ value: T; measurement: NodeAttempt } | (FailedAttempt & { final: boolean })> {
    const silence = new AbortController();
    const timer = call.whole ? undefined : this.timers.setTimeout(() => silence.abort(new FirstTokenTimeout()), this.policy.firstTokenTimeoutMs);
    const attemptSignal = AbortSignal.any([signal, silence.signal]);
    let measurement: NodeAttempt | undefined;
    try {
      const value = await node.circuit.run(async () => {
        measurement = new NodeAttempt(node, this.metrics);
        try {
          return await call.open(node, attemptSignal);
        } catch (error) {
          // Our own silence limit is the node's failure (the breaker counts it), not a cancellation.
          if (silence.signal.reason instanceof FirstTokenTimeout) {
            throw new LlmError(
              'timeout',
              `Node "${node.name}" (${node.origin}) sent nothing within ${formatDuration(this.policy.firstTokenTimeoutMs)}.`,
              'The node may be busy or still loading its model.',
              { cause: error },
            );
          }
          if (signal.aborted) throw new NotTheNodes('aborted', error);
          // Not the node's failure (the request's, or harombe's): another node would fare no better.
          if (!failsOver(error)) throw new NotTheNodes('bad_request', error);
          throw error;
        }
      });
      return { value, measurement: measurement! };
    } catch (thrown) {
      const error = thrown instanceof NotTheNodes ? thrown.original : thrown;
      const final = thrown instanceof NotTheNodes && !signal.aborted;
      if (signal.aborted || final) measurement?.cancelled();
      else measurement?.failed(error);
      return { node, error, skipped: thrown instanceof CircuitOpenError, final };
    } finally {
      if (timer !== undefined) this.timers.clearTimeout(timer);
    }
  }

  /** A decision no node served, for "Last decisions": which were tried, and the last error. */
  private emitUnserved(decision: RouteDecision, failures: readonly FailedAttempt[]): void {
    const tried = failures.map((failure) => failure.node.name);
    this.events?.emit({
      type: 'route',
      node: null,
      tier: failures[0]!.node.tier,
      wanted_tier: decision.wantedTier,
      complexity: decision.complexity,
      reason: decision.reason,
      failed_over: tried,
      error: messageOf(failures.at(-1)!.error),
      excerpt: decision.excerpt,
    });
  }

  private served(decision: RouteDecision, node: ClusterNode, failures: readonly FailedAttempt[]): ServedRoute {
    const failedOver = failures.filter((failure) => !failure.skipped).map((failure) => failure.node.name);
    let reason = decision.reason;
    if (node.name !== decision.node) {
      const notes = failures.map((failure) => `${failure.node.name} ${failure.skipped ? 'was cut off' : 'failed before answering'}`);
      reason += `; ${notes.join(', ')}; served by ${node.name} (tier ${node.tier})`;
    }
    return { ...decision, node: node.name, tier: node.tier, reason, failedOver };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
