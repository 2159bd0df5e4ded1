import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeadlineExpired } from './inactivity-deadline';
import { loadOpenAI } from './openai-sdk';
import { classifyFailure, tidyDetail } from './transport-failure';

// The SDK's errors are recognised once it has loaded, as it has by the time any request fails.
beforeAll(async () => {
  await loadOpenAI();
});

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifyFailure', () => {
  it('finds a refused connection deep in the cause chain (SDK → fetch → AggregateError)', () => {
    const aggregate = Object.assign(new AggregateError([withCode('connect ECONNREFUSED ::1:11434', 'ECONNREFUSED')]), {
      code: 'ECONNREFUSED',
    });
    const fetchFailed = new TypeError('fetch failed', { cause: aggregate });
    expect(classifyFailure(new APIConnectionError({ cause: fetchFailed }))).toEqual({ kind: 'refused', detail: 'ECONNREFUSED' });
    expect(classifyFailure(new TypeError('fetch failed', { cause: withCode('getaddrinfo ENOTFOUND x', 'ENOTFOUND') }))).toEqual({
      kind: 'refused',
      detail: 'ENOTFOUND',
    });
  });

  it('tells a connection lost mid-answer from one never made', () => {
    const terminated = new TypeError('terminated', { cause: withCode('other side closed', 'UND_ERR_SOCKET') });
    expect(classifyFailure(terminated)).toEqual({ kind: 'dropped', detail: 'UND_ERR_SOCKET' });
    expect(classifyFailure(new Error('Did not receive done or success response in stream.'))).toMatchObject({ kind: 'dropped' });
  });

  it('keeps the server\'s own words from an error status (SDK and ollama package)', () => {
    const sdk = APIError.generate(
      404,
      { error: { message: 'model "x" not found, try pulling it first', type: 'not_found_error' } },
      undefined,
      new Headers(),
    );
    expect(classifyFailure(sdk)).toEqual({ kind: 'http', status: 404, detail: 'model "x" not found, try pulling it first' });
    const ollamaPackage = Object.assign(new Error("model 'x' not found"), { name: 'ResponseError', status_code: 404 });
    expect(classifyFailure(ollamaPackage)).toEqual({ kind: 'http', status: 404, detail: "model 'x' not found" });
  });

  it('reads an error inside a stream, a deadline, a cancellation and unreadable JSON', () => {
    expect(classifyFailure(new APIError(undefined, { message: 'out of memory' }, undefined, undefined))).toEqual({
      kind: 'stream_error',
      detail: 'out of memory',
    });
    expect(classifyFailure(new Error('wrapped', { cause: new DeadlineExpired(5) }))).toEqual({ kind: 'timeout' });
    const undiciBodyTimeout = new TypeError('terminated', { cause: withCode('Body Timeout Error', 'UND_ERR_BODY_TIMEOUT') });
    expect(classifyFailure(undiciBodyTimeout)).toEqual({ kind: 'timeout' });
    expect(classifyFailure(new APIUserAbortError())).toEqual({ kind: 'aborted' });
    expect(classifyFailure(new SyntaxError('Unexpected token'))).toMatchObject({ kind: 'malformed' });
    expect(classifyFailure(new Error('runner crashed'), { duringStream: true })).toEqual({ kind: 'stream_error', detail: 'runner crashed' });
    expect(classifyFailure(new Error('runner crashed'))).toEqual({ kind: 'unknown', detail: 'runner crashed' });
  });
});

describe('tidyDetail', () => {
  it('puts server text on one line of readable length', () => {
    expect(tidyDetail('  line one\n  line two ')).toBe('line one line two');
    expect(tidyDetail('x'.repeat(1000))).toHaveLength(300);
  });
});
