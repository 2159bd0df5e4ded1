import { describe, expect, it } from 'vitest';
import { AppearanceStore, type AppearanceBackend } from './appearance-store';

function memory(initial?: unknown): AppearanceBackend & { value: unknown } {
  const backend = {
    value: initial,
    get: () => backend.value,
    set: (_key: 'appearance', value: unknown) => void (backend.value = value),
  };
  return backend;
}

describe('the desktop appearance store', () => {
  it('keeps each change merged over the others, so the next window opens with all of them', () => {
    const backend = memory();
    const store = new AppearanceStore(backend);
    store.save({ theme: 'dark' });
    store.save({ textSize: 130 });
    store.save({ sendKey: 'shift-enter' });
    expect(new AppearanceStore(backend).read()).toEqual({ theme: 'dark', textSize: 130, sendKey: 'shift-enter' });
  });

  it('refuses unknown keys and values, and stores nothing from such a call', () => {
    const backend = memory({ theme: 'light' });
    const store = new AppearanceStore(backend);
    for (const update of [{ theme: 'purple' }, { textSize: 1000 }, { textSize: '100' }, { sendKey: 'ctrl-enter' }, { theme: 'dark', apiBaseUrl: 'http://evil' }, null, 'dark', []]) {
      expect(() => store.save(update), JSON.stringify(update)).toThrow(/keeps only the theme/);
    }
    expect(backend.value).toEqual({ theme: 'light' });
  });

  it('reads back only known keys with known values from a hand-edited or older file', () => {
    expect(new AppearanceStore(memory({ theme: 'dark', textSize: 12, sendKey: 'enter', colour: 'red' })).read()).toEqual({ theme: 'dark', sendKey: 'enter' });
    expect(new AppearanceStore(memory('dark')).read()).toEqual({});
    expect(new AppearanceStore(memory()).read()).toEqual({});
  });
});
