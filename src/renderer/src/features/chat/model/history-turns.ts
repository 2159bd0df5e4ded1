// A saved conversation's messages read back as turns, so history and live answers render the same way.
import type { ChatMessage } from '../../../../../shared/chat-schema';
import { mcpServerOf } from '../../../lib/mcp-tool-name';
import type { TurnPart, TurnState } from './turn-state';

/** Tool arguments are stored as the model's raw JSON text; shown parsed when they parse. */
function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Groups messages into turns: each user message opens one; assistant text and tool calls/results fill it. */
export function historyTurns(conversationId: string, messages: readonly ChatMessage[]): TurnState[] {
  const turns: TurnState[] = [];
  let current: TurnState | undefined;
  const open = (userText: string, messageIndex?: number) => {
    current = {
      id: `${conversationId}:${turns.length}`,
      userText,
      status: 'done',
      parts: [],
      conversationId,
      tokenEvents: 0,
      ...(messageIndex !== undefined ? { messageIndex } : {}),
    };
    turns.push(current);
    return current;
  };
  for (const [index, message] of messages.entries()) {
    if (message.role === 'system') continue;
    if (message.role === 'user') {
      open(message.content, index);
      continue;
    }
    const turn = current ?? open('');
    if (message.role === 'assistant') {
      if (message.content !== '') turn.parts.push({ kind: 'text', text: message.content });
      for (const call of message.tool_calls ?? []) {
        const server = mcpServerOf(call.name);
        turn.parts.push({
          kind: 'tool',
          call: { id: call.id, name: call.name, arguments: parseArguments(call.arguments), dangerous: false, status: 'running', ...(server ? { server } : {}) },
        });
      }
    } else {
      turn.parts = turn.parts.map((part): TurnPart =>
        part.kind === 'tool' && part.call.id === message.tool_call_id
          ? { kind: 'tool', call: { ...part.call, status: toolStatusFromOutput(message.content), output: message.content } }
          : part,
      );
    }
  }
  return turns;
}

/** Saved tool messages keep only the text; refusals and failures are recognised by the agent's own wording. */
function toolStatusFromOutput(output: string): 'succeeded' | 'denied' | 'failed' {
  if (/^The user declined|^No one approved|was not run:/.test(output)) return 'denied';
  if (/^Error|failed|was cancelled\.$/.test(output)) return 'failed';
  return 'succeeded';
}
