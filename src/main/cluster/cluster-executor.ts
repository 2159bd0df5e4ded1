// Runs a chat request on the cluster: through each node's circuit, failing over before the first token, within a deadline.
import type { Usage } from '../../shared';
import type { ChatRequest, LlmStreamEvent } from '../llm';
import { LlmError } from '../llm';
import { CircuitOpenError, countsAgainstNode } from './circuit-breaker';
import type { ClusterEvents } from './cluster-events';
import type { RequestMeasurement, ClusterMetrics } from './cluster-metrics';
import type { ClusterNode } from './cluster-node';
import { FailoverPolicy, type FailoverPolicyOptions } from './failover-policy';
import { formatDuration } from './format';
import { isLocalFault } from './local-fault';
import type { NodeRegistry } from './node-registry';
import type { RouteDecision, Router } from './router';
import { systemTimers, type Timers } from './timers';

export interface ClusterExecutorOptions extends FailoverPolicyOptions {
  registry: NodeRegistry;
  router: Router;
  metrics?: ClusterMetrics;
  events?: ClusterEvents;
  /** The whole request, failovers and answer included; the caller never waits longer. Default 5 min. */
  deadlineMs?: number;
}

/** Where a request was finally served, and why. */
export interface ServedRoute extends RouteDecision {
  /** Nodes that failed before answering, in the order tried. */
  failedOver: readonly string[];
}

export interface ClusterRequestOptions {
  /** A decision made earlier by router.route(); made here when absent. */
  decision?: RouteDecision;
  /** Force a tier instead of classifying. */
  tier?: number;
  /** Called once, just before the first piece of the answer, with the node that serves it. */
  onRoute?: (route: ServedRoute) => void;
}

/** Why an attempt was stopped from our side. */
class FirstTokenTimeout extends Error {}
class DeadlinePassed extends Error {}

interface OpenedAttempt {
  node: ClusterNode;
  iterator: AsyncIterator<LlmStreamEvent>;
  first: IteratorResult<LlmStreamEvent>;
  measurement: RequestMeasurement | undefined;
  close: () => Promise<void>;
}

interface FailedAttempt {
  node: string;
  error: LlmError;
  /** Refused by the circuit without a request being sent. */
  skipped: boolean;
  /** Not the node's failure (it called the request malformed, or harombe could not send it): no other node is tried. */
  final: boolean;
}

const noMeasurement: RequestMeasurement = {
  firstToken: () => undefined,
  piece: () => undefined,
  succeeded: () => undefined,
  failed: () => undefined,
  cancelled: () => undefined,
};

export class ClusterExecutor {
  private readonly registry: NodeRegistry;
  private readonly router: Router;
  private readonly metrics: ClusterMetrics | undefined;
  private readonly events: ClusterEvents | undefined;
  private readonly deadlineMs: number;
  private readonly timers: Timers;
  /** Attempts, silence limit and pauses between nodes: the /v1 relay follows the same one. */
  readonly policy: FailoverPolicy;

  constructor(options: ClusterExecutorOptions) {
    this.registry = options.registry;
    this.router = options.router;
    this.metrics = options.metrics;
    this.events = options.events;
    this.deadlineMs = options.deadlineMs ?? 300_000;
    this.timers = options.timers ?? systemTimers;
    this.policy = new FailoverPolicy(options);
  }

