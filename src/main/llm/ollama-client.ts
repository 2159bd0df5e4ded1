// The LlmClient for Ollama: its OpenAI-compatible /v1 (as the original harombe used it), with failures in Ollama's terms.
import type { ChatRequest, LlmClient, LlmStreamEvent } from './llm-client';
import { describeOllamaFailure } from './ollama-failure-message';
import { OpenAICompatibleClient } from './openai-compatible-client';

export interface OllamaClientOptions {
  /** Ollama's address, `http://localhost:11434` (ollama.host). */
  host: string;
  model: string;
  /** Longest silence allowed (ollama.timeout, in ms): before the answer begins and between its chunks. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Sent when a request sets no temperature (model.temperature). */
  defaultTemperature?: number;
}

/** `http://localhost:11434/` → `http://localhost:11434`, so `${host}/v1` and messages read right. */
export function normalizeOllamaHost(host: string): string {
  return host.trim().replace(/\/+$/, '');
}

export class OllamaClient implements LlmClient {
  readonly model: string;
  readonly endpoint: string;
  private readonly openai: OpenAICompatibleClient;

  constructor(options: OllamaClientOptions) {
    this.endpoint = normalizeOllamaHost(options.host);
    this.model = options.model;
    this.openai = new OpenAICompatibleClient({
      baseUrl: `${this.endpoint}/v1`,
      endpoint: this.endpoint,
      model: options.model,
      // Ollama ignores the key but the SDK insists on one; this is the value Ollama's docs use.
      apiKey: 'ollama',
      describeFailure: describeOllamaFailure,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.defaultTemperature === undefined ? {} : { defaultTemperature: options.defaultTemperature }),
    });
  }

  streamChat(request: ChatRequest): AsyncIterable<LlmStreamEvent> {
    return this.openai.streamChat(request);
  }
}
