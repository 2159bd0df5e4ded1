// Exports keep every exchange, tool calls and their output included, in a file name any system accepts.
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../../../shared/conversation-schema';
import { conversationJson, conversationMarkdown } from './export-conversation';

const conversation: Conversation = {
  id: 'abc',
  title: 'List the files / here?',
  created_at: '2026-12-02T03:00:00Z',
  updated_at: '2026-12-02T03:01:00Z',
  always_allow: [],
  messages: [
    { role: 'user', content: 'List the files' },
    { role: 'assistant', content: '', tool_calls: [{ id: 'c1', name: 'shell', arguments: '{"command":"ls"}' }] },
    { role: 'tool', tool_call_id: 'c1', name: 'shell', content: 'README.md\n```tricky```' },
    { role: 'assistant', content: 'There is **one** file.' },
  ],
};

describe('conversation export', () => {
  it('Markdown: each message, each tool call with its arguments and output, fenced safely', () => {
    const file = conversationMarkdown(conversation);
    expect(file.name).toBe('list-the-files-here.md');
    expect(file.content).toContain('# List the files / here?');
    expect(file.content).toContain('## You\n\nList the files');
    expect(file.content).toContain('**Tool `shell`** (succeeded)');
    expect(file.content).toContain('"command": "ls"');
    expect(file.content).toContain('````\nREADME.md\n```tricky```\n````');
    expect(file.content).toContain('There is **one** file.');
  });

  it('JSON: the conversation as saved, which parses back to the same thing', () => {
    const file = conversationJson(conversation);
    expect(file.name).toBe('list-the-files-here.json');
    expect(JSON.parse(file.content)).toEqual(conversation);
  });
});
