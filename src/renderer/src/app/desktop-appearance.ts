// Appearance on the desktop: the desktop app keeps the theme, text size and send key (its store outlives the server
// moving to another port, which is another origin and so another localStorage). The stores take its values first and
// write each change through to it; in a browser there is no bridge and localStorage alone keeps them.
import type { AppearancePreferences } from '../../../shared/appearance-schema';
import { desktopBridge } from '../lib/desktop-bridge';

type Key = keyof AppearancePreferences;

/** The desktop's values for these keys (none in a browser, or for keys it has not stored yet). */
export function desktopAppearance<K extends Key>(keys: readonly K[]): Pick<AppearancePreferences, K> {
  const stored = desktopBridge()?.appearance ?? {};
  const values: AppearancePreferences = {};
  for (const key of keys) if (stored[key] !== undefined) Object.assign(values, { [key]: stored[key] });
  return values as Pick<AppearancePreferences, K>;
}

/** Hands a change to the desktop to keep; a refusal is logged (the change still applies to this window). */
export function saveToDesktop(update: AppearancePreferences): void {
  const save = desktopBridge()?.saveAppearance;
  if (!save) return;
  save(update).catch((error: unknown) => {
    console.warn(`harombe could not keep this appearance change for the next window: ${error instanceof Error ? error.message : String(error)}. Pick it again, or restart harombe.`);
  });
}

/**
 * A persist `merge` for a store of these keys: localStorage's values over the defaults, the desktop's over both. A value
 * only this browser storage has (set before the desktop kept them) is handed to the desktop, so it is not lost either.
 */
export function preferDesktop<K extends Key>(keys: readonly K[]) {
  return <S extends object>(persisted: unknown, current: S): S => {
    const local = (typeof persisted === 'object' && persisted !== null ? persisted : {}) as Partial<Record<K, unknown>>;
    const desktop = desktopAppearance(keys);
    if (desktopBridge()?.saveAppearance) {
      const missing: AppearancePreferences = {};
      for (const key of keys) if (desktop[key] === undefined && local[key] !== undefined) Object.assign(missing, { [key]: local[key] });
      if (Object.keys(missing).length > 0) saveToDesktop(missing);
    }
    return { ...current, ...local, ...desktop };
  };
}
