// Where a /v1 request goes: OpenAI-compatible upstreams in the order to try them. Locally that is Ollama; a cluster routes.
import type { RequestMeasurement } from '../../cluster';
import { httpFetch } from '../../net/http-fetch';
import { localUpstreamRoute } from './local-upstream-route';

/** One message of the request body as OpenAI clients send it (content a string or a list of parts). */
export interface UpstreamMessage {
  role: string;
  content?: unknown;
  [key: string]: unknown;
}

/** What a resolver may look at to choose: the requested model, the conversation, and the request's headers. */
export interface UpstreamRequest {
  /** The body's `model`: a model name, `auto`, or (in a cluster) `tier:N`. */
  model: string;
  messages: readonly UpstreamMessage[];
  /** The request's headers; a coordinator marks what it relays with `x-harombe-routed-by`. */
  headers: Headers;
}

export interface Upstream {
  /** An OpenAI-compatible base URL, ending before /chat/completions: `http://localhost:11434/v1`. */
  baseUrl: string;
  apiKey?: string;
  /** The model name the upstream knows (`auto` resolved). */
  model: string;
  /** Which node answers, for error messages, metrics and the `x-harombe-node` response header. */
  node: string;
  /** Extra request headers (the coordinator's mark on requests to another harombe). */
  headers?: Readonly<Record<string, string>>;
}

/** How the relay asks one upstream, as the route tries them. */
export interface UpstreamCall<T> {
  /** Sends the request and resolves once the answer has begun (its first chunk in hand) or, with `whole`, is complete. */
  open(upstream: Upstream, signal: AbortSignal): Promise<T>;
  /** open() waits for the whole answer: no first-byte limit, only the caller's deadline. */
  whole: boolean;
}

/** An upstream's failure, as the route saw it: open()'s error, or the route's own (a silence limit, a circuit). */
export interface UpstreamFailure {
  upstream: Upstream;
  error: unknown;
}

export type UpstreamOutcome<T> =
  | { served: true; value: T; upstream: Upstream; measurement: RequestMeasurement }
  | { served: false; failures: readonly UpstreamFailure[]; stoppedBy?: UpstreamFailure };

/**
 * Where one request may go, and how it moves on: a cluster's route is its executor (the agent's own failover:
 * circuits, silence limit, pauses, metrics); the local model server is asked once.
 */
export interface UpstreamRoute {
  /** Asks upstreams in turn through `call` until one's answer begins; `signal` is the caller's (and its deadline). */
  serve<T>(call: UpstreamCall<T>, signal: AbortSignal): Promise<UpstreamOutcome<T>>;
}

export interface UpstreamResolver {
  /**
   * Where the request goes. May throw an error with a `code` (`model_missing` → 404, an ApiError as it is) when
   * nothing can take it.
   */
  resolve(request: UpstreamRequest): UpstreamRoute | Promise<UpstreamRoute>;
  /** Model names clients may ask for (besides `auto`). */
  listModels(signal?: AbortSignal): Promise<string[]>;
}

export interface LocalOllamaResolverOptions {
  /** ollama.host, read per request so a config change applies at once. */
  ollamaHost: () => string;
  /** The model `auto` means: the configured one (after hardware-based `auto` resolution). */
  activeModel: () => string;
  nodeName: string;
  fetch?: typeof fetch;
  /**
   * How long Ollama may stay silent before a streamed answer begins; read per request (harombe passes
   * `ollama.timeout`, as the agent's own calls use, so a config change applies at once). Default 60 s.
   */
  firstByteTimeoutMs?: number | (() => number);
}

/** Every model name goes to the local Ollama's OpenAI-compatible /v1. */
export class LocalOllamaResolver implements UpstreamResolver {
  constructor(private readonly options: LocalOllamaResolverOptions) {}

  private baseUrl(): string {
    return `${this.options.ollamaHost().replace(/\/+$/, '')}/v1`;
  }

  /** The local upstream for one model name (`auto`: the active model). */
  upstreamFor(model: string): Upstream {
    return { baseUrl: this.baseUrl(), model: model === 'auto' ? this.options.activeModel() : model, node: this.options.nodeName };
  }

  resolve(request: Pick<UpstreamRequest, 'model'>): UpstreamRoute {
    const limit = this.options.firstByteTimeoutMs;
    return localUpstreamRoute(this.upstreamFor(request.model), typeof limit === 'function' ? limit() : limit);
  }

  async listModels(signal?: AbortSignal): Promise<string[]> {
    // The one HTTP client of model calls (src/main/net) unless a test injects its own.
    const fetchImpl = this.options.fetch ?? httpFetch;
    const url = `${this.baseUrl()}/models`;
    let response: Response;
    try {
      response = await fetchImpl(url, signal ? { signal } : {});
    } catch (error) {
      throw Object.assign(new Error(`Cannot reach Ollama at ${url}: ${error instanceof Error ? error.message : String(error)}`), {
        code: 'unreachable',
        hint: 'Start Ollama (`ollama serve`) or fix ollama.host in harombe.yaml.',
      });
    }
    if (!response.ok) {
      throw Object.assign(new Error(`Ollama at ${url} answered ${response.status}`), { code: 'server_error' });
    }
    const body = (await response.json()) as { data?: { id?: unknown }[] };
    return (body.data ?? []).map((entry) => entry.id).filter((id): id is string => typeof id === 'string');
  }
}
