import { describe, expect, it } from 'vitest';
import { LlmError } from '../llm';
import { CircuitOpenError } from './circuit-breaker';
import { FailoverPolicy, failsOver } from './failover-policy';

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

describe('failsOver: what counts as a node’s answered status', () => {
  /** A cancel: not the node's failure by itself, so only a status found on it can make it fail over. */
  const cancelledWith = (status: unknown) => Object.assign(new LlmError('aborted', 'Cancelled.'), { status });

  it('takes 400 to 599 as the node’s status, the edges included, and nothing outside or not a number', () => {
    expect(failsOver(cancelledWith(503))).toBe(true);
    expect(failsOver(cancelledWith(599))).toBe(true);
    expect(failsOver(cancelledWith(413))).toBe(false);
    expect(failsOver(cancelledWith(399))).toBe(false);
    expect(failsOver(cancelledWith(600))).toBe(false);
    expect(failsOver(cancelledWith('503'))).toBe(false);
  });

  it('ends the search at a missing, empty or looping cause without failing itself', () => {
    expect(failsOver(new LlmError('unreachable', 'down', undefined, { cause: null }))).toBe(true);
    expect(failsOver(new LlmError('unreachable', 'down', undefined, { cause: 'a plain string' }))).toBe(true);
    const looping = new LlmError('aborted', 'Cancelled.');
    const wrapper = new Error('wrapped', { cause: looping });
    Object.assign(looping, { cause: wrapper });
    expect(failsOver(looping)).toBe(false);
  });
});

describe('FailoverPolicy', () => {
  const manual = () => {
    const pending: { fire: () => void; ms: number }[] = [];
    const timers = {
      setTimeout: (fire: () => void, ms: number) => {
        const entry = { fire, ms };
        pending.push(entry);
        return entry;
      },
      clearTimeout: (handle: unknown) => pending.splice(pending.indexOf(handle as (typeof pending)[number]), 1),
    };
    return { pending, timers };
  };

  it('asks the first node at once, with or without a signal, and not at all once cancelled', async () => {
    const { pending, timers } = manual();
    const policy = new FailoverPolicy({ timers });
    await expect(policy.pauseBeforeNext(0)).resolves.toBeUndefined();
    const controller = new AbortController();
    await expect(policy.pauseBeforeNext(0, controller.signal)).resolves.toBeUndefined();
    controller.abort(new Error('the person pressed stop'));
    await expect(policy.pauseBeforeNext(0, controller.signal)).rejects.toThrow('the person pressed stop');
    expect(pending).toEqual([]);
  });

  it('pauses before the next node, doubling from the base up to the limit, and at least one attempt whatever is asked', async () => {
    const { pending, timers } = manual();
    const policy = new FailoverPolicy({ timers, retryBaseMs: 100, retryMaxMs: 300, random: () => 1, maxAttempts: 0.5 });
    expect(policy.maxAttempts).toBe(1);
    expect(new FailoverPolicy().maxAttempts).toBe(3);
    expect(new FailoverPolicy().firstTokenTimeoutMs).toBe(60_000);
    const first = policy.pauseBeforeNext(1);
    const third = policy.pauseBeforeNext(3);
    expect(pending.map((entry) => entry.ms)).toEqual([100, 300]);
    for (const entry of [...pending]) entry.fire();
    await expect(Promise.all([first, third])).resolves.toBeDefined();
  });
});
