// Where a /v1 request goes: OpenAI-compatible upstreams in the order to try them. Locally that is Ollama; a cluster routes.
import type { Usage } from '../../../shared';
import { httpFetch } from '../../net/http-fetch';

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

/**
 * One attempt on one upstream, for the resolver to count (load, circuit breaker, metrics). The relay calls open()
 * once; when it resolves, exactly one of succeeded / failed / cancelled follows.
 */
export interface UpstreamAttempt {
  /**
   * Runs `send` (the request up to the first piece of the answer). Rejects without calling it when the upstream
   * is cut off; `send`'s own failure is counted against the upstream unless the caller caused it.
   */
  open<T>(send: (signal: AbortSignal) => Promise<T>, callerSignal: AbortSignal): Promise<T>;
  /** The first piece of the answer reached the client. */
  firstByte(): void;
  /** One streamed piece (a chunk of the answer), counted as a token when the upstream reports no usage. */
  piece(): void;
  succeeded(usage?: Usage): void;
  /** The upstream broke off after the answer had started. */
  failed(error: unknown): void;
  /** The client went away. */
  cancelled(): void;
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
  /** Starts counting an attempt on this upstream; absent: nothing is counted. */
  begin?(): UpstreamAttempt;
}

/** Where one request may go, best first; the next is tried only when one fails before answering. */
export interface UpstreamRoute {
  candidates: readonly Upstream[];
  /** Told which candidate answered, after which ones failed before answering (a cluster reports the route). */
  served?(upstream: Upstream, failedOver: readonly string[]): void;
  /** Told that `from` failed before answering and the request moves to `to` (undefined: none left). */
  failedOver?(from: Upstream, to: Upstream | undefined, error: string): void;
  /** A cluster's failover policy, the one its agent path follows: candidates tried, silence allowed, pause between. */
  maxAttempts?: number;
  firstByteTimeoutMs?: number;
  /** Waits before the next candidate (rejects when `signal` aborts meanwhile). */
  pauseBeforeNext?(signal: AbortSignal): Promise<void>;
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
    return { candidates: [this.upstreamFor(request.model)] };
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
