// Harombe's chat messages and tools in the OpenAI chat-completions shape, and that API's finish reasons and usage back.
import type {
  ChatCompletionChunk,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import type { ChatMessage, Usage } from '../../shared';
import type { FinishReason, ToolDefinition } from './llm-client';

/**
 * Arguments as they go back to the server in the history. Ollama refuses a whole request whose history holds
 * arguments that are not a JSON object ("invalid tool call arguments"), so a model's malformed call is sent as `{}`;
 * the tool message that follows it still tells the model what was wrong.
 */
export function wireArguments(raw: string): string {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? raw : '{}';
  } catch {
    return '{}';
  }
}

export function toOpenAIMessages(messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((message): ChatCompletionMessageParam => {
    switch (message.role) {
      case 'system':
      case 'user':
        return { role: message.role, content: message.content };
      case 'assistant':
        return {
          role: 'assistant',
          content: message.content,
          ...(message.tool_calls?.length
            ? {
                tool_calls: message.tool_calls.map((call) => ({
                  id: call.id,
                  type: 'function' as const,
                  function: { name: call.name, arguments: wireArguments(call.arguments) },
                })),
              }
            : {}),
        };
      case 'tool':
        return { role: 'tool', tool_call_id: message.tool_call_id, content: message.content };
    }
  });
}

export function toOpenAITools(tools: readonly ToolDefinition[]): ChatCompletionTool[] {
  return tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.parameters },
  }));
}

export function toFinishReason(reason: string | null | undefined): FinishReason | undefined {
  switch (reason) {
    case null:
    case undefined:
    case '':
      return undefined;
    case 'stop':
    case 'length':
    case 'tool_calls':
    case 'content_filter':
      return reason;
    case 'function_call':
      return 'tool_calls';
    default:
      return 'unknown';
  }
}

/**
 * The reason a finished answer stopped. Some Ollama versions say `stop` after a tool call; the calls are what
 * count, so an answer with calls ended for `tool_calls` unless it was cut off (`length`).
 */
export function settleFinishReason(reason: FinishReason | undefined, toolCallCount: number): FinishReason {
  if (toolCallCount > 0 && (reason === undefined || reason === 'stop' || reason === 'unknown')) return 'tool_calls';
  return reason ?? 'unknown';
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0;
}

export function toUsage(usage: NonNullable<ChatCompletionChunk['usage']>): Usage {
  const prompt = count(usage.prompt_tokens);
  const completion = count(usage.completion_tokens);
  const total = count(usage.total_tokens);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: total || prompt + completion };
}
