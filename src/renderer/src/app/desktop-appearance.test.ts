// @vitest-environment jsdom
// On the desktop the theme, text size and send key come from the desktop app and go back to it, so they survive the
// server moving to another port (another origin, a fresh localStorage); in a browser localStorage keeps them.
import { afterEach, describe, expect, it, vi } from 'vitest';

type Bridge = { appearance?: Record<string, unknown>; saveAppearance?: (update: unknown) => Promise<void> };

async function freshStores(bridge: Bridge | undefined) {
  vi.resetModules();
  (window as unknown as { harombe?: Bridge }).harombe = bridge;
  const [{ useThemeStore }, { useSendKeyStore }] = await Promise.all([import('./theme-store'), import('./send-key-store')]);
  return { theme: useThemeStore, sendKey: useSendKeyStore };
}

afterEach(() => {
  delete (window as unknown as { harombe?: Bridge }).harombe;
  localStorage.clear();
});

describe('appearance stores on the desktop', () => {
  it("open with the desktop's theme, text size and send key even on an origin whose localStorage has other ones", async () => {
    localStorage.setItem('harombe.theme', JSON.stringify({ state: { theme: 'light', textSize: 90 }, version: 0 }));
    const stores = await freshStores({ appearance: { theme: 'dark', textSize: 130, sendKey: 'shift-enter' }, saveAppearance: vi.fn(async () => {}) });
    expect(stores.theme.getState()).toMatchObject({ theme: 'dark', textSize: 130 });
    expect(stores.sendKey.getState().sendKey).toBe('shift-enter');
  });

  it('hand each change to the desktop to keep', async () => {
    const saveAppearance = vi.fn(async () => {});
    const stores = await freshStores({ appearance: {}, saveAppearance });
    stores.theme.getState().setTheme('dark');
    stores.theme.getState().setTextSize(150);
    stores.sendKey.getState().setSendKey('shift-enter');
    expect(saveAppearance.mock.calls).toEqual([[{ theme: 'dark' }], [{ textSize: 150 }], [{ sendKey: 'shift-enter' }]]);
    expect(stores.theme.getState()).toMatchObject({ theme: 'dark', textSize: 150 });
  });

  it('hand the desktop what only this browser storage had (chosen before the desktop kept them)', async () => {
    localStorage.setItem('harombe.send-key', JSON.stringify({ state: { sendKey: 'shift-enter' }, version: 0 }));
    const saveAppearance = vi.fn(async () => {});
    const stores = await freshStores({ appearance: {}, saveAppearance });
    expect(stores.sendKey.getState().sendKey).toBe('shift-enter');
    expect(saveAppearance).toHaveBeenCalledWith({ sendKey: 'shift-enter' });
  });

  it('keep the change in this window when the desktop refuses it, and say why in the console', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const stores = await freshStores({ appearance: {}, saveAppearance: vi.fn(async () => Promise.reject(new Error('refused'))) });
    stores.theme.getState().setTheme('light');
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(expect.stringMatching(/could not keep this appearance change.*refused/)));
    expect(stores.theme.getState().theme).toBe('light');
    warn.mockRestore();
  });
});

describe('appearance stores in a browser', () => {
  it('keep the choices in localStorage, with no desktop to ask', async () => {
    const stores = await freshStores(undefined);
    stores.theme.getState().setTheme('dark');
    stores.sendKey.getState().setSendKey('shift-enter');
    const reopened = await freshStores(undefined);
    expect(reopened.theme.getState().theme).toBe('dark');
    expect(reopened.sendKey.getState().sendKey).toBe('shift-enter');
  });
});
