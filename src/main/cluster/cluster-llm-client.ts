// The cluster as one LlmClient: each request is routed (by complexity, a forced tier or a model name) and may fail over.
import type { ChatRequest, LlmClient, LlmStreamEvent } from '../llm';
import type { ClusterExecutor, ServedRoute } from './cluster-executor';
import { Emitter } from '../base';

export interface ClusterLlmClientOptions {
  executor: ClusterExecutor;
  /** Called for every request with the node that served it, before its first token (the agent's `route` event). */
  onRoute?: (route: ServedRoute) => void;
  /** Send every request to this tier instead of classifying. */
  tier?: number;
}

export interface RouteNotice {
  route: ServedRoute;
  /** The request it was for, by identity. */
  request: ChatRequest;
}

export class ClusterLlmClient implements LlmClient {
  /** `auto`: the cluster picks the model per request; a request naming a model goes to the nodes serving it. */
  readonly model = 'auto';
  readonly endpoint = 'harombe cluster';
  private readonly routes = new Emitter<RouteNotice>();

  constructor(private readonly options: ClusterLlmClientOptions) {}

  /** Every routed request, with the request it was for. */
  readonly onDidRoute = this.routes.event;

  streamChat(request: ChatRequest): AsyncIterable<LlmStreamEvent> {
    return this.options.executor.streamChat(request, {
      ...(this.options.tier === undefined ? {} : { tier: this.options.tier }),
      onRoute: (route) => {
        this.options.onRoute?.(route);
        this.routes.fire({ route, request });
      },
    });
  }

  /** The same cluster, reporting its routes to `onRoute` (one agent turn's listener, say) instead. */
  withRouteListener(onRoute: (route: ServedRoute) => void): ClusterLlmClient {
    return new ClusterLlmClient({ ...this.options, onRoute });
  }

  /** The same cluster, every request sent to `tier`. */
  withTier(tier: number): ClusterLlmClient {
    return new ClusterLlmClient({ ...this.options, tier });
  }
}
