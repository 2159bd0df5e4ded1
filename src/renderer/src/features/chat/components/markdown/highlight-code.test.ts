// The highlighter: common languages at once, the others only after they are fetched, unknown ones never.
import { describe, expect, it } from 'vitest';
import { highlightCode, loadLanguage } from './highlight-code';

describe('highlightCode', () => {
  it('highlights a built-in language (and its aliases) at once', () => {
    expect(highlightCode('ts', 'const a = 1;')).toBeDefined();
    expect(highlightCode('sh', 'echo hi')).toBeDefined();
  });

  it('knows another language only once it is loaded, by its name or an alias', async () => {
    expect(highlightCode('golang', 'package main')).toBeUndefined();
    await loadLanguage('golang');
    expect(highlightCode('golang', 'package main')).toBeDefined();
    expect(highlightCode('go', 'package main')).toBeDefined();
  });

  it('leaves an unknown language alone', async () => {
    await loadLanguage('nolanguage');
    expect(highlightCode('nolanguage', 'x')).toBeUndefined();
  });
});
