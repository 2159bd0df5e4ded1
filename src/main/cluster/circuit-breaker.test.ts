import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LlmError } from '../llm';
import { CircuitOpenError, countsAgainstNode, NodeCircuitBreaker, type CircuitChange } from './circuit-breaker';

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

  it('starts closed and lets requests through; by default five failures in a row open it', async () => {
    const breaker = new NodeCircuitBreaker('server');
    expect(breaker.status()).toEqual({ state: 'closed', open_until: null, consecutive_failures: 0, last_failure: null });
    expect(breaker.allowsRequest()).toBe(true);
    await fail(breaker, 4);
    expect(breaker.state).toBe('closed');
    await fail(breaker, 1);
    expect(breaker.status()).toMatchObject({ state: 'open', open_until: '2026-11-26T14:00:30.000Z', consecutive_failures: 5 });
    // By default the cool-down is 30 s, and two probes close it again.
    vi.advanceTimersByTime(30_000);
    await breaker.run(up);
    expect(breaker.state).toBe('half_open');
    await breaker.run(up);
    expect(breaker.state).toBe('closed');
  });

  it('takes nonsense thresholds as the smallest sensible ones', async () => {
    const breaker = new NodeCircuitBreaker('server', { failureThreshold: 0, halfOpenAfterMs: -5, successThreshold: 0.5 });
    expect([breaker.failureThreshold, breaker.halfOpenAfterMs, breaker.successThreshold]).toEqual([1, 0, 1]);
    await fail(breaker, 1);
    expect(breaker.state).toBe('open');
    await expect(breaker.run(up)).resolves.toBe('answer');
    expect(breaker.state).toBe('closed');
  });

  it('tells the person which node is refused, until when, and what to do', async () => {
    const breaker = new NodeCircuitBreaker('gpu-box', { failureThreshold: 1, halfOpenAfterMs: 60_000 });
    await fail(breaker, 1);
    const refused = (await breaker.run(up).catch((error: unknown) => error)) as CircuitOpenError;
    expect(refused).toBeInstanceOf(LlmError);
    expect(refused).toMatchObject({
      name: 'CircuitOpenError',
      code: 'unreachable',
      node: 'gpu-box',
      openUntil: Date.parse('2026-11-26T14:01:00Z'),
      hint: 'Another node can answer; see `harombe cluster status` for why this one failed.',
    });
    // The local wall-clock time, as the person reading it lives by.
    const until = new Date('2026-11-26T14:01:00Z');
    const clock = [until.getHours(), until.getMinutes(), until.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
    expect(refused.message).toBe(`Node "gpu-box" is cut off after repeated failures until ${clock}.`);
    expect(new CircuitOpenError('gpu-box', undefined).message).toBe(
      'Node "gpu-box" is being probed after failures; it takes no other requests until the probe settles.',
    );
  });

  it('lets exactly as many probes through at once as it needs successes to close', async () => {
    const breaker = new NodeCircuitBreaker('server', { failureThreshold: 1, halfOpenAfterMs: 1_000, successThreshold: 2 });
    await fail(breaker, 1);
    vi.advanceTimersByTime(1_000);
    const finish: ((value: string) => void)[] = [];
    const probe = () => new Promise<string>((resolve) => finish.push(resolve));
    const first = breaker.run(probe);
    expect(breaker.allowsRequest()).toBe(true);
    const second = breaker.run(probe);
    expect(breaker.allowsRequest()).toBe(false);
    await expect(breaker.run(up)).rejects.toBeInstanceOf(CircuitOpenError);
    for (const resolve of finish) resolve('ok');
    await expect(Promise.all([first, second])).resolves.toEqual(['ok', 'ok']);
    expect(breaker.state).toBe('closed');
    expect(breaker.allowsRequest()).toBe(true);
  });

  it('keeps an isolated node out of every request until released', async () => {
    const breaker = new NodeCircuitBreaker('server');
    const changes: CircuitChange[] = [];
    breaker.onDidChangeState((change) => changes.push(change));
    const isolation = breaker.isolate();
    expect(breaker.state).toBe('isolated');
    expect(breaker.allowsRequest(Date.now() + 3_600_000)).toBe(false);
    const action = vi.fn(up);
    await expect(breaker.run(action)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(action).not.toHaveBeenCalled();
    // `harombe cluster status` says why the node is out.
    expect(breaker.status()).toMatchObject({ state: 'isolated', open_until: null, last_failure: 'isolated by hand' });
    isolation.dispose();
    expect(breaker.state).toBe('closed');
    await expect(breaker.run(up)).resolves.toBe('answer');
    expect(changes.map((change) => `${change.previous}→${change.status.state}`)).toEqual(['closed→isolated', 'isolated→closed']);
  });

  it('fires one change per transition, carrying the new status', async () => {
    const breaker = new NodeCircuitBreaker('server', { failureThreshold: 2, halfOpenAfterMs: 10_000, successThreshold: 1 });
    const changes: CircuitChange[] = [];
    breaker.onDidChangeState((change) => changes.push(change));
    await fail(breaker, 1);
    expect(changes).toEqual([]);
    await fail(breaker, 1);
    await expect(breaker.run(up)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(changes).toEqual([
      {
        node: 'server',
        previous: 'closed',
        status: { state: 'open', open_until: '2026-11-26T14:00:10.000Z', consecutive_failures: 2, last_failure: expect.stringContaining('ECONNREFUSED') },
      },
    ]);
    vi.advanceTimersByTime(10_000);
    await breaker.run(up);
    expect(changes.slice(1)).toEqual([
      { node: 'server', previous: 'open', status: expect.objectContaining({ state: 'half_open', open_until: null }) },
      { node: 'server', previous: 'half_open', status: expect.objectContaining({ state: 'closed', open_until: null, consecutive_failures: 0 }) },
    ]);
  });

  it('stops telling a listener once it unsubscribes, and after dispose', async () => {
    const breaker = new NodeCircuitBreaker('server', { failureThreshold: 1, halfOpenAfterMs: 1_000, successThreshold: 1 });
    const heard: string[] = [];
    const subscription = breaker.onDidChangeState((change) => heard.push(change.status.state));
    await fail(breaker, 1);
    subscription.dispose();
    vi.advanceTimersByTime(1_000);
    await breaker.run(up);
    expect(heard).toEqual(['open']);
    breaker.onDidChangeState((change) => heard.push(change.status.state));
    breaker.dispose();
    await fail(breaker, 1);
    expect(heard).toEqual(['open']);
  });

  it('counts a refused or timed-out node against it even when the cause looks like harombe\'s own fault', async () => {
    const cause = new TypeError('Converting circular structure to JSON');
    expect(countsAgainstNode(new LlmError('unreachable', 'Cannot reach the node.', undefined, { cause }))).toBe(true);
    expect(countsAgainstNode(new LlmError('timeout', 'No answer within 60 s.', undefined, { cause }))).toBe(true);
    expect(countsAgainstNode(new LlmError('server_error', 'The model server failed.', undefined, { cause }))).toBe(false);
    expect(countsAgainstNode(new LlmError('server_error', 'The model server answered 500.'))).toBe(true);
    expect(countsAgainstNode(new Error('socket hang up'))).toBe(true);
    // Another node's refusal passed along is not this node's failure.
    expect(countsAgainstNode(new CircuitOpenError('other', undefined))).toBe(false);

    const breaker = new NodeCircuitBreaker('server', { failureThreshold: 1 });
    await expect(breaker.run(() => Promise.reject(new CircuitOpenError('other', Date.now())))).rejects.toBeInstanceOf(CircuitOpenError);
    breaker.recordFailure(new CircuitOpenError('other', undefined));
    breaker.recordFailure(new LlmError('aborted', 'the caller hung up'));
    expect(breaker.state).toBe('closed');
    await expect(breaker.run(() => Promise.reject(new LlmError('timeout', 'No answer within 60 s.', undefined, { cause })))).rejects.toThrow('No answer');
    expect(breaker.status()).toMatchObject({ state: 'open', last_failure: 'No answer within 60 s.' });
  });

  it('records a failure given as plain text, in its words', async () => {
    const breaker = new NodeCircuitBreaker('server', { failureThreshold: 1 });
    breaker.recordFailure('connection reset by peer');
    await vi.waitFor(() => expect(breaker.state).toBe('open'));
    expect(breaker.lastFailure).toBe('connection reset by peer');
  });
});
