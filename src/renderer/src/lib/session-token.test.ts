import { describe, expect, it } from 'vitest';
import { startupToken, type TokenPlace } from './session-token';

function place(href: string, stored?: string): TokenPlace & { address: () => string; saved: Map<string, string> } {
  const saved = new Map<string, string>(stored ? [['harombe.token', stored]] : []);
  let address = href;
  return {
    saved,
    address: () => address,
    location: { get href() { return address; } },
    history: { state: null, replaceState: (_state, _unused, url) => void (address = new URL(String(url), address).href) },
    storage: { getItem: (key) => saved.get(key) ?? null, setItem: (key, value) => void saved.set(key, value) },
  };
}

describe('the token a page starts with', () => {
  it('in the desktop app: the token its preload hands over wins over a sign-in link and the tab’s', () => {
    const tab = place('http://127.0.0.1:8000/?token=from-link#/chat', 'from-tab');
    expect(startupToken(tab, 'from-desktop')).toBe('from-desktop');
    // The link's token still leaves the address bar.
    expect(tab.address()).toBe('http://127.0.0.1:8000/#/chat');
  });

  it('in a browser tab: the sign-in link’s token, kept for the tab', () => {
    const tab = place('http://127.0.0.1:8000/?token=from-link');
    expect(startupToken(tab, undefined)).toBe('from-link');
    expect(tab.saved.get('harombe.token')).toBe('from-link');
  });

  it('an empty desktop token (a refused session) falls back to the tab’s', () => {
    expect(startupToken(place('http://127.0.0.1:8000/', 'from-tab'), '')).toBe('from-tab');
  });
});
