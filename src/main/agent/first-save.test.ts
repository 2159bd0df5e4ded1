import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Conversation } from '../../shared';
import { FIRST_SAVE_DELAY_MS, FirstSave, unrefTimeout, type Schedule } from './first-save';

/** A schedule the test fires by hand: time passes only when it says so. */
function manualSchedule() {
  const timers: { callback: () => void; delayMs: number; cancelled: boolean }[] = [];
  const schedule: Schedule = (callback, delayMs) => {
    const timer = { callback, delayMs, cancelled: false };
    timers.push(timer);
    return () => (timer.cancelled = true);
  };
  const fire = () => {
    for (const timer of timers) if (!timer.cancelled) timer.callback();
  };
  return { schedule, timers, fire };
}

const conversation = (...contents: string[]): Conversation => ({
  id: 'c-1',
  title: 'Test',
  created_at: '2026-12-02T00:00:00.000Z',
  updated_at: '2026-12-02T00:00:00.000Z',
  messages: contents.map((content) => ({ role: 'user' as const, content })),
  always_allow: [],
});

describe('FirstSave', () => {
  it('saves the new message once the delay passes, as it stands then', async () => {
    const saved: Conversation[] = [];
    const { schedule, timers, fire } = manualSchedule();
    const firstSave = new FirstSave(async (snapshot) => void saved.push(snapshot), schedule);
    let current = conversation('Are you there?');
    firstSave.arm(() => current);
    expect(timers.map((timer) => timer.delayMs)).toEqual([FIRST_SAVE_DELAY_MS]);
    expect(saved).toEqual([]);
    current = conversation('Are you there?', 'still loading');
    fire();
    expect(saved).toEqual([current]);
    await firstSave.takeOver();
  });

  it('never saves early when the full save comes first (a quick answer is written once)', () => {
    const saved: Conversation[] = [];
    const { schedule, timers, fire } = manualSchedule();
    const firstSave = new FirstSave(async (snapshot) => void saved.push(snapshot), schedule);
    firstSave.arm(() => conversation('hi'));
    expect(firstSave.takeOver()).toBeUndefined();
    expect(timers[0]?.cancelled).toBe(true);
    fire();
    firstSave.arm(() => conversation('hi'));
    expect(saved).toEqual([]);
    expect(timers).toHaveLength(1);
  });

  it('hands a save already under way to the full save, whose await then reports its failure', async () => {
    const { schedule, fire } = manualSchedule();
    const firstSave = new FirstSave(() => Promise.reject(new Error('disk full')), schedule);
    firstSave.arm(() => conversation('hi'));
    fire();
    await expect(firstSave.takeOver()).rejects.toThrow('disk full');
    // Handed over once: a later full save does not report it again.
    expect(firstSave.takeOver()).toBeUndefined();
  });

  it('keeps a failed early save from crashing harombe (an unhandled rejection) before the full save reports it', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const { schedule, fire } = manualSchedule();
      const firstSave = new FirstSave(() => Promise.reject(new Error('disk full')), schedule);
      firstSave.arm(() => conversation('hi'));
      fire();
      // Node reports an unhandled rejection once the microtasks have run: one turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      await expect(firstSave.takeOver()).rejects.toThrow('disk full');
    } finally {
      process.off('unhandledRejection', listener);
    }
  });

  it('arms once per turn: a second arm does not schedule a second save', () => {
    const saved: Conversation[] = [];
    const { schedule, timers, fire } = manualSchedule();
    const firstSave = new FirstSave(async (snapshot) => void saved.push(snapshot), schedule);
    firstSave.arm(() => conversation('one'));
    firstSave.arm(() => conversation('two'));
    expect(timers).toHaveLength(1);
    fire();
    fire();
    expect(saved.map((snapshot) => snapshot.messages.at(-1)?.content)).toEqual(['one']);
  });
});

describe('unrefTimeout, the first save\'s default timer', () => {
  afterEach(() => vi.useRealTimers());

  it('runs after the delay, not before, and not at all once cancelled', () => {
    vi.useFakeTimers();
    const ran: string[] = [];
    unrefTimeout(() => ran.push('kept'), FIRST_SAVE_DELAY_MS);
    const cancel = unrefTimeout(() => ran.push('cancelled'), FIRST_SAVE_DELAY_MS);
    cancel();
    vi.advanceTimersByTime(FIRST_SAVE_DELAY_MS - 1);
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ran).toEqual(['kept']);
  });

  it('never keeps harombe running just to save early (`harombe chat` exits at once after its answer)', () => {
    const timers: NodeJS.Timeout[] = [];
    const real = globalThis.setTimeout;
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, delay: number) => {
      const timer = real(callback, delay);
      timers.push(timer);
      return timer;
    }) as typeof setTimeout);
    const cancel = unrefTimeout(() => undefined, 60_000);
    spy.mockRestore();
    expect(timers).toHaveLength(1);
    expect(timers[0]?.hasRef()).toBe(false);
    cancel();
  });
});
