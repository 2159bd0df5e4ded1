// What a client is told when a turn stops: an LLM error keeps its code and hint; harombe's own error keeps its text in the log.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LlmError } from '../llm/llm-client';
import { ConversationStoreError } from './file-conversation-store';
import { turnErrorEvent } from './turn-errors';

const INTERNAL = {
  type: 'error',
  code: 'internal',
  message: 'The agent stopped on an unexpected error in harombe.',
  hint: 'This is a bug in harombe; the conversation was kept up to this point. The log of harombe (the output of `harombe start`, or harombe.log) has the details; please report it with the steps that led here.',
};

describe('turnErrorEvent', () => {
  it("keeps a model server's error as it is, with its hint", () => {
    const event = turnErrorEvent(new LlmError('unreachable', 'Ollama is not running at http://127.0.0.1:11434', 'Start it with `ollama serve`.'));
    expect(event).toEqual({ type: 'error', code: 'unreachable', message: 'Ollama is not running at http://127.0.0.1:11434', hint: 'Start it with `ollama serve`.' });
  });

  it("never sends harombe's own error text (a stack overflow, an ERR_ code) to the client; the log gets it", () => {
    const reported: unknown[] = [];
    const error = new RangeError('Maximum call stack size exceeded');
    const event = turnErrorEvent(error, (value) => reported.push(value));
    expect(event.code).toBe('internal');
    expect(JSON.stringify(event)).not.toContain('Maximum call stack');
    expect(event.hint).toContain('harombe start');
    expect(reported).toEqual([error]);
  });

  it('sends no hint when the error has none', () => {
    expect(turnErrorEvent(new LlmError('timeout', 'The model sent nothing for 60 s.'))).toEqual({ type: 'error', code: 'timeout', message: 'The model sent nothing for 60 s.' });
  });

  it('names a corrupt conversation file and what to do about it', () => {
    const error = new ConversationStoreError('conversation_corrupt', '/home/a/.harombe/conversations/c1.json is not valid JSON (Unexpected end).', 'Fix or delete it.');
    expect(turnErrorEvent(error)).toEqual({
      type: 'error',
      code: 'conversation_corrupt',
      message: '/home/a/.harombe/conversations/c1.json is not valid JSON (Unexpected end).',
      hint: 'Fix or delete it.',
    });
  });

  it('says a conversation could not be saved when the disk refuses, and where to look', () => {
    const error = Object.assign(new Error("ENOSPC: no space left on device, write '/home/a/.harombe/conversations/c1.json'"), { code: 'ENOSPC', syscall: 'write' });
    const reported: unknown[] = [];
    expect(turnErrorEvent(error, (value) => reported.push(value))).toEqual({
      type: 'error',
      code: 'storage_failed',
      message: "Could not read or save the conversation: ENOSPC: no space left on device, write '/home/a/.harombe/conversations/c1.json'",
      hint: 'Check that the harombe home folder (HAROMBE_HOME, default ~/.harombe) is writable and the disk is not full.',
    });
    expect(reported).toEqual([]);
  });

  it('treats anything else (an error without a system call, a thrown string) as harombe\'s own, in the same words', () => {
    const reported: unknown[] = [];
    expect(turnErrorEvent(Object.assign(new Error('bad state'), { syscall: 42 }), (value) => reported.push(value))).toEqual(INTERNAL);
    expect(turnErrorEvent('a thrown string', (value) => reported.push(value))).toEqual(INTERNAL);
    expect(reported).toHaveLength(2);
  });
});

describe('turnErrorEvent without a reporter', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes the stack, or the value, to the process\'s own output', () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const error = new TypeError('x is not a function');
    turnErrorEvent(error);
    turnErrorEvent(17);
    expect(logged.mock.calls).toEqual([[`error: the agent stopped on an unexpected error: ${error.stack}`], ['error: the agent stopped on an unexpected error: 17']]);
  });
});
