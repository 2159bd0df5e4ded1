import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../shared';
import { charsPerToken, DEFAULT_CHARS_PER_TOKEN, fitContext, promptChars } from './context-window';

const system: ChatMessage[] = [{ role: 'system', content: 'Be brief.' }];
const words = (count: number, word = 'word') => Array.from({ length: count }, () => word).join(' ');

/** One earlier turn: a question, a tool call with its result, and the answer; about `size` characters each. */
function exchange(label: string, size = 400): ChatMessage[] {
  return [
    { role: 'user', content: `${label} question ${'q'.repeat(size)}` },
    { role: 'assistant', content: '', tool_calls: [{ id: `${label}-call`, name: 'echo', arguments: `{"text":"${'a'.repeat(size)}"}` }] },
    { role: 'tool', tool_call_id: `${label}-call`, name: 'echo', content: 'r'.repeat(size) },
    { role: 'assistant', content: `${label} answer ${'x'.repeat(size)}` },
  ];
}

function contents(messages: ChatMessage[]): string[] {
  return messages.map((message) => `${message.role}:${message.content.split(' ')[0]}`);
}

describe('fitContext', () => {
  it('keeps everything when it fits', () => {
    const history = [...exchange('one'), ...exchange('two')];
    const turn: ChatMessage[] = [{ role: 'user', content: 'now' }];
    const fitted = fitContext({ system, history, turn, contextLength: 8192 });
    expect(fitted.messages).toEqual([...system, ...history, ...turn]);
    expect(fitted.droppedMessages).toBe(0);
    expect(fitted.fits).toBe(true);
  });

  it('drops the oldest whole exchanges first and keeps the system prompt and the new user message', () => {
    const history = [...exchange('one', 2000), ...exchange('two', 2000), ...exchange('three', 2000)];
    const turn: ChatMessage[] = [{ role: 'user', content: 'now' }];
    // 3000 tokens for the prompt, about 12000 characters: room for one ~8000-character exchange, not two.
    const fitted = fitContext({ system, history, turn, contextLength: 4096, replyReserve: 1096 });
    expect(contents(fitted.messages)).toEqual(['system:Be', 'user:three', 'assistant:', 'tool:' + 'r'.repeat(2000), 'assistant:three', 'user:now']);
    expect(fitted.droppedMessages).toBe(8);
    expect(fitted.fits).toBe(true);
  });

  it('never leaves a tool message without the assistant message that called it', () => {
    const history = [...exchange('one', 1000), ...exchange('two', 1000)];
    const turn: ChatMessage[] = [{ role: 'user', content: 'now' }];
    for (let contextLength = 1024; contextLength <= 4096; contextLength += 64) {
      const { messages } = fitContext({ system, history, turn, contextLength, replyReserve: 256 });
      const called = new Set<string>();
      for (const message of messages) {
        if (message.role === 'assistant') for (const call of message.tool_calls ?? []) called.add(call.id);
        if (message.role === 'tool') expect(called.has(message.tool_call_id)).toBe(true);
      }
      expect(messages[0]).toEqual(system[0]);
      expect(messages.at(-1)).toEqual(turn[0]);
    }
  });

  it('drops the current turn’s older tool steps when earlier turns are gone, keeping its latest step', () => {
    const step = (label: string): ChatMessage[] => [
      { role: 'assistant', content: '', tool_calls: [{ id: label, name: 'echo', arguments: '{}' }] },
      { role: 'tool', tool_call_id: label, name: 'echo', content: `${label} ${'r'.repeat(3000)}` },
    ];
    const turn: ChatMessage[] = [{ role: 'user', content: 'now' }, ...step('first'), ...step('second'), ...step('third')];
    const fitted = fitContext({ system, history: exchange('old'), turn, contextLength: 2048, replyReserve: 0 });
    expect(contents(fitted.messages)).toEqual(['system:Be', 'user:now', 'assistant:', 'tool:second', 'assistant:', 'tool:third']);
  });

  it('sends the essentials even when they alone are too big, and says so', () => {
    const turn: ChatMessage[] = [{ role: 'user', content: words(5000) }];
    const fitted = fitContext({ system, history: exchange('old'), turn, contextLength: 1024 });
    expect(fitted.messages).toEqual([...system, ...turn]);
    expect(fitted.fits).toBe(false);
  });

  it('counts the tool definitions sent with the prompt', () => {
    const tools = [{ name: 'big', description: 'd'.repeat(8000), parameters: {} }];
    const history = exchange('one', 100);
    const turn: ChatMessage[] = [{ role: 'user', content: 'now' }];
    expect(fitContext({ system, history, turn, contextLength: 2048 }).droppedMessages).toBe(0);
    expect(fitContext({ system, history, turn, tools, contextLength: 2048 }).droppedMessages).toBe(4);
  });

  it('trims more when the backend reported fewer characters per token than the estimate', () => {
    const history = [...exchange('one', 1500), ...exchange('two', 1500)];
    const turn: ChatMessage[] = [{ role: 'user', content: 'now' }];
    // 4000 tokens for the prompt: about 16000 characters at the estimated 4 per token, 8000 at a measured 2 per token.
    const estimate = fitContext({ system, history, turn, contextLength: 5000, replyReserve: 1000 });
    const calibrated = fitContext({ system, history, turn, contextLength: 5000, replyReserve: 1000, charsPerToken: 2 });
    expect(estimate.droppedMessages).toBe(0);
    expect(calibrated.droppedMessages).toBe(4);
  });
});

