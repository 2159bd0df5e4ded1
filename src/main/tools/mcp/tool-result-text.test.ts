// What the model reads of an MCP result: text as it is, a short note for what is not text.
import { describe, expect, it } from 'vitest';
import { formatToolResult } from './tool-result-text';

describe('formatToolResult', () => {
  it('joins text, names images and binary resources instead of sending them, and keeps a text resource', () => {
    const result = formatToolResult({
      content: [
        { type: 'text', text: 'two files' },
        { type: 'image', mimeType: 'image/png', data: 'A'.repeat(4000) },
        { type: 'resource', resource: { uri: 'file:///a.txt', text: 'hello' } },
        { type: 'resource', resource: { uri: 'file:///b.bin', blob: 'AAAA' } },
        { type: 'resource_link', uri: 'file:///c.md', name: 'c', description: 'the notes' },
      ],
    });
    expect(result).toBe('two files\n[image: image/png, 3 KB, not shown]\nhello\n[resource file:///b.bin: binary, not shown]\n[resource file:///c.md: the notes]');
  });

  it('a result with only structured content gives it as JSON', () => {
    expect(formatToolResult({ content: [], structuredContent: { sum: 5 } })).toBe('{"sum":5}');
  });
});
