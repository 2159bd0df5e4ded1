import { describe, expect, it } from 'vitest';
import { hangingLines, wrapWords } from './word-wrap';

describe('wrapWords', () => {
  it('breaks between words, never inside one', () => {
    expect(wrapWords('read a file in the workspace', 12)).toEqual(['read a file', 'in the', 'workspace']);
  });

  it('gives a word longer than the line a line of its own, cut only there', () => {
    expect(wrapWords('see https://example.com/a/long/path now', 10)).toEqual(['see', 'https://ex', 'ample.com/', 'a/long/pat', 'h now']);
  });

  it('counts wide characters as two columns', () => {
    expect(wrapWords('日本語 テキスト', 8)).toEqual(['日本語', 'テキスト']);
  });
});

describe('hangingLines', () => {
  it('indents later lines under the text, and moves the text below a lead that leaves too little room', () => {
    expect(hangingLines('  shell  ', 'run a shell command in the workspace', 30)).toEqual(['  shell  run a shell command', '         in the workspace']);
    expect(hangingLines('  a_very_long_tool_name  ', 'does things', 30)).toEqual(['  a_very_long_tool_name', '    does things']);
  });
});