  /** Decides (unless given a decision) and streams the answer from the first node that starts answering. */
  async *streamChat(request: ChatRequest, options: ClusterRequestOptions = {}): AsyncGenerator<LlmStreamEvent, void, undefined> {
    const model = request.model && request.model !== 'auto' ? request.model : undefined;
    const decision =
      options.decision ??
      this.router.route({
        messages: request.messages,
        ...(options.tier === undefined ? {} : { tier: options.tier }),
        ...(model === undefined ? {} : { model }),
      });
    const deadline = new AbortController();
    const deadlineTimer = this.timers.setTimeout(() => deadline.abort(new DeadlinePassed()), this.deadlineMs);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal;
    // Each node answers with its own configured model: the name in the request chose the nodes, it is theirs.
    const nodeRequest: ChatRequest = { ...request, model: undefined };
    const failures: FailedAttempt[] = [];
    const candidates = decision.candidates.slice(0, this.policy.maxAttempts);
    try {
      for (const [index, name] of candidates.entries()) {
        if (signal.aborted) break;
        const node = this.registry.get(name);
        if (!node) continue;
        try {
          await this.policy.pauseBeforeNext(failures.filter((failure) => !failure.skipped).length, signal);
        } catch {
          break;
        }
        const attempt = await this.open(node, nodeRequest, signal);
        if ('error' in attempt) {
          if (attempt.final) throw attempt.error;
          failures.push(attempt);
          if (signal.aborted) break;
          this.events?.emit({ type: 'failover', from: name, to: candidates[index + 1] ?? null, error: attempt.error.message });
          continue;
        }
        const served = this.served(decision, attempt.node, failures);
        this.events?.emit({
          type: 'route',
          node: served.node,
          tier: served.tier,
          wanted_tier: served.wantedTier,
          complexity: served.complexity,
          reason: served.reason,
          failed_over: [...served.failedOver],
          excerpt: served.excerpt,
        });
        options.onRoute?.(served);
        yield { type: 'route', node: served.node, tier: served.tier, complexity: served.complexity, reason: served.reason };
        yield* this.relay(attempt, signal, request.signal);
        return;
      }
      throw this.noAnswer(failures, request.signal, deadline.signal, candidates.length);
    } finally {
      this.timers.clearTimeout(deadlineTimer);
    }
  }

  /** Sends the request to one node through its circuit and waits for the first event (or the failure before it). */
  private async open(node: ClusterNode, request: ChatRequest, signal: AbortSignal): Promise<OpenedAttempt | FailedAttempt> {
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    let release: (() => void) | undefined;
    let measurement: RequestMeasurement | undefined;
    let iterator: AsyncIterator<LlmStreamEvent> | undefined;
    const timer = this.timers.setTimeout(() => controller.abort(new FirstTokenTimeout()), this.policy.firstTokenTimeoutMs);
    const close = async () => {
      this.timers.clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      release?.();
      // Stopping early must not leave the node's HTTP request running.
      await iterator?.return?.().catch(() => undefined);
    };
    try {
      const first = await node.circuit.run(async () => {
        // Counted only once the circuit lets the request through: a node it refuses was never asked.
        release = node.beginRequest();
        measurement = this.metrics?.begin(node.name);
        try {
          iterator = node.client.streamChat({ ...request, signal: controller.signal })[Symbol.asyncIterator]();
          return await iterator.next();
        } catch (error) {
          // Our own first-token timeout is the node's failure (the breaker counts it), not a cancellation.
          if (controller.signal.reason instanceof FirstTokenTimeout) {
            throw new LlmError(
              'timeout',
              `Node "${node.name}" (${node.origin}) sent nothing within ${formatDuration(this.policy.firstTokenTimeoutMs)}.`,
              'The node may be busy or still loading its model.',
              { cause: error },
            );
          }
          throw error;
        }
      });
      this.timers.clearTimeout(timer);
      if (!first.done) measurement?.firstToken();
      return { node, iterator: iterator!, first, measurement, close };
    } catch (error) {
      await close();
      const skipped = error instanceof CircuitOpenError;
      // Another node would fare no better with a request the node called malformed, or one harombe could not send.
      const final = !skipped && !signal.aborted && !countsAgainstNode(error);
      const failure = final ? notTheNodes(node, error) : toLlmError(error);
      if (signal.aborted || final) measurement?.cancelled();
      else measurement?.failed(failure);
      return { node: node.name, error: failure, skipped, final };
    }
  }

