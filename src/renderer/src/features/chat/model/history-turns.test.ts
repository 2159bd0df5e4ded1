// Saved messages read back as turns: one per user message, tool calls matched with their results.
import { describe, expect, it } from 'vitest';
import { historyTurns } from './history-turns';
import { turnText } from './turn-state';

describe('historyTurns', () => {
  it('groups each user message with the answer and the tool calls it caused', () => {
    const turns = historyTurns('conv', [
      { role: 'user', content: 'list files' },
      { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', name: 'shell', arguments: '{"command":"ls"}' }] },
      { role: 'tool', tool_call_id: 'call_1', name: 'shell', content: 'README.md' },
      { role: 'assistant', content: 'One file.' },
      { role: 'user', content: 'thanks' },
      { role: 'assistant', content: 'Any time.' },
    ]);
    expect(turns.map((turn) => turn.userText)).toEqual(['list files', 'thanks']);
    // Where each user message sits, so Edit and Regenerate can name it (replace_from).
    expect(turns.map((turn) => turn.messageIndex)).toEqual([0, 4]);
    expect(turnText(turns[0]!)).toBe('One file.');
    const tool = turns[0]!.parts[0];
    expect(tool?.kind === 'tool' && tool.call).toMatchObject({ name: 'shell', arguments: { command: 'ls' }, status: 'succeeded', output: 'README.md' });
  });

  it('recognises a refused call from its saved output', () => {
    const [turn] = historyTurns('conv', [
      { role: 'user', content: 'rm' },
      { role: 'assistant', content: '', tool_calls: [{ id: 'c', name: 'shell', arguments: 'not json' }] },
      { role: 'tool', tool_call_id: 'c', name: 'shell', content: 'The user declined to run shell: rm.' },
    ]);
    const tool = turn!.parts[0];
    expect(tool?.kind === 'tool' && tool.call).toMatchObject({ status: 'denied', arguments: 'not json' });
  });

  it('a saved MCP call (server__tool) names its server again; a built-in none', () => {
    const [turn] = historyTurns('conv', [
      { role: 'user', content: 'echo' },
      { role: 'assistant', content: '', tool_calls: [{ id: 'a', name: 'everything__echo', arguments: '{"message":"hi"}' }, { id: 'b', name: 'read_file', arguments: '{"path":"a"}' }] },
    ]);
    const [mcp, builtIn] = turn!.parts;
    expect(mcp?.kind === 'tool' && mcp.call.server).toBe('everything');
    expect(builtIn?.kind === 'tool' && builtIn.call.server).toBeUndefined();
  });
});
