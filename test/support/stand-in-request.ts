// Reads a chat request body from either Ollama API (/api/chat or /v1/chat/completions) into the one shape rules match.
import type { StandInChatRequest, StandInMessage } from './stand-in-rules';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** OpenAI content may be a string, null, or an array of parts; the text parts are what rules read. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (isRecord(part) && part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
      .join('');
  }
  return '';
}

function toolCallsOf(message: Record<string, unknown>): StandInMessage['tool_calls'] {
  if (!Array.isArray(message.tool_calls)) return undefined;
  return message.tool_calls.flatMap((call) => {
    if (!isRecord(call) || !isRecord(call.function)) return [];
    const { name, arguments: args } = call.function;
    return [
      {
        ...(typeof call.id === 'string' ? { id: call.id } : {}),
        name: typeof name === 'string' ? name : '',
        // /v1 sends arguments as JSON text, /api/chat as an object.
        arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
      },
    ];
  });
}

function toMessages(rawMessages: unknown): StandInMessage[] {
  if (!Array.isArray(rawMessages)) return [];
  const messages: StandInMessage[] = [];
  for (const raw of rawMessages) {
    if (!isRecord(raw)) continue;
    const message: StandInMessage = { role: typeof raw.role === 'string' ? raw.role : '', content: contentText(raw.content) };
    const toolCalls = toolCallsOf(raw);
    if (toolCalls) message.tool_calls = toolCalls;
    if (typeof raw.tool_call_id === 'string') message.tool_call_id = raw.tool_call_id;
    const name = raw.name ?? raw.tool_name;
    if (typeof name === 'string' && name !== '') message.name = name;
    if (message.role === 'tool' && message.name === undefined && message.tool_call_id !== undefined) {
      // Like Ollama, find the tool's name through the assistant message that made the call.
      const call = messages
        .flatMap((earlier) => earlier.tool_calls ?? [])
        .find((candidate) => candidate.id === message.tool_call_id);
      if (call) message.name = call.name;
    }
    messages.push(message);
  }
  return messages;
}

export function toChatRequest(
  api: 'native' | 'openai',
  body: Record<string, unknown>,
  model: string,
): StandInChatRequest {
  const messages = toMessages(body.messages);
  const tools = Array.isArray(body.tools) ? (body.tools as unknown[]) : [];
  const toolNames = tools.flatMap((tool) =>
    isRecord(tool) && isRecord(tool.function) && typeof tool.function.name === 'string' ? [tool.function.name] : [],
  );
  const lastMessage = messages.at(-1);
  return {
    api,
    model,
    messages,
    toolNames,
    tools,
    // /api/chat streams unless told not to; /v1 answers whole unless told to stream.
    stream: api === 'native' ? body.stream !== false : body.stream === true,
    body,
    lastMessage,
    lastUserMessage: lastMessage?.role === 'user' ? lastMessage.content : undefined,
    lastToolResult: lastMessage?.role === 'tool' ? lastMessage : undefined,
  };
}
