import { describe, expect, it } from 'vitest';
import { stripVTControlCharacters } from 'node:util';
import { hasMarkdownStructure, renderMarkdown } from './markdown';

describe('markdown', () => {
  it('recognizes Markdown structure', () => {
    for (const text of ['```\ncode\n```', '# Title', '- item', '1. first', 'some **bold**', 'run `ls`', '> quoted', '| a | b |', '[docs](https://x.y)']) {
      expect(hasMarkdownStructure(text), text).toBe(true);
    }
    for (const text of ['Just a sentence.', 'It costs 5 * 3 dollars', 'Line one\nline two', '#hashtag']) {
      expect(hasMarkdownStructure(text), text).toBe(false);
    }
  });

  it('renders code blocks, lists and bold for the terminal', async () => {
    const rendered = stripVTControlCharacters(await renderMarkdown('Use **this**:\n\n- `ls` first\n- then *that*\n\n```sh\necho hi\n```\n', 80));
    expect(rendered).toContain('Use this:');
    expect(rendered).toMatch(/\* ls first/);
    expect(rendered).toMatch(/\* then that/);
    expect(rendered).toMatch(/^ +echo hi$/m);
    expect(rendered).not.toMatch(/\*\*|```|`/);
    expect(rendered.endsWith('\n')).toBe(false);
  });
});