  /** Passes the node's answer on; a failure now ends the request with an error naming the node (no silent retry). */
  private async *relay(
    attempt: OpenedAttempt,
    signal: AbortSignal,
    callerSignal: AbortSignal | undefined,
  ): AsyncGenerator<LlmStreamEvent, void, undefined> {
    const { node, iterator } = attempt;
    const measurement = attempt.measurement ?? noMeasurement;
    let result = attempt.first;
    let usage: Usage | undefined;
    let ended = false;
    try {
      while (!result.done) {
        const event = result.value;
        if (event.type === 'finish') usage = event.usage;
        else measurement.piece();
        yield event;
        try {
          result = await iterator.next();
        } catch (error) {
          ended = true;
          if (callerSignal?.aborted) {
            measurement.cancelled();
            throw toLlmError(error);
          }
          if (signal.reason instanceof DeadlinePassed) {
            measurement.cancelled();
            throw new LlmError(
              'timeout',
              `No complete answer from the cluster within ${formatDuration(this.deadlineMs)}; node "${node.name}" was still answering.`,
              'Ask for a shorter answer, or allow the cluster a longer deadline.',
              { cause: error },
            );
          }
          if (!countsAgainstNode(error)) {
            measurement.cancelled();
            throw notTheNodes(node, error);
          }
          const failure = toLlmError(error);
          measurement.failed(failure);
          node.circuit.recordFailure(failure);
          throw new LlmError(
            failure.code,
            `Node "${node.name}" (${node.origin}) failed in the middle of the answer: ${failure.message}`,
            failure.hint ?? 'Ask again; the cluster will pick a node that is up.',
            { cause: error },
          );
        }
      }
      ended = true;
      measurement.succeeded(usage);
    } finally {
      // The consumer broke off (or the stream ended): count it, free the node, close the request.
      if (!ended) measurement.cancelled();
      await attempt.close();
    }
  }

  private served(decision: RouteDecision, node: ClusterNode, failures: readonly FailedAttempt[]): ServedRoute {
    const failedOver = failures.filter((failure) => !failure.skipped).map((failure) => failure.node);
    let reason = decision.reason;
    if (node.name !== decision.node) {
      const notes = failures.map((failure) => `${failure.node} ${failure.skipped ? 'was cut off' : 'failed before answering'}`);
      reason += `; ${notes.join(', ')}; served by ${node.name} (tier ${node.tier})`;
    }
    return { ...decision, node: node.name, tier: node.tier, reason, failedOver };
  }

  private noAnswer(
    failures: readonly FailedAttempt[],
    callerSignal: AbortSignal | undefined,
    deadlineSignal: AbortSignal,
    tried: number,
  ): LlmError {
    if (callerSignal?.aborted) return new LlmError('aborted', 'The request to the model was cancelled.');
    const detail = failures.map((failure) => `${failure.node}: ${failure.error.message}`).join('; ');
    if (deadlineSignal.aborted) {
      return new LlmError(
        'timeout',
        `No answer from the cluster within ${formatDuration(this.deadlineMs)}${detail ? ` (${detail})` : ''}.`,
        'The nodes may be overloaded or loading their models; try again shortly.',
      );
    }
    const last = failures.at(-1)?.error;
    if (failures.length === 1 && last) {
      // The client's message names an address; the person knows the node by its name in harombe.yaml.
      const sentence = /[.!?]$/.test(last.message) ? last.message : `${last.message}.`;
      const alone = tried === 1 ? ' No other node could take the request.' : '';
      return new LlmError(last.code, `Node "${failures[0]!.node}" could not answer: ${sentence}${alone}`, last.hint, { cause: last });
    }
    return new LlmError(
      last?.code ?? 'unreachable',
      `No cluster node could answer (${detail || 'every candidate left the cluster'}).`,
      'See `harombe cluster status` for each node\'s health; requests go through again as soon as one is back.',
      { cause: last },
    );
  }
}

/** A failure that was not the node's, as the caller reads it: the node's own words, or none of harombe's insides. */
function notTheNodes(node: ClusterNode, error: unknown): LlmError {
  if (isLocalFault(error)) {
    return new LlmError(
      'internal',
      `harombe could not send the request to node "${node.name}": it failed on harombe's side, before reaching the node.`,
      'This is a bug in harombe, not a problem with the node; please report it.',
      { cause: error },
    );
  }
  const failure = toLlmError(error);
  return new LlmError(failure.code, `Node "${node.name}" could not answer: ${failure.message}`, failure.hint, { cause: error });
}

function toLlmError(error: unknown): LlmError {
  if (error instanceof LlmError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new LlmError('server_error', message, undefined, { cause: error });
}
