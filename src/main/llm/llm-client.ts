// The one interface every model backend implements: stream a chat completion as text deltas, whole tool calls, usage.
import type { ChatMessage, Complexity, ToolCall, Usage } from '../../shared';

/** A tool as offered to the model: name, description and JSON Schema of its arguments. */
export interface ToolDefinition {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ChatRequest {
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  temperature?: number;
  maxTokens?: number;
  stop?: string[];
  /** Overrides the client's configured model for this request. */
  model?: string;
  signal?: AbortSignal;
}

export type FinishReason = 'stop' | 'tool_calls' | 'length' | 'content_filter' | 'unknown';

export type LlmStreamEvent =
  | { type: 'text-delta'; text: string }
  /** Emitted once per call, complete, when its arguments are fully assembled (whole or split across deltas). */
  | { type: 'tool-call'; call: ToolCall }
  | { type: 'finish'; reason: FinishReason; usage?: Usage }
  /** Which node answers (from a routing client such as the cluster), before the first piece of the answer. */
  | { type: 'route'; node: string; tier: number; complexity: Complexity; reason: string };

export interface LlmClient {
  /** The model this client talks to by default. */
  readonly model: string;
  /** Where it talks to, for messages (`http://localhost:11434`). */
  readonly endpoint: string;
  streamChat(request: ChatRequest): AsyncIterable<LlmStreamEvent>;
}

export interface ChatCompletion {
  text: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  usage?: Usage;
}

/** The non-streaming form, built on the stream. */
export async function completeChat(client: LlmClient, request: ChatRequest): Promise<ChatCompletion> {
  let text = '';
  const toolCalls: ToolCall[] = [];
  let finishReason: FinishReason = 'unknown';
  let usage: Usage | undefined;
  for await (const event of client.streamChat(request)) {
    if (event.type === 'text-delta') text += event.text;
    else if (event.type === 'tool-call') toolCalls.push(event.call);
    else if (event.type === 'finish') {
      finishReason = event.reason;
      usage = event.usage;
    }
  }
  return { text, toolCalls, finishReason, ...(usage ? { usage } : {}) };
}

export type LlmErrorCode =
  | 'unreachable'
  | 'model_missing'
  | 'timeout'
  | 'server_error'
  | 'bad_request'
  | 'unauthorized'
  | 'bad_response'
  | 'aborted'
  /** The request broke on harombe's side before it reached the server (a bug; the server is not at fault). */
  | 'internal';

/** A failure a person can act on: `message` says what happened, `hint` what to do. Never a stack trace. */
export class LlmError extends Error {
  constructor(
    readonly code: LlmErrorCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LlmError';
  }
}
