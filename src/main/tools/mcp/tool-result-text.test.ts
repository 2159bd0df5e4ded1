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

  it('names audio like an image, a link without description by its address, and skips empty and unknown parts', () => {
    const result = formatToolResult({
      content: [
        { type: 'audio', mimeType: 'audio/wav', data: 'AAAA' },
        { type: 'text', text: '' },
        { type: 'resource_link', uri: 'file:///d.md', name: 'd' },
        { type: 'video', url: 'x' } as never,
        { type: 'text', text: 'end' },
      ],
    });
    expect(result).toBe('[audio: audio/wav, 3 bytes, not shown]\n[resource file:///d.md]\nend');
  });

  it('prefers the text to structured content when there is text, and says nothing for nothing', () => {
    expect(formatToolResult({ content: [{ type: 'text', text: 'sum is 5' }], structuredContent: { sum: 5 } })).toBe('sum is 5');
    expect(formatToolResult({ content: [] })).toBe('');
    expect(formatToolResult({ content: [{ type: 'text', text: '' }], structuredContent: { sum: 5 } })).toBe('{"sum":5}');
  });
});
