// Ollama's wire formats for a scripted answer: native /api/chat NDJSON and /v1 chat-completion SSE, streamed or whole.
import type { ScriptedAnswer, ScriptedUsage, ToolCallDelivery } from './stand-in-rules';

/** A scripted tool call with its id and both forms of its arguments resolved. */
export interface ResolvedToolCall {
  id: string;
  name: string;
  /** JSON text as /v1 sends it (may be malformed when the test scripted raw text). */
  argumentsText: string;
  /** The object /api/chat sends; raw text that is not JSON is passed through as a string. */
  argumentsValue: unknown;
}

export interface ResolvedAnswer {
  tokens: string[];
  toolCalls: ResolvedToolCall[];
  doneReason: string;
  usage: ScriptedUsage;
}

export interface OpenAIStreamOptions {
  id: string;
  model: string;
  /** Unix seconds. */
  created: number;
  delivery: ToolCallDelivery;
  includeUsage: boolean;
}

/** How many characters of arguments each split delta carries. */
const ARGUMENT_FRAGMENT = 5;

export function resolveAnswer(answer: ScriptedAnswer, nextToolCallId: () => string, promptTokens: number): ResolvedAnswer {
  const toolCalls = answer.toolCalls.map((call) => {
    const argumentsText = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
    let argumentsValue: unknown = call.arguments;
    if (typeof call.arguments === 'string') {
      try {
        argumentsValue = JSON.parse(call.arguments);
      } catch {
        argumentsValue = call.arguments;
      }
    }
    return { id: call.id ?? nextToolCallId(), name: call.name, argumentsText, argumentsValue };
  });
  return {
    tokens: answer.tokens,
    toolCalls,
    doneReason: answer.doneReason,
    usage: answer.usage ?? { prompt_tokens: promptTokens, completion_tokens: answer.tokens.length + toolCalls.length },
  };
}

function openAIFinishReason(answer: ResolvedAnswer): string {
  // Ollama reports tool_calls whenever a tool call was sent, whatever the runner's done_reason.
  return answer.toolCalls.length > 0 ? 'tool_calls' : answer.doneReason;
}

function usageObject(usage: ScriptedUsage) {
  return { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
}

function sse(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

/**
 * The SSE frames of a streamed /v1 answer, `data: [DONE]` last.
 * 'whole' speaks like Ollama: role in every delta, all tool calls complete in one delta, finish_reason in its own
 * final chunk, then a usage chunk with empty `choices`. 'split' speaks like OpenAI/vLLM: role only first, each tool
 * call opened with its id and name and then filled by argument fragments, `usage: null` on every chunk but the last.
 */
export function openAIStreamFrames(answer: ResolvedAnswer, options: OpenAIStreamOptions): string[] {
  const { id, model, created, delivery, includeUsage } = options;
  const openaiStyle = delivery === 'split';
  const chunk = (delta: Record<string, unknown>, finishReason: string | null) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    system_fingerprint: 'fp_ollama',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
    ...(openaiStyle && includeUsage ? { usage: null } : {}),
  });
  const frames: string[] = [];
  if (openaiStyle) {
    frames.push(sse(chunk({ role: 'assistant', content: '' }, null)));
    for (const token of answer.tokens) frames.push(sse(chunk({ content: token }, null)));
    answer.toolCalls.forEach((call, index) => {
      frames.push(
        sse(
          chunk(
            { tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] },
            null,
          ),
        ),
      );
      for (let start = 0; start < call.argumentsText.length; start += ARGUMENT_FRAGMENT) {
        const fragment = call.argumentsText.slice(start, start + ARGUMENT_FRAGMENT);
        frames.push(sse(chunk({ tool_calls: [{ index, function: { arguments: fragment } }] }, null)));
      }
    });
    frames.push(sse(chunk({}, openAIFinishReason(answer))));
  } else {
    for (const token of answer.tokens) frames.push(sse(chunk({ role: 'assistant', content: token }, null)));
    if (answer.toolCalls.length > 0) {
      const toolCalls = answer.toolCalls.map((call, index) => ({
        id: call.id,
        index,
        type: 'function',
        function: { name: call.name, arguments: call.argumentsText },
      }));
      frames.push(sse(chunk({ role: 'assistant', content: '', tool_calls: toolCalls }, null)));
    }
    frames.push(sse(chunk({ role: 'assistant', content: '' }, openAIFinishReason(answer))));
  }
  if (includeUsage) {
    frames.push(
      sse({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        system_fingerprint: 'fp_ollama',
        choices: [],
        usage: usageObject(answer.usage),
      }),
    );
  }
  frames.push('data: [DONE]\n\n');
  return frames;
}

/** A whole /v1 answer (`stream: false`). */
export function openAICompletion(answer: ResolvedAnswer, options: Omit<OpenAIStreamOptions, 'delivery' | 'includeUsage'>) {
  const toolCalls = answer.toolCalls.map((call, index) => ({
    id: call.id,
    index,
    type: 'function',
    function: { name: call.name, arguments: call.argumentsText },
  }));
  return {
    id: options.id,
    object: 'chat.completion',
    created: options.created,
    model: options.model,
    system_fingerprint: 'fp_ollama',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: answer.tokens.join(''),
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: openAIFinishReason(answer),
      },
    ],
    usage: usageObject(answer.usage),
  };
}

/** Ollama's error body on /v1 (OpenAI's shape). */
export function openAIErrorBody(status: number, message: string) {
  const type = status === 400 ? 'invalid_request_error' : status === 404 ? 'not_found_error' : 'api_error';
  return { error: { message, type, param: null, code: null } };
}

export function openAIStreamErrorFrame(message: string): string {
  return sse(openAIErrorBody(500, message));
}

function nativeToolCalls(answer: ResolvedAnswer) {
  return answer.toolCalls.map((call, index) => ({
    id: call.id,
    function: { index, name: call.name, arguments: call.argumentsValue },
  }));
}

function nativeStatistics(answer: ResolvedAnswer) {
  const { prompt_tokens, completion_tokens } = answer.usage;
  return {
    total_duration: 1_200_000_000,
    load_duration: 20_000_000,
    prompt_eval_count: prompt_tokens,
    prompt_eval_duration: 180_000_000,
    eval_count: completion_tokens,
    eval_duration: 1_000_000_000,
  };
}

/** The NDJSON lines of a streamed /api/chat answer: a line per token, tool calls whole, then the `done` line. */
export function nativeChatLines(answer: ResolvedAnswer, model: string, now: () => string): string[] {
  const line = (value: unknown) => `${JSON.stringify(value)}\n`;
  const lines = answer.tokens.map((token) =>
    line({ model, created_at: now(), message: { role: 'assistant', content: token }, done: false }),
  );
  if (answer.toolCalls.length > 0) {
    lines.push(
      line({
        model,
        created_at: now(),
        message: { role: 'assistant', content: '', tool_calls: nativeToolCalls(answer) },
        done: false,
      }),
    );
  }
  lines.push(
    line({
      model,
      created_at: now(),
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: answer.doneReason,
      ...nativeStatistics(answer),
    }),
  );
  return lines;
}

/** A whole /api/chat answer (`stream: false`). */
export function nativeChatResponse(answer: ResolvedAnswer, model: string, createdAt: string) {
  return {
    model,
    created_at: createdAt,
    message: {
      role: 'assistant',
      content: answer.tokens.join(''),
      ...(answer.toolCalls.length > 0 ? { tool_calls: nativeToolCalls(answer) } : {}),
    },
    done: true,
    done_reason: answer.doneReason,
    ...nativeStatistics(answer),
  };
}
