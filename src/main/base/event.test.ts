import { describe, expect, it } from 'vitest';
import { Emitter, toPromise } from './event';

describe('Emitter', () => {
  it('tells each listener subscribed now, in order, until its subscription is disposed', () => {
    const emitter = new Emitter<number>();
    const heard: string[] = [];
    const first = emitter.event((value) => heard.push(`first ${value}`));
    emitter.event((value) => heard.push(`second ${value}`));
    emitter.fire(1);
    first.dispose();
    emitter.fire(2);
    expect(heard).toEqual(['first 1', 'second 1', 'second 2']);
  });

  it('keeps telling the others when one listener throws, and reports the error', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<string>({ onListenerError: (error) => errors.push(error) });
    const heard: string[] = [];
    emitter.event(() => {
      throw new Error('closed stream');
    });
    emitter.event((value) => heard.push(value));
    emitter.fire('node up');
    expect(heard).toEqual(['node up']);
    expect(errors).toEqual([new Error('closed stream')]);
  });

  it('hears the same function twice when it subscribed twice, and disposing one keeps the other', () => {
    const emitter = new Emitter<void>();
    let calls = 0;
    const listener = () => calls++;
    const once = emitter.event(listener);
    emitter.event(listener);
    emitter.fire();
    once.dispose();
    emitter.fire();
    expect(calls).toBe(3);
  });

  it('after dispose, has no listeners and ignores new subscriptions and fires', () => {
    const emitter = new Emitter<number>();
    const heard: number[] = [];
    emitter.event((value) => heard.push(value));
    emitter.dispose();
    emitter.event((value) => heard.push(value));
    emitter.fire(1);
    expect(heard).toEqual([]);
    expect(emitter.hasListeners).toBe(false);
  });
});

describe('toPromise', () => {
  it('resolves with the next event and stops listening', async () => {
    const emitter = new Emitter<string>();
    const next = toPromise(emitter.event);
    emitter.fire('ready');
    expect(await next).toBe('ready');
    expect(emitter.hasListeners).toBe(false);
  });
});
