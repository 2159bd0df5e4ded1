import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineExpired, InactivityDeadline, anySignal } from './inactivity-deadline';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('InactivityDeadline', () => {
  it('expires after ms of silence, with a reason that says so', () => {
    const deadline = new InactivityDeadline(1000);
    vi.advanceTimersByTime(999);
    expect(deadline.expired).toBe(false);
    vi.advanceTimersByTime(1);
    expect(deadline.expired).toBe(true);
    expect(deadline.signal.reason).toBeInstanceOf(DeadlineExpired);
  });

  it('restarts on every touch, so a steady stream never expires', () => {
    const deadline = new InactivityDeadline(1000);
    for (let step = 0; step < 10; step += 1) {
      vi.advanceTimersByTime(900);
      deadline.touch();
    }
    expect(deadline.expired).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(deadline.expired).toBe(true);
  });

  it('does not run while paused or after dispose, and never expires without ms', () => {
    const paused = new InactivityDeadline(1000);
    paused.pause();
    vi.advanceTimersByTime(5000);
    expect(paused.expired).toBe(false);

    const disposed = new InactivityDeadline(1000);
    disposed.dispose();
    disposed.touch();
    vi.advanceTimersByTime(5000);
    expect(disposed.expired).toBe(false);

    const endless = new InactivityDeadline(undefined);
    vi.advanceTimersByTime(1e9);
    expect(endless.expired).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('anySignal', () => {
  it('aborts with the first signal that aborts, ignoring absent ones', () => {
    const first = new AbortController();
    const second = new AbortController();
    const combined = anySignal(first.signal, undefined, second.signal);
    second.abort('second');
    expect(combined.aborted).toBe(true);
    expect(combined.reason).toBe('second');
    expect(anySignal(first.signal)).toBe(first.signal);
  });
});
