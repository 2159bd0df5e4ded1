// The agent's NodeCall on the cluster executor: a node's LlmClient streams events, passed on (and measured) until the
// answer ends, within the agent's deadline; failures read as LlmErrors naming the node.
import type { Usage } from '../../shared';
import type { ChatRequest, LlmStreamEvent } from '../llm';
import { LlmError } from '../llm';
import { countsAgainstNode } from './circuit-breaker';
import type { ClusterAttempt, FailedAttempt, NodeCall, ServedRoute } from './cluster-executor';
import { formatDuration } from '../../shared/format';
import { isLocalFault } from './local-fault';
import type { NodeAttempt } from './node-attempt';
import type { RouteDecision, RouteRequest } from './router';
import type { Timers } from './timers';

export interface ClusterRequestOptions {
  /** A decision made earlier by router.route(); made here when absent. */
  decision?: RouteDecision;
  /** Force a tier instead of classifying. */
  tier?: number;
  /** Called once, just before the first piece of the answer, with the node that serves it. */
  onRoute?: (route: ServedRoute) => void;
}

/** What the agent's call needs of the executor. */
export interface ChatExecutor {
  decide(request: RouteRequest): RouteDecision;
  serve<T>(decision: RouteDecision, call: NodeCall<T>, signal: AbortSignal): Promise<ClusterAttempt<T>>;
  deadlineMs: number;
  timers: Timers;
}

/** A node's answer, its first event already read (so that a node failing before it could be skipped). */
interface OpenedStream {
  iterator: AsyncIterator<LlmStreamEvent>;
  first: IteratorResult<LlmStreamEvent>;
}

/** Why the agent's request was stopped from our side: the whole of it took longer than the deadline. */
class DeadlinePassed extends Error {}

export async function* streamChatOnCluster(
  executor: ChatExecutor,
  request: ChatRequest,
  options: ClusterRequestOptions,
): AsyncGenerator<LlmStreamEvent, void, undefined> {
  const model = request.model && request.model !== 'auto' ? request.model : undefined;
  const decision =
    options.decision ??
    executor.decide({
      messages: request.messages,
      ...(options.tier === undefined ? {} : { tier: options.tier }),
      ...(model === undefined ? {} : { model }),
    });
  const deadline = new AbortController();
  const deadlineTimer = executor.timers.setTimeout(() => deadline.abort(new DeadlinePassed()), executor.deadlineMs);
  const signal = request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal;
  // Each node answers with its own configured model: the name in the request chose the nodes, it is theirs.
  const nodeRequest: ChatRequest = { ...request, model: undefined };
  const call: NodeCall<OpenedStream> = {
    open: async (node, attemptSignal) => {
      const iterator = node.client.streamChat({ ...nodeRequest, signal: attemptSignal })[Symbol.asyncIterator]();
      return { iterator, first: await iterator.next() };
    },
  };
  try {
    const attempt = await executor.serve(decision, call, signal);
    if (!attempt.served) {
      if (attempt.stoppedBy) throw notTheNodes(attempt.stoppedBy.node.name, attempt.stoppedBy.error);
      throw noAnswer(attempt.failures, request.signal, deadline.signal, attempt.tried, executor.deadlineMs);
    }
    const { route, measurement, node } = attempt;
    options.onRoute?.(route);
    yield { type: 'route', node: route.node, tier: route.tier, complexity: route.complexity, reason: route.reason };
    yield* passOn(attempt.value, measurement, { name: node.name, origin: node.origin }, signal, request.signal, executor.deadlineMs);
  } finally {
    executor.timers.clearTimeout(deadlineTimer);
  }
}