describe('fitContext at its edges', () => {
  it('keeps a prompt that exactly fills the room, and says it fits', () => {
    const turn: ChatMessage[] = [{ role: 'user', content: 'now' }];
    const history = exchange('one', 100);
    const total = promptChars([...system, ...history, ...turn]);
    // Pad the question so the prompt is a whole number of 4-character tokens.
    const padded: ChatMessage[] = [{ role: 'user', content: `now${' '.repeat((4 - (total % 4)) % 4)}` }];
    const exact = promptChars([...system, ...history, ...padded]);
    const fitted = fitContext({ system, history, turn: padded, contextLength: exact / 4, replyReserve: 0 });
    expect(fitted).toMatchObject({ droppedMessages: 0, fits: true, estimatedTokens: exact / 4 });
    expect(fitContext({ system, history, turn: padded, contextLength: exact / 4 - 1, replyReserve: 0 })).toMatchObject({ droppedMessages: 4, fits: true });
  });

  it('never strands a tool result whose call was big (a long write) when older steps are dropped', () => {
    const step = (label: string): ChatMessage[] => [
      { role: 'assistant', content: '', tool_calls: [{ id: label, name: 'write_file', arguments: `{"content":"${'w'.repeat(3000)}"}` }] },
      { role: 'tool', tool_call_id: label, name: 'write_file', content: `wrote 3 KB (${label})` },
    ];
    const turn: ChatMessage[] = [{ role: 'user', content: 'now' }, ...step('first'), ...step('second'), ...step('third')];
    for (let contextLength = 800; contextLength <= 3000; contextLength += 50) {
      const { messages } = fitContext({ system, history: [], turn, contextLength, replyReserve: 0 });
      const called = new Set<string>();
      for (const message of messages) {
        if (message.role === 'assistant') for (const call of message.tool_calls ?? []) called.add(call.id);
        if (message.role === 'tool') expect(called.has(message.tool_call_id), `${contextLength}: ${message.content}`).toBe(true);
      }
    }
  });
});

describe('charsPerToken', () => {
  it('estimates 4 characters per token before the backend has reported anything', () => {
    expect(charsPerToken({})).toBe(DEFAULT_CHARS_PER_TOKEN);
    expect(charsPerToken({ last_usage: { prompt_tokens: 100, completion_tokens: 1, total_tokens: 101 } })).toBe(4);
  });

  it('calibrates from the last prompt’s reported token count, within sane bounds', () => {
    const usage = (prompt_tokens: number) => ({ prompt_tokens, completion_tokens: 0, total_tokens: prompt_tokens });
    expect(charsPerToken({ last_usage: usage(1000), last_prompt_chars: 3000 })).toBe(3);
    // A backend counting only the uncached part of the prompt must not make characters look free.
    expect(charsPerToken({ last_usage: usage(10), last_prompt_chars: 3000 })).toBe(6);
    expect(charsPerToken({ last_usage: usage(5000), last_prompt_chars: 3000 })).toBe(1);
  });

  it('keeps the estimate when the backend reported no prompt tokens', () => {
    expect(charsPerToken({ last_usage: { prompt_tokens: 0, completion_tokens: 5, total_tokens: 5 }, last_prompt_chars: 3000 })).toBe(DEFAULT_CHARS_PER_TOKEN);
    expect(charsPerToken({ last_usage: { prompt_tokens: 100, completion_tokens: 5, total_tokens: 105 }, last_prompt_chars: 0 })).toBe(DEFAULT_CHARS_PER_TOKEN);
  });

  it('counts each message as its text, its tool calls and a fixed overhead for the chat template', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: 'ok', tool_calls: [{ id: '1', name: 'echo', arguments: '{"a":1}' }] },
      { role: 'tool', tool_call_id: '1', name: 'echo', content: 'done' },
    ];
    // 16 per message and per call; the tool's name counts on its result too; no tools sent, so no separator.
    expect(promptChars(messages)).toBe(16 + 5 + (16 + 2 + 4 + 7 + 16) + (16 + 4 + 4));
  });

  it('counts tool calls and tool definitions as prompt text', () => {
    const plain = promptChars([{ role: 'assistant', content: 'hi' }]);
    const withCall = promptChars([{ role: 'assistant', content: 'hi', tool_calls: [{ id: '1', name: 'echo', arguments: '{"text":"long text"}' }] }]);
    expect(withCall).toBeGreaterThan(plain + 'echo{"text":"long text"}'.length - 1);
    expect(promptChars([], [{ name: 'echo', description: 'Repeat', parameters: {} }])).toBeGreaterThan(0);
  });

  it('counts tool definitions as the JSON sent, the same on every call (copies sharing their schemas included)', () => {
    const parameters = { type: 'object', properties: { path: { type: 'string', description: 'A file in the workspace' } } };
    const tools = [
      { name: 'read_file', description: 'Read a file', parameters },
      { name: 'list', description: 'List a folder', parameters: {} },
    ];
    const sent = JSON.stringify(tools).length;
    expect(promptChars([], tools)).toBe(sent);
    expect(promptChars([], tools.map((tool) => ({ ...tool })))).toBe(sent);
    expect(promptChars([], [{ ...tools[0]!, description: 'Read one file, whole' }])).toBe(JSON.stringify([{ ...tools[0]!, description: 'Read one file, whole' }]).length);
  });
});
