// Appearance: the colour theme (the system's, unless the user picks one) and the text size, remembered in local storage.
import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export type ThemeChoice = 'system' | 'light' | 'dark';

/** Text size as a percentage of the browser's own (which browser zoom still scales). */
export const TEXT_SIZES = [90, 100, 115, 130, 150] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

interface ThemeState {
  theme: ThemeChoice;
  textSize: TextSize;
  setTheme(theme: ThemeChoice): void;
  setTextSize(textSize: TextSize): void;
}

export const useThemeStore = create<ThemeState>()(
  persist(
    (set) => ({ theme: 'system', textSize: 100, setTheme: (theme) => set({ theme }), setTextSize: (textSize) => set({ textSize }) }),
    { name: 'harombe.theme' },
  ),
);

/** Every size in the UI is in rem, so the root font size scales all of it. */
export function applyTextSize(root: HTMLElement, textSize: TextSize): void {
  root.style.fontSize = textSize === 100 ? '' : `${textSize}%`;
}

/** `system` leaves the choice to prefers-color-scheme (tokens.css); the others pin it on <html>. */
export function applyTheme(root: HTMLElement, theme: ThemeChoice): void {
  if (theme === 'system') delete root.dataset['theme'];
  else root.dataset['theme'] = theme;
}
