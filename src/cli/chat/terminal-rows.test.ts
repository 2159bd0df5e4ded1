import { describe, expect, it } from 'vitest';
import { countTerminalRows, displayWidth } from './terminal-rows';

describe('terminal rows', () => {
  it('counts one row per line, more where a line wraps', () => {
    expect(countTerminalRows('abc', 80)).toBe(1);
    expect(countTerminalRows('abc\n', 80)).toBe(2);
    expect(countTerminalRows('a\n\nb', 80)).toBe(3);
    expect(countTerminalRows('x'.repeat(80), 80)).toBe(1);
    expect(countTerminalRows('x'.repeat(81), 80)).toBe(2);
  });

  it('measures wide characters as two columns and escapes as none', () => {
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('👍')).toBe(2);
    expect(displayWidth('\x1b[1mbold\x1b[22m')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(countTerminalRows('日'.repeat(41), 80)).toBe(2);
  });
});
