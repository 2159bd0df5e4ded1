import { describe, expect, it } from 'vitest';
import { DisposableStore, toDisposable } from './disposable';

describe('toDisposable', () => {
  it('runs its cleanup once, however often it is disposed', () => {
    let runs = 0;
    const disposable = toDisposable(() => runs++);
    disposable.dispose();
    disposable.dispose();
    expect(runs).toBe(1);
  });
});

describe('DisposableStore', () => {
  it('disposes everything it holds, in the order added, once', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('timer')));
    store.add(toDisposable(() => order.push('socket')));
    store.dispose();
    store.dispose();
    expect(order).toEqual(['timer', 'socket']);
    expect(store.isDisposed).toBe(true);
  });

  it('disposes at once what is added after it was disposed, so nothing outlives its owner', () => {
    const store = new DisposableStore();
    store.dispose();
    let released = false;
    const added = store.add(toDisposable(() => (released = true)));
    expect(released).toBe(true);
    expect(added).toBeDefined();
  });

  it('still disposes the rest when one item throws, then reports the failure', () => {
    const store = new DisposableStore();
    let released = false;
    store.add(toDisposable(() => { throw new Error('socket already gone'); }));
    store.add(toDisposable(() => (released = true)));
    expect(() => store.dispose()).toThrow('socket already gone');
    expect(released).toBe(true);
  });

  it('clear() lets go of what it holds and takes more afterwards', () => {
    const store = new DisposableStore();
    let runs = 0;
    store.add(toDisposable(() => runs++));
    store.clear();
    store.add(toDisposable(() => runs++));
    expect(runs).toBe(1);
    expect(store.isDisposed).toBe(false);
  });
});
