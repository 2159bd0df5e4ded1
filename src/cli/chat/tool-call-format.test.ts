import { describe, expect, it } from 'vitest';
import { confirmEvent } from './fake-chat-engine';
import { confirmationQuestion, decisionFromAnswer, describeToolCall, formatArguments, previewOutput } from './tool-call-format';

describe('tool call formatting', () => {
  it('maps answers to decisions, denying anything unclear', () => {
    expect(['y', 'Y', 'yes', ' y '].map(decisionFromAnswer)).toEqual(['allow_once', 'allow_once', 'allow_once', 'allow_once']);
    expect(['a', 'always', 'A'].map(decisionFromAnswer)).toEqual(['always_allow', 'always_allow', 'always_allow']);
    expect(['', 'n', 'no', 'yep', 'sure', undefined].map(decisionFromAnswer)).toEqual(['deny', 'deny', 'deny', 'deny', 'deny', 'deny']);
  });

  it('asks in the words of the description', () => {
    expect(confirmationQuestion(confirmEvent('rm -rf build'))).toBe('Run shell "rm -rf build"? [y/N/a(lways)] ');
    expect(confirmationQuestion({ ...confirmEvent('x'), description: 'write notes.txt (12 bytes)' })).toBe(
      'Run shell "write notes.txt (12 bytes)"? [y/N/a(lways)] ',
    );
  });

  it('describes a call by its single argument, or its JSON', () => {
    expect(describeToolCall('shell', { command: 'rm x' })).toBe('shell: rm x');
    expect(describeToolCall('write_file', { path: 'a', content: 'b' })).toBe('write_file: {"path":"a","content":"b"}');
    expect(describeToolCall('shell', 'not json{')).toBe('shell: not json{');
  });

  it('keeps arguments on one short line', () => {
    expect(formatArguments({ text: 'a\nb' })).toBe('{"text":"a\\nb"}');
    expect(formatArguments('line one\n  line two')).toBe('line one line two');
    expect(formatArguments({ text: 'x'.repeat(200) }, 20)).toHaveLength(20);
  });

  it('previews the first lines of output and counts the rest', () => {
    expect(previewOutput('a\nb\nc\nd\ne\nf\n', 4)).toEqual(['a', 'b', 'c', 'd', '… 2 more lines']);
    expect(previewOutput('only\n')).toEqual(['only']);
    expect(previewOutput('')).toEqual([]);
  });
});
