// Light, dark, or follow the system: a native select (keyboard and screen readers for free).
import { useEffect } from 'react';
import { applyTheme, useThemeStore, type ThemeChoice } from './theme-store';

export function ThemePicker() {
  const theme = useThemeStore((state) => state.theme);
  const setTheme = useThemeStore((state) => state.setTheme);
  useEffect(() => applyTheme(document.documentElement, theme), [theme]);
  return (
    <label className="theme-picker">
      <span className="visually-hidden">Theme</span>
      <select value={theme} onChange={(event) => setTheme(event.target.value as ThemeChoice)}>
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
