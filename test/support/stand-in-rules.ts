// Scripted answers for the Ollama stand-in: which chat request a rule matches, and what the "model" says or does.

/** One message of a received chat request, the same shape whichever API (native or /v1) it came through. */
export interface StandInMessage {
  role: string;
  content: string;
  /** Tool calls of an assistant message; `arguments` is JSON text. */
  tool_calls?: { id?: string; name: string; arguments: string }[];
  tool_call_id?: string;
  /** Tool name of a tool message (sent by the client, or found through its tool_call_id). */
  name?: string;
}

/** A chat request as a rule sees it. */
export interface StandInChatRequest {
  api: 'native' | 'openai';
  /** Model name as served (`qwen2.5` is read as `qwen2.5:latest`). */
  model: string;
  messages: StandInMessage[];
  /** Names of the tools offered, in order. */
  toolNames: string[];
  /** The tools as sent (OpenAI/Ollama function tool objects). */
  tools: unknown[];
  stream: boolean;
  /** The raw JSON body. */
  body: Record<string, unknown>;
  lastMessage: StandInMessage | undefined;
  /** Content of the last message when the user sent it (the model is answering the user). */
  lastUserMessage: string | undefined;
  /** The last message when it is a tool result (the model is reading a tool's output). */
  lastToolResult: StandInMessage | undefined;
}

export interface ScriptedToolCall {
  name: string;
  /** An object (sent as JSON) or raw text, which lets a test send malformed arguments. */
  arguments: Record<string, unknown> | string;
  id?: string;
}

export interface ScriptedUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** What the "model" produces for one request. */
export interface ScriptedAnswer {
  tokens: string[];
  toolCalls: ScriptedToolCall[];
  /** Ollama's done_reason (`stop`, `length`); tool calls turn `stop` into `tool_calls` on /v1 as Ollama does. */
  doneReason: string;
  usage?: ScriptedUsage;
}

export type ToolCallDelivery = 'whole' | 'split';

/** Ways a response can go wrong, for testing the client's error handling. */
export interface ResponseFaults {
  /** Wait this long before the first byte (headers included, as Ollama sends them with its first chunk). */
  firstByteDelayMs?: number;
  /** Wait this long before each following chunk. */
  tokenDelayMs?: number;
  /** Answer with this HTTP status and an Ollama-style error body instead. */
  httpError?: { status: number; message: string };
  /** Destroy the socket after this many chunks (0: before any byte). */
  closeAfterChunks?: number;
  /** Send an error object in the stream after this many chunks, as Ollama does when the runner fails. */
  errorAfterChunks?: { chunks: number; message: string };
  /** Never answer; the request stays open until the client gives up or the stand-in stops. */
  hang?: boolean;
  /** Send the first chunk, then wait for this before the rest (a gate: shows a client gets chunks as they come). */
  holdAfterFirstChunk?: Promise<void>;
}

export interface RuleMatch {
  /** The last message is the user's and its content matches (a string matches as a substring). */
  lastUserMessage?: RegExp | string;
  /** The last message is a tool result (of this tool, when a name is given). */
  afterToolResult?: boolean | string;
  model?: string;
  api?: 'native' | 'openai';
  /** Whether the request offered tools. */
  withTools?: boolean;
  when?: (request: StandInChatRequest) => boolean;
}

type Reply = string | string[] | ((request: StandInChatRequest) => string | string[]);

/** Splits text into word-sized tokens that join back to the same text: "Sunny today" → ["Sunny", " today"]. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? (text === '' ? [] : [text]);
}

function replyTokens(reply: Reply, request: StandInChatRequest): string[] {
  const value = typeof reply === 'function' ? reply(request) : reply;
  return typeof value === 'string' ? tokenize(value) : [...value];
}

function matches(match: RuleMatch, request: StandInChatRequest): boolean {
  if (match.model !== undefined && match.model !== request.model) return false;
  if (match.api !== undefined && match.api !== request.api) return false;
  if (match.withTools !== undefined && match.withTools !== request.toolNames.length > 0) return false;
  if (match.lastUserMessage !== undefined) {
    const text = request.lastUserMessage;
    if (text === undefined) return false;
    const pattern = match.lastUserMessage;
    if (typeof pattern === 'string' ? !text.includes(pattern) : !pattern.test(text)) return false;
  }
  if (match.afterToolResult !== undefined && match.afterToolResult !== false) {
    const result = request.lastToolResult;
    if (!result) return false;
    if (typeof match.afterToolResult === 'string' && result.name !== match.afterToolResult) return false;
  }
  if (match.afterToolResult === false && request.lastToolResult) return false;
  return match.when ? match.when(request) : true;
}

/**
 * One scripted behaviour: `standIn.on({ lastUserMessage: /weather/ }).reply('Sunny')`.
 * Builder methods return the rule, so they chain: `.callTool('shell', { command: 'ls' }).once()`.
 */
