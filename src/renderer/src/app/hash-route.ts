// The screen in the address's hash (#/chat, #/cluster, #/settings): links, the tray and Back open a screen directly.
import { useSyncExternalStore } from 'react';

export const SCREENS = ['chat', 'cluster', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

/** `#/settings` → settings; anything else (no hash, an old link, a typo) is the chat, the default screen. */
export function screenFromHash(hash: string): Screen {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0];
  return (SCREENS as readonly string[]).includes(name ?? '') ? (name as Screen) : 'chat';
}

export function hrefFor(screen: Screen): string {
  return `#/${screen}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useScreen(): Screen {
  return useSyncExternalStore(subscribe, () => screenFromHash(window.location.hash));
}

/** Opens a screen from code (onboarding's "Open the chat"); a plain link does the same. */
export function openScreen(screen: Screen): void {
  window.location.hash = hrefFor(screen);
}
