// Waiting a cancel cuts short: a tool that ignores the signal cannot hold a cancelled turn, and nothing is left listening.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { raceAbort } from './abortable';

const never = new Promise<string>(() => {});
/** A value that arrives only after a trip through the event loop: later than anything already settled. */
const later = <T>(value: T) => new Promise<T>((resolve) => setImmediate(() => resolve(value)));
const abortListeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

describe('raceAbort', () => {
  it("gives the work's value when it comes first", async () => {
    const controller = new AbortController();
    expect(await raceAbort(later('done'), controller.signal, () => 'cancelled')).toBe('done');
  });

  it('gives the cancel answer at once for a signal already aborted, without waiting for the work', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await raceAbort(later('done'), controller.signal, () => 'cancelled')).toBe('cancelled');
  });

  it('gives the cancel answer when the signal aborts while the work ignores it', async () => {
    const controller = new AbortController();
    const raced = raceAbort(never, controller.signal, () => 'cancelled');
    controller.abort();
    expect(await raced).toBe('cancelled');
  });

  it("passes on the work's failure, and ignores one that comes after the cancel", async () => {
    const controller = new AbortController();
    await expect(raceAbort(Promise.reject(new Error('disk full')), controller.signal, () => 'cancelled')).rejects.toThrow('disk full');
    let fail!: (error: Error) => void;
    const raced = raceAbort(new Promise<string>((_resolve, reject) => (fail = reject)), controller.signal, () => 'cancelled');
    controller.abort();
    fail(new Error('too late'));
    expect(await raced).toBe('cancelled');
  });

  it('leaves no listener on the turn signal after each call (a long turn would pile them up)', async () => {
    const controller = new AbortController();
    for (let call = 0; call < 12; call += 1) await raceAbort(later(call), controller.signal, () => -1);
    await expect(raceAbort(Promise.reject(new Error('no')), controller.signal, () => 'cancelled')).rejects.toThrow('no');
    expect(abortListeners(controller.signal)).toBe(0);
  });
});
