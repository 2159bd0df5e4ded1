// /v1 through the cluster: `auto` classified, `tier:N` forced, a model name to the nodes serving it; the executor fails over.
import type { ChatMessage } from '../../../shared';
import { normalizeModelName, ROUTED_BY_HEADER, RoutingError, type Cluster, type ClusterNode, type FailedAttempt, type RouteDecision } from '../../cluster';
import { ApiError } from '../api-error';
import type { Upstream, UpstreamCall, UpstreamFailure, UpstreamMessage, UpstreamOutcome, UpstreamRequest, UpstreamResolver, UpstreamRoute } from './upstream-resolver';

/** `tier:0`, `tier:1`, `tier:2`: a tier instead of a model. */
const TIER_MODEL = /^tier:(\d+)$/i;
export const TIER_MODELS = ['tier:0', 'tier:1', 'tier:2'] as const;

/** The text of a message's content: a string, or the text parts of a list. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => (typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : ''))
    .filter(Boolean)
    .join('\n');
}

/** The request's messages as the classifier reads them (only roles and text matter to it). */
export function toChatMessages(messages: readonly UpstreamMessage[]): ChatMessage[] {
  return messages.map((message): ChatMessage => {
    const content = textOf(message.content);
    switch (message.role) {
      case 'system':
      case 'developer':
        return { role: 'system', content };
      case 'assistant':
        return { role: 'assistant', content };
      case 'tool':
        return { role: 'tool', tool_call_id: String(message.tool_call_id ?? ''), name: String(message.name ?? ''), content };
      default:
        return { role: 'user', content };
    }
  });
}

export class ClusterUpstreamResolver implements UpstreamResolver {
  constructor(
    private readonly cluster: Cluster,
    /** This machine's own model server: for requests a coordinator relayed here, and models no node serves. */
    private readonly local: UpstreamResolver,
  ) {}

  resolve(request: UpstreamRequest): UpstreamRoute | Promise<UpstreamRoute> {
    const model = request.model.trim();
    // A coordinator sent this here: answer from the local model, never route it round the cluster again.
    if (request.headers.has(ROUTED_BY_HEADER)) return this.local.resolve({ ...request, model: TIER_MODEL.test(model) ? 'auto' : model });
    const messages = toChatMessages(request.messages);
    const { executor, registry } = this.cluster;
    try {
      if (model === 'auto') return this.routeOf(executor.decide({ messages }));
      const tier = TIER_MODEL.exec(model);
      if (tier) {
        const number = Number(tier[1]);
        if (number > 2) {
          throw new ApiError(400, 'invalid_model', `There is no ${model}: tiers are 0, 1 and 2`, {
            hint: 'Ask for tier:0, tier:1 or tier:2, "auto", or a model name; GET /v1/models lists them.',
          });
        }
        return this.routeOf(executor.decide({ messages, tier: number }));
      }
      // No node serves it: the local model server may have it.
      if (registry.serving(model).length === 0) return this.local.resolve(request);
      return this.routeOf(executor.decide({ messages, model }));
    } catch (error) {
      if (!(error instanceof RoutingError)) throw error;
      throw new ApiError(503, 'no_route', `The cluster cannot take this request: ${error.message}`, error.hint ? { hint: error.hint } : {});
    }
  }

  /** `tier:0..2`, every model a node is configured with, and what the local model server has. */
  async listModels(signal?: AbortSignal): Promise<string[]> {
    const names = new Map<string, string>();
    const add = (name: string) => {
      if (!names.has(normalizeModelName(name))) names.set(normalizeModelName(name), name);
    };
    for (const node of this.cluster.registry.list()) add(node.config.model);
    // The local server being down must not hide the cluster's models.
    const local = await this.local.listModels(signal).catch(() => []);
    local.forEach(add);
    return [...TIER_MODELS, ...names.values()];
  }

  /** The executor's failover (the agent's own) with the relay's call: each node seen as the upstream it is. */
  private routeOf(decision: RouteDecision): UpstreamRoute {
    const { executor } = this.cluster;
    return {
      serve: async <T>(call: UpstreamCall<T>, signal: AbortSignal): Promise<UpstreamOutcome<T>> => {
        const attempt = await executor.serve(
          decision,
          { open: (node, attemptSignal) => call.open(upstreamOf(node), attemptSignal), whole: call.whole },
          signal,
        );
        if (attempt.served) return { served: true, value: attempt.value, upstream: upstreamOf(attempt.node), measurement: attempt.measurement };
        const failure = ({ node, error }: FailedAttempt): UpstreamFailure => ({ upstream: upstreamOf(node), error });
        return {
          served: false,
          failures: attempt.failures.map(failure),
          ...(attempt.stoppedBy ? { stoppedBy: failure(attempt.stoppedBy) } : {}),
        };
      },
    };
  }
}

function upstreamOf(node: ClusterNode): Upstream {
  const { config } = node;
  return {
    baseUrl: `${node.origin}/v1`,
    // Each node answers with its own model: the name in the request chose the nodes.
    model: config.model,
    node: node.name,
    ...(config.auth_token ? { apiKey: config.auth_token } : {}),
    ...(config.kind === 'harombe' ? { headers: { [ROUTED_BY_HEADER]: 'coordinator' } } : {}),
  };
}
