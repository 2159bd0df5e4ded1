import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, restoreBounds, saveWindow, type DesktopPreferences, type PreferenceStore } from './window-state';

const laptop = { x: 0, y: 0, width: 1440, height: 900 };
const external = { x: 1440, y: 0, width: 2560, height: 1440 };
const defaults = { width: 960, height: 720 };

function memoryStore(): PreferenceStore & { data: DesktopPreferences } {
  const data: DesktopPreferences = structuredClone(DEFAULT_PREFERENCES);
  return { data, get: (key) => data[key], set: (key, value) => void (data[key] = value) };
}

describe('window size and position', () => {
  it('opens with the defaults the first time', () => {
    expect(restoreBounds(undefined, [laptop], defaults)).toEqual(defaults);
  });

  it('reopens where it was left while a display shows it', () => {
    const saved = { x: 1600, y: 100, width: 1200, height: 800 };
    expect(restoreBounds(saved, [laptop, external], defaults)).toEqual(saved);
  });

  it('keeps the size but not a position on an unplugged monitor, shrunk to fit the screen left', () => {
    const saved = { x: 1600, y: 100, width: 2000, height: 800, maximized: true };
    expect(restoreBounds(saved, [laptop], defaults)).toEqual({ width: 1440, height: 800, maximized: true });
  });

  it('is saved per window with the maximized flag; the chat and dashboard keep their own', () => {
    const store = memoryStore();
    saveWindow(store, 'chat', { x: 10, y: 20, width: 900, height: 700 }, false);
    saveWindow(store, 'dashboard', { x: 30, y: 40, width: 1200, height: 800 }, true);
    expect(store.data.windows).toEqual({ chat: { x: 10, y: 20, width: 900, height: 700 }, dashboard: { x: 30, y: 40, width: 1200, height: 800, maximized: true } });
  });

  it('closes to the tray by default, notice not yet shown', () => {
    expect(DEFAULT_PREFERENCES).toMatchObject({ closeToTray: true, closeNoticeShown: false });
  });
});
