// The appearance preferences (theme, text size, send key) and the only values each may take: the renderer's stores
// and the desktop app's store (which keeps them across the server's origins) share this one list.
import { z } from 'zod';

export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
/** Text size as a percentage of the browser's own (which browser zoom still scales). */
export const TEXT_SIZES = [90, 100, 115, 130, 150] as const;
export const SEND_KEYS = ['enter', 'shift-enter'] as const;

/** Some or all of the preferences; any other key or value is refused. */
export const appearanceSchema = z
  .object({
    theme: z.enum(THEME_CHOICES),
    textSize: z.literal(TEXT_SIZES),
    sendKey: z.enum(SEND_KEYS),
  })
  .partial()
  .strict();

export type AppearancePreferences = z.infer<typeof appearanceSchema>;
