import { describe, expect, it } from 'vitest';
import { LlmError } from '../llm';
import { CircuitOpenError } from './circuit-breaker';
import { failsOver } from './failover-policy';

/** An error as the openai SDK reports an error status, wrapped as the node client words it. */
function answered(status: number, code: 'bad_request' | 'server_error' = 'server_error'): LlmError {
  return new LlmError(code, `The node failed (${status})`, undefined, { cause: Object.assign(new Error(`${status}`), { status }) });
}

describe('failsOver: whose failure a node\'s error is, for both surfaces', () => {
  it.each([400, 413, 422])('a %i is the request\'s: no other node is asked', (status) => {
    expect(failsOver(answered(status))).toBe(false);
    // The relay's ApiError carries the node's status on itself.
    expect(failsOver(Object.assign(new Error('rejected'), { status }))).toBe(false);
  });

  it.each([401, 404, 408, 409, 429, 500, 503])('a %i is the node\'s: the next node is asked', (status) => {
    expect(failsOver(answered(status))).toBe(true);
    expect(failsOver(Object.assign(new Error('failed'), { status }))).toBe(true);
  });

  it('without a status, a failure of the node fails over, and the caller\'s, a circuit\'s or harombe\'s own does not', () => {
    expect(failsOver(new LlmError('unreachable', 'Cannot reach the node (ECONNREFUSED).'))).toBe(true);
    expect(failsOver(new LlmError('timeout', 'The node sent nothing.'))).toBe(true);
    expect(failsOver(new LlmError('aborted', 'Cancelled.'))).toBe(false);
    expect(failsOver(new LlmError('bad_request', 'Malformed.'))).toBe(false);
    expect(failsOver(new CircuitOpenError('big', undefined))).toBe(false);
    expect(failsOver(Object.assign(new TypeError('Invalid character in header content'), { code: 'ERR_INVALID_CHAR' }))).toBe(false);
  });

  it('reads a status anywhere in the chain of causes, and ignores one that is not an error status', () => {
    const deep = new Error('outer', { cause: new Error('middle', { cause: Object.assign(new Error('inner'), { status: 413 }) }) });
    expect(failsOver(deep)).toBe(false);
    expect(failsOver(Object.assign(new Error('odd'), { status: 200 }))).toBe(true);
  });
});
