import { describe, expect, it } from 'vitest';
import { LlmError } from './llm-client';
import { describeOllamaFailure } from './ollama-failure-message';
import { describeServerFailure } from './server-failure-message';

const context = { endpoint: 'http://localhost:11434', model: 'qwen2.5:7b', timeoutMs: 120_000, operation: 'chat' };

describe('describeOllamaFailure', () => {
  it('says Ollama is not running, where, and how to start it', () => {
    const error = describeOllamaFailure({ kind: 'refused', detail: 'ECONNREFUSED' }, context);
    expect(error).toBeInstanceOf(LlmError);
    expect(error.code).toBe('unreachable');
    expect(error.message).toBe('Ollama is not running at http://localhost:11434 — start it with `ollama serve`.');
    expect(error.hint).toContain('ollama.host');
  });

  it('says which model to pull, and how', () => {
    const error = describeOllamaFailure({ kind: 'http', status: 404, detail: 'model "qwen2.5:7b" not found' }, context);
    expect(error.code).toBe('model_missing');
    expect(error.message).toBe('qwen2.5:7b is not pulled — run `ollama pull qwen2.5:7b`.');
  });

  it('gives the timeout figure and the setting that controls it', () => {
    const error = describeOllamaFailure({ kind: 'timeout' }, context);
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('within 2 min (ollama.timeout)');
    expect(error.hint).toContain('raise ollama.timeout');
  });

  it('passes Ollama\'s own error text through for server errors and mid-stream failures', () => {
    const status = describeOllamaFailure({ kind: 'http', status: 500, detail: 'llama runner process has terminated' }, context);
    expect(status).toMatchObject({ code: 'server_error', message: expect.stringContaining('llama runner process has terminated') });
    const midStream = describeOllamaFailure({ kind: 'stream_error', detail: 'out of memory' }, context);
    expect(midStream).toMatchObject({ code: 'server_error', message: expect.stringContaining('out of memory') });
  });

  it('speaks of the operation: a delete of an absent model, a pull of a name the library lacks, a model without tools', () => {
    expect(describeOllamaFailure({ kind: 'http', status: 404, detail: '' }, { ...context, operation: 'delete' }).message).toContain(
      'nothing to delete',
    );
    const pull = describeOllamaFailure(
      { kind: 'http', status: 500, detail: 'pull model manifest: file does not exist' },
      { ...context, model: 'qwen9:1b', operation: 'pull' },
    );
    expect(pull).toMatchObject({ code: 'model_missing', message: expect.stringContaining('qwen9:1b is not in the Ollama library') });
    const tools = describeOllamaFailure({ kind: 'http', status: 400, detail: 'gemma:2b does not support tools' }, { ...context, model: 'gemma:2b' });
    expect(tools).toMatchObject({ code: 'bad_request', hint: expect.stringContaining('tool support') });
  });

  it('keeps the original error as the cause, never in the message', () => {
    const original = new Error('boom');
    original.stack = 'Error: boom\n    at secret (file.ts:1:1)';
    const error = describeOllamaFailure({ kind: 'unknown', detail: 'boom' }, context, original);
    expect(error.cause).toBe(original);
    expect(error.message).not.toContain('at secret');
  });
});

describe('describeServerFailure', () => {
  it('names the server and points at the likely fix', () => {
    const generic = { ...context, endpoint: 'http://gpu-box:8000/v1' };
    expect(describeServerFailure({ kind: 'refused', detail: 'ECONNREFUSED' }, generic)).toMatchObject({
      code: 'unreachable',
      message: 'Cannot reach the model server at http://gpu-box:8000/v1 (ECONNREFUSED).',
    });
    expect(describeServerFailure({ kind: 'http', status: 404, detail: 'Not Found' }, generic)).toMatchObject({
      code: 'model_missing',
      hint: expect.stringContaining('/v1'),
    });
    expect(describeServerFailure({ kind: 'http', status: 429, detail: 'busy' }, generic)).toMatchObject({ code: 'server_error' });
    expect(describeServerFailure({ kind: 'aborted' }, generic).code).toBe('aborted');
  });
});
