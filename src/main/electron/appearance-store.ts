// The window's appearance preferences (theme, text size, send key) kept by the desktop app, not the page: the server
// may come up on another loopback port (another origin, so another localStorage), and these must survive that.
import { appearanceSchema, type AppearancePreferences } from '../../shared/appearance-schema';

/** Where they are kept (electron-store in the app; a map in tests). */
export interface AppearanceBackend {
  get(key: 'appearance'): unknown;
  set(key: 'appearance', value: AppearancePreferences): void;
}

export class AppearanceStore {
  constructor(private readonly backend: AppearanceBackend) {}

  /** What is stored, keeping only known keys with known values (the file may have been edited by hand). */
  read(): AppearancePreferences {
    const stored = this.backend.get('appearance');
    if (typeof stored !== 'object' || stored === null) return {};
    const kept: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(stored)) {
      if (appearanceSchema.safeParse({ [key]: value }).success) kept[key] = value;
    }
    return kept as AppearancePreferences;
  }

  /** Saves what the window changed, merged over what is stored; anything but known keys with known values is refused. */
  save(update: unknown): AppearancePreferences {
    const parsed = appearanceSchema.safeParse(update);
    if (!parsed.success) {
      throw new Error(`harombe keeps only the theme (system, light, dark), text size (90–150 %) and send key (enter, shift-enter): ${parsed.error.issues.map((issue) => issue.message).join('; ')}.`);
    }
    const next = { ...this.read(), ...parsed.data };
    this.backend.set('appearance', next);
    return next;
  }
}