export class StandInRule {
  private reply_: Reply | undefined;
  private readonly toolCalls: ScriptedToolCall[] = [];
  private custom: ((request: StandInChatRequest) => Partial<ScriptedAnswer>) | undefined;
  private doneReason_ = 'stop';
  private usage_: ScriptedUsage | undefined;
  private remaining = Number.POSITIVE_INFINITY;
  private hits_ = 0;
  /** How this rule delivers tool calls on /v1; the stand-in's setting when unset. */
  delivery: ToolCallDelivery | undefined;
  readonly faults: ResponseFaults = {};

  constructor(readonly match: RuleMatch) {}

  /** Text to answer with: a string (split into words), exact tokens, or a function of the request. */
  reply(reply: Reply): this {
    this.reply_ = reply;
    return this;
  }

  /** Adds a tool call to the answer (call it again for several calls in one answer). */
  callTool(name: string, args: Record<string, unknown> | string = {}, options: { id?: string } = {}): this {
    this.toolCalls.push({ name, arguments: args, ...(options.id === undefined ? {} : { id: options.id }) });
    return this;
  }

  /** Full control: compute tokens, tool calls, done reason and usage from the request. */
  answer(compute: (request: StandInChatRequest) => Partial<ScriptedAnswer>): this {
    this.custom = compute;
    return this;
  }

  /** Ollama's done_reason for the answer (`length` to simulate a cut-off answer). */
  doneReason(reason: string): this {
    this.doneReason_ = reason;
    return this;
  }

  usage(usage: ScriptedUsage): this {
    this.usage_ = usage;
    return this;
  }

  /** Deliver tool calls whole in one delta (Ollama) or split across deltas (OpenAI, vLLM). */
  toolCallsDelivered(delivery: ToolCallDelivery): this {
    this.delivery = delivery;
    return this;
  }

  /** The rule answers this many requests, then lets later rules (or the default) answer. */
  times(count: number): this {
    this.remaining = count;
    return this;
  }

  once(): this {
    return this.times(1);
  }

  delayFirstByte(ms: number): this {
    this.faults.firstByteDelayMs = ms;
    return this;
  }

  delayBetweenTokens(ms: number): this {
    this.faults.tokenDelayMs = ms;
    return this;
  }

  /** Send the first chunk, then hold the rest until `until` settles. */
  holdAfterFirstChunk(until: Promise<void>): this {
    this.faults.holdAfterFirstChunk = until;
    return this;
  }

  /** Answer with an HTTP error and Ollama's error body: `failWith(500, 'llama runner process has terminated')`. */
  failWith(status: number, message: string): this {
    this.faults.httpError = { status, message };
    return this;
  }

  /** Destroy the connection after `chunks` chunks of the answer were sent. */
  closeAfter(chunks: number): this {
    this.faults.closeAfterChunks = chunks;
    return this;
  }

  /** Put an error object in the stream after `chunks` chunks, then end it. */
  errorAfter(chunks: number, message: string): this {
    this.faults.errorAfterChunks = { chunks, message };
    return this;
  }

  /** Never answer (until the client gives up or the stand-in stops). */
  hang(): this {
    this.faults.hang = true;
    return this;
  }

  /** How many requests this rule answered. */
  get hits(): number {
    return this.hits_;
  }

  /** @internal Whether the rule takes this request (and counts it when it does). */
  take(request: StandInChatRequest): boolean {
    if (this.remaining <= 0 || !matches(this.match, request)) return false;
    this.remaining -= 1;
    this.hits_ += 1;
    return true;
  }

  /** @internal The scripted answer for a request this rule took. */
  answerFor(request: StandInChatRequest): ScriptedAnswer {
    const base: ScriptedAnswer = {
      tokens: this.reply_ === undefined ? [] : replyTokens(this.reply_, request),
      toolCalls: [...this.toolCalls],
      doneReason: this.doneReason_,
      ...(this.usage_ ? { usage: this.usage_ } : {}),
    };
    return this.custom ? { ...base, ...this.custom(request) } : base;
  }
}
