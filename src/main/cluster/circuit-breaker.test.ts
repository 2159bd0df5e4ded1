import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LlmError } from '../llm';
import { CircuitOpenError, NodeCircuitBreaker, type CircuitChange } from './circuit-breaker';

const down = () => Promise.reject(new LlmError('unreachable', 'Cannot reach the model server at http://10.0.0.9:8000 (ECONNREFUSED).'));
const up = () => Promise.resolve('answer');

async function fail(breaker: NodeCircuitBreaker, times: number): Promise<void> {
  for (let index = 0; index < times; index += 1) await expect(breaker.run(down)).rejects.toThrow(LlmError);
}

describe('NodeCircuitBreaker', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-26T14:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('opens after N failures in a row, says until when, and refuses without calling the node', async () => {
    const breaker = new NodeCircuitBreaker('server', { failureThreshold: 3, halfOpenAfterMs: 10_000 });
    await fail(breaker, 2);
    expect(breaker.state).toBe('closed');
    expect(breaker.consecutiveFailures).toBe(2);
    await fail(breaker, 1);
    expect(breaker.state).toBe('open');
    expect(breaker.openUntil).toBe(Date.parse('2026-11-26T14:00:10Z'));
    expect(breaker.status()).toEqual({
      state: 'open',
      open_until: '2026-11-26T14:00:10.000Z',
      consecutive_failures: 3,
      last_failure: 'Cannot reach the model server at http://10.0.0.9:8000 (ECONNREFUSED).',
    });

    const action = vi.fn(up);
    const refused = await breaker.run(action).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect((refused as CircuitOpenError).message).toMatch(/Node "server" is cut off after repeated failures until \d\d:\d\d:10\./);
    expect(action).not.toHaveBeenCalled();
    expect(breaker.allowsRequest()).toBe(false);
  });

  it('a success resets the count, so only failures in a row open it', async () => {
    const breaker = new NodeCircuitBreaker('server', { failureThreshold: 2 });
    await fail(breaker, 1);
    await breaker.run(up);
    await fail(breaker, 1);
    expect(breaker.state).toBe('closed');
  });

  it('goes half-open after the cool-down and closes after M successful probes', async () => {
    const breaker = new NodeCircuitBreaker('server', { failureThreshold: 1, halfOpenAfterMs: 30_000, successThreshold: 2 });
    const changes: CircuitChange[] = [];
    breaker.onDidChangeState((change) => changes.push(change));
    await fail(breaker, 1);
    vi.advanceTimersByTime(29_999);
    expect(breaker.allowsRequest()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(breaker.allowsRequest()).toBe(true);

    await expect(breaker.run(up)).resolves.toBe('answer');
    expect(breaker.state).toBe('half_open');
    await expect(breaker.run(up)).resolves.toBe('answer');
    expect(breaker.state).toBe('closed');
    expect(breaker.openUntil).toBeUndefined();
    expect(changes.map((change) => `${change.previous}→${change.status.state}`)).toEqual([
      'closed→open',
      'open→half_open',
      'half_open→closed',
    ]);
  });

  it('reopens for another cool-down when a probe fails', async () => {
    const breaker = new NodeCircuitBreaker('server', { failureThreshold: 1, halfOpenAfterMs: 5_000, successThreshold: 1 });
    await fail(breaker, 1);
    vi.advanceTimersByTime(5_000);
    await fail(breaker, 1);
    expect(breaker.state).toBe('open');
    expect(breaker.openUntil).toBe(Date.now() + 5_000);
  });

  it('lets only M probes through at once; the others are refused at once instead of queueing', async () => {
    const breaker = new NodeCircuitBreaker('server', { failureThreshold: 1, halfOpenAfterMs: 1_000, successThreshold: 1 });
    await fail(breaker, 1);
    vi.advanceTimersByTime(1_000);
    let finishProbe!: (value: string) => void;
    const probe = breaker.run(() => new Promise<string>((resolve) => (finishProbe = resolve)));
    expect(breaker.allowsRequest()).toBe(false);
    const second = await breaker.run(up).catch((error: unknown) => error);
    expect(second).toBeInstanceOf(CircuitOpenError);
    expect((second as Error).message).toContain('being probed');
    finishProbe('ok');
    await expect(probe).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
  });

  it('does not count the caller cancelling or a bad request against the node', async () => {
    const breaker = new NodeCircuitBreaker('server', { failureThreshold: 1 });
    await expect(breaker.run(() => Promise.reject(new LlmError('aborted', 'cancelled')))).rejects.toThrow('cancelled');
    await expect(breaker.run(() => Promise.reject(new LlmError('bad_request', 'too long')))).rejects.toThrow('too long');
    expect(breaker.state).toBe('closed');
  });

  it('does not count a request harombe failed to build or send, but does count a refused connection however it is reported', async () => {
    const breaker = new NodeCircuitBreaker('server', { failureThreshold: 2 });
    const ours = [
      new RangeError('Maximum call stack size exceeded'),
      Object.assign(new TypeError('The argument \'options\' is invalid'), { code: 'ERR_INVALID_ARG_VALUE' }),
      // As the model client reports a request the SDK could not serialize.
      new LlmError('server_error', 'The request to the model server failed: Connection error.', undefined, { cause: new TypeError('Converting circular structure to JSON') }),
    ];
    for (const error of [...ours, ...ours]) await expect(breaker.run(() => Promise.reject(error))).rejects.toBe(error);
    breaker.recordFailure(ours[0]);
    expect(breaker.status()).toMatchObject({ state: 'closed', consecutive_failures: 0 });

    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.9:8000'), { code: 'ECONNREFUSED' });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await expect(breaker.run(() => Promise.reject(new TypeError('fetch failed', { cause: refused })))).rejects.toThrow('fetch failed');
    }
    expect(breaker.state).toBe('open');
  });

  it('records a failure seen outside run(), such as an answer cut off midway', async () => {
    const breaker = new NodeCircuitBreaker('server', { failureThreshold: 2 });
    breaker.recordFailure(new LlmError('unreachable', 'Lost the connection'));
    breaker.recordFailure(new LlmError('unreachable', 'Lost the connection'));
    await vi.waitFor(() => expect(breaker.state).toBe('open'));
    expect(breaker.lastFailure).toBe('Lost the connection');
  });
});
