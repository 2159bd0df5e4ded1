// What a client is told when a turn stops: an LLM error keeps its code and hint; harombe's own error keeps its text in the log.
import { describe, expect, it } from 'vitest';
import { LlmError } from '../llm/llm-client';
import { turnErrorEvent } from './turn-errors';

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
});
