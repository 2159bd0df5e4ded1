// /v1 through the cluster: `auto` classified, `tier:N` forced, a model name to the nodes serving it; each attempt counted.
import type { ChatMessage } from '../../../shared';
import { countsAgainstNode, normalizeModelName, ROUTED_BY_HEADER, RoutingError, type Cluster, type ClusterNode, type RequestMeasurement, type RouteDecision } from '../../cluster';
import { LlmError } from '../../llm';
import { ApiError } from '../api-error';
import { isNodeFailure } from './upstream-failure';
import type { Upstream, UpstreamAttempt, UpstreamMessage, UpstreamRequest, UpstreamResolver, UpstreamRoute } from './upstream-resolver';

/** `tier:0`, `tier:1`, `tier:2`: a tier instead of a model. */
const TIER_MODEL = /^tier:(\d+)$/i;
export const TIER_MODELS = ['tier:0', 'tier:1', 'tier:2'] as const;

/** A failure the caller caused (hung up, sent a malformed request): the node's circuit does not count it. */
class CallerCaused extends LlmError {
  constructor(
    code: 'aborted' | 'bad_request',
    readonly original: unknown,
  ) {
    super(code, original instanceof Error ? original.message : String(original));
  }
}

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
    const { router, registry } = this.cluster;
    try {
      if (model === 'auto') return this.routeOf(router.route({ messages }));
      const tier = TIER_MODEL.exec(model);
      if (tier) {
        const number = Number(tier[1]);
        if (number > 2) {
          throw new ApiError(400, 'invalid_model', `There is no ${model}: tiers are 0, 1 and 2`, {
            hint: 'Ask for tier:0, tier:1 or tier:2, "auto", or a model name; GET /v1/models lists them.',
          });
        }
        return this.routeOf(router.route({ messages, tier: number }));
      }
      // No node serves it: the local model server may have it.
      if (registry.serving(model).length === 0) return this.local.resolve(request);
      return this.routeOf(router.route({ messages, model }));
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

  private routeOf(decision: RouteDecision): UpstreamRoute {
    const nodes = decision.candidates.map((name) => this.cluster.registry.get(name)).filter((node) => node !== undefined);
    const { events, executor } = this.cluster;
    const { policy } = executor;
    // Nodes asked that failed (one its circuit refused was never asked): the pause before the next grows with them.
    const tally = { reached: 0 };
    return {
      candidates: nodes.map((node) => this.upstreamOf(node, tally)),
      maxAttempts: policy.maxAttempts,
      firstByteTimeoutMs: policy.firstTokenTimeoutMs,
      pauseBeforeNext: (signal) => policy.pauseBeforeNext(tally.reached, signal),
      served: (upstream, failedOver) => {
        const node = this.cluster.registry.get(upstream.node);
        let reason = decision.reason;
        if (upstream.node !== decision.node) {
          reason += `; ${failedOver.map((name) => `${name} failed before answering`).join(', ')}; served by ${upstream.node} (tier ${node?.tier ?? decision.tier})`;
        }
        events.emit({
          type: 'route',
          node: upstream.node,
          tier: node?.tier ?? decision.tier,
          wanted_tier: decision.wantedTier,
          complexity: decision.complexity,
          reason,
          failed_over: [...failedOver],
          excerpt: decision.excerpt,
        });
      },
      failedOver: (from, to, error) => events.emit({ type: 'failover', from: from.node, to: to?.node ?? null, error }),
    };
  }

  private upstreamOf(node: ClusterNode, tally: { reached: number }): Upstream {
    const { config } = node;
    return {
      baseUrl: `${node.origin}/v1`,
      // Each node answers with its own model: the name in the request chose the nodes.
      model: config.model,
      node: node.name,
      ...(config.auth_token ? { apiKey: config.auth_token } : {}),
      ...(config.kind === 'harombe' ? { headers: { [ROUTED_BY_HEADER]: 'coordinator' } } : {}),
      begin: () => this.attemptOn(node, tally),
    };
  }

  /** Load (in flight), the circuit breaker and the metrics see /v1 traffic as they see the agent's. */
  private attemptOn(node: ClusterNode, tally: { reached: number }): UpstreamAttempt {
    const metrics = this.cluster.metrics;
    let release: (() => void) | undefined;
    let measurement: RequestMeasurement | undefined;
    return {
      open: async (send, callerSignal) => {
        try {
          return await node.circuit.run(async (signal) => {
            // Counted only once the circuit lets the request through: a node it refuses was never asked.
            release = node.beginRequest();
            measurement = metrics.begin(node.name);
            try {
              return await send(signal);
            } catch (error) {
              tally.reached += 1;
              if (callerSignal.aborted) throw new CallerCaused('aborted', error);
              if (error instanceof ApiError && !isNodeFailure(error)) throw new CallerCaused('bad_request', error);
              throw error;
            }
          }, callerSignal);
        } catch (error) {
          const original = error instanceof CallerCaused ? error.original : error;
          // Only the node's own failure is its failure; harombe's (a request it could not send) is not.
          if (callerSignal.aborted || error instanceof CallerCaused || !countsAgainstNode(original)) measurement?.cancelled();
          else measurement?.failed(original);
          release?.();
          throw original;
        }
      },
      firstByte: () => measurement?.firstToken(),
      piece: () => measurement?.piece(),
      succeeded: (usage) => {
        measurement?.succeeded(usage);
        release?.();
      },
      failed: (error) => {
        measurement?.failed(error);
        // Broke off mid-answer: outside the circuit's run, but it still counts against the node.
        node.circuit.recordFailure(error);
        release?.();
      },
      cancelled: () => {
        measurement?.cancelled();
        release?.();
      },
    };
  }
}
