// Where a /v1 request goes: an OpenAI-compatible endpoint per model name. Locally that is Ollama; the cluster replaces it.

export interface Upstream {
  /** An OpenAI-compatible base URL, ending before /chat/completions: `http://localhost:11434/v1`. */
  baseUrl: string;
  apiKey?: string;
  /** The model name the upstream knows (`auto` resolved). */
  model: string;
  /** Which node answers, for error messages and metrics. */
  node: string;
}

export interface UpstreamResolver {
  /** May throw an error with `code: 'model_missing'` (→ 404) when no upstream serves that model. */
  resolve(model: string): Upstream | Promise<Upstream>;
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

  resolve(model: string): Upstream {
    return { baseUrl: this.baseUrl(), model: model === 'auto' ? this.options.activeModel() : model, node: this.options.nodeName };
  }

  async listModels(signal?: AbortSignal): Promise<string[]> {
    const fetchImpl = this.options.fetch ?? fetch;
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
