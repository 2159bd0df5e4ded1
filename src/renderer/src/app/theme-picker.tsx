// Appearance controls: light, dark or the system's theme, and the text size — native selects (keyboard and screen
// readers for free).
import { useEffect } from 'react';
import { applyTextSize, applyTheme, TEXT_SIZES, useThemeStore, type TextSize, type ThemeChoice } from './theme-store';
import './app.css';

export function ThemePicker() {
  const theme = useThemeStore((state) => state.theme);
  const textSize = useThemeStore((state) => state.textSize);
  const setTheme = useThemeStore((state) => state.setTheme);
  const setTextSize = useThemeStore((state) => state.setTextSize);
  useEffect(() => applyTheme(document.documentElement, theme), [theme]);
  useEffect(() => applyTextSize(document.documentElement, textSize), [textSize]);
  return (
    <div className="appearance">
      <label className="appearance-picker">
        <span className="visually-hidden">Text size</span>
        <select value={textSize} onChange={(event) => setTextSize(Number(event.target.value) as TextSize)}>
          {TEXT_SIZES.map((size) => (
            <option key={size} value={size}>
              Text {size}%
            </option>
          ))}
        </select>
      </label>
      <label className="appearance-picker">
        <span className="visually-hidden">Theme</span>
        <select value={theme} onChange={(event) => setTheme(event.target.value as ThemeChoice)}>
          <option value="system">System theme</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
    </div>
  );
}
