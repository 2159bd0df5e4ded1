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
import { ChatChunkDecoder } from './chat-chunk-decoder';
import { ToolCallAssembler } from './tool-call-assembler';
import { httpFetch } from '../net/http-fetch';
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
  /** Sent with every request (a coordinator marks the requests it relays). */
  headers?: Record<string, string>;
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
      // node:http with keep-alive unless a test injects its own fetch: about half the built-in fetch's cost per call.
      fetch: options.fetch ?? httpFetch,
      ...(options.headers ? { defaultHeaders: options.headers } : {}),
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
    // Aborted when the answer is not read to its end (the consumer broke off, or a failure): stops the HTTP request.
    const stopReading = new AbortController();
    const signal = anySignal(deadline.signal, request.signal, stopReading.signal);
    let readToEnd = false;
    const fail = (error: unknown): LlmError => {
      if (error instanceof LlmError) return error;
      // Why the request ended matters more than how the SDK reported it.
      if (request.signal?.aborted) return this.describeFailure({ kind: 'aborted' }, context, error);
      if (deadline.expired) return this.describeFailure({ kind: 'timeout' }, context, error);
      return this.describeFailure(classifyFailure(error), context, error);
    };

    let body: AsyncIterator<Uint8Array> | undefined;
    try {
      if (request.signal?.aborted) throw fail(request.signal.reason);
      let response: Response;
      try {
        // The SDK builds and sends the request and turns an error status into an APIError; the stream is read here,
        // a network read at a time (see ChatChunkDecoder).
        response = await (await this.client()).chat.completions.create(this.body(request), { signal }).asResponse();
      } catch (error) {
        throw fail(error);
      }
      if (!response.body) throw fail(new SyntaxError('the server answered a streamed request without a body'));
      body = (response.body as unknown as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();

      const decoder = new ChatChunkDecoder();
      const assembler = new ToolCallAssembler();
      let finishReason: FinishReason | undefined;
      let usage: Usage | undefined;
      while (!decoder.done) {
        deadline.touch();
        let next: IteratorResult<Uint8Array>;
        try {
          next = await body.next();
        } catch (error) {
          throw fail(error);
        }
        // The consumer's time with a chunk is not the server's silence.
        deadline.pause();
        let chunks: ChatCompletionChunk[];
        try {
          chunks = next.done ? decoder.finish() : decoder.push(next.value);
        } catch (error) {
          throw fail(error);
        }
        // The text of one read goes out as one delta: what follows runs once per read, not once per token.
        let text = '';
        for (const chunk of chunks) {
          // Usage comes in its own chunk with empty choices (or, from some servers, on the last chunk).
          if (chunk.usage) usage = toUsage(chunk.usage);
          for (const choice of chunk.choices ?? []) {
            if (choice.index !== undefined && choice.index !== 0) continue;
            const delta = choice.delta ?? {};
            if (delta.content) text += delta.content;
            if (delta.tool_calls?.length) {
              if (text) yield { type: 'text-delta', text };
              text = '';
              assembler.add(delta.tool_calls);
            }
            finishReason = toFinishReason(choice.finish_reason) ?? finishReason;
          }
        }
        if (text) yield { type: 'text-delta', text };
        if (next.done) break;
      }
      // An aborted stream may end quietly; say why it ended. (A body that ends without `data: [DONE]` is taken as the
      // end of the answer, as the SDK takes it; a connection cut mid-body fails the read above.)
      if (signal.aborted) throw fail(signal.reason);

      readToEnd = true;
      const toolCalls = assembler.finish();
      for (const call of toolCalls) yield { type: 'tool-call', call };
      yield { type: 'finish', reason: settleFinishReason(finishReason, toolCalls.length), ...(usage ? { usage } : {}) };
    } finally {
      deadline.dispose();
      // Stopping early (the consumer broke off, or a failure) must not leave the HTTP request running. After
      // [DONE], releasing the body lets its last bytes arrive, so the connection is kept for the next call.
      if (!readToEnd) {
        stopReading.abort(new Error('the answer was not read to its end'));
        await body?.return?.().catch(() => undefined);
      } else {
        // The rest (after [DONE]) arrives in the background; waiting for it would hold up whatever comes next.
        void body?.return?.().catch(() => undefined);
      }
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
