// The pause before a crashed MCP server is started again: growing, capped, counted, and cut short by a stop.
import { describe, expect, it } from 'vitest';
import { pause, RestartBackoff } from './restart-backoff';

describe('RestartBackoff', () => {
  it('counts restarts and is exhausted at maxAttempts; a reset starts the count again', () => {
    const backoff = new RestartBackoff({ initialDelayMs: 100, maxDelayMs: 1000, maxAttempts: 2, stableAfterMs: 0 });
    expect([backoff.attempts, backoff.exhausted]).toEqual([0, false]);
    backoff.next();
    expect([backoff.attempts, backoff.exhausted]).toEqual([1, false]);
    backoff.next();
    expect([backoff.attempts, backoff.exhausted]).toEqual([2, true]);
    backoff.reset();
    expect([backoff.attempts, backoff.exhausted]).toEqual([0, false]);
  });

  it('waits longer after each crash (cockatiel\'s jittered exponential), never past maxDelayMs, and from the start after a reset', () => {
    const growing = new RestartBackoff({ initialDelayMs: 100, maxDelayMs: 1e9, maxAttempts: 10, stableAfterMs: 0 });
    const delays = Array.from({ length: 8 }, () => growing.next());
    // The first is about initialDelayMs (jitter: up to 1.4 times); eight in a row add up to about 2^7 times it.
    expect(delays[0]).toBeLessThanOrEqual(140);
    expect(delays.reduce((total, delay) => total + delay, 0)).toBeGreaterThan(5000);
    growing.reset();
    expect(growing.next()).toBeLessThanOrEqual(140);
    const capped = new RestartBackoff({ initialDelayMs: 100, maxDelayMs: 150, maxAttempts: 10, stableAfterMs: 0 });
    expect(Array.from({ length: 8 }, () => capped.next()).every((delay) => delay <= 150)).toBe(true);
  });
});

describe('pause', () => {
  it('resolves true once the time has passed', async () => {
    expect(await pause(1, new AbortController().signal)).toBe(true);
  });

  it('resolves false at once when stopped', async () => {
    const stop = new AbortController();
    const waiting = pause(60_000, stop.signal);
    stop.abort();
    expect(await waiting).toBe(false);
  });
});