/** Passes the node's answer on; a failure now ends the request with an error naming the node (no silent retry). */
async function* passOn(
  { iterator, first }: OpenedStream,
  measurement: NodeAttempt,
  node: { name: string; origin: string },
  signal: AbortSignal,
  callerSignal: AbortSignal | undefined,
  deadlineMs: number,
): AsyncGenerator<LlmStreamEvent, void, undefined> {
  let result = first;
  let usage: Usage | undefined;
  if (!result.done) measurement.firstToken();
  try {
    while (!result.done) {
      const event = result.value;
      if (event.type === 'finish') usage = event.usage;
      else measurement.piece();
      yield event;
      try {
        result = await iterator.next();
      } catch (error) {
        if (callerSignal?.aborted) {
          measurement.cancelled();
          throw toLlmError(error);
        }
        if (signal.reason instanceof DeadlinePassed) {
          measurement.cancelled();
          throw new LlmError(
            'timeout',
            `No complete answer from the cluster within ${formatDuration(deadlineMs)}; node "${node.name}" was still answering.`,
            'Ask for a shorter answer, or allow the cluster a longer deadline.',
            { cause: error },
          );
        }
        if (!countsAgainstNode(error)) {
          measurement.cancelled();
          throw notTheNodes(node.name, error);
        }
        const failure = toLlmError(error);
        measurement.failed(failure);
        throw new LlmError(
          failure.code,
          `Node "${node.name}" (${node.origin}) failed in the middle of the answer: ${failure.message}`,
          failure.hint ?? 'Ask again; the cluster will pick a node that is up.',
          { cause: error },
        );
      }
    }
    measurement.succeeded(usage);
  } finally {
    // The consumer broke off (or the stream ended): count it (an ended measurement ignores this), close the request.
    measurement.cancelled();
    await iterator.return?.().catch(() => undefined);
  }
}

function noAnswer(
  failures: readonly FailedAttempt[],
  callerSignal: AbortSignal | undefined,
  deadlineSignal: AbortSignal,
  tried: number,
  deadlineMs: number,
): LlmError {
  if (callerSignal?.aborted) return new LlmError('aborted', 'The request to the model was cancelled.');
  const errors = failures.map((failure) => ({ node: failure.node.name, error: toLlmError(failure.error) }));
  // A node cut off by the deadline reports a cancel; the person did not cancel anything, so say what happened.
  const said = (error: LlmError): string =>
    deadlineSignal.aborted && error.code === 'aborted' ? 'still silent when the deadline passed' : error.message.replace(/\.$/, '');
  const detail = errors.map(({ node, error }) => `${node}: ${said(error)}`).join('; ');
  if (deadlineSignal.aborted) {
    return new LlmError(
      'timeout',
      `No answer from the cluster within ${formatDuration(deadlineMs)}${detail ? ` (${detail})` : ''}.`,
      'The nodes may be overloaded or loading their models; try again shortly.',
    );
  }
  const last = errors.at(-1)?.error;
  if (errors.length === 1 && last) {
    // The client's message names an address; the person knows the node by its name in harombe.yaml.
    const sentence = /[.!?]$/.test(last.message) ? last.message : `${last.message}.`;
    const alone = tried === 1 ? ' No other node could take the request.' : '';
    return new LlmError(last.code, `Node "${errors[0]!.node}" could not answer: ${sentence}${alone}`, last.hint, { cause: last });
  }
  return new LlmError(
    last?.code ?? 'unreachable',
    `No cluster node could answer (${detail || 'every candidate left the cluster'}).`,
    'See `harombe cluster status` for each node\'s health; requests go through again as soon as one is back.',
    { cause: last },
  );
}

/** A failure that was not the node's, as the caller reads it: the node's own words, or none of harombe's insides. */
function notTheNodes(node: string, error: unknown): LlmError {
  if (isLocalFault(error)) {
    return new LlmError(
      'internal',
      `harombe could not send the request to node "${node}": it failed on harombe's side, before reaching the node.`,
      'This is a bug in harombe, not a problem with the node; please report it.',
      { cause: error },
    );
  }
  const failure = toLlmError(error);
  return new LlmError(failure.code, `Node "${node}" could not answer: ${failure.message}`, failure.hint, { cause: error });
}

function toLlmError(error: unknown): LlmError {
  if (error instanceof LlmError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new LlmError('server_error', message, undefined, { cause: error });
}
