// Remembered window sizes and positions (UI preferences only; harombe.yaml stays the source of truth): saved on
// move/resize/close, restored only where a display still shows enough of the window.
import type { WindowKind } from './window-options';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SavedWindow extends Bounds {
  maximized?: boolean;
}

/** The part of each display windows may use (Electron's screen.getAllDisplays()[].workArea). */
export type WorkArea = Bounds;

/** How much of a restored window must lie on some display for its saved position to be used. */
const MIN_VISIBLE = 64;

function overlap(a: Bounds, b: Bounds): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * The bounds to open a window with: the saved ones while some display still shows a usable part of it (a monitor
 * unplugged since, a resolution lowered), else only the saved size (shrunk to fit) and the system's placement.
 */
export function restoreBounds(saved: SavedWindow | undefined, displays: WorkArea[], defaults: { width: number; height: number }): Partial<SavedWindow> {
  if (!saved || !(saved.width > 0 && saved.height > 0)) return { ...defaults };
  const visible = displays.some((area) => {
    const shown = overlap(saved, area);
    return shown.width >= MIN_VISIBLE && shown.height >= MIN_VISIBLE;
  });
  if (visible) return { ...saved };
  const largest = displays.reduce<WorkArea | undefined>((best, area) => (!best || area.width * area.height > best.width * best.height ? area : best), undefined);
  return {
    width: largest ? Math.min(saved.width, largest.width) : saved.width,
    height: largest ? Math.min(saved.height, largest.height) : saved.height,
    ...(saved.maximized ? { maximized: true } : {}),
  };
}

/** The UI preferences the desktop app keeps (electron-store in the app, a Map in tests). */
export interface DesktopPreferences {
  closeToTray: boolean;
  closeNoticeShown: boolean;
  windows: Partial<Record<WindowKind, SavedWindow>>;
}

export const DEFAULT_PREFERENCES: DesktopPreferences = { closeToTray: true, closeNoticeShown: false, windows: {} };

export interface PreferenceStore {
  get<K extends keyof DesktopPreferences>(key: K): DesktopPreferences[K];
  set<K extends keyof DesktopPreferences>(key: K, value: DesktopPreferences[K]): void;
}

export function saveWindow(store: PreferenceStore, kind: WindowKind, bounds: Bounds, maximized: boolean): void {
  const windows = store.get('windows');
  // A maximized window keeps its normal bounds (what it returns to), plus the flag.
  store.set('windows', { ...windows, [kind]: { ...bounds, ...(maximized ? { maximized: true } : {}) } });
}
