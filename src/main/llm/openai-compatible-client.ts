// An LlmClient for any OpenAI-compatible chat-completions server (Ollama's /v1, vLLM, llama.cpp, OpenAI), via the openai SDK.
import type OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { Usage } from '../../shared';
import { InactivityDeadline, anySignal } from './inactivity-deadline';
import type { ChatRequest, FinishReason, LlmClient, LlmStreamEvent } from './llm-client';
import { LlmError } from './llm-client';
import {
  settleFinishReason,
  toFinishReason,
  toOpenAIMessages,
  toOpenAITools,
  toUsage,
} from './openai-wire-format';
import { describeServerFailure, type FailureTranslator } from './server-failure-message';
import { ToolCallAssembler } from './tool-call-assembler';
import { loadOpenAI } from './openai-sdk';
import { classifyFailure, type FailureContext } from './transport-failure';

export interface OpenAICompatibleClientOptions {
  /** The API root, `http://localhost:11434/v1`. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Longest silence allowed: waiting for the answer to begin, and between two chunks of it. None when absent. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** How the server is named in messages; the base URL when absent. */
  endpoint?: string;
  /** Sent when a request sets no temperature. */
  defaultTemperature?: number;
  /** Retries of a failed connection or 5xx before any byte arrived. Default 0: the cluster layer owns failover. */
  maxRetries?: number;
  /** Words for failures; Ollama has its own. */
  describeFailure?: FailureTranslator;
}

export class OpenAICompatibleClient implements LlmClient {
  readonly model: string;
  readonly endpoint: string;
  private sdk: Promise<OpenAI> | undefined;
  private readonly sdkOptions: ConstructorParameters<typeof OpenAI>[0];
  private readonly timeoutMs: number | undefined;
  private readonly defaultTemperature: number | undefined;
  private readonly describeFailure: FailureTranslator;

  constructor(options: OpenAICompatibleClientOptions) {
    this.model = options.model;
    this.endpoint = options.endpoint ?? options.baseUrl;
    this.timeoutMs = options.timeoutMs;
    this.defaultTemperature = options.defaultTemperature;
    this.describeFailure = options.describeFailure ?? describeServerFailure;
    this.sdkOptions = {
      baseURL: options.baseUrl,
      // Always explicit: left empty, the SDK would send the user's OPENAI_API_KEY (and organization) to this server.
      apiKey: options.apiKey ?? 'no-key',
      organization: null,
      project: null,
      maxRetries: options.maxRetries ?? 0,
      ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      // Failures reach the caller as LlmErrors; the SDK's own console warnings would only repeat them.
      logLevel: 'off',
    };
  }

  private client(): Promise<OpenAI> {
    this.sdk ??= loadOpenAI().then(({ default: OpenAI }) => new OpenAI(this.sdkOptions));
    return this.sdk;
  }

  async *streamChat(request: ChatRequest): AsyncIterable<LlmStreamEvent> {
    const context: FailureContext = {
      endpoint: this.endpoint,
      model: request.model ?? this.model,
      operation: 'chat',
      ...(this.timeoutMs === undefined ? {} : { timeoutMs: this.timeoutMs }),
    };
    const deadline = new InactivityDeadline(this.timeoutMs);
    const signal = anySignal(deadline.signal, request.signal);
    const fail = (error: unknown): LlmError => {
      if (error instanceof LlmError) return error;
      // Why the request ended matters more than how the SDK reported it.
      if (request.signal?.aborted) return this.describeFailure({ kind: 'aborted' }, context, error);
      if (deadline.expired) return this.describeFailure({ kind: 'timeout' }, context, error);
      return this.describeFailure(classifyFailure(error), context, error);
    };

    let chunks: AsyncIterator<ChatCompletionChunk> | undefined;
    try {
      if (request.signal?.aborted) throw fail(request.signal.reason);
      try {
        const stream = await (await this.client()).chat.completions.create(this.body(request), { signal });
        chunks = stream[Symbol.asyncIterator]();
      } catch (error) {
        throw fail(error);
      }

      const assembler = new ToolCallAssembler();
      let finishReason: FinishReason | undefined;
      let usage: Usage | undefined;
      for (;;) {
        deadline.touch();
        let next: IteratorResult<ChatCompletionChunk>;
        try {
          next = await chunks.next();
        } catch (error) {
          throw fail(error);
        }
        if (next.done) break;
        // The consumer's time with a chunk is not the server's silence.
        deadline.pause();
        const chunk = next.value;
        // Usage comes in its own chunk with empty choices (or, from some servers, on the last chunk).
        if (chunk.usage) usage = toUsage(chunk.usage);
        for (const choice of chunk.choices ?? []) {
          if (choice.index !== undefined && choice.index !== 0) continue;
          const delta = choice.delta ?? {};
          if (delta.content) yield { type: 'text-delta', text: delta.content };
          if (delta.tool_calls?.length) assembler.add(delta.tool_calls);
          finishReason = toFinishReason(choice.finish_reason) ?? finishReason;
        }
      }
      // The SDK ends an aborted stream quietly; say why it ended.
      if (signal.aborted) throw fail(signal.reason);

      const toolCalls = assembler.finish();
      for (const call of toolCalls) yield { type: 'tool-call', call };
      yield { type: 'finish', reason: settleFinishReason(finishReason, toolCalls.length), ...(usage ? { usage } : {}) };
    } finally {
      deadline.dispose();
      // Stopping early (the consumer broke off, or a failure) must not leave the HTTP request running.
      await chunks?.return?.().catch(() => undefined);
    }
  }

  private body(request: ChatRequest): ChatCompletionCreateParamsStreaming {
    const temperature = request.temperature ?? this.defaultTemperature;
    return {
      model: request.model ?? this.model,
      messages: toOpenAIMessages(request.messages),
      stream: true,
      stream_options: { include_usage: true },
      ...(temperature === undefined ? {} : { temperature }),
      ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
      ...(request.stop?.length ? { stop: request.stop } : {}),
      ...(request.tools?.length ? { tools: toOpenAITools(request.tools) } : {}),
    };
  }
}
