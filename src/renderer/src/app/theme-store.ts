// Appearance: the colour theme (the system's, unless the user picks one) and the text size, remembered in local storage
// and, on the desktop, by the desktop app (desktop-appearance.ts).
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { TEXT_SIZES, type THEME_CHOICES } from '../../../shared/appearance-schema';
import { desktopAppearance, preferDesktop, saveToDesktop } from './desktop-appearance';

export type ThemeChoice = (typeof THEME_CHOICES)[number];

export { TEXT_SIZES };
export type TextSize = (typeof TEXT_SIZES)[number];

const KEYS = ['theme', 'textSize'] as const;

interface ThemeState {
  theme: ThemeChoice;
  textSize: TextSize;
  setTheme(theme: ThemeChoice): void;
  setTextSize(textSize: TextSize): void;
}

export const useThemeStore = create<ThemeState>()(
  persist(
    (set) => ({
      theme: 'system',
      textSize: 100,
      ...desktopAppearance(KEYS),
      setTheme: (theme) => {
        set({ theme });
        saveToDesktop({ theme });
      },
      setTextSize: (textSize) => {
        set({ textSize });
        saveToDesktop({ textSize });
      },
    }),
    { name: 'harombe.theme', merge: preferDesktop(KEYS) },
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
