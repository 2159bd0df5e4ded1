// Cutting a message into blocks: each block whole (a list, a fence with blank lines, a table), nothing lost.
import { describe, expect, it } from 'vitest';
import { markdownBlocks } from './markdown-blocks';

describe('markdownBlocks', () => {
  it('cuts at top-level blocks, keeping a loose list and a fence with blank lines whole', () => {
    const text = '# Title\n\nSome *para*\nline two\n\n- a\n\n- b\n  more\n\n```ts\nconst x = 1;\n\nconst y = 2;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nThe end';
    const blocks = markdownBlocks(text);
    expect(blocks).toEqual(['# Title\n\n', 'Some *para*\nline two\n\n', '- a\n\n- b\n  more\n\n', '```ts\nconst x = 1;\n\nconst y = 2;\n```\n\n', '| a | b |\n|---|---|\n| 1 | 2 |\n\n', 'The end']);
    expect(blocks.join('')).toBe(text);
  });

  it('while streaming, an unclosed fence is one growing block at the end', () => {
    expect(markdownBlocks('Intro\n\n```ts\nconst x = 1;\n\nconst')).toEqual(['Intro\n\n', '```ts\nconst x = 1;\n\nconst']);
  });

  it('keeps a message with link references whole, so the references still resolve', () => {
    const text = 'See [the docs][docs].\n\n[docs]: https://example.com';
    expect(markdownBlocks(text)).toEqual([text]);
  });
});
